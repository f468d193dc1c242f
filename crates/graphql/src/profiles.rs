//! A migrant's own profile in GraphQL: `myProfile`, `updateMyProfile`, skills and languages.

use crate::GqlError;
use crate::GqlResult;
use crate::guards::target_profile;
use crate::nodes::{ProfileNode, ProfilePayload};
use crate::values::{
    IntendedStay, LocationOutput, ProfileLanguageOutput, ProfileSkillOutput, RightToWork, Track,
    Visibility,
};
use async_graphql::connection::Connection;
use async_graphql::{Context, Object, Result};
use chrono::{DateTime, Utc};
use skillbridge_domain::delegation::DelegationScope;
use skillbridge_domain::profile::{self as domain};
use skillbridge_domain::{Email, policy};

use crate::candidates::ContactRequestNode;
use crate::connections::{TotalCount, listed, page_request};
use crate::context::{app, current_user, loader};
use crate::guards::require_user;
use crate::ids::{global_id, page_size};
use crate::loaders::{
    DesiredOccupationsOf, ExperiencesOf, OccupationById, ProfileById, ProfileLanguagesOf,
    ProfileSkillsOf, QualificationsOf,
};
use crate::nodes::EnrolmentNode;
use crate::nodes::{ApplicationNode, PlacementNode};
use crate::nodes::{QualificationNode, WorkExperienceNode};
use crate::privacy::{Consent, consents_in_force};
use crate::problems::payload;
use crate::scalars::Date;
use crate::taxonomy::OccupationNode;
use crate::values::AvailabilityWindow;
use skillbridge_app::Whose;
use skillbridge_app::prefill::SkillToAdd;
use skillbridge_app::written::LanguageLevelAsWritten;
use skillbridge_domain::availability::earliest_start;

mod inputs;

pub use inputs::*;

#[Object(name = "Profile")]
impl ProfileNode {
    pub(crate) async fn id(&self) -> async_graphql::ID {
        global_id("Profile", self.0.id.as_uuid())
    }
    async fn display_name(&self) -> &str {
        &self.0.details.display_name
    }
    async fn contact_email(&self) -> Option<&str> {
        self.0.details.contact_email.as_ref().map(Email::as_str)
    }
    async fn contact_phone(&self) -> Option<&str> {
        self.0.details.contact_phone.as_deref()
    }
    async fn birth_year(&self) -> Option<i32> {
        self.0.details.birth_year
    }
    /// Self-declared, optional.
    async fn gender(&self) -> Option<&str> {
        self.0.details.gender.as_deref()
    }
    async fn country_of_origin(&self) -> Option<&str> {
        self.0.details.country_of_origin.as_deref()
    }
    async fn arrival_date(&self) -> Option<Date> {
        self.0.details.arrival_date.map(Date)
    }
    async fn right_to_work(&self) -> RightToWork {
        self.0.details.right_to_work.into()
    }
    async fn location(&self) -> LocationOutput {
        (&self.0.details.location).into()
    }
    async fn mobility_radius_km(&self) -> Option<i32> {
        self.0.details.mobility_radius_km
    }
    async fn willing_to_relocate(&self) -> bool {
        self.0.details.willing_to_relocate
    }
    /// When the person can work, in date order; empty: any time. Matching ranks jobs by
    /// the share of their days in a window and leaves out jobs outside every window.
    async fn availability(&self) -> Vec<AvailabilityWindow> {
        self.0
            .details
            .availability
            .iter()
            .copied()
            .map(Into::into)
            .collect()
    }
    /// The first day of the earliest availability window.
    #[graphql(deprecation = "use availability")]
    async fn available_from(&self) -> Option<Date> {
        earliest_start(&self.0.details.availability).map(Date)
    }
    async fn intended_stay(&self) -> Option<IntendedStay> {
        self.0.details.intended_stay.map(Into::into)
    }
    async fn visibility(&self) -> Visibility {
        self.0.details.visibility.into()
    }
    async fn tracks(&self) -> Vec<Track> {
        self.0
            .details
            .tracks
            .iter()
            .copied()
            .map(Into::into)
            .collect()
    }
    async fn skills(&self, ctx: &Context<'_>) -> Result<Vec<ProfileSkillOutput>> {
        let skills = loader(ctx)?
            .load_one(ProfileSkillsOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(skills.into_iter().map(Into::into).collect())
    }
    async fn languages(&self, ctx: &Context<'_>) -> Result<Vec<ProfileLanguageOutput>> {
        let languages = loader(ctx)?
            .load_one(ProfileLanguagesOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(languages.into_iter().map(Into::into).collect())
    }
    async fn qualifications(&self, ctx: &Context<'_>) -> Result<Vec<QualificationNode>> {
        let list = loader(ctx)?
            .load_one(QualificationsOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(list.into_iter().map(QualificationNode).collect())
    }
    async fn work_experience(&self, ctx: &Context<'_>) -> Result<Vec<WorkExperienceNode>> {
        let list = loader(ctx)?
            .load_one(ExperiencesOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(list.into_iter().map(WorkExperienceNode).collect())
    }
    /// The occupations the person wants to work in, in order of preference.
    async fn desired_occupations(&self, ctx: &Context<'_>) -> Result<Vec<OccupationNode>> {
        let ids = loader(ctx)?
            .load_one(DesiredOccupationsOf(self.0.id))
            .await?
            .unwrap_or_default();
        let found = loader(ctx)?
            .load_many(ids.iter().copied().map(OccupationById))
            .await?;
        Ok(ids
            .into_iter()
            .filter_map(|id| found.get(&OccupationById(id)).cloned())
            .map(OccupationNode)
            .collect())
    }
    /// The person's applications, newest first: for the person and caseworkers they
    /// delegated to.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn applications(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<String, ApplicationNode, TotalCount>> {
        let page = page_request(first, after.as_deref())?;
        let user = require_user(ctx)?;
        let whose = Whose::Of(&self.0);
        let list = app(ctx).applications_of(&user, whose, &page).await?;
        Ok(listed(list, &page, ApplicationNode))
    }
    /// The person's enrolments, newest first: for the person and their caseworkers.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn enrolments(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<String, EnrolmentNode, TotalCount>> {
        let page = page_request(first, after.as_deref())?;
        let user = require_user(ctx)?;
        let whose = Whose::Of(&self.0);
        let list = app(ctx).enrolments_of(&user, whose, &page).await?;
        Ok(listed(list, &page, EnrolmentNode))
    }
    /// The jobs the person was hired into, newest first: for the person and their
    /// caseworkers.
    /// Hires, newest first.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn placements(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<async_graphql::connection::Connection<String, PlacementNode, TotalCount>> {
        let page = page_request(first, after.as_deref())?;
        let user = require_user(ctx)?;
        let whose = Whose::Of(&self.0);
        let list = app(ctx).placements_of(&user, whose, &page).await?;
        Ok(listed(list, &page, PlacementNode))
    }
    /// Contact requests the person received, newest first: for the person and their
    /// caseworkers (who answer them when the person delegated CONTACT).
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn contact_requests(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<String, ContactRequestNode, TotalCount>> {
        let page = page_request(first, after.as_deref())?;
        let user = require_user(ctx)?;
        let whose = Whose::Of(&self.0);
        let list = app(ctx).contact_requests_of(&user, whose, &page).await?;
        Ok(listed(list, &page, ContactRequestNode))
    }
    /// The person's consent in force for every purpose, with how and by whom each was
    /// recorded: for the person and their caseworkers.
    async fn consents(&self, ctx: &Context<'_>) -> GqlResult<Vec<Consent>> {
        let user = require_user(ctx)?;
        let history = app(ctx).consents_of(&user, &self.0).await?;
        Ok(consents_in_force(&history))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// The caller's profile, creating an empty (private) one if there is none yet.
pub(crate) async fn ensure_profile(
    ctx: &Context<'_>,
) -> Result<(skillbridge_auth::CurrentUser, domain::Profile)> {
    target_profile(ctx, None, None, DelegationScope::EditProfile).await
}

#[derive(Default)]
pub struct ProfileQuery;

#[Object]
impl ProfileQuery {
    /// The caller's own profile; null when a migrant has none yet, or for other roles.
    async fn my_profile(&self, ctx: &Context<'_>) -> GqlResult<Option<ProfileNode>> {
        let user = require_user(ctx)?;
        if !policy::may_have_profile(user.role) {
            return Ok(None);
        }
        Ok(app(ctx).own_profile(&user).await?.map(ProfileNode))
    }
}

#[derive(Default)]
pub struct ProfileMutation;

#[Object]
impl ProfileMutation {
    /// Changes the caller's profile (creating it on first use). Fields left out stay;
    /// `null` clears a field. Nothing is saved when any field is invalid.
    async fn update_my_profile(
        &self,
        ctx: &Context<'_>,
        input: UpdateMyProfileInput,
    ) -> Result<ProfilePayload> {
        let (_, profile) = ensure_profile(ctx).await?;
        let form = input.into_form(profile.details.clone());
        Ok(payload(app(ctx).update_profile(&profile, form).await)?)
    }

    /// Adds an ESCO skill to the caller's profile, or changes its proficiency and evidence.
    async fn add_profile_skill(
        &self,
        ctx: &Context<'_>,
        input: AddProfileSkillInput,
    ) -> Result<ProfilePayload> {
        let (user, profile) = target_profile(
            ctx,
            input.profile_id.as_ref(),
            input.organisation_id.as_ref(),
            DelegationScope::EditProfile,
        )
        .await?;
        let asked = SkillToAdd {
            uri: input.skill_uri,
            proficiency: input.proficiency.into(),
            evidence: input.evidence.into(),
        };
        Ok(payload(
            app(ctx)
                .add_profile_skills(user.role, profile, &[asked], |r| r.field.to_owned())
                .await,
        )?)
    }

    async fn remove_profile_skill(
        &self,
        ctx: &Context<'_>,
        input: RemoveProfileSkillInput,
    ) -> Result<ProfilePayload> {
        let (_, profile) = target_profile(
            ctx,
            input.profile_id.as_ref(),
            input.organisation_id.as_ref(),
            DelegationScope::EditProfile,
        )
        .await?;
        Ok(payload(
            app(ctx)
                .remove_profile_skill(profile, &input.skill_uri)
                .await,
        )?)
    }

    /// Adds a language with its CEFR level to the caller's profile, or changes the level.
    async fn set_profile_language(
        &self,
        ctx: &Context<'_>,
        input: SetProfileLanguageInput,
    ) -> Result<ProfilePayload> {
        let (_, profile) = target_profile(
            ctx,
            input.profile_id.as_ref(),
            input.organisation_id.as_ref(),
            DelegationScope::EditProfile,
        )
        .await?;
        let written = LanguageLevelAsWritten {
            language: input.language,
            level: input.level,
        };
        Ok(payload(
            app(ctx)
                .set_profile_language(profile, &written, input.mother_tongue)
                .await,
        )?)
    }

    async fn remove_profile_language(
        &self,
        ctx: &Context<'_>,
        input: RemoveProfileLanguageInput,
    ) -> Result<ProfilePayload> {
        let (_, profile) = target_profile(
            ctx,
            input.profile_id.as_ref(),
            input.organisation_id.as_ref(),
            DelegationScope::EditProfile,
        )
        .await?;
        Ok(payload(
            app(ctx)
                .remove_profile_language(profile, &input.language)
                .await,
        )?)
    }
}

/// A profile as a node: for the person and the caseworkers they delegated to, whose read
/// is logged for the person (`None` for anyone else, as for no profile). Employers read profiles through `candidateProfile`,
/// which names the organisation the view is logged for.
pub(crate) async fn visible_profile(
    ctx: &Context<'_>,
    id: skillbridge_domain::ProfileId,
) -> Result<Option<ProfileNode>> {
    let Some(user) = current_user(ctx) else {
        return Ok(None);
    };
    let Some(profile) = loader(ctx)?.load_one(ProfileById(id)).await? else {
        return Ok(None);
    };
    Ok(app(ctx)
        .sees_profile(&user, &profile)
        .await
        .map_err(GqlError::from)?
        .then_some(ProfileNode(profile)))
}
