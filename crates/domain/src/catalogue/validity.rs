//! 效力状态: whether a document is in force, with its 施行 and 废止/失效 dates.

use chrono::NaiveDate;

crate::labelled_enum! {
    /// 效力状态 / 有效性 (spec/catalogue.md).
    pub enum Validity {
        Valid = ("valid", "有效"),
        /// Ceased to apply by its own terms (有效期届满).
        Expired = ("expired", "失效"),
        /// Repealed by a decision or by a replacing document.
        Repealed = ("repealed", "废止"),
        /// Amended: a later document changed it; the amended text is in force.
        Amended = ("amended", "已修改"),
    }
}

/// Why a validity with its dates is not coherent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ValidityError {
    /// 失效/废止 needs the date it took effect.
    #[error("请填写废止（失效）日期")]
    EndDateMissing,
    /// 有效/已修改 documents have no end date.
    #[error("效力状态为“有效”或“已修改”的文件不应有废止（失效）日期")]
    EndDateOnValid,
    /// The end lies before the start.
    #[error("废止（失效）日期不能早于施行日期")]
    EndBeforeStart,
    /// The end lies before the document was made.
    #[error("废止（失效）日期不能早于成文日期")]
    EndBeforeWritten,
}

impl Validity {
    /// Whether a banner on the document page tells readers it no longer applies.
    pub fn is_ended(self) -> bool {
        matches!(self, Validity::Expired | Validity::Repealed)
    }
}

/// Checks that a validity state agrees with its dates.
pub fn check_validity(
    validity: Validity,
    written_on: NaiveDate,
    effective_on: Option<NaiveDate>,
    ended_on: Option<NaiveDate>,
) -> Result<(), ValidityError> {
    match (validity.is_ended(), ended_on) {
        (true, None) => return Err(ValidityError::EndDateMissing),
        (false, Some(_)) => return Err(ValidityError::EndDateOnValid),
        _ => {}
    }
    if let Some(end) = ended_on {
        if effective_on.is_some_and(|start| end < start) {
            return Err(ValidityError::EndBeforeStart);
        }
        if end < written_on {
            return Err(ValidityError::EndBeforeWritten);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::date::parse_date(s).expect("test date")
    }

    #[test]
    fn repealed_and_expired_need_an_end_date() {
        let w = d("2020-01-01");
        assert_eq!(
            check_validity(Validity::Repealed, w, None, None),
            Err(ValidityError::EndDateMissing)
        );
        assert_eq!(
            check_validity(Validity::Expired, w, None, None),
            Err(ValidityError::EndDateMissing)
        );
        assert!(check_validity(Validity::Repealed, w, Some(w), Some(d("2023-06-30"))).is_ok());
    }

    #[test]
    fn valid_documents_have_no_end_date() {
        let w = d("2020-01-01");
        assert_eq!(
            check_validity(Validity::Valid, w, None, Some(d("2021-01-01"))),
            Err(ValidityError::EndDateOnValid)
        );
        assert!(check_validity(Validity::Amended, w, Some(d("2020-02-01")), None).is_ok());
    }

    #[test]
    fn dates_are_in_order() {
        let w = d("2020-01-01");
        assert_eq!(
            check_validity(
                Validity::Repealed,
                w,
                Some(d("2020-03-01")),
                Some(d("2020-02-01"))
            ),
            Err(ValidityError::EndBeforeStart)
        );
        assert_eq!(
            check_validity(Validity::Expired, w, None, Some(d("2019-12-31"))),
            Err(ValidityError::EndBeforeWritten)
        );
    }
}
