//! The 15 kinds of information every agency discloses proactively (条例第二十条).

/// The labels of 条例第二十条's items, in order: item `n` is `ITEMS[n - 1]`.
pub const ITEMS: [&str; 15] = [
    "（一）行政法规、规章和规范性文件",
    "（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    "（三）国民经济和社会发展规划、专项规划、区域规划及相关政策",
    "（四）国民经济和社会发展统计信息",
    "（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    "（六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    "（七）财政预算、决算信息",
    "（八）行政事业性收费项目及其依据、标准",
    "（九）政府集中采购项目的目录、标准及实施情况",
    "（十）重大建设项目的批准和实施情况",
    "（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    "（十二）突发公共事件的应急预案、预警信息及应对情况",
    "（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    "（十四）公务员招考的职位、名额、报考条件等事项以及录用结果",
    "（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
];

/// One item of 条例第二十条, 1..=15.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct Item20(u8);

impl Item20 {
    /// The item with this number, if it is one of the fifteen.
    pub fn new(n: u8) -> Option<Item20> {
        (1..=15).contains(&n).then_some(Item20(n))
    }

    /// Every item, in order.
    pub fn all() -> impl Iterator<Item = Item20> {
        (1..=15).map(Item20)
    }

    /// The item's number.
    pub fn number(self) -> u8 {
        self.0
    }

    /// The item's label exactly as in the Regulation, numbered.
    pub fn label(self) -> &'static str {
        ITEMS[usize::from(self.0 - 1)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifteen_items_of_article_20() {
        // 条例第二十条 lists fifteen items.
        assert_eq!(Item20::all().count(), 15);
        assert!(Item20::new(0).is_none());
        assert!(Item20::new(16).is_none());
        assert_eq!(
            Item20::new(7).map(Item20::label),
            Some("（七）财政预算、决算信息")
        );
        for item in Item20::all() {
            assert!(item.label().starts_with('（'));
        }
    }
}
