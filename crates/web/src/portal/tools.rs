//! Public tools: the 期限计算器, for applicants and staff alike (no existing system offers one).

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use gongkai_services::deadline::{DeadlineRequest, EventInput, calculate_in_force};
use serde::{Deserialize, Serialize};

use super::{Presentation, site_for_host};
use crate::AppState;
use crate::error::AppError;

/// The calculator's form: one date field per kind of event.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct DeadlineForm {
    received_on: String,
    correction_requested: String,
    correction_days: String,
    correction_received: String,
    consultation_sent: String,
    consultation_answered: String,
    extension_granted: String,
    extension_days: String,
    fee_notice_served: String,
    fee_paid: String,
    today: String,
}

impl DeadlineForm {
    fn request(&self) -> DeadlineRequest {
        let mut events: Vec<EventInput> = Vec::new();
        let mut add = |date: &str, kind: &str, days: Option<u32>| {
            if !date.trim().is_empty() {
                events.push(EventInput {
                    date: date.trim().to_owned(),
                    kind: kind.to_owned(),
                    days,
                });
            }
        };
        add(
            &self.correction_requested,
            "correction_requested",
            self.correction_days.trim().parse().ok(),
        );
        add(&self.correction_received, "correction_received", None);
        add(&self.consultation_sent, "consultation_sent", None);
        add(&self.consultation_answered, "consultation_answered", None);
        add(
            &self.extension_granted,
            "extension_granted",
            self.extension_days.trim().parse().ok().or(Some(20)),
        );
        add(&self.fee_notice_served, "fee_notice_served", None);
        add(&self.fee_paid, "fee_paid", None);
        // The clock takes events in date order; ties keep the form's order.
        events.sort_by_key(|e| gongkai_domain::date::parse_date(&e.date));
        DeadlineRequest {
            received_on: self.received_on.clone(),
            events,
            today: self.today.clone(),
        }
    }
}

/// GET /tools/deadline — the form, and the answer when a receipt date is given.
pub async fn deadline_page(
    State(state): State<AppState>,
    v: Presentation,
    headers: HeaderMap,
    Query(form): Query<DeadlineForm>,
) -> Result<Response, AppError> {
    let mut conn = state.store.conn().await?;
    let s = site_for_host(&mut conn, &headers, &v).await?;
    let (answer, errors) = if form.received_on.trim().is_empty() {
        (None, Vec::new())
    } else {
        let today = gongkai_services::time::today_cst(state.now());
        match calculate_in_force(&state.store, &form.request(), today).await? {
            Ok(a) => (Some(a), Vec::new()),
            Err(e) => (None, e.iter().map(|f| f.message.clone()).collect()),
        }
    };
    let html = s.render(
        &state,
        "portal/deadline.html",
        crate::ctx! { s, form, answer, errors },
    )?;
    Ok(Html(html).into_response())
}
