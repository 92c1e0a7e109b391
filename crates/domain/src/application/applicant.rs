//! Who applies and what for (条例第二十七条、第二十九条): the application form's fields, their
//! validation with a precise Chinese message per field, and the applicant's identity key (the
//! same person or organisation across applications, for 按件 fees and rate limits).

use serde::{Deserialize, Serialize};

use crate::agency::code::{CodeError, parse_agency_code};
use crate::catalogue::pii::is_valid_resident_id;
use crate::form::FieldErrors;

crate::labelled_enum! {
    /// The applicant kinds, exactly as the annual report counts them (国办公开办函〔2021〕30号).
    pub enum ApplicantKind {
        /// 自然人.
        NaturalPerson = ("natural_person", "自然人"),
        /// 法人或其他组织 — 商业企业.
        Commercial = ("commercial", "商业企业"),
        /// 法人或其他组织 — 科研机构.
        Research = ("research", "科研机构"),
        /// 法人或其他组织 — 社会公益组织.
        PublicInterest = ("public_interest", "社会公益组织"),
        /// 法人或其他组织 — 法律服务机构.
        LegalService = ("legal_service", "法律服务机构"),
        /// 法人或其他组织 — 其他.
        OtherOrganisation = ("other_organisation", "其他"),
    }
}

impl ApplicantKind {
    /// Whether the applicant is a 法人或其他组织.
    pub fn is_organisation(self) -> bool {
        self != ApplicantKind::NaturalPerson
    }

    /// The label with its group, for lists (`法人或其他组织·商业企业`).
    pub fn full_label(self) -> String {
        if self.is_organisation() {
            format!("法人或其他组织·{}", self.label())
        } else {
            self.label().to_owned()
        }
    }
}

crate::labelled_enum! {
    /// The identity document of a natural person.
    pub enum IdType {
        /// 居民身份证 (GB 11643 number with check character).
        ResidentId = ("resident_id", "居民身份证"),
        /// 护照.
        Passport = ("passport", "护照"),
        /// 港澳居民来往内地通行证.
        HongKongMacao = ("hk_macao", "港澳居民来往内地通行证"),
        /// 台湾居民来往大陆通行证.
        Taiwan = ("taiwan", "台湾居民来往大陆通行证"),
        /// 外国人永久居留身份证.
        ForeignPermanent = ("foreign_permanent", "外国人永久居留身份证"),
        /// 其他有效身份证件.
        Other = ("other", "其他有效身份证件"),
    }
}

crate::labelled_enum! {
    /// The form the information is wanted in (所需信息的载体形式).
    pub enum InfoForm {
        /// 纸质.
        Paper = ("paper", "纸质"),
        /// 电子.
        Electronic = ("electronic", "电子"),
        /// 光盘.
        Disc = ("disc", "光盘"),
        /// 其他.
        Other = ("other", "其他"),
    }
}

crate::labelled_enum! {
    /// How the applicant wants to receive it (获取信息的方式).
    pub enum DeliveryWanted {
        /// 邮寄.
        Mail = ("mail", "邮寄"),
        /// 电子邮件.
        Email = ("email", "电子邮件"),
        /// 自行领取.
        Pickup = ("pickup", "自行领取"),
        /// 网上获取.
        Online = ("online", "网上获取"),
    }
}

/// The application form as typed (web form or API body); every field is text.
#[derive(utoipa::ToSchema, Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(default)]
pub struct ApplicationForm {
    /// Applicant kind, stored name.
    pub kind: String,
    /// 姓名 or 名称.
    pub name: String,
    /// ID type of a person, stored name.
    pub id_type: String,
    /// ID number of a person.
    pub id_number: String,
    /// 统一社会信用代码 of an organisation.
    pub credit_code: String,
    /// 法定代表人或者负责人 of an organisation.
    pub legal_rep: String,
    /// 联系人 of an organisation.
    pub contact_name: String,
    /// 联系电话.
    pub phone: String,
    /// 电子邮箱.
    pub email: String,
    /// 通信地址.
    pub address: String,
    /// 邮政编码.
    pub postcode: String,
    /// 所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述.
    pub description: String,
    /// 所需政府信息的名称 (optional).
    pub doc_title: String,
    /// 文号 (optional).
    pub doc_number: String,
    /// 用途 (optional since 2019; never required).
    pub purpose: String,
    /// Form wanted, stored name.
    pub info_form: String,
    /// Delivery wanted, stored name.
    pub delivery: String,
}

/// A validated application: the applicant and what is asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewApplication {
    /// Kind.
    pub kind: ApplicantKind,
    /// 姓名 or 名称.
    pub name: String,
    /// ID type (persons).
    pub id_type: Option<IdType>,
    /// ID number (persons) or 统一社会信用代码 (organisations), normalised.
    pub id_number: String,
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
    /// The description of the information.
    pub description: String,
    /// 名称.
    pub doc_title: String,
    /// 文号.
    pub doc_number: String,
    /// 用途.
    pub purpose: String,
    /// Form wanted.
    pub info_form: InfoForm,
    /// Delivery wanted.
    pub delivery: DeliveryWanted,
}

impl NewApplication {
    /// The applicant's identity key: the same person or organisation across applications
    /// (国办函〔2020〕109号: 按件 fees count per applicant by ID number or credit code).
    pub fn identity_key(&self) -> String {
        identity_key(self.id_type, &self.id_number)
    }
}

/// The identity key of an ID number (`resident_id:1101…`, `org:9111…`).
pub fn identity_key(id_type: Option<IdType>, id_number: &str) -> String {
    match id_type {
        Some(t) => format!("{}:{}", t.as_str(), id_number),
        None => format!("org:{id_number}"),
    }
}

/// Full-width digits and letters (typed with a Chinese input method) read as ASCII; spaces go.
fn normalise_code(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            '－' => '-',
            _ => c,
        })
        .collect::<String>()
        .to_ascii_uppercase()
}

fn text(input: &str) -> String {
    input.trim().to_owned()
}

/// Whether `phone` is a mainland mobile (11 digits, 13x–19x) or a landline with area code
/// (`010-12345678`, `0755 1234567`, with an optional extension).
pub fn is_valid_phone(phone: &str) -> bool {
    let p = normalise_code(phone).replace(['(', ')', '（', '）'], "");
    let p = p.strip_prefix("+86").unwrap_or(&p);
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if p.starts_with('1') {
        let b = p.as_bytes();
        return p.len() == 11 && digits(p) && (b'3'..=b'9').contains(&b[1]);
    }
    let parts: Vec<&str> = p.split('-').collect();
    let (area, number, ext) = match parts.as_slice() {
        [a, n] => (*a, *n, None),
        [a, n, e] => (*a, *n, Some(*e)),
        [n] if n.starts_with('0') && n.len() >= 10 && n.len() <= 12 => {
            return digits(n);
        }
        _ => return false,
    };
    digits(area)
        && area.starts_with('0')
        && (3..=4).contains(&area.len())
        && digits(number)
        && (7..=8).contains(&number.len())
        && ext.is_none_or(|e| digits(e) && e.len() <= 6)
}

/// Whether `email` looks like a deliverable address (one `@`, a dotted domain, no spaces).
pub fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && domain.len() <= 255
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && email.is_ascii()
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c == ',' || c == ';')
}

fn credit_code_message(e: &CodeError) -> String {
    match e {
        CodeError::Empty => "请填写统一社会信用代码".to_owned(),
        CodeError::WrongLength(n) => {
            format!("统一社会信用代码应为 18 位，您填写了 {n} 位")
        }
        CodeError::InvalidCharacter(c) => format!("统一社会信用代码含有不允许的字符“{c}”"),
        CodeError::WrongCheckCharacter { .. } => {
            "统一社会信用代码校验位不正确，请核对是否抄错".to_owned()
        }
    }
}

/// Longest text of a single-line field, in characters.
const MAX_LINE: usize = 200;
/// Longest description, in characters.
const MAX_DESCRIPTION: usize = 5000;

/// Validates an application form (条例第二十九条): every invalid field gets its own message.
/// The purpose (用途) is never required.
pub fn validate(form: &ApplicationForm) -> Result<NewApplication, FieldErrors> {
    let mut e = FieldErrors::new();
    let kind = ApplicantKind::parse(&form.kind);
    if kind.is_none() {
        e.add(
            "kind",
            "请选择申请人类型：自然人，或法人或其他组织（及其类别）",
        );
    }
    let name = text(&form.name);
    let org = kind.is_some_and(ApplicantKind::is_organisation);
    if name.is_empty() {
        e.add(
            "name",
            if org {
                "请填写法人或其他组织的名称"
            } else {
                "请填写申请人姓名"
            },
        );
    } else if name.chars().count() > 100 {
        e.add("name", "名称不能超过 100 个字");
    }
    let mut id_type = None;
    let mut id_number = String::new();
    if org {
        match parse_agency_code(&form.credit_code) {
            Ok(code) if code.as_str().len() == 18 => id_number = code.as_str().to_owned(),
            Ok(code) => e.add(
                "credit_code",
                credit_code_message(&CodeError::WrongLength(code.as_str().len())),
            ),
            Err(err) => e.add("credit_code", credit_code_message(&err)),
        }
        if text(&form.contact_name).is_empty() {
            e.add("contact_name", "请填写联系人姓名");
        }
    } else if kind.is_some() {
        id_type = IdType::parse(&form.id_type);
        let number = normalise_code(&form.id_number);
        match id_type {
            None => e.add("id_type", "请选择身份证件名称"),
            Some(_) if number.is_empty() => e.add("id_number", "请填写证件号码"),
            Some(IdType::ResidentId) if number.len() != 18 => e.add(
                "id_number",
                format!(
                    "居民身份证号码应为 18 位，您填写了 {} 位",
                    number.chars().count()
                ),
            ),
            Some(IdType::ResidentId) if !is_valid_resident_id(&number) => e.add(
                "id_number",
                "居民身份证号码校验位或出生日期不正确，请核对是否抄错",
            ),
            Some(_)
                if number.len() > 30
                    || !number
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-') =>
            {
                e.add("id_number", "证件号码只能由字母、数字组成，且不超过 30 位")
            }
            Some(_) => {}
        }
        id_number = number;
    }
    let phone = text(&form.phone);
    if phone.is_empty() {
        e.add("phone", "请填写联系电话");
    } else if !is_valid_phone(&phone) {
        e.add(
            "phone",
            "联系电话格式不正确：手机号为 11 位数字，固定电话请带区号，如 010-12345678",
        );
    }
    let delivery = DeliveryWanted::parse(&form.delivery);
    if delivery.is_none() {
        e.add(
            "delivery",
            "请选择获取信息的方式：邮寄、电子邮件、自行领取或网上获取",
        );
    }
    let email = text(&form.email);
    if email.is_empty() {
        if delivery == Some(DeliveryWanted::Email) {
            e.add("email", "选择以电子邮件获取的，请填写电子邮箱");
        }
    } else if !is_valid_email(&email) {
        e.add("email", "电子邮箱格式不正确，如 name@example.com");
    }
    let address = text(&form.address);
    if address.is_empty() && delivery == Some(DeliveryWanted::Mail) {
        e.add("address", "选择邮寄的，请填写通信地址");
    }
    let postcode = normalise_code(&form.postcode);
    let postcode_ok = postcode.is_empty()
        || (postcode.len() == 6 && postcode.chars().all(|c| c.is_ascii_digit()));
    if !postcode_ok {
        e.add("postcode", "邮政编码应为 6 位数字");
    }
    let description = text(&form.description);
    if description.chars().count() < 4 {
        e.add(
            "description",
            "请描述所需的政府信息：名称、文号或者便于行政机关查询的其他特征性描述",
        );
    } else if description.chars().count() > MAX_DESCRIPTION {
        e.add(
            "description",
            format!("所需信息描述不能超过 {MAX_DESCRIPTION} 字；内容较多的，可分别提出申请"),
        );
    }
    let info_form = InfoForm::parse(&form.info_form);
    if info_form.is_none() {
        e.add(
            "info_form",
            "请选择所需信息的载体形式：纸质、电子、光盘或其他",
        );
    }
    for (field, value, label) in [
        ("legal_rep", &form.legal_rep, "法定代表人或者负责人"),
        ("contact_name", &form.contact_name, "联系人"),
        ("address", &form.address, "通信地址"),
        ("doc_title", &form.doc_title, "信息名称"),
        ("doc_number", &form.doc_number, "文号"),
        ("purpose", &form.purpose, "用途"),
    ] {
        if value.trim().chars().count() > MAX_LINE {
            e.add(field, format!("{label}不能超过 {MAX_LINE} 个字"));
        }
    }
    let (Some(kind), Some(info_form), Some(delivery)) = (kind, info_form, delivery) else {
        return Err(e);
    };
    e.into_result(NewApplication {
        kind,
        name,
        id_type,
        id_number,
        legal_rep: if org {
            text(&form.legal_rep)
        } else {
            String::new()
        },
        contact_name: if org {
            text(&form.contact_name)
        } else {
            String::new()
        },
        phone,
        email,
        address,
        postcode,
        description,
        doc_title: text(&form.doc_title),
        doc_number: text(&form.doc_number),
        purpose: text(&form.purpose),
        info_form,
        delivery,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn person() -> ApplicationForm {
        ApplicationForm {
            kind: "natural_person".into(),
            name: "张三".into(),
            id_type: "resident_id".into(),
            // GB 11643-1999 §8.2 example number.
            id_number: "11010519491231002X".into(),
            phone: "13800138000".into(),
            description: "2025年本市老旧小区改造项目清单".into(),
            info_form: "electronic".into(),
            delivery: "online".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_person_needs_name_identity_contact_and_description_but_no_purpose() {
        // 条例第二十九条第二款: name, identity, contact, description, form and delivery. The
        // purpose is not required (the 2007 Regulation's 用途 requirement was dropped in 2019).
        let a = validate(&person()).expect("valid");
        assert_eq!(a.kind, ApplicantKind::NaturalPerson);
        assert_eq!(a.identity_key(), "resident_id:11010519491231002X");
        assert!(a.purpose.is_empty());
        let e = validate(&ApplicationForm::default()).expect_err("empty");
        for field in [
            "kind",
            "name",
            "phone",
            "description",
            "info_form",
            "delivery",
        ] {
            assert!(e.get(field).is_some(), "{field}");
        }
        assert!(e.get("purpose").is_none());
    }

    #[test]
    fn resident_id_check_character_is_verified() {
        // GB 11643-1999: the 18th character is the ISO 7064 MOD 11-2 check.
        let mut f = person();
        f.id_number = "110105194912310021".into();
        let e = validate(&f).expect_err("bad check");
        assert!(e.get("id_number").expect("msg").contains("校验位"));
        f.id_number = "11010519491231002".into();
        assert!(
            validate(&f)
                .expect_err("short")
                .get("id_number")
                .expect("m")
                .contains("17 位")
        );
        // Full-width digits and a lower-case x are read as typed on a phone.
        f.id_number = "１１０１０５１９４９１２３１００２x".into();
        assert_eq!(validate(&f).expect("ok").id_number, "11010519491231002X");
        // Passports are free-form but bounded.
        f.id_type = "passport".into();
        f.id_number = "E12345678".into();
        assert!(validate(&f).is_ok());
        f.id_number = "E1234<5678".into();
        assert!(validate(&f).is_err());
    }

    #[test]
    fn organisations_give_a_checked_credit_code_and_a_contact() {
        // 条例第二十九条: 法人或者其他组织 give their name, code and contact person; the annual
        // report counts them in five columns.
        let mut f = person();
        f.kind = "commercial".into();
        f.name = "示例科技有限公司".into();
        f.credit_code = "91350100M000100Y43".into();
        f.contact_name = "李四".into();
        let a = validate(&f).expect("valid");
        assert_eq!(a.id_type, None);
        assert_eq!(a.identity_key(), "org:91350100M000100Y43");
        assert_eq!(a.kind.full_label(), "法人或其他组织·商业企业");
        f.credit_code = "91350100M000100Y44".into();
        let e = validate(&f).expect_err("check");
        assert_eq!(
            e.get("credit_code"),
            Some("统一社会信用代码校验位不正确，请核对是否抄错")
        );
        f.credit_code = "00001434-9".into();
        assert!(
            validate(&f)
                .expect_err("org code")
                .get("credit_code")
                .expect("m")
                .contains("18 位")
        );
        f.credit_code = "91350100M000100Y43".into();
        f.contact_name = String::new();
        assert!(
            validate(&f)
                .expect_err("contact")
                .get("contact_name")
                .is_some()
        );
        assert_eq!(ApplicantKind::ALL.len(), 6);
    }

    #[test]
    fn contact_details_are_checked_against_the_delivery_wanted() {
        let mut f = person();
        for ok in [
            "13912345678",
            "010-12345678",
            "0755 1234567",
            "+8613912345678",
            "0571-87654321-123",
        ] {
            f.phone = ok.into();
            assert!(validate(&f).is_ok(), "{ok}");
        }
        for bad in ["12345", "23800138000", "1380013800", "010-123"] {
            f.phone = bad.into();
            assert!(validate(&f).expect_err(bad).get("phone").is_some(), "{bad}");
        }
        f.phone = "13800138000".into();
        f.delivery = "email".into();
        assert!(validate(&f).expect_err("email").get("email").is_some());
        f.email = "zhang@example".into();
        assert!(validate(&f).expect_err("email").get("email").is_some());
        f.email = "zhang@example.cn".into();
        assert!(validate(&f).is_ok());
        f.delivery = "mail".into();
        assert_eq!(
            validate(&f).expect_err("address").get("address"),
            Some("选择邮寄的，请填写通信地址")
        );
        f.address = "示例市示例路 1 号".into();
        f.postcode = "35000".into();
        assert!(
            validate(&f)
                .expect_err("postcode")
                .get("postcode")
                .is_some()
        );
        f.postcode = "350001".into();
        assert!(validate(&f).is_ok());
    }
}
