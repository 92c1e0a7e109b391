//! The `gongkai` program as an operator uses it.

use std::process::Command;

fn gongkai() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gongkai"));
    c.env_remove("GONGKAI_DATABASE_URL")
        .env("GONGKAI_LOG", "warn");
    c
}

fn temp_dir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("gongkai-cli-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

#[test]
fn help_explains_every_subcommand() {
    let out = gongkai().arg("--help").output().expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    for sub in ["serve", "migrate", "user", "demo"] {
        assert!(text.contains(sub), "--help mentions {sub}: {text}");
    }
    let out = gongkai()
        .args(["user", "add", "--help"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("--role") && text.contains("系统管理员"),
        "{text}"
    );
}

#[test]
fn user_add_creates_the_first_administrator_on_sqlite() {
    let dir = temp_dir();
    let out = gongkai()
        .args([
            "user",
            "add",
            "--username",
            "admin",
            "--name",
            "管理员",
            "--role",
            "系统管理员",
        ])
        .env("GONGKAI_DATA_DIR", &dir)
        .env("GONGKAI_NEW_PASSWORD", "Admin2026pass")
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("已创建账号 admin"));
    // A weak password and an unknown role are refused with a clear message.
    let out = gongkai()
        .args([
            "user",
            "add",
            "--username",
            "weak",
            "--name",
            "弱",
            "--role",
            "系统管理员",
            "--password",
            "123",
        ])
        .env("GONGKAI_DATA_DIR", &dir)
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("密码至少 8 位"));
    let out = gongkai()
        .args([
            "user",
            "add",
            "--username",
            "x1",
            "--name",
            "X",
            "--role",
            "局长",
            "--password",
            "Abc12345678",
        ])
        .env("GONGKAI_DATA_DIR", &dir)
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&out.stderr).contains("未知角色“局长”"));
}

#[test]
fn serve_refuses_an_unmigrated_postgres_schema_and_names_migrate() {
    let Ok(base) = std::env::var(gongkai_store::testing::PG_ENV) else {
        eprintln!("GONGKAI_TEST_DATABASE_URL not set: PostgreSQL test skipped");
        return;
    };
    let schema = format!("gk_test_{}", uuid::Uuid::now_v7().simple());
    let rt = tokio_runtime();
    rt.block_on(async {
        let admin = gongkai_store::Store::connect(&base).await.expect("connect");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
            .execute(admin.pool())
            .await
            .expect("schema");
    });
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
    let out = gongkai()
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("GONGKAI_DATABASE_URL", &url)
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("gongkai migrate"), "{err}");
    let out = gongkai()
        .arg("migrate")
        .env("GONGKAI_DATABASE_URL", &url)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = gongkai()
        .args([
            "user",
            "add",
            "--username",
            "admin",
            "--name",
            "管理员",
            "--role",
            "system_admin",
            "--password",
            "Admin2026pass",
        ])
        .env("GONGKAI_DATABASE_URL", &url)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn tokio_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

#[test]
fn deadline_computes_the_spec_example() {
    // 条例第三十三条: received Monday 2026-09-28 → due Friday 2026-10-30.
    let out = gongkai()
        .args([
            "deadline",
            "--received",
            "2026-09-28",
            "--today",
            "2026-10-09",
        ])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("答复期限：2026-10-30") && text.contains("剩余 16 个工作日"),
        "{text}"
    );
    let out = gongkai()
        .args(["deadline", "--received", "2026-09-28", "--event", "oops"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("应写作 日期=事件"));
}
