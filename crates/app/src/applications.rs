//! Applications: a person applies to an OPEN vacancy once; the applicant withdraws, the
//! employer moves it one step along or rejects it; a hire can fill the vacancy. Each write
//! records its change in its own transaction (the store's), so every follower sees it.

use chrono::NaiveDate;
use skillbridge_auth::CurrentUser;
use skillbridge_domain::application::{
    Application, ApplicationMove, ApplicationStatus, Applied, MAX_MESSAGE_CHARS, MAX_REASON_CHARS,
    Mover, may_move,
};
use skillbridge_domain::delegation::Actor;
use skillbridge_domain::profile::Profile;
use skillbridge_domain::{
    FieldProblem, OrganisationKind, ProblemCode, ProfileId, VacancyId, clock,
};
use uuid::Uuid;

use crate::{App, ServiceError, ServiceResult};

/// A move of an application as its mover asked for it.
#[derive(Clone, Debug)]
pub struct ApplicationMoveForm {
    pub who: Mover,
    pub to: ApplicationStatus,
    /// Why, shown to the applicant; blank is none.
    pub reason: Option<String>,
    /// For a hire: when the job starts.
    pub starts_on: Option<NaiveDate>,
}

impl App {
    /// An application to a vacancy of an employer the caller acts for: NOT_FOUND when
    /// there is none, FORBIDDEN when it went to another employer.
    pub async fn employer_application(
        &self,
        user: &CurrentUser,
        id: Option<Uuid>,
    ) -> ServiceResult<Application> {
        let not_found = ServiceError::NotFound("application not found");
        let application = match id {
            Some(id) => self.store.application_by_id(id).await?.ok_or(not_found)?,
            None => return Err(not_found),
        };
        self.acting_for(
            user,
            application.organisation_id,
            OrganisationKind::Employer,
        )
        .await?;
        Ok(application)
    }

    /// The application `id` of `profile` (the caller's own or a client's, found by
    /// [`App::acted_on`]); `None` when the person has none with that id (`id` is `None` for
    /// an id that names no application at all).
    pub async fn application_of(
        &self,
        profile: &Profile,
        id: Option<Uuid>,
    ) -> ServiceResult<Option<Application>> {
        let found = match id {
            Some(id) => self.store.application_by_id(id).await?,
            None => None,
        };
        Ok(found.filter(|a| a.profile_id == profile.id))
    }

    /// `profile` applies to `vacancy` with `message` (trimmed), `actor` acting.
    pub async fn apply(
        &self,
        profile: ProfileId,
        vacancy: VacancyId,
        message: &str,
        actor: Actor,
    ) -> ServiceResult<Application> {
        let message = message.trim();
        if message.chars().count() > MAX_MESSAGE_CHARS {
            return Err(FieldProblem::new(
                "message",
                ProblemCode::TooLong,
                format!("use at most {MAX_MESSAGE_CHARS} characters"),
            )
            .into());
        }
        match self
            .store
            .apply(profile, vacancy, message, actor, clock::now())
            .await?
        {
            Applied::Applied(application) => Ok(application),
            Applied::NotOpen => Err(FieldProblem::new(
                "vacancyId",
                ProblemCode::VacancyNotOpen,
                "this vacancy does not take applications",
            )
            .into()),
            Applied::AlreadyApplied => Err(FieldProblem::new(
                "vacancyId",
                ProblemCode::AlreadyApplied,
                "you applied to this vacancy already",
            )
            .into()),
        }
    }

    /// Moves `application` as `form` asks, when its mover may; `actor` acting.
    pub async fn move_application(
        &self,
        application: &Application,
        form: ApplicationMoveForm,
        actor: Actor,
    ) -> ServiceResult<Application> {
        let reason = form
            .reason
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty());
        if reason
            .as_ref()
            .is_some_and(|r| r.chars().count() > MAX_REASON_CHARS)
        {
            return Err(FieldProblem::new(
                "reason",
                ProblemCode::TooLong,
                format!("use at most {MAX_REASON_CHARS} characters"),
            )
            .into());
        }
        if !may_move(form.who, application.status, form.to) {
            return Err(invalid_transition(format!(
                "a {} application cannot become {}",
                application.status.code(),
                form.to.code()
            )));
        }
        let mv = ApplicationMove {
            from: application.status,
            to: form.to,
            reason,
            actor,
            at: clock::now(),
            starts_on: form.starts_on,
        };
        let moved = self
            .store
            .move_application(application.id, &mv)
            .await?
            .ok_or_else(|| {
                invalid_transition("the application changed meanwhile; reload it".into())
            })?;
        if moved.status == ApplicationStatus::Hired {
            // A hire can fill the vacancy.
            self.vacancy_changed(moved.vacancy_id).await;
        }
        Ok(moved)
    }
}

fn invalid_transition(message: String) -> crate::ServiceError {
    FieldProblem::new("status", ProblemCode::InvalidTransition, message).into()
}
