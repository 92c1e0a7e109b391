//! 依申请公开: applications for disclosure (spec/applications.md).
//!
//! - [`applicant`]: the form's fields and their validation (条例第二十九条).
//! - [`channel`]: channels and the receipt date (条例第三十一条).
//! - [`clock`]: the statutory clock (条例第三十、三十二、三十三、三十四条).
//! - [`case`]: which actions an application allows now.
//! - [`outcome`]: outcomes and grounds, exactly the annual report's rows.
//! - [`fee`]: 信息处理费 (国办函〔2020〕109号).
//! - [`letter`]: notices and the reply letter: templates, decisions, remedies.
//! - [`year`]: a year of applications as the annual report counts them.

pub mod applicant;
pub mod case;
pub mod channel;
pub mod clock;
pub mod fee;
pub mod letter;
pub mod outcome;
pub mod year;
