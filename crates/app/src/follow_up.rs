//! Placement follow-up: employers say when a fixed-term or seasonal contract ends; the
//! person, their caseworker or the employer records the check-ins at 3, 6 and 12 months;
//! caseworkers and employers see which are due.

use chrono::NaiveDate;
use skillbridge_auth::CurrentUser;
use skillbridge_domain::application::Placement;
use skillbridge_domain::delegation::{Actor, DelegationScope};
use skillbridge_domain::follow_up::{
    CheckIn, CheckInDetails, check_in_problems, due_check_ins, end_problem,
};
use skillbridge_domain::{
    FieldProblem, OrganisationId, OrganisationKind, ProblemCode, clock, policy,
};
use uuid::Uuid;

use crate::access::ProfileTarget;
use crate::{App, ServiceError, ServiceResult};

/// A placement with the check-ins due and not recorded yet, earliest first.
pub type DuePlacement = (Placement, Vec<(u32, NaiveDate)>);

fn no_placement() -> FieldProblem {
    FieldProblem::new(
        "placementId",
        ProblemCode::NotFound,
        "no such placement of yours, your clients' or your organisation's",
    )
}

impl App {
    async fn placement(&self, id: Option<Uuid>) -> ServiceResult<Placement> {
        let found = match id {
            Some(id) => self.store.placement_by_id(id).await?,
            None => None,
        };
        found.ok_or_else(|| no_placement().into())
    }

    /// The employer `placement` went to, if the caller acts for it.
    async fn employer_of(
        &self,
        user: &CurrentUser,
        placement: &Placement,
    ) -> ServiceResult<Option<OrganisationId>> {
        let Some(vacancy) = self
            .store
            .vacancies_by_ids(&[placement.vacancy_id])
            .await?
            .pop()
        else {
            return Ok(None);
        };
        let mine = self.memberships(user).await?;
        Ok(policy::is_member(&mine, vacancy.organisation_id).then_some(vacancy.organisation_id))
    }

    /// Sets (or with `None` clears) the day a placement's contract ends: for the employer.
    pub async fn set_placement_end(
        &self,
        user: &CurrentUser,
        id: Option<Uuid>,
        ends_on: Option<NaiveDate>,
    ) -> ServiceResult<Placement> {
        let placement = self.placement(id).await?;
        let Some(employer) = self.employer_of(user, &placement).await? else {
            return Err(no_placement().into());
        };
        self.acting_for(user, employer, OrganisationKind::Employer)
            .await?;
        if let Some(problem) = ends_on.and_then(|end| end_problem(&placement, end)) {
            return Err(problem.into());
        }
        self.store
            .set_placement_end(placement.id, ends_on)
            .await?
            .ok_or_else(|| no_placement().into())
    }

    /// Records a check-in on a placement: by the person, by a caseworker of a support
    /// organisation the person delegated EDIT_PROFILE to (`organisation`), or by a member of
    /// the employer (`organisation` the employer). Recording a milestone again replaces it.
    pub async fn record_check_in(
        &self,
        user: &CurrentUser,
        id: Option<Uuid>,
        organisation: Option<OrganisationId>,
        details: CheckInDetails,
    ) -> ServiceResult<CheckIn> {
        let placement = self.placement(id).await?;
        let actor = match organisation {
            None => {
                let own = self.own_profile(user).await.ok().flatten();
                if own.is_none_or(|p| p.id != placement.profile_id) {
                    return Err(no_placement().into());
                }
                Actor::person(user.id)
            }
            Some(organisation) => {
                if self.employer_of(user, &placement).await? == Some(organisation) {
                    self.acting_for(user, organisation, OrganisationKind::Employer)
                        .await?;
                } else {
                    let client = ProfileTarget::Client {
                        profile: placement.profile_id,
                        organisation,
                    };
                    self.target_profile(user, client, DelegationScope::EditProfile)
                        .await?;
                }
                Actor::member(user.id, organisation)
            }
        };
        let problems = check_in_problems(&placement, &details, clock::now().date_naive());
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        Ok(self
            .store
            .record_check_in(placement.id, &details, actor, clock::now())
            .await?)
    }

    /// Whether the caller sees the notes of a placement's check-ins: the person and their
    /// caseworkers, not the employer.
    pub async fn sees_check_in_notes(
        &self,
        user: &CurrentUser,
        placement: &Placement,
    ) -> ServiceResult<bool> {
        match self.store.profile_by_id(placement.profile_id).await? {
            Some(profile) => self.may_see_activity(user, &profile).await,
            None => Ok(false),
        }
    }

    /// The caller's own placements, newest first (none while they have no profile).
    pub async fn my_placements(&self, user: &CurrentUser) -> ServiceResult<Vec<Placement>> {
        match self.own_profile(user).await? {
            Some(profile) => Ok(self.store.placements_of_profile(profile.id).await?),
            None => Ok(Vec::new()),
        }
    }

    /// The placements with check-ins due and not recorded, the earliest due first: a
    /// support organisation's clients', or an employer's hires.
    pub async fn placements_due(
        &self,
        user: &CurrentUser,
        organisation: OrganisationId,
    ) -> ServiceResult<Vec<DuePlacement>> {
        let kind = self
            .store
            .organisation_by_id(organisation)
            .await?
            .map(|o| o.kind)
            .ok_or(ServiceError::Forbidden(crate::access::NOT_ALLOWED))?;
        let acting = self.acting_for(user, organisation, kind).await?;
        let placements = match kind {
            OrganisationKind::SupportOrganisation => {
                self.store.placements_of_clients(acting.id).await?
            }
            OrganisationKind::Employer => self.store.placements_of_employer(acting.id).await?,
            _ => return Err(ServiceError::Forbidden(crate::access::NOT_ALLOWED)),
        };
        let ids: Vec<Uuid> = placements.iter().map(|p| p.id).collect();
        let check_ins = self.store.check_ins_of(&ids).await?;
        let today = clock::now().date_naive();
        let mut due: Vec<DuePlacement> = placements
            .into_iter()
            .filter_map(|p| {
                let recorded: Vec<CheckIn> = check_ins
                    .iter()
                    .filter(|c| c.placement_id == p.id)
                    .cloned()
                    .collect();
                let open = due_check_ins(&p, &recorded, today);
                (!open.is_empty()).then_some((p, open))
            })
            .collect();
        due.sort_by_key(|(p, open)| (open[0].1, p.id));
        Ok(due)
    }
}
