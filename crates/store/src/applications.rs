//! Applications for disclosure (依申请公开), their append-only events and their reviews and
//! lawsuits. Status and due dates are derived by the services from the events; nothing here
//! stores a due date.

use crate::Conn;

/// A stored application, every field as stored.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Application {
    /// Id.
    pub id: i64,
    /// The agency it is addressed to.
    pub agency_id: i64,
    /// 受理编号.
    pub number: String,
    /// The applicant's query code.
    pub query_code: String,
    /// SHA-256 (hex) of the applicant's secret.
    #[serde(skip)]
    pub secret_hash: String,
    /// `submitted`, `open` or `closed`.
    pub lifecycle: String,
    /// Channel, stored name.
    pub channel: String,
    /// The day the channel's rule names.
    pub channel_on: Option<String>,
    /// 收到申请之日.
    pub received_on: Option<String>,
    /// Applicant kind, stored name.
    pub kind: String,
    /// 姓名 / 名称.
    pub name: String,
    /// ID type of a person.
    pub id_type: Option<String>,
    /// ID number or credit code.
    pub id_number: String,
    /// Identity key.
    pub identity_key: String,
    /// 法定代表人或者负责人.
    pub legal_rep: String,
    /// 联系人.
    pub contact_name: String,
    /// 联系电话.
    pub phone: String,
    /// 电子邮箱.
    pub email: String,
    /// 通信地址.
    pub address: String,
    /// 邮政编码.
    pub postcode: String,
    /// Description of the information.
    pub description: String,
    /// 名称.
    pub doc_title: String,
    /// 文号.
    pub doc_number: String,
    /// 用途.
    pub purpose: String,
    /// Form wanted.
    pub info_form: String,
    /// Delivery wanted.
    pub delivery: String,
    /// 承办人.
    pub handler_id: Option<i64>,
    /// Outcome, stored name.
    pub outcome: Option<String>,
    /// Ground, stored name.
    pub ground: Option<String>,
    /// What the outcome also records.
    pub outcome_detail: String,
    /// Day of closing.
    pub closed_on: Option<String>,
    /// 答复书文号.
    pub reply_number: Option<String>,
    /// Archived (0/1).
    pub archived: i64,
    /// Submitted, unix ms.
    pub submitted_at: i64,
    /// Staff member who registered it (None for online applications).
    pub created_by: Option<i64>,
    /// Created, unix ms.
    pub created_at: i64,
    /// Updated, unix ms.
    pub updated_at: i64,
}

const COLUMNS: &str = "id, agency_id, number, query_code, secret_hash, lifecycle, channel, \
    channel_on, received_on, kind, name, id_type, id_number, identity_key, legal_rep, contact_name, \
    phone, email, address, postcode, description, doc_title, doc_number, purpose, info_form, \
    delivery, handler_id, outcome, ground, outcome_detail, closed_on, reply_number, archived, \
    submitted_at, created_by, created_at, updated_at";

/// A new application's row.
#[derive(Debug, Clone, Default)]
pub struct NewRow {
    /// Agency.
    pub agency_id: i64,
    /// 受理编号.
    pub number: String,
    /// Query code.
    pub query_code: String,
    /// Secret hash.
    pub secret_hash: String,
    /// Submission key of the online form.
    pub submission_key: Option<String>,
    /// Lifecycle at creation (`submitted` online, `open` when registered by staff).
    pub lifecycle: String,
    /// Channel.
    pub channel: String,
    /// Channel day.
    pub channel_on: Option<String>,
    /// 收到申请之日.
    pub received_on: Option<String>,
    /// Kind.
    pub kind: String,
    /// Name.
    pub name: String,
    /// ID type.
    pub id_type: Option<String>,
    /// ID number.
    pub id_number: String,
    /// Identity key.
    pub identity_key: String,
    /// 法定代表人.
    pub legal_rep: String,
    /// 联系人.
    pub contact_name: String,
    /// Phone.
    pub phone: String,
    /// E-mail.
    pub email: String,
    /// Address.
    pub address: String,
    /// Postcode.
    pub postcode: String,
    /// Description.
    pub description: String,
    /// 名称.
    pub doc_title: String,
    /// 文号.
    pub doc_number: String,
    /// 用途.
    pub purpose: String,
    /// Form.
    pub info_form: String,
    /// Delivery.
    pub delivery: String,
    /// 承办人.
    pub handler_id: Option<i64>,
    /// Registered by.
    pub created_by: Option<i64>,
}

/// Inserts an application.
pub async fn insert(conn: &mut Conn, row: &NewRow, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO applications (agency_id, number, query_code, secret_hash, submission_key, \
         lifecycle, channel, channel_on, received_on, kind, name, id_type, id_number, identity_key, \
         legal_rep, contact_name, phone, email, address, postcode, description, doc_title, \
         doc_number, purpose, info_form, delivery, handler_id, created_by, submitted_at, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
         $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $29, $29) \
         RETURNING id",
    )
    .bind(row.agency_id)
    .bind(&row.number)
    .bind(&row.query_code)
    .bind(&row.secret_hash)
    .bind(&row.submission_key)
    .bind(&row.lifecycle)
    .bind(&row.channel)
    .bind(&row.channel_on)
    .bind(&row.received_on)
    .bind(&row.kind)
    .bind(&row.name)
    .bind(&row.id_type)
    .bind(&row.id_number)
    .bind(&row.identity_key)
    .bind(&row.legal_rep)
    .bind(&row.contact_name)
    .bind(&row.phone)
    .bind(&row.email)
    .bind(&row.address)
    .bind(&row.postcode)
    .bind(&row.description)
    .bind(&row.doc_title)
    .bind(&row.doc_number)
    .bind(&row.purpose)
    .bind(&row.info_form)
    .bind(&row.delivery)
    .bind(row.handler_id)
    .bind(row.created_by)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// One application.
pub async fn find(conn: &mut Conn, id: i64) -> Result<Option<Application>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM applications WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The application of a query code.
pub async fn find_by_query_code(
    conn: &mut Conn,
    code: &str,
) -> Result<Option<Application>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM applications WHERE query_code = $1"
    )))
    .bind(code)
    .fetch_optional(conn)
    .await
}

/// The application an online form's submission key created, if any.
pub async fn find_by_submission_key(
    conn: &mut Conn,
    key: &str,
) -> Result<Option<Application>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM applications WHERE submission_key = $1"
    )))
    .bind(key)
    .fetch_optional(conn)
    .await
}

/// What a work list is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// The agencies whose applications are listed (None: all).
    pub agency_ids: Option<Vec<i64>>,
    /// Only these lifecycles.
    pub lifecycles: Vec<String>,
    /// Only this handler's.
    pub handler_id: Option<i64>,
    /// Received (or, before receipt, submitted) in this year.
    pub year: Option<i32>,
}

/// Applications matching `filter`, newest first (at most `limit`).
pub async fn list(
    conn: &mut Conn,
    filter: &ListFilter,
    limit: i64,
) -> Result<Vec<Application>, sqlx::Error> {
    let mut sql = format!("SELECT {COLUMNS} FROM applications WHERE 1 = 1");
    if let Some(ids) = &filter.agency_ids {
        if ids.is_empty() {
            sql.push_str(" AND 1 = 0");
        } else {
            // Ids are integers: written into the statement, never user text.
            let list: Vec<String> = ids.iter().map(i64::to_string).collect();
            sql.push_str(&format!(" AND agency_id IN ({})", list.join(", ")));
        }
    }
    if !filter.lifecycles.is_empty() {
        let known: Vec<&str> = filter
            .lifecycles
            .iter()
            .filter_map(|l| match l.as_str() {
                "submitted" => Some("'submitted'"),
                "open" => Some("'open'"),
                "closed" => Some("'closed'"),
                _ => None,
            })
            .collect();
        if known.is_empty() {
            sql.push_str(" AND 1 = 0");
        } else {
            sql.push_str(&format!(" AND lifecycle IN ({})", known.join(", ")));
        }
    }
    let mut p = 0;
    if filter.handler_id.is_some() {
        p += 1;
        sql.push_str(&format!(" AND handler_id = ${p}"));
    }
    if filter.year.is_some() {
        p += 2;
        sql.push_str(&format!(
            " AND COALESCE(received_on, '') >= ${} AND COALESCE(received_on, '') < ${p}",
            p - 1
        ));
    }
    // Closed cases newest first; open ones oldest first, so that a capped list keeps the most
    // urgent (the caller orders by due date).
    let only_closed = filter.lifecycles.iter().all(|l| l == "closed");
    sql.push_str(&format!(
        " ORDER BY id {} LIMIT ${}",
        if only_closed { "DESC" } else { "ASC" },
        p + 1
    ));
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    if let Some(h) = filter.handler_id {
        q = q.bind(h);
    }
    if let Some(y) = filter.year {
        q = q
            .bind(format!("{y:04}-01-01"))
            .bind(format!("{:04}-01-01", y + 1));
    }
    q.bind(limit).fetch_all(conn).await
}

/// Records the receipt: the application is open from `received_on`.
pub async fn set_received(
    conn: &mut Conn,
    id: i64,
    channel_on: &str,
    received_on: &str,
    handler_id: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE applications SET lifecycle = 'open', channel_on = $1, received_on = $2, \
         handler_id = COALESCE(handler_id, $3), updated_at = $4 WHERE id = $5",
    )
    .bind(channel_on)
    .bind(received_on)
    .bind(handler_id)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Moves a submitted application to another agency (with its new 受理编号).
pub async fn transfer(
    conn: &mut Conn,
    id: i64,
    agency_id: i64,
    number: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE applications SET agency_id = $1, number = $2, handler_id = NULL, updated_at = $3 \
         WHERE id = $4",
    )
    .bind(agency_id)
    .bind(number)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sets the 承办人.
pub async fn set_handler(
    conn: &mut Conn,
    id: i64,
    handler_id: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE applications SET handler_id = $1, updated_at = $2 WHERE id = $3")
        .bind(handler_id)
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// How an application was closed.
#[derive(Debug, Clone)]
pub struct Closing<'a> {
    /// Outcome.
    pub outcome: &'a str,
    /// Ground.
    pub ground: &'a str,
    /// Detail.
    pub detail: &'a str,
    /// Day.
    pub closed_on: &'a str,
    /// 答复书文号.
    pub reply_number: &'a str,
}

/// Closes an open application with its outcome.
pub async fn close(
    conn: &mut Conn,
    id: i64,
    c: &Closing<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE applications SET lifecycle = 'closed', outcome = $1, ground = $2, \
         outcome_detail = $3, closed_on = $4, reply_number = $5, updated_at = $6 \
         WHERE id = $7 AND lifecycle = 'open'",
    )
    .bind(c.outcome)
    .bind(c.ground)
    .bind(c.detail)
    .bind(c.closed_on)
    .bind(c.reply_number)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks a closed application archived.
pub async fn archive(conn: &mut Conn, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE applications SET archived = 1, updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Applications of `identity_key` submitted since `since` (unix ms), on any agency.
pub async fn count_by_identity_since(
    conn: &mut Conn,
    identity_key: &str,
    since: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM applications WHERE identity_key = $1 AND submitted_at >= $2",
    )
    .bind(identity_key)
    .bind(since)
    .fetch_one(conn)
    .await
}

/// The position of application `id` among the applications of the same applicant to the same
/// agency received in the same calendar month (1-based), for 按件 fees.
pub async fn position_in_month(conn: &mut Conn, app: &Application) -> Result<i64, sqlx::Error> {
    let Some(received) = &app.received_on else {
        return Ok(0);
    };
    let month = received.get(..7).unwrap_or_default();
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM applications WHERE agency_id = $1 AND identity_key = $2 \
         AND received_on >= $3 AND received_on <= $4 \
         AND (received_on < $5 OR (received_on = $5 AND id <= $6))",
    )
    .bind(app.agency_id)
    .bind(&app.identity_key)
    .bind(format!("{month}-01"))
    .bind(format!("{month}-31"))
    .bind(received)
    .bind(app.id)
    .fetch_one(conn)
    .await
}

/// One event of an application.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Event {
    /// Id.
    pub id: i64,
    /// Application.
    pub application_id: i64,
    /// Kind.
    pub kind: String,
    /// Business date.
    pub on_date: String,
    /// Working days (correction period, extension).
    pub days: Option<i64>,
    /// Amount, 元.
    pub amount: Option<i64>,
    /// Note.
    pub note: String,
    /// Staff member.
    pub user_id: Option<i64>,
    /// Instant, unix ms.
    pub at: i64,
    /// The 文号 of the notice or reply the event produced.
    pub letter_number: Option<String>,
    /// The letter's own fields, JSON (empty when none).
    pub letter: String,
}

/// A new event.
#[derive(Debug, Clone, Default)]
pub struct NewEvent<'a> {
    /// Kind.
    pub kind: &'a str,
    /// Business date.
    pub on_date: String,
    /// Days.
    pub days: Option<i64>,
    /// Amount.
    pub amount: Option<i64>,
    /// Note.
    pub note: &'a str,
    /// Staff member.
    pub user_id: Option<i64>,
    /// The 文号 of the notice or reply.
    pub letter_number: Option<String>,
    /// The letter's own fields, JSON.
    pub letter: String,
}

/// Appends an event.
pub async fn append_event(
    conn: &mut Conn,
    application_id: i64,
    e: &NewEvent<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO application_events (application_id, kind, on_date, days, amount, note, \
         user_id, at, letter_number, letter) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         RETURNING id",
    )
    .bind(application_id)
    .bind(e.kind)
    .bind(&e.on_date)
    .bind(e.days)
    .bind(e.amount)
    .bind(e.note)
    .bind(e.user_id)
    .bind(now)
    .bind(&e.letter_number)
    .bind(&e.letter)
    .fetch_one(conn)
    .await
}

/// Stores the letter's fields of an event (the letter as issued).
pub async fn set_event_letter(
    conn: &mut Conn,
    event_id: i64,
    letter: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE application_events SET letter = $1 WHERE id = $2")
        .bind(letter)
        .bind(event_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The events of an application, in order.
pub async fn events_of(conn: &mut Conn, application_id: i64) -> Result<Vec<Event>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, application_id, kind, on_date, days, amount, note, user_id, at, \
         letter_number, letter \
         FROM application_events WHERE application_id = $1 ORDER BY id",
    )
    .bind(application_id)
    .fetch_all(conn)
    .await
}

/// The events of several applications, in order (for work lists: one query, not one each).
pub async fn events_of_many(conn: &mut Conn, ids: &[i64]) -> Result<Vec<Event>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, application_id, kind, on_date, days, amount, note, user_id, at, \
         letter_number, letter \
         FROM application_events WHERE application_id IN ({}) ORDER BY application_id, id",
        list.join(", ")
    )))
    .fetch_all(conn)
    .await
}

/// A review or lawsuit.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Appeal {
    /// Id.
    pub id: i64,
    /// Application.
    pub application_id: i64,
    /// `review`, `litigation_direct` or `litigation_after_review`.
    pub kind: String,
    /// Filed.
    pub filed_on: String,
    /// `maintained`, `corrected`, `other` or `pending`.
    pub result: String,
    /// Decided.
    pub result_on: Option<String>,
    /// Note.
    pub note: String,
}

/// Records a review or lawsuit, or updates its result when `id` is given.
pub async fn save_appeal(
    conn: &mut Conn,
    application_id: i64,
    appeal: &Appeal,
    now: i64,
) -> Result<i64, sqlx::Error> {
    if appeal.id > 0 {
        sqlx::query(
            "UPDATE application_appeals SET result = $1, result_on = $2, note = $3, \
             updated_at = $4 WHERE id = $5 AND application_id = $6",
        )
        .bind(&appeal.result)
        .bind(&appeal.result_on)
        .bind(&appeal.note)
        .bind(now)
        .bind(appeal.id)
        .bind(application_id)
        .execute(conn)
        .await?;
        return Ok(appeal.id);
    }
    sqlx::query_scalar(
        "INSERT INTO application_appeals (application_id, kind, filed_on, result, result_on, \
         note, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(application_id)
    .bind(&appeal.kind)
    .bind(&appeal.filed_on)
    .bind(&appeal.result)
    .bind(&appeal.result_on)
    .bind(&appeal.note)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// The reviews and lawsuits of an application.
pub async fn appeals_of(conn: &mut Conn, application_id: i64) -> Result<Vec<Appeal>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, application_id, kind, filed_on, result, result_on, note \
         FROM application_appeals WHERE application_id = $1 ORDER BY id",
    )
    .bind(application_id)
    .fetch_all(conn)
    .await
}

/// An agency's settings for applications and their letters.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct AgencySettings {
    /// The 文号 pattern of replies and notices, e.g. `{short}公开〔{year}〕{seq}号`.
    pub reply_pattern: String,
    /// The default correction period, working days.
    pub correction_days: i64,
    /// 缴费方式 printed on fee notices.
    pub fee_payment: String,
    /// The ground a 第三十六条第七项 reply counts under.
    pub special_register_ground: String,
    /// 行政复议机关 named in replies.
    pub review_body: String,
    /// The court named in replies (行政诉讼).
    pub court: String,
}

impl Default for AgencySettings {
    fn default() -> Self {
        AgencySettings {
            reply_pattern: "{short}公开〔{year}〕{seq}号".into(),
            correction_days: 15,
            fee_payment: String::new(),
            special_register_ground: "other_handling".into(),
            review_body: String::new(),
            court: String::new(),
        }
    }
}

/// The settings of an agency.
pub async fn agency_settings(
    conn: &mut Conn,
    agency_id: i64,
) -> Result<Option<AgencySettings>, sqlx::Error> {
    sqlx::query_as(
        "SELECT reply_pattern, correction_days, fee_payment, special_register_ground, \
         review_body, court FROM agencies WHERE id = $1",
    )
    .bind(agency_id)
    .fetch_optional(conn)
    .await
}

/// Saves the settings of an agency.
pub async fn set_agency_settings(
    conn: &mut Conn,
    agency_id: i64,
    settings: &AgencySettings,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE agencies SET reply_pattern = $1, correction_days = $2, fee_payment = $3, \
         special_register_ground = $4, review_body = $5, court = $6 WHERE id = $7",
    )
    .bind(&settings.reply_pattern)
    .bind(settings.correction_days)
    .bind(&settings.fee_payment)
    .bind(&settings.special_register_ground)
    .bind(&settings.review_body)
    .bind(&settings.court)
    .bind(agency_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// An agency's own template of a letter.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Template {
    /// Letter kind, stored name.
    pub kind: String,
    /// The text.
    pub body: String,
    /// Who saved it.
    pub updated_by: Option<i64>,
    /// When, unix ms.
    pub updated_at: i64,
}

/// The agency's own templates.
pub async fn templates(conn: &mut Conn, agency_id: i64) -> Result<Vec<Template>, sqlx::Error> {
    sqlx::query_as(
        "SELECT kind, body, updated_by, updated_at FROM letter_templates WHERE agency_id = $1 \
         ORDER BY kind",
    )
    .bind(agency_id)
    .fetch_all(conn)
    .await
}

/// The agency's own template of `kind`, if it saved one.
pub async fn template(
    conn: &mut Conn,
    agency_id: i64,
    kind: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT body FROM letter_templates WHERE agency_id = $1 AND kind = $2")
        .bind(agency_id)
        .bind(kind)
        .fetch_optional(conn)
        .await
}

/// Saves the agency's template of `kind`.
pub async fn save_template(
    conn: &mut Conn,
    agency_id: i64,
    kind: &str,
    body: &str,
    user_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO letter_templates (agency_id, kind, body, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (agency_id, kind) DO UPDATE SET \
         body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(agency_id)
    .bind(kind)
    .bind(body)
    .bind(user_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes the agency's template of `kind` (the shipped text applies again).
pub async fn delete_template(
    conn: &mut Conn,
    agency_id: i64,
    kind: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM letter_templates WHERE agency_id = $1 AND kind = $2")
        .bind(agency_id)
        .bind(kind)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// A file attached to an application (identity proof).
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct File {
    /// Id.
    pub id: i64,
    /// Application.
    pub application_id: i64,
    /// SHA-256 of the bytes (the name in the file store).
    pub sha256: String,
    /// The name it was uploaded with.
    pub file_name: String,
    /// Media type, from the content.
    pub media_type: String,
    /// Size.
    pub size_bytes: i64,
}

/// Records a file of an application.
pub async fn add_file(
    conn: &mut Conn,
    application_id: i64,
    file: &File,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO application_files (application_id, sha256, file_name, media_type, \
         size_bytes, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(application_id)
    .bind(&file.sha256)
    .bind(&file.file_name)
    .bind(&file.media_type)
    .bind(file.size_bytes)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// The files of an application.
pub async fn files_of(conn: &mut Conn, application_id: i64) -> Result<Vec<File>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, application_id, sha256, file_name, media_type, size_bytes \
         FROM application_files WHERE application_id = $1 ORDER BY id",
    )
    .bind(application_id)
    .fetch_all(conn)
    .await
}

/// Closed applications of the agency asking for the same information as `app` (same 文号, or
/// same title when neither has a 文号), `app` included.
pub async fn count_same_requests(conn: &mut Conn, app: &Application) -> Result<i64, sqlx::Error> {
    if app.doc_number.trim().is_empty() && app.doc_title.trim().is_empty() {
        return Ok(1);
    }
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM applications WHERE agency_id = $1 AND lifecycle = 'closed' \
         AND ((doc_number <> '' AND doc_number = $2) OR (doc_number = '' AND $2 = '' \
         AND doc_title <> '' AND doc_title = $3))",
    )
    .bind(app.agency_id)
    .bind(app.doc_number.trim())
    .bind(app.doc_title.trim())
    .fetch_one(conn)
    .await
}
