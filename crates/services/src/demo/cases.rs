//! The demo's applications: the 民政局's cases of the past years — registered from the channels
//! people use and answered with the outcomes the annual report counts (a few still open at the
//! year's end, carried over) — and this year's, still in progress (just received, due within a
//! few days, overdue, waiting for a 补正). Every step goes through the same services as staff's,
//! at the time it happened, so the work list, the year view, the letters and the annual reports
//! all show figures the platform computed.

use chrono::{Datelike, Duration, NaiveDate};
use gongkai_domain::application::applicant::ApplicationForm;
use gongkai_domain::application::case::CaseAction;

use super::rng::Rng;
use crate::accounts::Staff;
use crate::applications::{self as apps, ActionForm, RegistrationForm};
use crate::error::ServiceResult;

/// What people ask a 民政局 for (descriptions of the information sought).
const ASKED: &[&str] = &[
    "本市城乡居民最低生活保障标准的调整文件及测算依据",
    "本区养老机构名录及等级评定结果",
    "社会救助资金年度发放情况统计",
    "殡葬服务收费项目和标准的批复文件",
    "本市社会组织登记和年检结果",
    "特困人员供养标准及其制定依据",
    "临时救助审批流程和办理时限",
    "居家养老服务补贴的发放对象和标准",
    "婚姻登记处的办公地点和预约方式",
    "困难残疾人生活补贴的发放名单公示情况",
    "社区养老服务设施建设项目的立项批复",
    "慈善募捐备案信息",
];

/// Surnames and given names of the fictitious applicants.
const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
const GIVEN: &[&str] = &[
    "建国", "秀英", "志强", "丽华", "伟", "芳", "敏", "军", "静", "磊",
];

/// The closing grounds of the past years' cases, roughly as often as agencies report them.
const GROUNDS: &[&str] = &[
    "provided",
    "provided",
    "provided",
    "provided",
    "already_public",
    "already_public",
    "partial",
    "not_held",
    "not_held",
    "held_elsewhere",
    "third_party",
    "petition",
    "repeated",
    "needs_creating",
];

/// A valid 居民身份证号码 (GB 11643: ISO 7064 MOD 11-2 check character) for a fictitious person.
fn resident_id(n: u32) -> String {
    let body = format!(
        "110105{:04}0{}{:02}{:03}",
        1950 + n % 50,
        1 + n % 9,
        1 + n % 28,
        n % 1000
    );
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

fn applicant(n: u32, rng: &mut Rng) -> ApplicationForm {
    let description = format!("申请公开{}。", rng.pick(ASKED));
    let mut form = ApplicationForm {
        kind: "natural_person".into(),
        name: format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN)),
        id_type: "resident_id".into(),
        id_number: resident_id(n),
        phone: format!("1390000{:04}", 1000 + n),
        address: "示例市城区示例路1号".into(),
        description,
        purpose: String::new(),
        info_form: "paper".into(),
        delivery: "mail".into(),
        ..ApplicationForm::default()
    };
    // One in six from a company (商业企业), as the report's columns show.
    if n % 6 == 5 {
        form.kind = "commercial".into();
        form.name = format!("示例市{}物业服务有限公司", rng.pick(GIVEN));
        form.id_type = String::new();
        form.id_number = String::new();
        form.credit_code = crate::fixtures::credit_code(n);
        form.legal_rep = format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN));
        form.contact_name = format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN));
    }
    form
}

/// 10:00 China Standard Time on `day`, as unix ms.
fn at(day: NaiveDate) -> i64 {
    day.and_hms_opt(2, 0, 0)
        .map(|t| t.and_utc().timestamp_millis())
        .unwrap_or_default()
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

async fn register(
    store: &gongkai_store::Store,
    handler: &Staff,
    agency_id: i64,
    form: ApplicationForm,
    day: NaiveDate,
    now: i64,
) -> ServiceResult<i64> {
    let r = RegistrationForm {
        application: form,
        channel: if day.day().is_multiple_of(3) {
            "registered_mail"
        } else {
            "in_person"
        }
        .into(),
        channel_on: ymd(day),
        handler_id: Some(handler.id),
    };
    Ok(apps::register(store, handler, agency_id, &r, now).await?.id)
}

/// The close form of `ground` with what it must also say.
fn closing(ground: &str, day: NaiveDate) -> ActionForm {
    let detail = match ground {
        "already_public" => "已在示例市民政局网站“法定主动公开内容”栏目公开，可在该栏目查阅",
        "partial" => "其中涉及个人身份信息和银行账户的部分属于个人隐私，依照条例第十五条不予公开",
        "not_held" => "经在本机关文书档案和业务系统中检索，未找到所申请的信息",
        "held_elsewhere" => "该信息由示例市财政局制作和保存",
        "third_party" => "所申请信息含有第三方的商业秘密，经征求意见第三方不同意公开",
        "repeated" => "与本机关此前已答复的申请内容相同",
        "needs_creating" => "所申请的统计口径需要对原始数据重新加工汇总",
        _ => "",
    };
    ActionForm {
        date: ymd(day),
        ground: ground.into(),
        detail: detail.into(),
        holder: if ground == "held_elsewhere" {
            "示例市财政局".into()
        } else {
            String::new()
        },
        holder_contact: if ground == "held_elsewhere" {
            "0000-66660002（示例市财政局政府信息公开工作机构）".into()
        } else {
            String::new()
        },
        ..ActionForm::default()
    }
}

/// Loads the 民政局's cases from `first_year` to `today`; returns how many.
pub(super) async fn load(
    store: &gongkai_store::Store,
    handler: &Staff,
    agency_id: i64,
    first_year: i32,
    today: NaiveDate,
    now: i64,
) -> ServiceResult<usize> {
    let mut rng = Rng::new(0x6A6B_2026);
    let mut n = 0_u32;
    // The past years and this year until six weeks ago: every case answered 5 to 18 days after
    // it arrived (those of late December in January: carried over into the next year's report).
    for year in first_year..=today.year() {
        let count = rng.range(9, 14);
        for k in 0..count {
            let Some(start) = NaiveDate::from_ymd_opt(year, 1, 8) else {
                continue;
            };
            let day = start + Duration::days((k * 350 / count + rng.range(0, 20)) as i64);
            let day = day.min(NaiveDate::from_ymd_opt(year, 12, 30).unwrap_or(day));
            // This year's later cases are the work in progress below.
            if day > today - Duration::days(45) {
                break;
            }
            n += 1;
            let id = register(
                store,
                handler,
                agency_id,
                applicant(n, &mut rng),
                day,
                at(day),
            )
            .await?;
            let closed = day + Duration::days(rng.range(5, 18) as i64);
            if closed >= today {
                continue;
            }
            let ground = *rng.pick(GROUNDS);
            apps::act(
                store,
                handler,
                id,
                CaseAction::Close,
                &closing(ground, closed),
                at(closed),
            )
            .await?;
        }
    }
    // This year's work in progress (the work list shows each state): just received, due within
    // a few days, overdue, and one waiting for the applicant's 补正.
    let today_now = now.min(at(today)).max(at(today) - 8 * 3_600_000);
    for (ago, correction) in [(2, false), (6, false), (26, false), (40, false), (9, true)] {
        let day = today - Duration::days(ago);
        n += 1;
        let id = register(
            store,
            handler,
            agency_id,
            applicant(n, &mut rng),
            day,
            at(day),
        )
        .await?;
        if correction {
            let asked = ActionForm {
                date: ymd(day + Duration::days(2)),
                note: "请写明所需信息的时间范围（年度）和所在区县".into(),
                ..ActionForm::default()
            };
            let when = at(day + Duration::days(2)).min(today_now.max(at(day)));
            apps::act(
                store,
                handler,
                id,
                CaseAction::RequestCorrection,
                &asked,
                when,
            )
            .await?;
        }
    }
    Ok(n as usize)
}
