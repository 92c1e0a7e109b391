//! Staff accounts: argon2id passwords, login with lockout after repeated failures, sessions
//! keyed by the hash of a random token, and the grants that permission checks read.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use gongkai_domain::auth::{Grant, Permission, Role, allows};
use gongkai_domain::ids::AgencyId;
use gongkai_store::{Conn, Store, agencies, audit, login_failures, sessions, users};
use sha2::{Digest, Sha256};

use crate::error::{ServiceError, ServiceResult, is_unique_violation};

/// Failed logins in a row, from one address to one name, before that address is locked out of
/// that name.
pub const MAX_FAILED_LOGINS: i64 = 5;
/// How long a lock lasts, and how long failures are remembered.
pub const LOCK_MS: i64 = 15 * 60 * 1000;
/// How long a session lasts without logging in again.
pub const SESSION_MS: i64 = 12 * 60 * 60 * 1000;
/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// A logged-in staff member with their grants.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Staff {
    /// Account id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Roles held.
    pub grants: Vec<Grant>,
}

impl Staff {
    /// Whether the staff member is a 系统管理员.
    pub fn is_system_admin(&self) -> bool {
        self.grants.iter().any(|g| g.role == Role::SystemAdmin)
    }

    /// The agencies the staff member holds any role for.
    pub fn agency_ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .grants
            .iter()
            .filter_map(|g| g.agency.map(|a| a.0))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Whether the staff member holds `role` for `agency`.
    pub fn holds(&self, role: Role, agency: i64) -> bool {
        self.grants
            .iter()
            .any(|g| g.role == role && g.agency == Some(AgencyId(agency)))
    }
}

/// Whether `staff` has `permission` on `agency_id`'s data (reads the agency's ancestors).
pub async fn may(
    conn: &mut Conn,
    staff: &Staff,
    permission: Permission,
    agency_id: i64,
) -> ServiceResult<bool> {
    let [allowed] = may_each(conn, staff, [permission], agency_id).await?;
    Ok(allowed)
}

/// Which of `permissions` `staff` has on `agency_id`, reading the agency tree once.
pub async fn may_each<const N: usize>(
    conn: &mut Conn,
    staff: &Staff,
    permissions: [Permission; N],
    agency_id: i64,
) -> ServiceResult<[bool; N]> {
    if staff.is_system_admin() {
        // The domain's rule decides (a 系统管理员 reviews nothing); no agency tree to read. An
        // agency that does not exist is not found (for other staff it is simply not theirs).
        if agencies::find(conn, agency_id).await?.is_none() {
            return Err(ServiceError::NotFound);
        }
        return Ok(permissions.map(|p| allows(&staff.grants, p, AgencyId(agency_id), &[])));
    }
    let ancestors: Vec<AgencyId> = agencies::ancestors(conn, agency_id)
        .await?
        .into_iter()
        .map(AgencyId)
        .collect();
    Ok(permissions.map(|p| allows(&staff.grants, p, AgencyId(agency_id), &ancestors)))
}

/// Fails with Forbidden unless `may`.
pub async fn require(
    conn: &mut Conn,
    staff: &Staff,
    permission: Permission,
    agency_id: i64,
) -> ServiceResult<()> {
    if may(conn, staff, permission, agency_id).await? {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// The agencies whose documents `staff` may view: `None` for all (系统管理员). Computed from
/// the grants and the agency tree (loaded once), so list queries filter in SQL.
pub async fn viewable_agencies(conn: &mut Conn, staff: &Staff) -> ServiceResult<Option<Vec<i64>>> {
    if staff.is_system_admin() {
        return Ok(None);
    }
    let all = agencies::list(conn).await?;
    let parent: std::collections::HashMap<i64, Option<i64>> =
        all.iter().map(|a| (a.id, a.parent_id)).collect();
    let ancestors_of = |id: i64| -> Vec<AgencyId> {
        let mut out = Vec::new();
        let mut current = parent.get(&id).copied().flatten();
        while let Some(p) = current {
            if out.contains(&AgencyId(p)) || out.len() > 32 {
                break;
            }
            out.push(AgencyId(p));
            current = parent.get(&p).copied().flatten();
        }
        out
    };
    Ok(Some(
        all.iter()
            .filter(|a| {
                allows(
                    &staff.grants,
                    Permission::ViewDocuments,
                    AgencyId(a.id),
                    &ancestors_of(a.id),
                )
            })
            .map(|a| a.id)
            .collect(),
    ))
}

/// Checks a new password: at least 8 characters, with letters and digits.
pub fn check_password(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(format!("密码至少 {MIN_PASSWORD_CHARS} 位"));
    }
    let letters = password.chars().any(|c| c.is_alphabetic());
    let digits = password.chars().any(|c| c.is_ascii_digit());
    if !letters || !digits {
        return Err("密码须同时包含字母和数字".into());
    }
    Ok(())
}

/// Hashes a password with argon2id (m=19 MiB, t=2, p=1: OWASP's minimum). CPU-heavy: call it
/// from a blocking task.
pub fn hash_password(password: &str) -> ServiceResult<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| ServiceError::Internal(format!("argon2: {e}")))
}

/// Verifies a password against a stored PHC string. CPU-heavy: call it from a blocking task.
pub fn verify_password(hash: &str, password: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

async fn hash_blocking(password: String) -> ServiceResult<String> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| ServiceError::Internal(e.to_string()))?
}

/// A new account to create.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Login name: 3–32 characters of letters, digits, `.`, `_`, `-`.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Password in clear (hashed here).
    pub password: String,
    /// Roles.
    pub grants: Vec<Grant>,
}

fn check_new_user(u: &NewUser) -> ServiceResult<()> {
    let mut e = gongkai_domain::form::FieldErrors::new();
    let name_ok = (3..=32).contains(&u.username.len())
        && u.username
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if !name_ok {
        e.add("username", "用户名为 3–32 位字母、数字或 . _ -");
    }
    if u.display_name.trim().is_empty() {
        e.add("display_name", "请填写姓名");
    }
    if let Err(m) = check_password(&u.password) {
        e.add("password", m);
    }
    check_grants(&mut e, &u.grants, "请至少授予一个角色");
    e.into_result(()).map_err(ServiceError::Invalid)
}

/// Creates an account. `actor` is None when run from the command line by the operator;
/// otherwise it must manage the system, or be 机关管理员 of every agency granted.
pub async fn create_user(
    store: &Store,
    actor: Option<&Staff>,
    u: &NewUser,
    now: i64,
) -> ServiceResult<i64> {
    check_new_user(u)?;
    let hash = hash_blocking(u.password.clone()).await?;
    let mut tx = store.begin_write().await?;
    if let Some(actor) = actor
        && !actor.is_system_admin()
    {
        for g in &u.grants {
            let Some(agency) = g.agency else {
                return Err(ServiceError::Forbidden);
            };
            require(&mut tx, actor, Permission::ManageAgency, agency.0).await?;
        }
    }
    for g in &u.grants {
        if let Some(a) = g.agency
            && agencies::find(&mut tx, a.0).await?.is_none()
        {
            return Err(ServiceError::field("roles", format!("机关 {a} 不存在")));
        }
    }
    let id = match users::insert(
        &mut tx,
        u.username.trim(),
        u.display_name.trim(),
        &hash,
        now,
    )
    .await
    {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => {
            return Err(ServiceError::field("username", "该用户名已被使用"));
        }
        Err(e) => return Err(e.into()),
    };
    for g in &u.grants {
        users::add_role(&mut tx, id, g.role.as_str(), g.agency.map(|a| a.0)).await?;
    }
    let detail = format!(
        "{}（{}）：{}",
        u.username,
        u.display_name,
        describe_grants(&u.grants)
    );
    record_user_event(
        &mut tx,
        actor.map(|a| a.id),
        "user.create",
        id,
        &detail,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Writes an audit entry about an account.
async fn record_user_event(
    conn: &mut Conn,
    actor: Option<i64>,
    action: &str,
    user_id: i64,
    detail: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    audit::record(
        conn,
        &audit::NewEntry {
            at: now,
            user_id: actor,
            agency_id: None,
            action,
            entity: "user",
            entity_id: Some(user_id),
            detail,
        },
    )
    .await
}

/// Roles as written in the audit log: `信息员@3、审核人@3`.
fn describe_grants(grants: &[Grant]) -> String {
    grants
        .iter()
        .map(|g| match g.agency {
            Some(a) => format!("{}@{}", g.role.label(), a),
            None => g.role.label().to_owned(),
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// Checks the shape of a set of roles: 系统管理员 without an agency, every other role with one.
fn check_grants(e: &mut gongkai_domain::form::FieldErrors, grants: &[Grant], empty_message: &str) {
    if grants.is_empty() {
        e.add("roles", empty_message);
    }
    if grants
        .iter()
        .any(|g| g.role.is_global() != g.agency.is_none())
    {
        e.add("roles", "系统管理员不属于任何机关，其他角色须指定机关");
    }
}

/// What a login attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginOutcome {
    /// Logged in: the cookie's token.
    Success {
        /// The random token to put in the session cookie.
        token: String,
        /// The account.
        user_id: i64,
    },
    /// Wrong name or password (not told apart, so names cannot be probed).
    Invalid,
    /// Locked after repeated failures, until this instant (unix ms).
    Locked {
        /// Until when.
        until: i64,
    },
}

/// The SHA-256 of a session token, as stored.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Checks a name and password from the client address `client`. After [`MAX_FAILED_LOGINS`]
/// failures in a row from that address to that name, the address is locked out of the name for
/// [`LOCK_MS`] (a lock is not lifted by the right password). Names that do not exist lock the
/// same way, so neither the answer nor the lock tells which names exist; and a stranger's
/// failures from elsewhere never lock the real user out.
pub async fn login(
    store: &Store,
    username: &str,
    password: &str,
    client: &str,
    now: i64,
) -> ServiceResult<LoginOutcome> {
    let name = username.trim();
    // The attempt is counted before its password is checked, in one statement: parallel
    // attempts each get their number, and none past the limit has its password checked.
    let mut tx = store.begin_write().await?;
    let (attempt, locked) =
        login_failures::reserve(&mut tx, name, client, now - LOCK_MS, now).await?;
    if let Some(until) = locked {
        tx.commit().await?;
        return Ok(LoginOutcome::Locked { until });
    }
    if attempt > MAX_FAILED_LOGINS {
        login_failures::lock(&mut tx, name, client, now + LOCK_MS).await?;
        tx.commit().await?;
        return Ok(LoginOutcome::Locked {
            until: now + LOCK_MS,
        });
    }
    tx.commit().await?;
    let user = users::find_by_username(&mut *store.conn().await?, name)
        .await?
        .filter(|u| u.is_active == 1);
    let ok = match &user {
        Some(user) => {
            let hash = user.password_hash.clone();
            let pw = password.to_owned();
            tokio::task::spawn_blocking(move || verify_password(&hash, &pw))
                .await
                .map_err(|e| ServiceError::Internal(e.to_string()))?
        }
        None => {
            // Spend the same time as a real check, so timing does not reveal unknown names.
            let _ = tokio::task::spawn_blocking(|| hash_password("timing-equaliser-0")).await;
            false
        }
    };
    let mut tx = store.begin_write().await?;
    let user = match user {
        Some(user) if ok => user,
        user => {
            // The attempt was counted; the last one allowed locks the address out of the name.
            let locked = if attempt >= MAX_FAILED_LOGINS {
                login_failures::lock(&mut tx, name, client, now + LOCK_MS).await?;
                Some(now + LOCK_MS)
            } else {
                None
            };
            if let Some(user) = &user {
                record_user_event(
                    &mut tx,
                    Some(user.id),
                    "user.login_failed",
                    user.id,
                    client,
                    now,
                )
                .await?;
            }
            tx.commit().await?;
            return Ok(match locked {
                Some(until) => LoginOutcome::Locked { until },
                None => LoginOutcome::Invalid,
            });
        }
    };
    login_failures::clear(&mut tx, name, client).await?;
    let token = hex::encode(rand::random::<[u8; 32]>());
    sessions::insert(&mut tx, &token_hash(&token), user.id, now, now + SESSION_MS).await?;
    sessions::delete_expired(&mut tx, now).await?;
    record_user_event(&mut tx, Some(user.id), "user.login", user.id, "", now).await?;
    tx.commit().await?;
    Ok(LoginOutcome::Success {
        token,
        user_id: user.id,
    })
}

/// Loads a staff member with grants.
pub async fn load_staff(conn: &mut Conn, user_id: i64) -> ServiceResult<Option<Staff>> {
    let Some(user) = users::find(conn, user_id).await? else {
        return Ok(None);
    };
    if user.is_active != 1 {
        return Ok(None);
    }
    let grants = users::roles(conn, user_id)
        .await?
        .into_iter()
        .filter_map(|r| {
            Some(Grant {
                role: Role::parse(&r.role)?,
                agency: r.agency_id.map(AgencyId),
            })
        })
        .collect();
    Ok(Some(Staff {
        id: user.id,
        username: user.username,
        display_name: user.display_name,
        grants,
    }))
}

/// The staff member of a session token, if the session is live.
pub async fn staff_for_token(store: &Store, token: &str, now: i64) -> ServiceResult<Option<Staff>> {
    let mut conn = store.conn().await?;
    match sessions::find_user(&mut conn, &token_hash(token), now).await? {
        Some(user_id) => load_staff(&mut conn, user_id).await,
        None => Ok(None),
    }
}

/// Ends a session.
pub async fn logout(store: &Store, token: &str) -> ServiceResult<()> {
    let mut tx = store.begin_write().await?;
    sessions::delete(&mut tx, &token_hash(token)).await?;
    tx.commit().await?;
    Ok(())
}

/// Fails unless `actor` may manage the account `user_id`: 系统管理员 may manage any; a
/// 机关管理员 only accounts whose every role is held for an agency they manage.
async fn require_manage_user(conn: &mut Conn, actor: &Staff, user_id: i64) -> ServiceResult<()> {
    if actor.is_system_admin() {
        return Ok(());
    }
    let roles = users::roles(conn, user_id).await?;
    if roles.is_empty() {
        return Err(ServiceError::Forbidden);
    }
    for r in roles {
        let Some(agency) = r.agency_id else {
            return Err(ServiceError::Forbidden);
        };
        require(conn, actor, Permission::ManageAgency, agency).await?;
    }
    Ok(())
}

/// Changes to an account.
#[derive(Debug, Clone)]
pub struct UserChange {
    /// Name shown.
    pub display_name: String,
    /// Whether the account may log in.
    pub active: bool,
    /// The roles it holds afterwards (replacing the present ones).
    pub grants: Vec<Grant>,
}

/// Updates an account's name, state and roles. Deactivation ends its sessions.
pub async fn update_user(
    store: &Store,
    actor: &Staff,
    user_id: i64,
    change: &UserChange,
    now: i64,
) -> ServiceResult<()> {
    let mut tx = store.begin_write().await?;
    let user = users::find(&mut tx, user_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    require_manage_user(&mut tx, actor, user_id).await?;
    let mut e = gongkai_domain::form::FieldErrors::new();
    if change.display_name.trim().is_empty() {
        e.add("display_name", "请填写姓名");
    }
    check_grants(&mut e, &change.grants, "请至少保留一个角色");
    for g in &change.grants {
        if !actor.is_system_admin() {
            // A 机关管理员 grants roles only in agencies they manage, never 系统管理员.
            let Some(a) = g.agency else {
                return Err(ServiceError::Forbidden);
            };
            require(&mut tx, actor, Permission::ManageAgency, a.0).await?;
        }
    }
    if user_id == actor.id && !change.active {
        e.add("active", "不能停用自己的账号");
    }
    e.into_result(()).map_err(ServiceError::Invalid)?;
    users::update_profile(
        &mut tx,
        user_id,
        change.display_name.trim(),
        change.active,
        now,
    )
    .await?;
    users::clear_roles(&mut tx, user_id).await?;
    for g in &change.grants {
        users::add_role(&mut tx, user_id, g.role.as_str(), g.agency.map(|a| a.0)).await?;
    }
    if !change.active {
        sessions::delete_for_user(&mut tx, user_id).await?;
    }
    let detail = format!(
        "{}：{}；{}",
        user.username,
        if change.active { "启用" } else { "停用" },
        describe_grants(&change.grants)
    );
    record_user_event(
        &mut tx,
        Some(actor.id),
        "user.update",
        user_id,
        &detail,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets a new password for an account (by its manager) and ends its sessions.
pub async fn reset_password(
    store: &Store,
    actor: &Staff,
    user_id: i64,
    password: &str,
    now: i64,
) -> ServiceResult<()> {
    check_password(password).map_err(|m| ServiceError::field("password", m))?;
    {
        let mut conn = store.conn().await?;
        users::find(&mut conn, user_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        require_manage_user(&mut conn, actor, user_id).await?;
    }
    let hash = hash_blocking(password.to_owned()).await?;
    let mut tx = store.begin_write().await?;
    users::set_password(&mut tx, user_id, &hash, now).await?;
    // A new password from the manager lifts the locks on the name.
    if let Some(u) = users::find(&mut tx, user_id).await? {
        login_failures::clear_name(&mut tx, &u.username).await?;
    }
    sessions::delete_for_user(&mut tx, user_id).await?;
    record_user_event(
        &mut tx,
        Some(actor.id),
        "user.reset_password",
        user_id,
        "",
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets a new password for the account `username` by the operator (the `gongkai user
/// password` command, which holds the database itself): checked like any password, audited
/// without an actor, the name's login locks lifted and its sessions ended.
pub async fn set_password_as_operator(
    store: &Store,
    username: &str,
    password: &str,
    now: i64,
) -> ServiceResult<()> {
    check_password(password).map_err(|m| ServiceError::field("password", m))?;
    let user = users::find_by_username(&mut *store.conn().await?, username.trim())
        .await?
        .ok_or(ServiceError::NotFound)?;
    let hash = hash_blocking(password.to_owned()).await?;
    let mut tx = store.begin_write().await?;
    users::set_password(&mut tx, user.id, &hash, now).await?;
    login_failures::clear_name(&mut tx, &user.username).await?;
    sessions::delete_for_user(&mut tx, user.id).await?;
    record_user_event(
        &mut tx,
        None,
        "user.reset_password",
        user.id,
        "operator",
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Of `usernames`, the active accounts whose password is still `password` (the demo's public
/// one: a server reachable from other machines must not start with them).
pub async fn still_using_password(
    store: &Store,
    usernames: &[&str],
    password: &str,
) -> ServiceResult<Vec<String>> {
    let mut out = Vec::new();
    for name in usernames {
        let Some(user) = users::find_by_username(&mut *store.conn().await?, name)
            .await?
            .filter(|u| u.is_active == 1)
        else {
            continue;
        };
        let hash = user.password_hash.clone();
        let pw = password.to_owned();
        let same = tokio::task::spawn_blocking(move || verify_password(&hash, &pw))
            .await
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        if same {
            out.push(user.username);
        }
    }
    Ok(out)
}

/// Changes one's own password, after checking the present one. Other sessions end.
pub async fn change_own_password(
    store: &Store,
    staff: &Staff,
    current: &str,
    new: &str,
    now: i64,
) -> ServiceResult<()> {
    let user = users::find(&mut *store.conn().await?, staff.id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let hash = user.password_hash.clone();
    let current = current.to_owned();
    let ok = tokio::task::spawn_blocking(move || verify_password(&hash, &current))
        .await
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    if !ok {
        return Err(ServiceError::field("current", "当前密码不正确"));
    }
    check_password(new).map_err(|m| ServiceError::field("password", m))?;
    let hash = hash_blocking(new.to_owned()).await?;
    let mut tx = store.begin_write().await?;
    users::set_password(&mut tx, staff.id, &hash, now).await?;
    sessions::delete_for_user(&mut tx, staff.id).await?;
    record_user_event(
        &mut tx,
        Some(staff.id),
        "user.change_password",
        staff.id,
        "",
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An account as listed for its managers.
#[derive(utoipa::ToSchema, Debug, Clone, serde::Serialize)]
pub struct UserSummary {
    /// Id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Roles.
    pub roles: Vec<users::RoleRow>,
    /// Whether it may log in.
    pub active: bool,
    /// Whether some address is locked out of it now.
    pub locked: bool,
}

/// The accounts `actor` manages: all for 系统管理员, else those with a role in an agency the
/// 机关管理员 manages. Forbidden for staff who manage none.
pub async fn list_users(store: &Store, actor: &Staff, now: i64) -> ServiceResult<Vec<UserSummary>> {
    let mut conn = store.conn().await?;
    let managed = if actor.is_system_admin() {
        None
    } else {
        let mut ids = Vec::new();
        for id in actor.agency_ids() {
            if may(&mut conn, actor, Permission::ManageAgency, id).await? {
                ids.push(id);
            }
        }
        if ids.is_empty() {
            return Err(ServiceError::Forbidden);
        }
        Some(ids)
    };
    let locked = login_failures::locked_names(&mut conn, now).await?;
    let mut out = Vec::new();
    for u in users::list(&mut conn, managed.as_deref()).await? {
        out.push(UserSummary {
            roles: users::roles(&mut conn, u.id).await?,
            locked: locked.contains(&u.username),
            active: u.is_active == 1,
            id: u.id,
            username: u.username,
            display_name: u.display_name,
        });
    }
    Ok(out)
}

/// One account, for its manager's edit page.
pub async fn find_user(
    store: &Store,
    actor: &Staff,
    user_id: i64,
    now: i64,
) -> ServiceResult<UserSummary> {
    let mut conn = store.conn().await?;
    let u = users::find(&mut conn, user_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    require_manage_user(&mut conn, actor, user_id).await?;
    Ok(UserSummary {
        roles: users::roles(&mut conn, u.id).await?,
        locked: login_failures::locked_names(&mut conn, now)
            .await?
            .contains(&u.username),
        active: u.is_active == 1,
        id: u.id,
        username: u.username,
        display_name: u.display_name,
    })
}
