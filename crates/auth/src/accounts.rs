//! The account service: register, log in, refresh, log out. Resolvers call it and map its
//! results; every rule about accounts lives here.

use std::net::IpAddr;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use sha2::{Digest, Sha256};
use skillbridge_domain::{
    Email, FieldProblem, NewRefreshToken, NewUser, PageRequest, ProblemCode, RefreshOutcome, Role,
    Store, StoreError, User, UserId, clock,
};

use crate::password::{self, check_policy};
use crate::tokens::{Tokens, hash_opaque_token, new_opaque_token};

/// The longest display name accepted.
pub const MAX_DISPLAY_NAME_CHARS: usize = 100;

/// How many failed logins are tolerated before further attempts are refused for a while.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginLimits {
    pub per_account: u64,
    pub per_address: u64,
    pub window: Duration,
}

impl Default for LoginLimits {
    fn default() -> Self {
        Self {
            per_account: 5,
            per_address: 50,
            window: Duration::minutes(15),
        }
    }
}

/// A registration request, as the client sent it.
#[derive(Clone, Debug)]
pub struct Registration {
    pub email: String,
    pub password: String,
    pub role: Role,
    pub display_name: String,
}

/// Tokens for a signed-in user.
#[derive(Clone, Debug)]
pub struct Session {
    pub access_token: String,
    pub access_expires_at: DateTime<Utc>,
    pub refresh_token: String,
    pub user: User,
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// Problems the user can fix; shown as `userErrors`.
    #[error("invalid input")]
    Invalid(Vec<FieldProblem>),
    /// Too many failed logins; try again after the window.
    #[error("too many failed attempts, try again in a few minutes")]
    RateLimited,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("password hashing failed")]
    Hashing(#[from] password::HashError),
}

/// The one message for every failed login, so that it does not tell whether the address
/// has an account.
const BAD_CREDENTIALS: &str = "the email address or password is not correct";

pub struct AccountService {
    store: Arc<dyn Store>,
    tokens: Arc<Tokens>,
    limits: LoginLimits,
}

impl AccountService {
    pub fn new(store: Arc<dyn Store>, tokens: Arc<Tokens>, limits: LoginLimits) -> Self {
        Self {
            store,
            tokens,
            limits,
        }
    }

    pub fn tokens(&self) -> &Tokens {
        &self.tokens
    }

    /// Creates an account and signs it in. ADMIN accounts are not self-registered.
    pub async fn register(&self, input: Registration) -> Result<Session, AccountError> {
        let mut problems = Vec::new();
        let email = match Email::parse(&input.email) {
            Ok(email) => Some(email),
            Err(err) => {
                problems.push(FieldProblem::new(
                    "email",
                    ProblemCode::InvalidEmail,
                    err.to_string(),
                ));
                None
            }
        };
        if input.role == Role::Admin {
            problems.push(FieldProblem::new(
                "role",
                ProblemCode::RoleNotAllowed,
                "administrator accounts cannot be registered",
            ));
        }
        let display_name = input.display_name.trim().to_owned();
        if display_name.is_empty() || display_name.chars().count() > MAX_DISPLAY_NAME_CHARS {
            problems.push(FieldProblem::new(
                "displayName",
                ProblemCode::InvalidDisplayName,
                format!("give a name of 1 to {MAX_DISPLAY_NAME_CHARS} characters"),
            ));
        }
        let personal = [input.email.as_str(), display_name.as_str()];
        if let Err(problem) = check_policy(&input.password, &personal) {
            problems.push(FieldProblem::new(
                "password",
                problem.code(),
                problem.message(),
            ));
        }
        let Some(email) = email.filter(|_| problems.is_empty()) else {
            return Err(AccountError::Invalid(problems));
        };
        let password_hash = password::hash(input.password).await?;
        let user = self
            .store
            .create_user(NewUser {
                email,
                role: input.role,
                display_name,
                password_hash: Some(password_hash),
            })
            .await
            .map_err(|err| match err {
                StoreError::Duplicate { .. } => AccountError::Invalid(vec![FieldProblem::new(
                    "email",
                    ProblemCode::EmailTaken,
                    "an account with this email address exists; log in instead",
                )]),
                other => other.into(),
            })?;
        self.start_session(user).await
    }

    /// Signs in with email and password. Failures are counted per account and per client
    /// address; past the limits, attempts are refused before the password is checked.
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        client: Option<IpAddr>,
    ) -> Result<Session, AccountError> {
        let now = clock::now();
        let account_key = account_key(email);
        let mut keys = vec![account_key.clone()];
        if let Some(address) = client {
            keys.push(format!("address:{address}"));
        }
        let since = now - self.limits.window;
        let account_failures = self.store.login_failures_since(&keys[0], since).await?;
        let address_failures = match keys.get(1) {
            Some(key) => self.store.login_failures_since(key, since).await?,
            None => 0,
        };
        if account_failures >= self.limits.per_account
            || address_failures >= self.limits.per_address
        {
            metrics::counter!("skillbridge_rate_limit_hits_total", "limit" => "login").increment(1);
            metrics::counter!("skillbridge_login_failures_total", "reason" => "rate_limited")
                .increment(1);
            return Err(AccountError::RateLimited);
        }

        let user = match Email::parse(email) {
            Ok(email) => self.store.user_by_email(&email).await?,
            Err(_) => None,
        };
        let hash = match &user {
            Some(user) => self.store.password_hash(user.id).await?,
            None => None,
        };
        // Verified even when there is no account, so that both take the same time.
        let matches = password::verify(password.to_owned(), hash).await?;
        match user.filter(|_| matches) {
            Some(user) => {
                self.store.clear_login_failures(&account_key).await?;
                self.start_session(user).await
            }
            None => {
                metrics::counter!("skillbridge_login_failures_total", "reason" => "bad_credentials")
                    .increment(1);
                self.store.record_login_failure(&keys, now).await?;
                Err(AccountError::Invalid(vec![FieldProblem::whole(
                    ProblemCode::InvalidCredentials,
                    BAD_CREDENTIALS,
                )]))
            }
        }
    }

    /// Exchanges a refresh token for a new access token and a new refresh token. A token
    /// that was already exchanged revokes its whole family.
    pub async fn refresh(&self, refresh_token: &str) -> Result<Session, AccountError> {
        let now = clock::now();
        let (next_token, next_hash) = new_opaque_token();
        let next = NewRefreshToken {
            token_hash: next_hash,
            issued_at: now,
            expires_at: now + self.tokens.config().refresh_ttl,
        };
        let invalid = |code, message: &str| {
            AccountError::Invalid(vec![FieldProblem::new("refreshToken", code, message)])
        };
        match self
            .store
            .rotate_refresh_token(&hash_opaque_token(refresh_token), &next, now)
            .await?
        {
            RefreshOutcome::Rotated { user } => {
                let Some(user) = self.store.user_by_id(user).await? else {
                    return Err(invalid(ProblemCode::InvalidRefreshToken, "log in again"));
                };
                let (access_token, access_expires_at) = self.tokens.issue_access(&user, now);
                Ok(Session {
                    access_token,
                    access_expires_at,
                    refresh_token: next_token,
                    user,
                })
            }
            RefreshOutcome::Reused { user } => {
                tracing::warn!(%user, "a rotated refresh token was presented again; its family is revoked");
                Err(invalid(
                    ProblemCode::RefreshTokenReused,
                    "this refresh token was already used; for safety every session of this login has ended, log in again",
                ))
            }
            RefreshOutcome::Invalid => Err(invalid(
                ProblemCode::InvalidRefreshToken,
                "the refresh token is unknown, expired or revoked; log in again",
            )),
        }
    }

    /// Ends the login the refresh token belongs to. Idempotent; an unknown token is not an
    /// error (there is nothing to end).
    pub async fn logout(&self, refresh_token: &str) -> Result<(), AccountError> {
        self.store
            .revoke_refresh_family(&hash_opaque_token(refresh_token), clock::now())
            .await?;
        Ok(())
    }

    /// Erases the account and everything personal about it, after checking the password
    /// again (a stolen access token alone cannot erase anyone). Idempotent: `Ok(false)`
    /// when the account is already gone.
    pub async fn delete_account(&self, user: UserId, password: &str) -> Result<bool, AccountError> {
        let Some(account) = self.store.user_by_id(user).await? else {
            return Ok(false);
        };
        let hash = self.store.password_hash(user).await?;
        let has_password = hash.is_some();
        if has_password && !password::verify(password.to_owned(), hash).await? {
            return Err(AccountError::Invalid(vec![FieldProblem::new(
                "password",
                ProblemCode::InvalidCredentials,
                "the password is not correct",
            )]));
        }
        let keys = [account_key(account.email.as_str())];
        Ok(self.store.erase_user(user, &keys, clock::now()).await?)
    }

    /// The URIs of skills, by id.
    async fn skill_uris(
        &self,
        ids: &[skillbridge_domain::SkillId],
    ) -> Result<std::collections::HashMap<skillbridge_domain::SkillId, String>, AccountError> {
        Ok(self
            .store
            .skills_by_ids(ids)
            .await?
            .into_iter()
            .map(|s| (s.id, s.uri))
            .collect())
    }

    /// Everything held about the account, as one JSON document; `None` if it is gone.
    pub async fn export(&self, user: UserId) -> Result<Option<serde_json::Value>, AccountError> {
        let Some(account) = self.store.user_by_id(user).await? else {
            return Ok(None);
        };
        let memberships = self.store.memberships_of_user(user).await?;
        let ids: Vec<_> = memberships.iter().map(|m| m.organisation_id).collect();
        let organisations = self.store.organisations_by_ids(&ids).await?;
        let consents = self
            .store
            .consent_history(skillbridge_domain::ConsentSubject::Person(user))
            .await?;
        let mentor_offers = self.store.mentor_offers_of_user(user).await?;
        // As a mentor: what the account answered (the people's messages are theirs).
        let mentored = self
            .store
            .mentoring_requests_to_mentor(user, None, &PageRequest::all())
            .await?
            .into_values();
        let mut skill_ids: Vec<_> = mentor_offers
            .iter()
            .flat_map(|o| o.details.skills.clone())
            .collect();
        let profile = match self.store.profile_of_user(user).await? {
            Some(profile) => {
                let skills = self.store.profile_skills(profile.id).await?;
                let languages = self.store.profile_languages(profile.id).await?;
                let requests = self
                    .store
                    .contact_requests_for_profile(profile.id, &PageRequest::all())
                    .await?
                    .into_values();
                let access_log = self
                    .store
                    .profile_access_log(profile.id, &PageRequest::all())
                    .await?
                    .into_values();
                let delegations = self.store.delegations_of_profile(profile.id).await?;
                let qualifications = self.store.qualifications(profile.id).await?;
                let experiences = self.store.experiences(profile.id).await?;
                let desired = self.store.desired_occupations(profile.id).await?;
                let applications = self
                    .store
                    .applications_of_profile(profile.id, &PageRequest::all())
                    .await?
                    .into_values();
                let ids: Vec<_> = applications.iter().map(|a| a.id).collect();
                let events = self.store.application_events(&ids).await?;
                let placements = self.store.placements_of_profile(profile.id).await?;
                let placement_ids: Vec<_> = placements.iter().map(|p| p.id).collect();
                let check_ins = self.store.check_ins_of(&placement_ids).await?;
                let enrolments = self
                    .store
                    .enrolments_of_profile(profile.id, &PageRequest::all())
                    .await?
                    .into_values();
                let ids: Vec<_> = enrolments.iter().map(|e| e.id).collect();
                let enrolment_events = self.store.enrolment_events(&ids).await?;
                let ventures = self.store.ventures_of(profile.id).await?;
                let plans = self.store.action_plans_of(profile.id).await?;
                let mentoring = self
                    .store
                    .mentoring_requests_of_profile(profile.id, &PageRequest::all())
                    .await?
                    .into_values();
                let support_requests = self
                    .store
                    .support_requests_of(profile.id, &PageRequest::all())
                    .await?
                    .into_values();
                skill_ids.extend(
                    ventures
                        .iter()
                        .flat_map(|v| v.details.skills_needed.clone()),
                );
                let skill_uris = self.skill_uris(&skill_ids).await?;
                let mut occupation_ids: Vec<_> = desired.clone();
                occupation_ids.extend(experiences.iter().filter_map(|e| e.occupation_id));
                let occupations = self.store.occupations_by_ids(&occupation_ids).await?;
                let uri = |id| {
                    occupations
                        .iter()
                        .find(|o| o.id == id)
                        .map(|o| o.uri.clone())
                };
                let d = &profile.details;
                json!({
                    "id": profile.id,
                    "displayName": d.display_name,
                    "contactEmail": d.contact_email,
                    "contactPhone": d.contact_phone,
                    "birthYear": d.birth_year,
                    "gender": d.gender,
                    "countryOfOrigin": d.country_of_origin,
                    "arrivalDate": d.arrival_date,
                    "rightToWork": d.right_to_work,
                    "location": {
                        "placeName": d.location.place_name,
                        "countryCode": d.location.country_code,
                        "region": d.location.region_code,
                        "latitude": d.location.latitude,
                        "longitude": d.location.longitude,
                    },
                    "mobilityRadiusKm": d.mobility_radius_km,
                    "willingToRelocate": d.willing_to_relocate,
                    "availability": d.availability.iter().map(|w| json!({
                        "from": w.from,
                        "until": w.until,
                    })).collect::<Vec<_>>(),
                    "intendedStay": d.intended_stay,
                    "visibility": d.visibility,
                    "tracks": d.tracks,
                    "skills": skills.iter().map(|s| json!({
                        "skillUri": s.skill.uri,
                        "proficiency": s.proficiency,
                        "evidence": s.evidence,
                    })).collect::<Vec<_>>(),
                    "languages": languages.iter().map(|l| json!({
                        "language": l.language,
                        "level": l.level,
                        "motherTongue": l.mother_tongue,
                    })).collect::<Vec<_>>(),
                    "qualifications": qualifications.iter().map(|q| json!({
                        "title": q.title,
                        "eqfLevel": q.eqf_level,
                        "countryCode": q.country_code,
                        "recognitionStatus": q.recognition_status,
                    })).collect::<Vec<_>>(),
                    "workExperience": experiences.iter().map(|e| json!({
                        "occupationUri": e.occupation_id.and_then(uri),
                        "title": e.title,
                        "kind": e.kind,
                        "years": e.years,
                        "countryCode": e.country_code,
                    })).collect::<Vec<_>>(),
                    "desiredOccupations": desired.iter().map(|id| uri(*id)).collect::<Vec<_>>(),
                    "applications": applications.iter().map(|a| json!({
                        "vacancyId": a.vacancy_id,
                        "organisationId": a.organisation_id,
                        "message": a.message,
                        "status": a.status,
                        "createdAt": a.created_at,
                        "history": events.iter().filter(|e| e.application_id == a.id).map(|e| json!({
                            "status": e.status,
                            "reason": e.reason,
                            "actingFor": e.acting_for,
                            "at": e.at,
                        })).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                    "placements": placements.iter().map(|p| json!({
                        "vacancyId": p.vacancy_id,
                        "startsOn": p.starts_on,
                        "endsOn": p.ends_on,
                        "contractType": p.contract_type,
                        "checkIns": check_ins.iter().filter(|c| c.placement_id == p.id).map(|c| json!({
                            "months": c.details.months,
                            "outcome": c.details.outcome,
                            "reason": c.details.reason,
                            "note": c.details.note,
                            "recordedAt": c.recorded_at,
                            "actingFor": c.recorded_by.and_then(|a| a.acting_for),
                        })).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                    "enrolments": enrolments.iter().map(|e| json!({
                        "cohortId": e.cohort_id,
                        "status": e.status,
                        "certifySkills": e.certify_skills,
                        "createdAt": e.created_at,
                        "history": enrolment_events.iter().filter(|v| v.enrolment_id == e.id).map(|v| json!({
                            "status": v.status,
                            "actingFor": v.acting_for,
                            "at": v.at,
                        })).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                    "contactRequests": requests.iter().map(|r| json!({
                        "organisationId": r.organisation_id,
                        "message": r.message,
                        "status": r.status,
                        "createdAt": r.created_at,
                        "decidedAt": r.decided_at,
                        "decidedFor": r.decided_by.and_then(|d| d.acting_for),
                    })).collect::<Vec<_>>(),
                    "mentoringRequests": mentoring.iter().map(|r| json!({
                        "mentorId": r.mentor_id,
                        "ventureId": r.venture_id,
                        "message": r.message,
                        "status": r.status,
                        "answer": r.answer,
                        "createdAt": r.created_at,
                        "answeredAt": r.answered_at,
                        "endedAt": r.ended_at,
                        "actingFor": r.requested_by.and_then(|a| a.acting_for),
                    })).collect::<Vec<_>>(),
                    "accessLog": access_log.iter().map(|a| json!({
                        "organisationId": a.organisation_id,
                        "view": a.view,
                        "viewedAt": a.viewed_at,
                    })).collect::<Vec<_>>(),
                    "ventures": ventures.iter().map(|v| json!({
                        "name": v.details.name,
                        "description": v.details.description,
                        "sector": v.details.sector,
                        "stage": v.details.stage,
                        "skillsNeeded": v.details.skills_needed.iter().map(|s| skill_uris.get(s)).collect::<Vec<_>>(),
                        "createdAt": v.created_at,
                    })).collect::<Vec<_>>(),
                    "actionPlans": plans.iter().map(|p| json!({
                        "organisationId": p.goals.first().map(|g| g.organisation_id)
                            .or(p.steps.first().map(|s| s.organisation_id)),
                        "goals": p.goals.iter().map(|g| json!({
                            "kind": g.details.kind,
                            "description": g.details.description,
                            "language": g.details.language.map(|(l, level)| format!("{}:{}", l.as_str(), level.code())),
                            "createdAt": g.created_at,
                        })).collect::<Vec<_>>(),
                        "steps": p.steps.iter().map(|s| json!({
                            "kind": s.details.kind,
                            "title": s.details.title,
                            "dueOn": s.details.due_on,
                            "appointmentAt": s.details.appointment_at,
                            "note": s.details.note,
                            "status": s.status,
                            "completedAt": s.completed_at,
                        })).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                    "supportRequests": support_requests.iter().map(|r| json!({
                        "organisationId": r.organisation_id,
                        "message": r.message,
                        "status": r.status,
                        "createdAt": r.created_at,
                        "decidedAt": r.decided_at,
                    })).collect::<Vec<_>>(),
                    "delegations": delegations.iter().map(|d| json!({
                        "organisationId": d.organisation_id,
                        "grantedAt": d.granted_at,
                        "scopes": d.scopes,
                    })).collect::<Vec<_>>(),
                    "createdAt": profile.created_at,
                    "updatedAt": profile.updated_at,
                })
            }
            None => serde_json::Value::Null,
        };
        let skill_uris = self.skill_uris(&skill_ids).await?;
        let mentor_offers: Vec<_> = mentor_offers
            .iter()
            .map(|o| {
                json!({
                    "organisationId": o.organisation_id,
                    "sectors": o.details.sectors,
                    "skills": o.details.skills.iter().map(|s| skill_uris.get(s)).collect::<Vec<_>>(),
                    "languages": o.details.languages,
                    "tracks": o.details.tracks,
                    "capacity": o.details.capacity,
                    "peerMentor": o.details.peer,
                    "note": o.details.note,
                    "updatedAt": o.updated_at,
                })
            })
            .collect();
        Ok(Some(json!({
            "exportedAt": clock::now(),
            "account": {
                "id": account.id,
                "email": account.email,
                "role": account.role,
                "displayName": account.display_name,
                "createdAt": account.created_at,
                "updatedAt": account.updated_at,
            },
            "organisations": memberships.iter().map(|m| {
                let organisation = organisations.iter().find(|o| o.id == m.organisation_id);
                json!({
                    "organisationId": m.organisation_id,
                    "name": organisation.map(|o| o.name.clone()),
                    "kind": organisation.map(|o| o.kind),
                    "role": m.role,
                    "joinedAt": m.created_at,
                })
            }).collect::<Vec<_>>(),
            "profile": profile,
            "mentorOffers": mentor_offers,
            "mentoringAnswered": mentored.iter().map(|r| json!({
                "status": r.status,
                "answer": r.answer,
                "createdAt": r.created_at,
                "answeredAt": r.answered_at,
                "endedAt": r.ended_at,
            })).collect::<Vec<_>>(),
            "consents": consents.iter().map(|c| json!({
                "purpose": c.purpose.code(),
                "granted": c.granted,
                "recordedAt": c.recorded_at,
                "channel": c.channel,
                "actingFor": c.acting_for,
            })).collect::<Vec<_>>(),
        })))
    }

    async fn start_session(&self, user: User) -> Result<Session, AccountError> {
        let now = clock::now();
        let (refresh_token, token_hash) = new_opaque_token();
        self.store
            .start_refresh_family(
                user.id,
                &NewRefreshToken {
                    token_hash,
                    issued_at: now,
                    expires_at: now + self.tokens.config().refresh_ttl,
                },
            )
            .await?;
        let (access_token, access_expires_at) = self.tokens.issue_access(&user, now);
        Ok(Session {
            access_token,
            access_expires_at,
            refresh_token,
            user,
        })
    }
}

/// The rate-limit key of an account: a hash of the normalised address, so the table of
/// failures is not a list of email addresses.
fn account_key(email: &str) -> String {
    let normalised =
        Email::parse(email).map_or_else(|_| email.trim().to_lowercase(), |e| e.as_str().to_owned());
    let digest = Sha256::digest(normalised.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("account:{hex}")
}
