//! Helpers shared by the services' integration tests (each test file includes this module).

#![allow(dead_code)]

use chrono::NaiveDate;
use gongkai_services::applications::{self as apps, ActionForm, RegistrationForm};
use gongkai_services::fixtures::{self, at};
use gongkai_store::Store;

/// A date from `YYYY-MM-DD`.
pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// An action on `date`.
pub fn on(date: &str) -> ActionForm {
    ActionForm {
        date: date.into(),
        ..Default::default()
    }
}

/// An action on `date` with a note.
pub fn noted(date: &str, note: &str) -> ActionForm {
    ActionForm {
        date: date.into(),
        note: note.into(),
        ..Default::default()
    }
}

/// An application of a natural person registered by the agency's handler, received through
/// `channel` on `day`.
pub async fn registered(
    store: &Store,
    a: &fixtures::AgencyFixture,
    channel: &str,
    day: &str,
    description: &str,
) -> i64 {
    let form = RegistrationForm {
        application: fixtures::application_form(&format!("申请公开：{description}")),
        channel: channel.into(),
        channel_on: day.into(),
        handler_id: None,
    };
    apps::register(store, &a.handler, a.agency_id, &form, at(day))
        .await
        .expect("registered")
        .id
}
