//! Mentoring for every track: any account offers mentoring; people (or their caseworkers)
//! see mentors ranked for their need, ask one, and the mentor accepts or declines; either
//! ends it. Contact details pass between the two only once the mentor accepted.

use std::collections::HashMap;

use skillbridge_auth::CurrentUser;
use skillbridge_domain::delegation::DelegationScope;
use skillbridge_domain::match_index::RankCursor;
use skillbridge_domain::mentoring::{
    MAX_MENTOR_SKILLS, MentorDetails, MentorFit, MentorOffer, MentoringNeed, MentoringRequest,
    MentoringSide, MentoringStatus, MovedMentoring, RequestedMentoring, mentor_full,
    message_problem, rank_mentors, request_problems, validate_mentor,
};
use skillbridge_domain::profile::{Profile, tracks_in_force};
use skillbridge_domain::taxonomy::{Skill, SkillRelation};
use skillbridge_domain::venture::Venture;
use skillbridge_domain::{
    FieldProblem, LanguageCode, OrganisationId, Page, PageRequest, ProblemCode, SkillId,
    StoreError, UserId, clock,
};
use uuid::Uuid;

use crate::access::ProfileTarget;
use crate::written::language_codes;
use crate::{App, ServiceError, ServiceResult};

/// A mentoring offer as written: `details` holds every plain field; the skills come as
/// ESCO URIs and the languages as ISO 639-1 codes.
#[derive(Clone, Debug)]
pub struct MentorForm {
    /// The organisation the mentor offers through; `None` for their own name.
    pub organisation: Option<OrganisationId>,
    pub details: MentorDetails,
    pub skill_uris: Vec<String>,
    pub languages: Vec<String>,
}

/// Whose need mentors are ranked for.
#[derive(Clone, Debug)]
pub enum MentorsFor {
    /// A venture the caller may work with ([`App::venture_of`]).
    Venture(Venture),
    /// A person: the caller, or a client.
    Person(ProfileTarget),
}

/// Mentors ranked for a need, best first, with their display names and the skills the
/// fits name.
#[derive(Clone, Debug, Default)]
pub struct MentorMatches {
    pub matches: Vec<(MentorOffer, MentorFit)>,
    pub total: usize,
    pub has_next_page: bool,
    pub names: HashMap<UserId, String>,
    pub skills: Vec<Skill>,
}

/// How to reach the other side of an accepted mentoring.
#[derive(Clone, Debug, PartialEq)]
pub struct MentoringContact {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl App {
    /// The caller offers mentoring in their own name or through an organisation they are a
    /// member of (any kind); saving again replaces that offer.
    pub async fn offer_mentoring(
        &self,
        mentor: UserId,
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
        details.languages = language_codes(&form.languages, &mut problems);
        problems.extend(validate_mentor(&details));
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        match self
            .store
            .save_mentor_offer(mentor, form.organisation, &details, clock::now())
            .await
        {
            Ok(offer) => Ok(offer),
            Err(StoreError::NotFound { .. }) => Err(ServiceError::Forbidden(
                "you can offer mentoring only through an organisation you are a member of",
            )),
            Err(err) => Err(err.into()),
        }
    }

    /// Withdraws the caller's offer in their own name or through `organisation`; requests
    /// not yet answered are declined, mentoring already accepted goes on.
    pub async fn withdraw_mentoring(
        &self,
        mentor: UserId,
        organisation: Option<OrganisationId>,
    ) -> ServiceResult<()> {
        if self
            .store
            .withdraw_mentor_offer(mentor, organisation, clock::now())
            .await?
        {
            Ok(())
        } else {
            Err(FieldProblem::new(
                "organisationId",
                ProblemCode::NotFound,
                "you offer no such mentoring",
            )
            .into())
        }
    }

    /// The mentoring the caller offers.
    pub async fn my_mentor_offers(&self, user: &CurrentUser) -> ServiceResult<Vec<MentorOffer>> {
        Ok(self.store.mentor_offers_of_user(user.id).await?)
    }

    /// What `profile` looks for in a mentor, for a venture of theirs or for themselves:
    /// the skills the occupations they want need (all but those ESCO calls optional), or
    /// else the skills they have.
    async fn mentoring_need(
        &self,
        profile: &Profile,
        venture: Option<&Venture>,
    ) -> ServiceResult<MentoringNeed> {
        let tracks = tracks_in_force(&profile.details, clock::now().date_naive());
        let languages: Vec<LanguageCode> = self
            .store
            .languages_of_profiles(&[profile.id])
            .await?
            .into_iter()
            .map(|(_, l)| l.language)
            .collect();
        if let Some(venture) = venture {
            return Ok(MentoringNeed::of_venture(
                &venture.details,
                tracks,
                languages,
            ));
        }
        let wanted = self.store.desired_occupations(profile.id).await?;
        let mut skills: Vec<SkillId> = self
            .store
            .occupation_skills(&wanted)
            .await?
            .into_iter()
            .filter(|(_, relation, _)| *relation != SkillRelation::Optional)
            .map(|(_, _, skill)| skill.id)
            .collect();
        if skills.is_empty() {
            skills = self
                .store
                .skills_of_profiles(&[profile.id])
                .await?
                .into_iter()
                .map(|(_, s)| s.skill.id)
                .collect();
        }
        skills.sort();
        skills.dedup();
        Ok(MentoringNeed {
            sector: None,
            skills,
            tracks,
            languages,
        })
    }

    /// Mentors for a venture or a person, best first: those who offer the sector, the
    /// skills needed (or related ones) or mentoring meant for the person's tracks, who
    /// share a language with them and have a space left.
    pub async fn mentor_matches(
        &self,
        user: &CurrentUser,
        wanted: MentorsFor,
        first: usize,
        after: Option<RankCursor<Uuid>>,
    ) -> ServiceResult<MentorMatches> {
        let (profile, venture) = match wanted {
            MentorsFor::Venture(venture) => {
                let profile = self
                    .store
                    .profile_by_id(venture.profile_id)
                    .await?
                    .ok_or(ServiceError::NotFound("venture not found"))?;
                (profile, Some(venture))
            }
            MentorsFor::Person(target) => {
                match self.acted_on(user, target, DelegationScope::View).await? {
                    Some(profile) => (profile, None),
                    None => return Ok(MentorMatches::default()),
                }
            }
        };
        let need = self.mentoring_need(&profile, venture.as_ref()).await?;
        let tree = self.engine.tree();
        let mut near: Vec<SkillId> = need
            .skills
            .iter()
            .flat_map(|s| tree.neighbourhood(*s).collect::<Vec<_>>())
            .collect();
        near.sort();
        near.dedup();
        let offers = self
            .store
            .mentor_offers_for(need.sector, &near, &need.tracks)
            .await?;
        let page = rank_mentors(&need, &offers, profile.user_id, &tree, first, after);
        let users: Vec<UserId> = page.matches.iter().map(|(o, _)| o.user_id).collect();
        let names = self.display_names(&users).await?;
        let mut skill_ids: Vec<SkillId> = page
            .matches
            .iter()
            .flat_map(|(_, f)| {
                f.covers
                    .iter()
                    .chain(&f.uncovered)
                    .copied()
                    .chain(f.related.iter().flat_map(|(needed, via)| [*needed, *via]))
            })
            .collect();
        skill_ids.sort();
        skill_ids.dedup();
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

    async fn display_names(&self, users: &[UserId]) -> ServiceResult<HashMap<UserId, String>> {
        Ok(self
            .store
            .users_by_ids(users)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect())
    }

    /// The person `target` names asks the mentor of `offer` for mentoring, about one of
    /// their ventures if `venture` is given; a caseworker asks for a client who delegated
    /// CONTACT.
    pub async fn request_mentoring(
        &self,
        user: &CurrentUser,
        target: ProfileTarget,
        offer: Uuid,
        venture: Option<Uuid>,
        message: &str,
    ) -> ServiceResult<MentoringRequest> {
        let profile = self
            .target_profile(user, target, DelegationScope::Contact)
            .await?;
        let no_mentor = || {
            FieldProblem::new(
                "mentorId",
                ProblemCode::NotFound,
                "no such mentor: they may have withdrawn their offer",
            )
        };
        let found = self
            .store
            .mentor_offer_by_id(offer)
            .await?
            .ok_or_else(no_mentor)?;
        let mut problems: Vec<FieldProblem> =
            message_problem("message", message).into_iter().collect();
        if let Some(venture) = venture {
            let theirs = self
                .store
                .venture_by_id(venture)
                .await?
                .is_some_and(|v| v.profile_id == profile.id);
            if !theirs {
                problems.push(FieldProblem::new(
                    "ventureId",
                    ProblemCode::NotFound,
                    "no such venture on this profile",
                ));
            }
        }
        let tracks = tracks_in_force(&profile.details, clock::now().date_naive());
        problems.extend(request_problems(&found, profile.user_id, &tracks));
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        let actor = target.actor(user.id);
        match self
            .store
            .request_mentoring(offer, profile.id, venture, message, actor, clock::now())
            .await?
        {
            RequestedMentoring::Requested(request) => Ok(request),
            RequestedMentoring::NoOffer => Err(no_mentor().into()),
            RequestedMentoring::Full => Err(mentor_full().into()),
            RequestedMentoring::AlreadyRequested => Err(FieldProblem::new(
                "mentorId",
                ProblemCode::AlreadyRequested,
                "you already asked this mentor: wait for the answer or withdraw it",
            )
            .into()),
        }
    }

    /// A mentoring request by its id (`None`: an id that names none).
    async fn mentoring_request(&self, id: Option<Uuid>) -> ServiceResult<Option<MentoringRequest>> {
        Ok(match id {
            Some(id) => self.store.mentoring_request_by_id(id).await?,
            None => None,
        })
    }

    /// The mentor accepts or declines a request made to them; to anyone else it is not
    /// there.
    pub async fn answer_mentoring_request(
        &self,
        user: &CurrentUser,
        id: Option<Uuid>,
        accept: bool,
        answer: &str,
    ) -> ServiceResult<MentoringRequest> {
        let request = self
            .mentoring_request(id)
            .await?
            .filter(|r| r.mentor_id == user.id)
            .ok_or_else(no_request)?;
        if let Some(problem) = message_problem("answer", answer) {
            return Err(problem.into());
        }
        let to = if accept {
            MentoringStatus::Accepted
        } else {
            MentoringStatus::Declined
        };
        self.move_mentoring(&request, MentoringSide::Mentor, to, Some(answer))
            .await
    }

    /// Ends a mentoring request from the caller's side: the person (or their caseworker,
    /// acting for `organisation`) withdraws one not yet answered; either side ends one
    /// accepted.
    pub async fn end_mentoring(
        &self,
        user: &CurrentUser,
        id: Option<Uuid>,
        organisation: Option<OrganisationId>,
    ) -> ServiceResult<MentoringRequest> {
        let not_found = || ServiceError::from(no_request());
        let request = self.mentoring_request(id).await?.ok_or_else(not_found)?;
        let side = match organisation {
            None if request.mentor_id == user.id => MentoringSide::Mentor,
            None => {
                let mine = self.own_profile(user).await?;
                if mine.is_none_or(|p| p.id != request.profile_id) {
                    return Err(not_found());
                }
                MentoringSide::Mentee
            }
            Some(organisation) => {
                let client = ProfileTarget::Client {
                    profile: request.profile_id,
                    organisation,
                };
                self.target_profile(user, client, DelegationScope::Contact)
                    .await?;
                MentoringSide::Mentee
            }
        };
        let to = match request.status {
            MentoringStatus::Requested => MentoringStatus::Withdrawn,
            _ => MentoringStatus::Ended,
        };
        self.move_mentoring(&request, side, to, None).await
    }

    async fn move_mentoring(
        &self,
        request: &MentoringRequest,
        side: MentoringSide,
        to: MentoringStatus,
        answer: Option<&str>,
    ) -> ServiceResult<MentoringRequest> {
        let invalid = || {
            FieldProblem::new(
                "requestId",
                ProblemCode::InvalidTransition,
                format!(
                    "a {} request cannot become {}",
                    request.status.code(),
                    to.code()
                ),
            )
        };
        if !request.status.may_move(side, to) {
            return Err(invalid().into());
        }
        match self
            .store
            .move_mentoring_request(request.id, request.status, to, answer, clock::now())
            .await?
        {
            MovedMentoring::Moved(moved) => Ok(moved),
            MovedMentoring::NotInStatus => Err(invalid().into()),
            MovedMentoring::Full => Err(FieldProblem::new(
                "requestId",
                ProblemCode::MentorFull,
                "you mentor as many people as this offer takes: end a mentoring or raise its capacity first",
            )
            .into()),
        }
    }

    /// The mentoring requests of the person `target` names, newest first: the caller's
    /// own (none while they have no profile), or a client's.
    pub async fn mentoring_requests_of(
        &self,
        user: &CurrentUser,
        target: ProfileTarget,
        page: &PageRequest,
    ) -> ServiceResult<Page<MentoringRequest>> {
        match self.acted_on(user, target, DelegationScope::View).await? {
            Some(profile) => Ok(self
                .store
                .mentoring_requests_of_profile(profile.id, page)
                .await?),
            None => Ok(Page::empty()),
        }
    }

    /// The requests made to the caller as a mentor, newest first.
    pub async fn mentoring_requests_to_me(
        &self,
        user: &CurrentUser,
        status: Option<MentoringStatus>,
        page: &PageRequest,
    ) -> ServiceResult<Page<MentoringRequest>> {
        Ok(self
            .store
            .mentoring_requests_to_mentor(user.id, status, page)
            .await?)
    }

    /// The side of a mentoring request the caller is on: the mentor, or the person and
    /// caseworkers the person delegated to (their read is logged); `None` for anyone else.
    pub async fn mentoring_side(
        &self,
        user: &CurrentUser,
        request: &MentoringRequest,
    ) -> ServiceResult<Option<MentoringSide>> {
        if request.mentor_id == user.id {
            return Ok(Some(MentoringSide::Mentor));
        }
        Ok(match self.store.profile_by_id(request.profile_id).await? {
            Some(profile) if self.sees_profile(user, &profile).await? => {
                Some(MentoringSide::Mentee)
            }
            _ => None,
        })
    }

    /// The mentoring request `id` and the caller's side of it, if they have one.
    pub async fn visible_mentoring_request(
        &self,
        user: &CurrentUser,
        id: Uuid,
    ) -> ServiceResult<Option<(MentoringRequest, MentoringSide)>> {
        let Some(request) = self.store.mentoring_request_by_id(id).await? else {
            return Ok(None);
        };
        Ok(self
            .mentoring_side(user, &request)
            .await?
            .map(|side| (request, side)))
    }

    /// The venture `request` is about, for the person's side; `None` for the mentor.
    pub async fn mentoring_venture(
        &self,
        request: &MentoringRequest,
        side: MentoringSide,
    ) -> ServiceResult<Option<Venture>> {
        let Some(id) = request.venture_id.filter(|_| side == MentoringSide::Mentee) else {
            return Ok(None);
        };
        Ok(self
            .store
            .venture_by_id(id)
            .await?
            .filter(|v| v.profile_id == request.profile_id))
    }

    /// How the `side` of `request` reaches the other side while the mentoring lasts: the
    /// mentor's name and account email for the person; the person's name, contact email
    /// (or account email) and phone for the mentor. `None` before acceptance and after
    /// the end.
    pub async fn mentoring_contact(
        &self,
        request: &MentoringRequest,
        side: MentoringSide,
    ) -> ServiceResult<Option<MentoringContact>> {
        if !request.status.shares_contact() {
            return Ok(None);
        }
        let Some(profile) = self.store.profile_by_id(request.profile_id).await? else {
            return Ok(None);
        };
        let account = match side {
            MentoringSide::Mentee => Some(request.mentor_id),
            MentoringSide::Mentor => profile.user_id,
        };
        let account = match account {
            Some(id) => self.store.user_by_id(id).await?,
            None => None,
        };
        let email = account.as_ref().map(|u| u.email.to_string());
        Ok(Some(match side {
            MentoringSide::Mentee => MentoringContact {
                name: account.map(|u| u.display_name).unwrap_or_default(),
                email,
                phone: None,
            },
            MentoringSide::Mentor => MentoringContact {
                name: profile.details.display_name,
                email: profile
                    .details
                    .contact_email
                    .as_ref()
                    .map(ToString::to_string)
                    .or(email),
                phone: profile.details.contact_phone,
            },
        }))
    }
}

/// A request the caller has no side of is not there for them.
fn no_request() -> FieldProblem {
    FieldProblem::new(
        "requestId",
        ProblemCode::NotFound,
        "no such mentoring request of yours",
    )
}
