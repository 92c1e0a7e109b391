//! How an application arrived and which day counts as 收到申请之日 (条例第三十一条).

use chrono::NaiveDate;

use crate::calendar::WorkCalendar;
use crate::date::format_cn;

crate::labelled_enum! {
    /// The channel an application arrived by.
    pub enum Channel {
        /// The platform's online form (互联网渠道).
        Online = ("online", "网上申请"),
        /// Handed in at the office (当面提交).
        InPerson = ("in_person", "当面提交"),
        /// Oral application, the form filled in by staff for the applicant (条例第二十九条).
        Oral = ("oral", "口头申请"),
        /// A letter that is signed for (挂号信、EMS).
        RegisteredMail = ("registered_mail", "邮寄（需签收）"),
        /// An ordinary letter with no signature (平常信函).
        OrdinaryLetter = ("ordinary_letter", "平常信函"),
        /// 传真.
        Fax = ("fax", "传真"),
        /// 电子邮件.
        Email = ("email", "电子邮件"),
    }
}

/// Settings of the receipt-date rule (spec/applications.md: configurable).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReceiptRules {
    /// An application confirmed over the internet, by e-mail or fax on a rest day counts as
    /// received on the next working day (court practice; on by default).
    pub rest_day_moves_to_next_working_day: bool,
}

impl Default for ReceiptRules {
    fn default() -> Self {
        ReceiptRules {
            rest_day_moves_to_next_working_day: true,
        }
    }
}

impl Channel {
    /// What the date recorded for this channel is (the label of the date field).
    pub fn date_label(self) -> &'static str {
        match self {
            Channel::InPerson | Channel::Oral => "提交日期",
            Channel::RegisteredMail => "签收日期",
            Channel::OrdinaryLetter => "与申请人确认之日",
            Channel::Online | Channel::Email | Channel::Fax => "双方确认之日",
        }
    }

    /// The rule of 条例第三十一条 for this channel, as a sentence.
    pub fn rule(self) -> &'static str {
        match self {
            Channel::InPerson | Channel::Oral => {
                "申请人当面提交政府信息公开申请的，以提交之日为收到申请之日（条例第三十一条第一项）"
            }
            Channel::RegisteredMail => {
                "申请人以邮寄方式提交政府信息公开申请的，以行政机关签收之日为收到申请之日（条例第三十一条第二项）"
            }
            Channel::OrdinaryLetter => {
                "以平常信函等无需签收的邮寄方式提交的，政府信息公开工作机构应当于收到申请的当日与申请人确认，确认之日为收到申请之日（条例第三十一条第二项）"
            }
            Channel::Online | Channel::Email | Channel::Fax => {
                "申请人通过互联网渠道或者政府信息公开工作机构的传真提交政府信息公开申请的，以双方确认之日为收到申请之日（条例第三十一条第三项）"
            }
        }
    }

    /// Whether the channel is electronic (internet, e-mail, fax): the rest-day rule applies.
    pub fn is_electronic(self) -> bool {
        matches!(self, Channel::Online | Channel::Email | Channel::Fax)
    }
}

/// The receipt date decided from the channel's date.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// 收到申请之日.
    pub received_on: NaiveDate,
    /// How it was decided, in Chinese.
    pub explanation: Vec<String>,
    /// Years without holiday data that the decision touched.
    pub missing_years: Vec<i32>,
}

/// Decides 收到申请之日 from the channel and the day its rule names (handed in, signed for,
/// confirmed) — 条例第三十一条.
pub fn receipt_date(
    calendar: &WorkCalendar,
    rules: ReceiptRules,
    channel: Channel,
    day: NaiveDate,
) -> Receipt {
    let mut explanation = vec![
        channel.rule().to_owned(),
        format!("{}：{}。", channel.date_label(), format_cn(day)),
    ];
    let mut received_on = day;
    let mut missing_years = Vec::new();
    if channel.is_electronic() && rules.rest_day_moves_to_next_working_day {
        let next = calendar.next_working_day_from(day);
        missing_years.extend(next.missing_years.iter().copied());
        if next.value != day {
            explanation.push(format!(
                "该日为休息日，顺延至下一个工作日 {} 为收到申请之日。",
                format_cn(next.value)
            ));
            received_on = next.value;
        }
    }
    explanation.push(format!("收到申请之日：{}。", format_cn(received_on)));
    Receipt {
        received_on,
        explanation,
        missing_years,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn paper_channels_take_their_own_day_even_on_a_rest_day() {
        // 条例第三十一条第一、二项: handed in → that day; signed for → the signing day.
        let cal = WorkCalendar::shipped();
        for channel in [
            Channel::InPerson,
            Channel::Oral,
            Channel::RegisteredMail,
            Channel::OrdinaryLetter,
        ] {
            let r = receipt_date(&cal, ReceiptRules::default(), channel, d("2026-10-03"));
            assert_eq!(r.received_on, d("2026-10-03"), "{channel}");
        }
    }

    #[test]
    fn electronic_confirmations_on_a_rest_day_move_to_the_next_working_day() {
        // 条例第三十一条第三项 with the rest-day rule: confirmed on 2026-10-03 (国庆) → 10-08.
        let cal = WorkCalendar::shipped();
        let r = receipt_date(
            &cal,
            ReceiptRules::default(),
            Channel::Online,
            d("2026-10-03"),
        );
        assert_eq!(r.received_on, d("2026-10-08"));
        assert!(r.explanation.iter().any(|l| l.contains("顺延")));
        // The rule is configurable.
        let off = ReceiptRules {
            rest_day_moves_to_next_working_day: false,
        };
        let r = receipt_date(&cal, off, Channel::Fax, d("2026-10-03"));
        assert_eq!(r.received_on, d("2026-10-03"));
        // A make-up working Saturday is a working day: no move.
        let r = receipt_date(
            &cal,
            ReceiptRules::default(),
            Channel::Email,
            d("2026-10-10"),
        );
        assert_eq!(r.received_on, d("2026-10-10"));
    }
}
