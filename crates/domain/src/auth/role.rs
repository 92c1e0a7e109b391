crate::labelled_enum! {
    /// A staff role. The Chinese labels are the ones agencies use for these jobs.
    pub enum Role {
        /// Runs the platform — agencies, sites, accounts. Not scoped to an agency.
        SystemAdmin = ("system_admin", "系统管理员"),
        /// The disclosure office of a government; supervises that government's agencies and
        /// every agency below it.
        DisclosureOffice = ("disclosure_office", "公开办"),
        /// Manages one agency's settings, columns and staff.
        AgencyAdmin = ("agency_admin", "机关管理员"),
        /// Drafts and submits documents of the agency.
        Editor = ("editor", "信息员"),
        /// Confidentiality review (保密审查) and approval of the agency's documents.
        Reviewer = ("reviewer", "审核人"),
        /// Handles applications for disclosure of the agency.
        CaseHandler = ("case_handler", "承办人"),
    }
}

impl Role {
    /// Whether the role is held for the whole platform rather than for one agency.
    pub fn is_global(self) -> bool {
        matches!(self, Role::SystemAdmin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_labels() {
        for &role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            assert_eq!(Role::parse(role.label()), Some(role));
        }
        assert_eq!(Role::ALL.len(), 6);
        assert_eq!(Role::parse("管理员"), None);
    }
}
