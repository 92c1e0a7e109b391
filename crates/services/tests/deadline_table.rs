//! Reply due dates of 依申请公开 applications, checked by hand over the Chinese holiday
//! calendar of 2019–2026, against the product's calculator (`deadline::calculate`).
//!
//! The rule: 条例第三十三条 — reply within 20 working days of receipt; 条例第三十一条 — the
//! receipt date is fixed by the channel, and the receipt day itself is not counted, so working
//! day 1 is the first working day after it. A day is a working day when the State Council's
//! arrangement lists it as worked (调休补班), not one when it lists it as off, and otherwise
//! Monday–Friday. Rows with events also check an extension (第三十三条第二款: N more working
//! days), a consultation (第三十二条、第三十四条: working days after sending, up to and including
//! the answer, are not counted), a correction (第三十条: the count restarts from the corrected
//! application) and a fee notice (国办函〔2020〕109号: from serving the notice to payment is not
//! counted).
//!
//! Each expected date was worked out by hand from the holiday data (the reasoning is the comment
//! on the row; "n..m" numbers the working days counted) and cross-checked with an independent
//! script reading the JSON. Rows cover every 春节 and 国庆 of 2019–2026 (received on the last
//! working day before the holiday), 元旦 across the year boundary (received on 12-31), 清明,
//! 劳动节, 端午, 中秋, receipts on and the day before a make-up Saturday, and a due date falling
//! on one.

use chrono::NaiveDate;
use gongkai_services::deadline::{DeadlineRequest, EventInput, calculate};

/// One event of a row.
struct Event {
    date: &'static str,
    kind: &'static str,
    days: Option<u32>,
}

const fn ev(date: &'static str, kind: &'static str, days: Option<u32>) -> Event {
    Event { date, kind, days }
}

/// One hand-checked row.
struct Row {
    received: &'static str,
    events: &'static [Event],
    due: &'static str,
    label: &'static str,
}

const ROWS: &[Row] = &[
    // ---------------------------------------------------------------- 2019
    // 02-02 Sat worked (春节 make-up). 02-03 Sun worked = 1; 春节 02-04..10 off; 02-11..15 =
    // 2..6; 02-18..22 = 7..11; 02-25..03-01 = 12..16; 03-04 Mon..03-07 Thu = 17..20.
    Row {
        received: "2019-02-02",
        events: &[],
        due: "2019-03-07",
        label: "2019 received on the 春节 make-up Saturday",
    },
    // 02-03 Sun worked, last working day before 春节 (02-04..10 off). 02-11..15 = 1..5;
    // 02-18..22 = 6..10; 02-25..03-01 = 11..15; 03-04 Mon..03-08 Fri = 16..20.
    Row {
        received: "2019-02-03",
        events: &[],
        due: "2019-03-08",
        label: "2019 春节, received on the make-up Sunday before it",
    },
    // 09-12 Thu; 中秋 09-13 Fri off. 09-16..20 = 1..5; 09-23..27 = 6..10; 09-29 Sun worked = 11;
    // 09-30 = 12; 国庆 10-01..07 off; 10-08..11 = 13..16; 10-12 Sat worked = 17;
    // 10-14 Mon..10-16 Wed = 18..20.
    Row {
        received: "2019-09-12",
        events: &[],
        due: "2019-10-16",
        label: "2019 中秋 then 国庆",
    },
    // 09-30 Mon, last working day before 国庆 (10-01..07 off). 10-08..11 = 1..4; 10-12 Sat
    // worked = 5; 10-14..18 = 6..10; 10-21..25 = 11..15; 10-28..31 = 16..19; 11-01 Fri = 20.
    Row {
        received: "2019-09-30",
        events: &[],
        due: "2019-11-01",
        label: "2019 国庆",
    },
    // 09-27 Fri; 国庆 10-01..07 off, 09-29 Sun and 10-12 Sat worked. 09-29 = 1; 09-30 = 2;
    // 10-08..12 = 3..7; 10-14..18 = 8..12; 10-21..25 = 13..17; 10-28..30 = 18..20 (original
    // due 10-30). Extension of 20 granted 10-25: 10-31 = 21; 11-01 = 22; 11-04..08 = 23..27;
    // 11-11..15 = 28..32; 11-18..22 = 33..37; 11-25 Mon..11-27 Wed = 38..40.
    Row {
        received: "2019-09-27",
        events: &[ev("2019-10-25", "extension_granted", Some(20))],
        due: "2019-11-27",
        label: "2019 国庆 with an extension of 20 working days",
    },
    // 12-31 Tue; 元旦 2020-01-01 off. 01-02..03 = 1..2; 01-06..10 = 3..7; 01-13..17 = 8..12;
    // 01-19 Sun worked = 13; 01-20..23 = 14..17; 春节 01-24..02-02 off (extended);
    // 02-03 Mon..02-05 Wed = 18..20.
    Row {
        received: "2019-12-31",
        events: &[],
        due: "2020-02-05",
        label: "2019-12-31 into 2020, 元旦 and 春节",
    },
    // ---------------------------------------------------------------- 2020
    // 01-23 Thu, last working day before 春节 (01-24..02-02 off). 02-03..07 = 1..5;
    // 02-10..14 = 6..10; 02-17..21 = 11..15; 02-24 Mon..02-28 Fri = 16..20.
    Row {
        received: "2020-01-23",
        events: &[],
        due: "2020-02-28",
        label: "2020 春节 (extended to 02-02)",
    },
    // 04-03 Fri; 清明 04-04..06 off. 04-07..10 = 1..4; 04-13..17 = 5..9; 04-20..24 = 10..14;
    // 04-26 Sun worked = 15; 04-27..30 = 16..19; 劳动节 05-01..05 off; 05-06 Wed = 20.
    Row {
        received: "2020-04-03",
        events: &[],
        due: "2020-05-06",
        label: "2020 清明 then 劳动节",
    },
    // 06-24 Wed; 端午 06-25..27 off. 06-28 Sun worked = 1; 06-29..07-03 = 2..6;
    // 07-06..10 = 7..11; 07-13..17 = 12..16; 07-20 Mon..07-23 Thu = 17..20.
    Row {
        received: "2020-06-24",
        events: &[],
        due: "2020-07-23",
        label: "2020 端午",
    },
    // 09-30 Wed, last working day before 国庆·中秋 (10-01..08 off). 10-09 Fri = 1; 10-10 Sat
    // worked = 2; 10-12..16 = 3..7; 10-19..23 = 8..12; 10-26..30 = 13..17;
    // 11-02 Mon..11-04 Wed = 18..20.
    Row {
        received: "2020-09-30",
        events: &[],
        due: "2020-11-04",
        label: "2020 国庆·中秋 (8 days)",
    },
    // 12-31 Thu; 元旦 2021-01-01..03 off. 01-04..08 = 1..5; 01-11..15 = 6..10;
    // 01-18..22 = 11..15; 01-25 Mon..01-29 Fri = 16..20.
    Row {
        received: "2020-12-31",
        events: &[],
        due: "2021-01-29",
        label: "2020-12-31 into 2021, 元旦",
    },
    // ---------------------------------------------------------------- 2021
    // 02-10 Wed, last working day before 春节 (02-11..17 off). 02-18..19 = 1..2; 02-20 Sat
    // worked = 3; 02-22..26 = 4..8; 03-01..05 = 9..13; 03-08..12 = 14..18;
    // 03-15 Mon..03-16 Tue = 19..20.
    Row {
        received: "2021-02-10",
        events: &[],
        due: "2021-03-16",
        label: "2021 春节",
    },
    // 04-02 Fri; 清明 04-03..05 off. 04-06..09 = 1..4; 04-12..16 = 5..9; 04-19..23 = 10..14;
    // 04-25 Sun worked = 15; 04-26 Mon..04-30 Fri = 16..20 (劳动节 05-01 starts after).
    Row {
        received: "2021-04-02",
        events: &[],
        due: "2021-04-30",
        label: "2021 清明",
    },
    // 04-20 Tue; fee notice 04-23 Fri, paid 05-10 Mon. 04-21..23 = 1..3 (the notice day
    // counts); not counted: 04-25 Sun worked, 04-26..30, 05-06..07, 05-08 Sat worked, 05-10
    // (劳动节 05-01..05 off). 05-11..14 = 4..7; 05-17..21 = 8..12; 05-24..28 = 13..17;
    // 05-31 = 18; 06-01 Tue..06-02 Wed = 19..20.
    Row {
        received: "2021-04-20",
        events: &[
            ev("2021-04-23", "fee_notice_served", None),
            ev("2021-05-10", "fee_paid", None),
        ],
        due: "2021-06-02",
        label: "2021 劳动节 with a fee pause",
    },
    // 09-18 Sat worked (中秋 make-up). 中秋 09-19..21 off; 09-22..24 = 1..3; 09-26 Sun worked
    // = 4; 09-27..30 = 5..8; 国庆 10-01..07 off; 10-08 Fri = 9; 10-09 Sat worked = 10;
    // 10-11..15 = 11..15; 10-18 Mon..10-22 Fri = 16..20.
    Row {
        received: "2021-09-18",
        events: &[],
        due: "2021-10-22",
        label: "2021 received on the 中秋 make-up Saturday, then 国庆",
    },
    // 09-30 Thu, last working day before 国庆 (10-01..07 off). 10-08 Fri = 1; 10-09 Sat
    // worked = 2; 10-11..15 = 3..7; 10-18..22 = 8..12; 10-25..29 = 13..17;
    // 11-01 Mon..11-03 Wed = 18..20.
    Row {
        received: "2021-09-30",
        events: &[],
        due: "2021-11-03",
        label: "2021 国庆",
    },
    // 12-31 Fri; 元旦 2022-01-01..03 off. 01-04..07 = 1..4; 01-10..14 = 5..9;
    // 01-17..21 = 10..14; 01-24..28 = 15..19; 01-29 Sat worked (春节 make-up) = 20.
    Row {
        received: "2021-12-31",
        events: &[],
        due: "2022-01-29",
        label: "2021-12-31 into 2022, due on a make-up Saturday",
    },
    // ---------------------------------------------------------------- 2022
    // 01-30 Sun worked, last working day before 春节 (01-31..02-06 off). 02-07..11 = 1..5;
    // 02-14..18 = 6..10; 02-21..25 = 11..15; 02-28 = 16; 03-01 Tue..03-04 Fri = 17..20.
    Row {
        received: "2022-01-30",
        events: &[],
        due: "2022-03-04",
        label: "2022 春节, received on the make-up Sunday before it",
    },
    // 04-01 Fri, the day before a make-up Saturday. 04-02 Sat worked = 1; 清明 04-03..05 off;
    // 04-06..08 = 2..4; 04-11..15 = 5..9; 04-18..22 = 10..14; 04-24 Sun worked = 15;
    // 04-25 Mon..04-29 Fri = 16..20 (劳动节 04-30 starts after).
    Row {
        received: "2022-04-01",
        events: &[],
        due: "2022-04-29",
        label: "2022 清明, received the day before its make-up Saturday",
    },
    // 04-20 Wed; correction requested 04-22 (15 days), corrected application received 05-06
    // Fri: the count restarts from 05-06. 05-07 Sat worked = 1; 05-09..13 = 2..6;
    // 05-16..20 = 7..11; 05-23..27 = 12..16; 05-30..31 = 17..18; 06-01 Wed..06-02 Thu = 19..20
    // (端午 06-03 starts after).
    Row {
        received: "2022-04-20",
        events: &[
            ev("2022-04-22", "correction_requested", Some(15)),
            ev("2022-05-06", "correction_received", None),
        ],
        due: "2022-06-02",
        label: "2022 劳动节 with a correction",
    },
    // 09-30 Fri, last working day before 国庆 (10-01..07 off). 10-08 Sat and 10-09 Sun worked
    // = 1..2; 10-10..14 = 3..7; 10-17..21 = 8..12; 10-24..28 = 13..17; 10-31 = 18;
    // 11-01 Tue..11-02 Wed = 19..20.
    Row {
        received: "2022-09-30",
        events: &[],
        due: "2022-11-02",
        label: "2022 国庆, two make-up weekend days after it",
    },
    // 12-30 Fri; 元旦 12-31..2023-01-02 off. 01-03..06 = 1..4; 01-09..13 = 5..9;
    // 01-16..20 = 10..14; 春节 01-21..27 off; 01-28 Sat and 01-29 Sun worked = 15..16;
    // 01-30..31 = 17..18; 02-01 Wed..02-02 Thu = 19..20.
    Row {
        received: "2022-12-30",
        events: &[],
        due: "2023-02-02",
        label: "2022 year end into 2023, 元旦 and 春节",
    },
    // ---------------------------------------------------------------- 2023
    // 01-20 Fri, last working day before 春节 (01-21..27 off). 01-28 Sat and 01-29 Sun worked
    // = 1..2; 01-30..02-03 = 3..7; 02-06..10 = 8..12; 02-13..17 = 13..17;
    // 02-20 Mon..02-22 Wed = 18..20.
    Row {
        received: "2023-01-20",
        events: &[],
        due: "2023-02-22",
        label: "2023 春节",
    },
    // 04-28 Fri, last working day before 劳动节 (04-29..05-03 off). 05-04..05 = 1..2; 05-06 Sat
    // worked = 3; 05-08..12 = 4..8; 05-15..19 = 9..13; 05-22..26 = 14..18;
    // 05-29 Mon..05-30 Tue = 19..20.
    Row {
        received: "2023-04-28",
        events: &[],
        due: "2023-05-30",
        label: "2023 劳动节",
    },
    // 06-21 Wed; 端午 06-22..24 off. 06-25 Sun worked = 1; 06-26..30 = 2..6; 07-03..07 = 7..11;
    // 07-10..14 = 12..16; 07-17 Mon..07-20 Thu = 17..20.
    Row {
        received: "2023-06-21",
        events: &[],
        due: "2023-07-20",
        label: "2023 端午",
    },
    // 09-18 Mon; consultation sent 09-20 Wed, answered 10-10 Tue (10 working days later, within
    // the 15 allowed). 09-19..20 = 1..2; not counted: 09-21..22, 09-25..28, 10-07 Sat and
    // 10-08 Sun worked, 10-09..10 (中秋·国庆 09-29..10-06 off). 10-11..13 = 3..5;
    // 10-16..20 = 6..10; 10-23..27 = 11..15; 10-30..31 = 16..17; 11-01 Wed..11-03 Fri = 18..20.
    Row {
        received: "2023-09-18",
        events: &[
            ev("2023-09-20", "consultation_sent", None),
            ev("2023-10-10", "consultation_answered", None),
        ],
        due: "2023-11-03",
        label: "2023 中秋·国庆 with a consultation pause",
    },
    // 09-28 Thu, last working day before 中秋·国庆 (09-29..10-06 off). 10-07 Sat and 10-08 Sun
    // worked = 1..2; 10-09..13 = 3..7; 10-16..20 = 8..12; 10-23..27 = 13..17;
    // 10-30..31 = 18..19; 11-01 Wed = 20.
    Row {
        received: "2023-09-28",
        events: &[],
        due: "2023-11-01",
        label: "2023 中秋·国庆 (8 days)",
    },
    // ---------------------------------------------------------------- 2024
    // 02-09 Fri, last working day before 春节 (02-10..17 off). 02-18 Sun worked = 1;
    // 02-19..23 = 2..6; 02-26..03-01 = 7..11; 03-04..08 = 12..16; 03-11 Mon..03-14 Thu = 17..20.
    Row {
        received: "2024-02-09",
        events: &[],
        due: "2024-03-14",
        label: "2024 春节",
    },
    // 04-03 Wed; 清明 04-04..06 off. 04-07 Sun worked = 1; 04-08..12 = 2..6; 04-15..19 = 7..11;
    // 04-22..26 = 12..16; 04-28 Sun worked = 17; 04-29..30 = 18..19; 劳动节 05-01..05 off;
    // 05-06 Mon = 20.
    Row {
        received: "2024-04-03",
        events: &[],
        due: "2024-05-06",
        label: "2024 清明 then 劳动节",
    },
    // 04-25 Thu; consultation sent 04-26 Fri, answered 05-08 Wed; extension of 10 granted
    // 05-20. 04-26 = 1; not counted: 04-28 Sun worked, 04-29..30, 05-06..08 (劳动节 05-01..05
    // off). 05-09..10 = 2..3; 05-11 Sat worked = 4; 05-13..17 = 5..9; 05-20..24 = 10..14;
    // 05-27..31 = 15..19; 06-03..07 = 20..24; 端午 06-10 off; 06-11..14 = 25..28;
    // 06-17 Mon..06-18 Tue = 29..30.
    Row {
        received: "2024-04-25",
        events: &[
            ev("2024-04-26", "consultation_sent", None),
            ev("2024-05-08", "consultation_answered", None),
            ev("2024-05-20", "extension_granted", Some(10)),
        ],
        due: "2024-06-18",
        label: "2024 劳动节 and 端午 with a consultation and an extension of 10",
    },
    // 09-13 Fri, the day before a make-up Saturday. 09-14 Sat worked = 1; 中秋 09-15..17 off;
    // 09-18..20 = 2..4; 09-23..27 = 5..9; 09-29 Sun worked = 10; 09-30 = 11; 国庆 10-01..07
    // off; 10-08..11 = 12..15; 10-12 Sat worked = 16; 10-14 Mon..10-17 Thu = 17..20.
    Row {
        received: "2024-09-13",
        events: &[],
        due: "2024-10-17",
        label: "2024 中秋, received the day before its make-up Saturday, then 国庆",
    },
    // 09-30 Mon, last working day before 国庆 (10-01..07 off). 10-08..11 = 1..4; 10-12 Sat
    // worked = 5; 10-14..18 = 6..10; 10-21..25 = 11..15; 10-28..31 = 16..19; 11-01 Fri = 20.
    Row {
        received: "2024-09-30",
        events: &[],
        due: "2024-11-01",
        label: "2024 国庆",
    },
    // 12-31 Tue; 元旦 2025-01-01 off. 01-02..03 = 1..2; 01-06..10 = 3..7; 01-13..17 = 8..12;
    // 01-20..24 = 13..17; 01-26 Sun worked = 18; 01-27 Mon = 19; 春节 01-28..02-04 off;
    // 02-05 Wed = 20.
    Row {
        received: "2024-12-31",
        events: &[],
        due: "2025-02-05",
        label: "2024-12-31 into 2025, 元旦 and 春节",
    },
    // ---------------------------------------------------------------- 2025
    // 01-13 Mon; correction requested 01-15 (15 days), corrected application received 01-24
    // Fri: the count restarts from 01-24. 01-26 Sun worked = 1; 01-27 Mon = 2; 春节
    // 01-28..02-04 off; 02-05..07 = 3..5; 02-08 Sat worked = 6; 02-10..14 = 7..11;
    // 02-17..21 = 12..16; 02-24 Mon..02-27 Thu = 17..20.
    Row {
        received: "2025-01-13",
        events: &[
            ev("2025-01-15", "correction_requested", Some(15)),
            ev("2025-01-24", "correction_received", None),
        ],
        due: "2025-02-27",
        label: "2025 春节 with a correction",
    },
    // 01-27 Mon, last working day before 春节 (01-28..02-04 off). 02-05..07 = 1..3; 02-08 Sat
    // worked = 4; 02-10..14 = 5..9; 02-17..21 = 10..14; 02-24..28 = 15..19; 03-03 Mon = 20.
    Row {
        received: "2025-01-27",
        events: &[],
        due: "2025-03-03",
        label: "2025 春节",
    },
    // 04-30 Wed, last working day before 劳动节 (05-01..05 off). 05-06..09 = 1..4;
    // 05-12..16 = 5..9; 05-19..23 = 10..14; 05-26..30 = 15..19; 端午 05-31..06-02 off;
    // 06-03 Tue = 20.
    Row {
        received: "2025-04-30",
        events: &[],
        due: "2025-06-03",
        label: "2025 劳动节 then 端午",
    },
    // 09-22 Mon; fee notice 09-26 Fri, paid 10-13 Mon. 09-23..26 = 1..4; not counted: 09-28
    // Sun worked, 09-29..30, 10-09..10, 10-11 Sat worked, 10-13 (国庆·中秋 10-01..08 off).
    // 10-14..17 = 5..8; 10-20..24 = 9..13; 10-27..31 = 14..18; 11-03 Mon..11-04 Tue = 19..20.
    Row {
        received: "2025-09-22",
        events: &[
            ev("2025-09-26", "fee_notice_served", None),
            ev("2025-10-13", "fee_paid", None),
        ],
        due: "2025-11-04",
        label: "2025 国庆·中秋 with a fee pause",
    },
    // 09-30 Tue, last working day before 国庆·中秋 (10-01..08 off). 10-09..10 = 1..2; 10-11
    // Sat worked = 3; 10-13..17 = 4..8; 10-20..24 = 9..13; 10-27..31 = 14..18;
    // 11-03 Mon..11-04 Tue = 19..20.
    Row {
        received: "2025-09-30",
        events: &[],
        due: "2025-11-04",
        label: "2025 国庆·中秋 (8 days)",
    },
    // 12-31 Wed; 元旦 2026-01-01..03 off. 01-04 Sun worked = 1; 01-05..09 = 2..6;
    // 01-12..16 = 7..11; 01-19..23 = 12..16; 01-26 Mon..01-29 Thu = 17..20.
    Row {
        received: "2025-12-31",
        events: &[],
        due: "2026-01-29",
        label: "2025-12-31 into 2026, 元旦 with a make-up Sunday",
    },
    // ---------------------------------------------------------------- 2026
    // 02-14 Sat worked, last working day before 春节 (02-15..23 off). 02-24..27 = 1..4; 02-28
    // Sat worked = 5; 03-02..06 = 6..10; 03-09..13 = 11..15; 03-16 Mon..03-20 Fri = 16..20.
    Row {
        received: "2026-02-14",
        events: &[],
        due: "2026-03-20",
        label: "2026 春节, received on the make-up Saturday before it",
    },
    // 04-30 Thu, last working day before 劳动节 (05-01..05 off). 05-06..08 = 1..3; 05-09 Sat
    // worked = 4; 05-11..15 = 5..9; 05-18..22 = 10..14; 05-25..29 = 15..19; 06-01 Mon = 20.
    Row {
        received: "2026-04-30",
        events: &[],
        due: "2026-06-01",
        label: "2026 劳动节",
    },
    // 09-11 Fri; extension of 20 granted 10-09 (original due 10-15). 09-14..18 = 1..5; 09-20
    // Sun worked = 6; 09-21..24 = 7..10; 中秋 09-25..27 off; 09-28..30 = 11..13; 国庆
    // 10-01..07 off; 10-08..09 = 14..15; 10-10 Sat worked = 16; 10-12..16 = 17..21;
    // 10-19..23 = 22..26; 10-26..30 = 27..31; 11-02..06 = 32..36; 11-09 Mon..11-12 Thu = 37..40.
    Row {
        received: "2026-09-11",
        events: &[ev("2026-10-09", "extension_granted", Some(20))],
        due: "2026-11-12",
        label: "2026 中秋 and 国庆 with an extension of 20 working days",
    },
    // 09-24 Thu, last working day before 中秋 (09-25..27 off). 09-28..30 = 1..3; 国庆
    // 10-01..07 off; 10-08..09 = 4..5; 10-10 Sat worked = 6; 10-12..16 = 7..11;
    // 10-19..23 = 12..16; 10-26 Mon..10-29 Thu = 17..20.
    Row {
        received: "2026-09-24",
        events: &[],
        due: "2026-10-29",
        label: "2026 中秋 then 国庆",
    },
    // The example of spec/applications.md. 09-28 Mon; 09-29..30 = 1..2; 国庆 10-01..07 off;
    // 10-08..09 = 3..4; 10-10 Sat worked = 5; 10-12..16 = 6..10; 10-19..23 = 11..15;
    // 10-26 Mon..10-30 Fri = 16..20.
    Row {
        received: "2026-09-28",
        events: &[],
        due: "2026-10-30",
        label: "2026 国庆, the specification's example",
    },
    // 09-30 Wed, last working day before 国庆 (10-01..07 off). 10-08..09 = 1..2; 10-10 Sat
    // worked = 3; 10-12..16 = 4..8; 10-19..23 = 9..13; 10-26..30 = 14..18;
    // 11-02 Mon..11-03 Tue = 19..20.
    Row {
        received: "2026-09-30",
        events: &[],
        due: "2026-11-03",
        label: "2026 国庆",
    },
];

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("the table holds valid dates")
}

#[test]
fn due_dates_agree_with_the_hand_checked_table() {
    let mut mismatches = Vec::new();
    for row in ROWS {
        // Computed as of the last event (or the receipt), so no lapse can interfere.
        let today = row.events.last().map_or(row.received, |e| e.date);
        let req = DeadlineRequest {
            received_on: row.received.to_owned(),
            events: row
                .events
                .iter()
                .map(|e| EventInput {
                    date: e.date.to_owned(),
                    kind: e.kind.to_owned(),
                    days: e.days,
                })
                .collect(),
            today: today.to_owned(),
        };
        match calculate(&req, date(today)) {
            Ok(answer) => {
                if answer.due_on != Some(date(row.due)) {
                    mismatches.push(format!(
                        "{} (received {}): expected {}, calculator says {}",
                        row.label,
                        row.received,
                        row.due,
                        answer
                            .due_on
                            .map_or_else(|| "no due date".to_owned(), |d| d.to_string()),
                    ));
                }
                if !answer.missing_years.is_empty() {
                    mismatches.push(format!(
                        "{} (received {}): holiday data reported missing for {:?}",
                        row.label, row.received, answer.missing_years,
                    ));
                }
            }
            Err(errors) => mismatches.push(format!(
                "{} (received {}): refused: {errors}",
                row.label, row.received,
            )),
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} checks disagree with the hand-checked table:\n{}",
        mismatches.len(),
        ROWS.len(),
        mismatches.join("\n"),
    );
}
