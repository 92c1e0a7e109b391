//! The year view: an agency's applications of a year as the annual report's section 三 counts
//! them — new, carried over, closed by outcome and ground, carried forward, by applicant kind —
//! and the reviews and lawsuits of section 四.

use gongkai_domain::application::applicant::ApplicantKind;
use gongkai_domain::application::outcome::Ground;
use gongkai_domain::application::year::{self, Row, YearCounts};
use gongkai_domain::auth::Permission;
use gongkai_domain::report::review::ReviewTable;
use gongkai_store::{Store, agencies, application_counts as counts};
use serde::Serialize;

use crate::accounts::{Staff, require};
use crate::error::{ServiceError, ServiceResult};

/// What the year view shows.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize)]
pub struct ApplicationYear {
    /// The agency.
    pub agency_id: i64,
    /// Its name.
    pub agency_name: String,
    /// The year.
    pub year: i32,
    /// The table's top-left note.
    pub top_left: &'static str,
    /// Column labels (six kinds, then 总计).
    pub columns: Vec<&'static str>,
    /// The rows.
    pub rows: Vec<Row>,
    /// Columns where 一 + 二 ≠ （七）总计 + 四 (never, from case data; shown if it happens).
    pub r1_failures: Vec<&'static str>,
    /// Section 四: 行政复议 and 行政诉讼 reported in the year.
    pub review: ReviewTable,
    /// Section 四's group labels.
    pub review_groups: [&'static str; 3],
    /// Section 四's column labels.
    pub review_columns: [&'static str; 5],
    /// Section 四's cells failing R4.
    pub r4_failures: Vec<String>,
}

fn kind_of(stored: &str) -> ApplicantKind {
    ApplicantKind::parse(stored).unwrap_or(ApplicantKind::OtherOrganisation)
}

fn fill(row: &mut year::Figures, found: Vec<(String, i64)>) {
    for (kind, n) in found {
        YearCounts::add(row, kind_of(&kind), u64::try_from(n).unwrap_or(0));
    }
}

/// The counts of `agency_id`'s applications in `year` (staff who may view its applications).
pub async fn year_counts(
    store: &Store,
    staff: &Staff,
    agency_id: i64,
    year: i32,
) -> ServiceResult<ApplicationYear> {
    if !(2000..=2100).contains(&year) {
        return Err(ServiceError::NotFound);
    }
    let mut conn = store.conn().await?;
    require(&mut conn, staff, Permission::ViewApplications, agency_id).await?;
    counted(&mut conn, agency_id, year).await
}

/// [`year_counts`] without the permission check (the report's tables, which show only counts).
pub(crate) async fn counted(
    conn: &mut gongkai_store::Conn,
    agency_id: i64,
    year: i32,
) -> ServiceResult<ApplicationYear> {
    let agency = agencies::find(conn, agency_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (first, last, before) = (
        format!("{year}-01-01"),
        format!("{year}-12-31"),
        format!("{}-12-31", year - 1),
    );
    let mut c = YearCounts::default();
    fill(
        &mut c.new,
        counts::received_between(conn, agency_id, &first, &last).await?,
    );
    fill(
        &mut c.carried_over,
        counts::open_at(conn, agency_id, &before).await?,
    );
    fill(
        &mut c.carried_forward,
        counts::open_at(conn, agency_id, &last).await?,
    );
    for (kind, ground, n) in counts::closed_between(conn, agency_id, &first, &last).await? {
        if let Some(g) = Ground::parse(&ground) {
            c.add_closed(g, kind_of(&kind), u64::try_from(n).unwrap_or(0));
        }
    }
    let mut review = ReviewTable::default();
    for (kind, result, n) in counts::appeals_decided(conn, agency_id, &first, &last).await? {
        review.add(&kind, &result, u64::try_from(n).unwrap_or(0));
    }
    for (kind, n) in counts::appeals_pending_at(conn, agency_id, &last).await? {
        review.add(&kind, "pending", u64::try_from(n).unwrap_or(0));
    }
    Ok(ApplicationYear {
        r4_failures: review.r4_failures(),
        review,
        review_groups: gongkai_domain::report::review::GROUPS,
        review_columns: gongkai_domain::report::review::RESULTS,
        agency_id,
        agency_name: agency.name,
        year,
        top_left: year::TOP_LEFT,
        columns: (0..year::COLUMNS).map(year::column_label).collect(),
        rows: c.rows(),
        r1_failures: c.r1_failures(),
    })
}
