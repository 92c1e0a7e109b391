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

/// The program on the embedded database of `dir`.
fn in_data(dir: &std::path::Path) -> Command {
    let mut c = gongkai();
    c.env("GONGKAI_DATA_DIR", dir);
    c
}

/// A new data folder holding the demo site group.
fn demo_dir() -> std::path::PathBuf {
    let dir = temp_dir();
    let out = in_data(&dir).arg("demo").output().expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
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

#[test]
fn deadline_reads_the_calendar_of_the_configured_database() {
    // With an embedded database present, the calendar in force is the database's (shipped data
    // plus administrators' imports); the answer for the spec example is the same.
    let dir = temp_dir();
    let out = gongkai()
        .env("GONGKAI_DATA_DIR", &dir)
        .arg("migrate")
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = gongkai()
        .env("GONGKAI_DATA_DIR", &dir)
        .args([
            "deadline",
            "--received",
            "2026-09-28",
            "--today",
            "2026-10-09",
            "--json",
        ])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["due_on"], "2026-10-30");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn fee_computes_both_scales() {
    // 国办函〔2020〕109号: 250 pages → 70×10 + 100×20 + 50×40 = 4,700元; 35 applications in one
    // month → 20×100 + 5×200 = 3,000元.
    let run = |args: &[&str]| {
        let out = gongkai().arg("fee").args(args).output().expect("run");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, text, err) = run(&["--pages", "250"]);
    assert!(ok, "{err}");
    assert!(
        text.contains("按量计收合计 4700 元") && text.contains("第 201–250 页"),
        "{text}"
    );
    let (ok, text, _) = run(&["--applications", "35"]);
    assert!(ok && text.contains("按件计收合计 3000 元"), "{text}");
    let (ok, text, _) = run(&["--first", "11", "--last", "11", "--json"]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(v["total"], 100);
    // One method only, and a method is required.
    let (ok, _, err) = run(&["--pages", "250", "--applications", "3"]);
    assert!(!ok, "{err}");
    let (ok, _, _) = run(&[]);
    assert!(!ok);
    let (ok, _, err) = run(&["--first", "20", "--last", "10"]);
    assert!(!ok && err.contains("last ≥ first"), "{err}");
}

#[test]
fn report_writes_the_annual_report_in_each_format() {
    let dir = demo_dir();
    let report = |extra: &[&str]| {
        in_data(&dir)
            .args(["report", "--agency", "示例市民政局", "--year", "2025"])
            .args(extra)
            .output()
            .expect("run")
    };
    let out = report(&["--format", "json", "--output", "-"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["title"], "示例市民政局2025年政府信息公开工作年度报告");
    let cells = v["cells"].as_array().expect("cells");
    assert_eq!(cells.len(), 200);
    assert_eq!(cells[10]["row"], "一、本年新收政府信息公开申请数量");
    assert_eq!(cells[10]["column"], "自然人");
    for (format, magic) in [
        ("docx", &b"PK"[..]),
        ("xlsx", &b"PK"[..]),
        ("html", &b"<!doctype html>"[..]),
    ] {
        let file = dir.join(format!("r.{format}"));
        let out = report(&["--format", format, "-o", file.to_str().expect("utf-8")]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let bytes = std::fs::read(&file).expect("written");
        assert!(bytes.starts_with(magic), "{format}");
    }
    // `report check`: the export passes; a changed cell fails R1 and R3, naming it; a label
    // not of the report is refused; a blank 总计 column is one finding.
    let json_file = dir.join("r.json");
    std::fs::write(&json_file, serde_json::to_vec(&v).expect("json")).expect("written");
    let check = |file: &std::path::Path| {
        gongkai()
            .args(["report", "check"])
            .arg(file)
            .output()
            .expect("run")
    };
    let out = check(&json_file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("未发现问题"));
    // The XLSX export is read back by its labels.
    let out = check(&dir.join("r.xlsx"));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("表格格式：2021年格式（国办公开办函〔2021〕30号）")
            && text.contains("未发现问题"),
        "{text}"
    );
    let html_file = dir.join("r.html");
    let out = check(&html_file);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("无法读取：只能导入 JSON"));
    let mut changed = v.clone();
    changed["cells"][10]["value"] = serde_json::json!(5);
    std::fs::write(&json_file, serde_json::to_vec(&changed).expect("json")).expect("written");
    let out = check(&json_file);
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("R1：“自然人”列"), "{text}");
    assert!(
        text.contains("R3：“一、本年新收政府信息公开申请数量 × 总计”"),
        "{text}"
    );
    let mut bad = v.clone();
    bad["cells"][10]["column"] = serde_json::json!("个人");
    std::fs::write(&json_file, serde_json::to_vec(&bad).expect("json")).expect("written");
    let out = check(&json_file);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("没有“一、本年新收政府信息公开申请数量 × 个人”")
    );
    let mut blank = v.clone();
    for c in blank["cells"].as_array_mut().expect("cells") {
        if c["section"] == "三" && c["column"] == "总计" {
            c["value"] = serde_json::Value::Null;
        }
    }
    std::fs::write(&json_file, serde_json::to_vec(&blank).expect("json")).expect("written");
    let out = check(&json_file);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("总计列未填写") && !text.contains("R1"),
        "{text}"
    );
    let out = report(&["--format", "pdf"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("格式“pdf”无效"));
    let out = in_data(&dir)
        .args(["report", "--agency", "不存在的机关", "--year", "2025"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("找不到机关“不存在的机关”"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn import_catalogue_adds_once_and_reports_the_rows_left_out() {
    let dir = demo_dir();
    let file = dir.join("目录.csv");
    std::fs::write(
        &file,
        "名称,字号,日期,备注\n\
         关于做好示例工作的通知,示府发[2019]第3号,2019-04-01,\n\
         没有日期的文件,,,\n",
    )
    .expect("write");
    let import = |extra: &[&str]| {
        in_data(&dir)
            .current_dir(&dir)
            .args(["import", "catalogue"])
            .arg(&file)
            .args([
                "--agency",
                "示例市人民政府",
                "--column",
                "zwgk/fdzdgknr/zcwj/qtwj",
            ])
            .args([
                "--map",
                "标题=名称",
                "--map",
                "文号=字号",
                "--map",
                "发布日期=日期",
            ])
            .args(extra)
            .output()
            .expect("run")
    };
    let out = import(&[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Issue 15: a row left out makes the exit status non-zero (2), for scripts.
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stdout.contains("新增 1，更新 0，未变 0，未导入 1"),
        "{stdout}"
    );
    // The new document waits for review in a batch.
    assert!(
        stdout.contains("待审核") && stdout.contains("/console/imports/"),
        "{stdout}"
    );
    assert!(
        stdout.contains("第 3 行 没有日期的文件：缺少成文日期和发布日期"),
        "{stdout}"
    );
    assert!(stderr.contains("未使用的列：备注"), "{stderr}");
    let report = std::fs::read_to_string(dir.join("目录.csv.rejected.csv")).expect("report");
    assert!(
        report.contains("3,没有日期的文件,缺少成文日期和发布日期"),
        "{report}"
    );
    let again = import(&[]);
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(stdout.contains("新增 0，更新 0，未变 1"), "{stdout}");
    // A column that is not the agency's is named with the ones it has.
    let out = import(&["--column", "nope"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("没有列表栏目“nope”") && stderr.contains("zwgk/fdzdgknr/zcwj/qtwj"),
        "{stderr}"
    );
}

#[test]
fn serve_on_a_public_address_refuses_the_demo_password_and_says_how_to_change_it() {
    // Issue 15: the demo's password is public; a server others can reach does not start
    // with it, and the banner no longer prints it on every start.
    let dir = demo_dir();
    let out = in_data(&dir)
        .args(["serve", "--bind", "0.0.0.0:0"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("仍使用公开的示例密码"), "{err}");
    assert!(
        err.contains("gongkai user password --username admin"),
        "{err}"
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(!said.contains("Demo2026gk"), "{said}");
    // A new password for admin: the next refusal names the others only.
    let out = in_data(&dir)
        .args(["user", "password", "--username", "admin"])
        .env("GONGKAI_NEW_PASSWORD", "a long passphrase 2026")
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = in_data(&dir)
        .args(["serve", "--bind", "0.0.0.0:0"])
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("--username gkb") && !err.contains("：admin"),
        "{err}"
    );
    let out = in_data(&dir)
        .args([
            "user",
            "password",
            "--username",
            "nobody",
            "--password",
            "Long enough 2026",
        ])
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有名为“nobody”的账号"));
}

#[test]
fn reindex_while_serve_runs_says_to_stop_serve_first() {
    // Issue 15: not tantivy's lock error, but what to do, in Chinese.
    let dir = demo_dir();
    let mut serve = in_data(&dir)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("serve");
    let mut said = String::new();
    // The server takes the index's writer as it starts: try until it holds it.
    for _ in 0..60 {
        std::thread::sleep(std::time::Duration::from_millis(250));
        let out = in_data(&dir).arg("reindex").output().expect("run");
        said = String::from_utf8_lossy(&out.stderr).into_owned();
        if !out.status.success() {
            break;
        }
    }
    let _ = serve.kill();
    let _ = serve.wait();
    assert!(said.contains("请先停止 serve"), "{said}");
    assert!(!said.contains("LockBusy"), "{said}");
}
