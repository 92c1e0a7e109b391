use serde::{Deserialize, Serialize};

use super::Role;
use crate::ids::AgencyId;

/// One role held by a staff member: for an agency, or for the whole platform when `agency`
/// is `None` (系统管理员 only).
#[derive(utoipa::ToSchema, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Grant {
    /// The role.
    pub role: Role,
    /// The agency the role is held for.
    pub agency: Option<AgencyId>,
}

/// Something a staff member may want to do with an agency's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Create agencies and sites, manage any account. 系统管理员 only.
    ManageSystem,
    /// Edit the agency's settings, its sites' columns and its staff accounts.
    ManageAgency,
    /// See the agency's documents in the console, including drafts.
    ViewDocuments,
    /// Draft, edit and submit the agency's documents.
    EditDocuments,
    /// Approve or return documents submitted for review (保密审查, 条例第十七条).
    ReviewDocuments,
    /// Withdraw published documents and change their 效力状态.
    ManagePublished,
    /// See the agency's applications and their applicants' personal data (own agency only:
    /// staff of one agency never see another's cases).
    ViewApplications,
    /// Register and handle the agency's applications (承办人).
    HandleApplications,
    /// Approve an extension of the reply period (条例第三十三条第二款: the head of the agency's
    /// disclosure office; in the platform the agency's 机关管理员).
    ApproveExtensions,
}

/// Whether `grants` allow `permission` on the data of `agency`. `ancestors` are the agencies
/// above `agency` (its parent, the parent's parent …): a 公开办 supervises the agencies below
/// its government, so it may look at their documents, but acts only on its own.
pub fn allows(
    grants: &[Grant],
    permission: Permission,
    agency: AgencyId,
    ancestors: &[AgencyId],
) -> bool {
    grants.iter().any(|g| {
        // The 系统管理员 runs the platform but reviews nothing: only a 审核人 of the agency who
        // is not the author approves a document or clears its personal-data findings (保密审查,
        // 条例第十七条; spec/catalogue.md).
        if g.role == Role::SystemAdmin {
            return permission != Permission::ReviewDocuments;
        }
        let Some(held) = g.agency else { return false };
        let own = held == agency;
        let supervised = own || ancestors.contains(&held);
        match permission {
            Permission::ManageSystem => false,
            Permission::ManageAgency => own && g.role == Role::AgencyAdmin,
            Permission::ViewDocuments => match g.role {
                Role::DisclosureOffice => supervised,
                Role::AgencyAdmin | Role::Editor | Role::Reviewer => own,
                Role::CaseHandler | Role::SystemAdmin => false,
            },
            Permission::EditDocuments => own && matches!(g.role, Role::Editor | Role::AgencyAdmin),
            Permission::ReviewDocuments => own && g.role == Role::Reviewer,
            Permission::ManagePublished => {
                own && matches!(g.role, Role::Reviewer | Role::AgencyAdmin)
            }
            Permission::ViewApplications => {
                own && matches!(
                    g.role,
                    Role::CaseHandler | Role::AgencyAdmin | Role::DisclosureOffice
                )
            }
            Permission::HandleApplications => {
                own && matches!(g.role, Role::CaseHandler | Role::AgencyAdmin)
            }
            Permission::ApproveExtensions => own && g.role == Role::AgencyAdmin,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CITY: AgencyId = AgencyId(1);
    const DEPT: AgencyId = AgencyId(2);
    const OTHER: AgencyId = AgencyId(3);

    fn g(role: Role, agency: AgencyId) -> Grant {
        Grant {
            role,
            agency: Some(agency),
        }
    }

    #[test]
    fn system_admin_runs_the_platform_but_reviews_nothing() {
        let grants = [Grant {
            role: Role::SystemAdmin,
            agency: None,
        }];
        assert!(allows(&grants, Permission::ManageSystem, DEPT, &[CITY]));
        assert!(allows(&grants, Permission::ManageAgency, OTHER, &[]));
        // 条例第十七条: review before disclosure is a reviewer's of the agency (issue 15).
        assert!(!allows(&grants, Permission::ReviewDocuments, OTHER, &[]));
        assert!(!allows(&grants, Permission::ReviewDocuments, DEPT, &[CITY]));
    }

    #[test]
    fn roles_act_only_on_their_own_agency() {
        for role in [Role::AgencyAdmin, Role::Editor, Role::Reviewer] {
            let grants = [g(role, DEPT)];
            assert!(allows(&grants, Permission::ViewDocuments, DEPT, &[CITY]));
            assert!(!allows(&grants, Permission::ViewDocuments, OTHER, &[CITY]));
            assert!(!allows(&grants, Permission::ViewDocuments, CITY, &[]));
        }
    }

    #[test]
    fn disclosure_office_sees_agencies_below_but_edits_none() {
        let grants = [g(Role::DisclosureOffice, CITY)];
        assert!(allows(&grants, Permission::ViewDocuments, DEPT, &[CITY]));
        assert!(!allows(&grants, Permission::ViewDocuments, OTHER, &[]));
        assert!(!allows(&grants, Permission::EditDocuments, DEPT, &[CITY]));
        assert!(!allows(&grants, Permission::ReviewDocuments, CITY, &[]));
    }

    #[test]
    fn editing_reviewing_and_managing_are_separate_jobs() {
        let editor = [g(Role::Editor, DEPT)];
        let reviewer = [g(Role::Reviewer, DEPT)];
        let admin = [g(Role::AgencyAdmin, DEPT)];
        let handler = [g(Role::CaseHandler, DEPT)];
        assert!(allows(&editor, Permission::EditDocuments, DEPT, &[]));
        assert!(!allows(&editor, Permission::ReviewDocuments, DEPT, &[]));
        assert!(!allows(&editor, Permission::ManagePublished, DEPT, &[]));
        // 条例第十七条: review before disclosure is the reviewer's job.
        assert!(allows(&reviewer, Permission::ReviewDocuments, DEPT, &[]));
        assert!(!allows(&reviewer, Permission::EditDocuments, DEPT, &[]));
        assert!(!allows(&admin, Permission::ReviewDocuments, DEPT, &[]));
        assert!(allows(&admin, Permission::ManageAgency, DEPT, &[]));
        assert!(!allows(&admin, Permission::ManageSystem, DEPT, &[]));
        assert!(!allows(&handler, Permission::ViewDocuments, DEPT, &[]));
    }

    #[test]
    fn applications_stay_inside_their_agency() {
        // Applicants' personal data is seen only by the agency applied to (条例第十五条 protects
        // personal privacy; DESIGN.md: staff of one agency never see another's cases).
        let handler = [g(Role::CaseHandler, DEPT)];
        assert!(allows(
            &handler,
            Permission::HandleApplications,
            DEPT,
            &[CITY]
        ));
        assert!(!allows(
            &handler,
            Permission::ViewApplications,
            OTHER,
            &[CITY]
        ));
        assert!(!allows(
            &handler,
            Permission::ApproveExtensions,
            DEPT,
            &[CITY]
        ));
        let office = [g(Role::DisclosureOffice, CITY)];
        assert!(!allows(
            &office,
            Permission::ViewApplications,
            DEPT,
            &[CITY]
        ));
        assert!(allows(&office, Permission::ViewApplications, CITY, &[]));
        assert!(!allows(&office, Permission::HandleApplications, CITY, &[]));
        // 条例第三十三条第二款: extensions are approved by the office's head (机关管理员).
        let admin = [g(Role::AgencyAdmin, DEPT)];
        assert!(allows(&admin, Permission::ApproveExtensions, DEPT, &[CITY]));
        for role in [Role::Editor, Role::Reviewer] {
            assert!(!allows(
                &[g(role, DEPT)],
                Permission::ViewApplications,
                DEPT,
                &[]
            ));
        }
    }
}
