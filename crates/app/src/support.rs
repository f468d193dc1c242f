//! The organisation directory's writes and people's requests for support: owners keep what
//! their organisation tells the public up to date; a person asks a support organisation for
//! help, and its caseworkers accept (the person then delegates to it, choosing the scopes)
//! or decline.

use chrono::NaiveTime;
use skillbridge_auth::CurrentUser;
use skillbridge_domain::location::Location;
use skillbridge_domain::organisation::{
    OpeningHours, Organisation, OrganisationProfile, SupportService, Weekday,
};
use skillbridge_domain::search::DocumentKind;
use skillbridge_domain::support::{MAX_SUPPORT_MESSAGE_CHARS, SupportRequest};
use skillbridge_domain::{
    Email, FieldProblem, OrganisationId, OrganisationKind, Page, PageRequest, ProblemCode,
    StoreError, clock, policy,
};
use uuid::Uuid;

use crate::access::NOT_ALLOWED;
use crate::lists::Whose;
use crate::written::{Edit, language_codes};
use crate::{App, ServiceError, ServiceResult};

/// Opening hours as written: a day, and opening and closing times as `HH:MM`.
#[derive(Clone, Debug)]
pub struct OpeningHoursAsWritten {
    pub day: Weekday,
    pub opens: String,
    pub closes: String,
}

/// Changes to what an organisation tells the public: a field left `None` or `Keep` stays,
/// a list given replaces the list.
#[derive(Clone, Debug, Default)]
pub struct OrganisationProfileForm {
    pub description: Option<String>,
    pub address: Edit<String>,
    pub location: Edit<Location>,
    /// ISO 639-1 codes.
    pub languages: Option<Vec<String>>,
    pub services: Option<Vec<SupportService>>,
    pub opening_hours: Option<Vec<OpeningHoursAsWritten>>,
    pub contact_email: Edit<String>,
    pub contact_phone: Edit<String>,
}

/// Text as written: trimmed, blank is none.
fn given(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

impl OrganisationProfileForm {
    /// `current` with these changes, or every problem with what was written.
    fn applied_to(
        self,
        current: OrganisationProfile,
    ) -> Result<OrganisationProfile, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let languages = self
            .languages
            .map(|written| language_codes(&written, &mut problems));
        let opening_hours = self.opening_hours.map(|spans| {
            spans
                .into_iter()
                .enumerate()
                .filter_map(|(i, span)| {
                    let mut time = |written: &str, sub: &str| {
                        let parsed = NaiveTime::parse_from_str(written.trim(), "%H:%M");
                        if parsed.is_err() {
                            problems.push(FieldProblem::in_list(
                                "openingHours",
                                i,
                                sub,
                                ProblemCode::OutOfRange,
                                "give a time as HH:MM, such as 09:30",
                            ));
                        }
                        parsed.ok()
                    };
                    let opens = time(&span.opens, "opens");
                    let closes = time(&span.closes, "closes");
                    Some(OpeningHours {
                        day: span.day,
                        opens: opens?,
                        closes: closes?,
                    })
                })
                .collect()
        });
        let contact_email = match self.contact_email {
            Edit::Set(written) => match Email::parse(&written) {
                Ok(email) => Edit::Set(email),
                Err(err) => {
                    problems.push(FieldProblem::new(
                        "contactEmail",
                        ProblemCode::InvalidEmail,
                        err.to_string(),
                    ));
                    Edit::Keep
                }
            },
            Edit::Clear => Edit::Clear,
            Edit::Keep => Edit::Keep,
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(OrganisationProfile {
            description: self
                .description
                .map_or(current.description, |d| d.trim().to_owned()),
            address: given(self.address.applied_to(current.address)),
            location: self
                .location
                .applied_to(Some(current.location))
                .unwrap_or_default(),
            languages: languages.unwrap_or(current.languages),
            services: self.services.unwrap_or(current.services),
            opening_hours: opening_hours.unwrap_or(current.opening_hours),
            contact_email: contact_email.applied_to(current.contact_email),
            contact_phone: given(self.contact_phone.applied_to(current.contact_phone)),
        })
    }
}

impl App {
    /// Changes what `organisation` tells the public in the directory; for its owners.
    pub async fn update_organisation_profile(
        &self,
        user: &CurrentUser,
        organisation: OrganisationId,
        form: OrganisationProfileForm,
    ) -> ServiceResult<Organisation> {
        let mine = self.memberships(user).await?;
        if !policy::may_edit_organisation_profile(&mine, organisation) {
            return Err(ServiceError::Forbidden(NOT_ALLOWED));
        }
        let current = self
            .store
            .organisation_by_id(organisation)
            .await?
            .ok_or(ServiceError::NotFound("organisation not found"))?;
        let profile = form
            .applied_to(current.profile)
            .map_err(ServiceError::Invalid)?
            .tidied();
        let problems = profile.problems(current.kind);
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        let saved = self
            .store
            .save_organisation_profile(organisation, &profile, clock::now())
            .await?;
        self.documents_changed(&[(DocumentKind::Organisation, *organisation.as_uuid())])
            .await;
        Ok(saved)
    }

    /// The caller asks the support organisation `organisation` for help, with `message`
    /// (trimmed). Asking shares their name and contact details with that organisation.
    pub async fn request_support(
        &self,
        user: &CurrentUser,
        organisation: OrganisationId,
        message: &str,
    ) -> ServiceResult<SupportRequest> {
        let message = message.trim();
        if message.chars().count() > MAX_SUPPORT_MESSAGE_CHARS {
            return Err(FieldProblem::new(
                "message",
                ProblemCode::TooLong,
                format!("use at most {MAX_SUPPORT_MESSAGE_CHARS} characters"),
            )
            .into());
        }
        if !self.is_support_organisation(organisation).await? {
            return Err(FieldProblem::new(
                "organisationId",
                ProblemCode::NotASupportOrganisation,
                "choose a support organisation",
            )
            .into());
        }
        let profile = self.ensure_profile(user).await?;
        match self
            .store
            .create_support_request(profile.id, organisation, message, clock::now())
            .await
        {
            Ok(request) => Ok(request),
            Err(StoreError::Duplicate { .. }) => Err(FieldProblem::new(
                "organisationId",
                ProblemCode::AlreadyRequested,
                "your request to this organisation is waiting for an answer",
            )
            .into()),
            Err(err) => Err(err.into()),
        }
    }

    /// The requests for support a person made, newest first.
    pub async fn support_requests_of(
        &self,
        user: &CurrentUser,
        whose: Whose<'_>,
        page: &PageRequest,
    ) -> ServiceResult<Page<SupportRequest>> {
        self.page_of(user, whose, |p| self.store.support_requests_of(p, page))
            .await
    }

    /// The requests for support to a support organisation the caller acts for, oldest
    /// first.
    pub async fn support_requests_to(
        &self,
        user: &CurrentUser,
        organisation: OrganisationId,
        page: &PageRequest,
    ) -> ServiceResult<Page<SupportRequest>> {
        let centre = self
            .acting_for(user, organisation, OrganisationKind::SupportOrganisation)
            .await?;
        Ok(self.store.support_requests_to(centre.id, page).await?)
    }

    /// A caseworker of `organisation` accepts or declines a request for support waiting
    /// for an answer.
    pub async fn answer_support_request(
        &self,
        user: &CurrentUser,
        organisation: OrganisationId,
        request: Option<Uuid>,
        accept: bool,
    ) -> ServiceResult<SupportRequest> {
        let centre = self
            .acting_for(user, organisation, OrganisationKind::SupportOrganisation)
            .await?;
        let decided = match request {
            Some(id) => {
                self.store
                    .decide_support_request(id, centre.id, accept, user.id, clock::now())
                    .await?
            }
            None => None,
        };
        decided.ok_or_else(|| {
            FieldProblem::new(
                "supportRequestId",
                ProblemCode::NotPending,
                "there is no such request waiting for an answer",
            )
            .into()
        })
    }

    /// A request for support, if the caller may see it: the person and their
    /// caseworkers, and the caseworkers of the organisation asked.
    pub async fn visible_support_request(
        &self,
        user: &CurrentUser,
        id: Uuid,
    ) -> ServiceResult<Option<SupportRequest>> {
        let Some(request) = self.store.support_request_by_id(id).await? else {
            return Ok(None);
        };
        let visible = self
            .may_see_record(user, request.profile_id, Some(request.organisation_id))
            .await?;
        Ok(visible.then_some(request))
    }
}
