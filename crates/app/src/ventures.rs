//! The entrepreneurship track: a person's ventures (for people in the ENTREPRENEURSHIP
//! track, a few each) and the mentoring members of any organisation offer them.

use std::collections::HashMap;

use skillbridge_auth::CurrentUser;
use skillbridge_domain::match_index::RankCursor;
use skillbridge_domain::profile::tracks_in_force;
use skillbridge_domain::profile::{Profile, Track};
use skillbridge_domain::taxonomy::Skill;
use skillbridge_domain::venture::{
    MAX_MENTOR_SKILLS, MAX_VENTURE_SKILLS, MAX_VENTURES, MentorDetails, MentorFit, MentorOffer,
    SavedVenture, Venture, VentureDetails, rank_mentors, validate_mentor, validate_venture,
};
use skillbridge_domain::{
    FieldProblem, OrganisationId, ProblemCode, SkillId, StoreError, UserId, clock,
};
use uuid::Uuid;

use crate::access::ProfileTarget;
use crate::{App, ServiceError, ServiceResult};
use skillbridge_domain::delegation::DelegationScope;

/// A venture as written: `details` holds every plain field; the skills it needs come as
/// ESCO URIs.
#[derive(Clone, Debug)]
pub struct VentureForm {
    pub details: VentureDetails,
    pub skill_uris: Vec<String>,
}

/// A mentoring offer as written: `details` holds every plain field; the skills come as
/// ESCO URIs.
#[derive(Clone, Debug)]
pub struct MentorForm {
    pub details: MentorDetails,
    pub skill_uris: Vec<String>,
}

impl App {
    /// Saves a venture of `profile` (a new one, or the one `venture` names), for a person
    /// in the ENTREPRENEURSHIP track.
    pub async fn save_venture(
        &self,
        profile: &Profile,
        venture: Option<Uuid>,
        form: VentureForm,
    ) -> ServiceResult<Venture> {
        let mut problems = Vec::new();
        if !tracks_in_force(&profile.details, clock::now().date_naive())
            .contains(&Track::Entrepreneurship)
        {
            problems.push(FieldProblem::new(
                "profileId",
                ProblemCode::NotInTrack,
                "ventures are for people in the ENTREPRENEURSHIP track: opt into it on the profile",
            ));
        }
        let mut details = form.details;
        details.skills_needed = self
            .skill_ids_by_uri(
                "skillUris",
                &form.skill_uris,
                MAX_VENTURE_SKILLS,
                &mut problems,
            )
            .await?;
        problems.extend(validate_venture(&details));
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        match self
            .store
            .save_venture(profile.id, venture, &details, clock::now())
            .await?
        {
            SavedVenture::Saved(venture) => Ok(venture),
            SavedVenture::NotFound => Err(no_such_venture().into()),
            SavedVenture::TooMany => Err(FieldProblem::new(
                "ventureId",
                ProblemCode::TooMany,
                format!("a profile holds at most {MAX_VENTURES} ventures"),
            )
            .into()),
        }
    }

    /// Removes the venture `venture` of `profile`.
    pub async fn remove_venture(&self, profile: &Profile, venture: Uuid) -> ServiceResult<()> {
        if self.store.remove_venture(profile.id, venture).await? {
            Ok(())
        } else {
            Err(no_such_venture().into())
        }
    }

    /// `mentor` offers mentoring through `organisation` (one they are a member of); saving
    /// again replaces the offer.
    pub async fn offer_mentoring(
        &self,
        mentor: UserId,
        organisation: OrganisationId,
        form: MentorForm,
    ) -> ServiceResult<MentorOffer> {
        let mut problems = Vec::new();
        let mut details = form.details;
        details.skills = self
            .skill_ids_by_uri(
                "skillUris",
                &form.skill_uris,
                MAX_MENTOR_SKILLS,
                &mut problems,
            )
            .await?;
        problems.extend(validate_mentor(&details));
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        match self
            .store
            .save_mentor_offer(mentor, organisation, &details, clock::now())
            .await
        {
            Ok(offer) => Ok(offer),
            Err(StoreError::NotFound { .. }) => Err(ServiceError::Forbidden(
                "you can offer mentoring only through an organisation you are a member of",
            )),
            Err(err) => Err(err.into()),
        }
    }

    /// Withdraws `mentor`'s offer through `organisation`.
    pub async fn withdraw_mentoring(
        &self,
        mentor: UserId,
        organisation: OrganisationId,
    ) -> ServiceResult<()> {
        if self
            .store
            .withdraw_mentor_offer(mentor, organisation)
            .await?
        {
            Ok(())
        } else {
            Err(FieldProblem::new(
                "organisationId",
                ProblemCode::NotFound,
                "you offer no mentoring through this organisation",
            )
            .into())
        }
    }
}

fn no_such_venture() -> FieldProblem {
    FieldProblem::new(
        "ventureId",
        ProblemCode::NotFound,
        "no such venture on this profile",
    )
}

/// Mentors ranked for a venture, best first, with their display names and the skills the
/// fits name.
#[derive(Clone, Debug)]
pub struct MentorMatches {
    pub matches: Vec<(MentorOffer, MentorFit)>,
    pub total: usize,
    pub has_next_page: bool,
    pub names: HashMap<UserId, String>,
    pub skills: Vec<Skill>,
}

impl App {
    /// The ventures of the person `target` names, oldest first: the caller's own (none
    /// while they have no profile), or a client's.
    pub async fn ventures(
        &self,
        user: &CurrentUser,
        target: ProfileTarget,
    ) -> ServiceResult<Vec<Venture>> {
        let Some(profile) = self.acted_on(user, target, DelegationScope::View).await? else {
            return Ok(Vec::new());
        };
        Ok(self.store.ventures_of(profile.id).await?)
    }

    /// The mentoring the caller offers, one offer per organisation.
    pub async fn my_mentor_offers(&self, user: &CurrentUser) -> ServiceResult<Vec<MentorOffer>> {
        Ok(self.store.mentor_offers_of_user(user.id).await?)
    }

    /// A venture the caller may work with: their own, or (acting for `organisation`) a
    /// client's; NOT_FOUND otherwise, so nobody learns of others' ventures.
    pub async fn venture_of(
        &self,
        user: &CurrentUser,
        id: Uuid,
        organisation: Option<OrganisationId>,
    ) -> ServiceResult<Venture> {
        let not_found = || ServiceError::NotFound("venture not found");
        let venture = self.store.venture_by_id(id).await?.ok_or_else(not_found)?;
        let allowed = match organisation {
            None => self
                .own_profile(user)
                .await?
                .is_some_and(|p| p.id == venture.profile_id),
            Some(organisation) => {
                let client = ProfileTarget::Client {
                    profile: venture.profile_id,
                    organisation,
                };
                self.target_profile(user, client, DelegationScope::View)
                    .await
                    .is_ok()
            }
        };
        if allowed {
            Ok(venture)
        } else {
            Err(not_found())
        }
    }

    /// Mentors for the venture, best first: members of organisations who offer its sector
    /// or the skills it needs (or related ones).
    pub async fn mentor_matches(
        &self,
        venture: &Venture,
        first: usize,
        after: Option<RankCursor<Uuid>>,
    ) -> ServiceResult<MentorMatches> {
        let tree = self.engine.tree();
        let mut near: Vec<SkillId> = venture
            .details
            .skills_needed
            .iter()
            .flat_map(|s| tree.neighbourhood(*s).collect::<Vec<_>>())
            .collect();
        near.sort();
        near.dedup();
        let offers = self
            .store
            .mentor_offers_for(venture.details.sector, &near)
            .await?;
        let page = rank_mentors(&venture.details, &offers, &tree, first, after);
        let users: Vec<UserId> = page.matches.iter().map(|(o, _)| o.user_id).collect();
        let names = self
            .store
            .users_by_ids(&users)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect();
        let mut skill_ids: Vec<SkillId> = venture.details.skills_needed.clone();
        skill_ids.extend(
            page.matches
                .iter()
                .flat_map(|(_, f)| f.related.iter().map(|(_, via)| *via)),
        );
        Ok(MentorMatches {
            matches: page
                .matches
                .into_iter()
                .map(|(offer, fit)| (offer.clone(), fit))
                .collect(),
            total: page.total,
            has_next_page: page.has_next_page,
            names,
            skills: self.store.skills_by_ids(&skill_ids).await?,
        })
    }
}
