// Applications with their history, and the placements hires become.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use skillbridge_domain::application::{
    Application, ApplicationEvent, ApplicationMove, ApplicationRepository, ApplicationStatus,
    Applied, Placement,
};
use skillbridge_domain::delegation::Actor;
use skillbridge_domain::disclosure::DisclosureReason;
use skillbridge_domain::vacancy::ContractType;
use skillbridge_domain::{
    Order, OrganisationId, Page, PageRequest, ProfileId, StoreError, StoreResult, UserId, VacancyId,
};
use sqlx::FromRow;
use uuid::Uuid;

use crate::action_plans::{Completes, complete_steps};
use crate::batch::rows_for_ids;
use crate::dialect::{Db, DbStore, FOR_UPDATE, begin_locked, timestamp};
use crate::error::{store_error, unknown_code, write_error};
use crate::events::record_changes;
use crate::paging::{Created, Listing};
use skillbridge_domain::events::Event;

const APPLICATION_SELECT: &str = "SELECT a.id, a.vacancy_id, a.profile_id, v.organisation_id,
    a.message, a.status, a.created_at, a.updated_at
    FROM applications a JOIN vacancies v ON v.id = a.vacancy_id";

#[derive(FromRow)]
struct ApplicationRow {
    id: Uuid,
    vacancy_id: Uuid,
    profile_id: Uuid,
    organisation_id: Uuid,
    message: String,
    status: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

fn status(code: &str) -> StoreResult<ApplicationStatus> {
    ApplicationStatus::from_code(code).ok_or_else(|| unknown_code("application status", code))
}

impl TryFrom<ApplicationRow> for Application {
    type Error = StoreError;
    fn try_from(r: ApplicationRow) -> StoreResult<Self> {
        Ok(Application {
            status: status(&r.status)?,
            id: r.id,
            vacancy_id: VacancyId::from_uuid(r.vacancy_id),
            profile_id: ProfileId::from_uuid(r.profile_id),
            organisation_id: OrganisationId::from_uuid(r.organisation_id),
            message: r.message,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

#[derive(FromRow)]
pub(crate) struct PlacementRow {
    id: Uuid,
    application_id: Uuid,
    vacancy_id: Uuid,
    profile_id: Uuid,
    starts_on: NaiveDate,
    ends_on: Option<NaiveDate>,
    contract_type: String,
    created_at: DateTime<Utc>,
}

pub(crate) const PLACEMENT_COLUMNS: &str =
    "id, application_id, vacancy_id, profile_id, starts_on, ends_on, contract_type, created_at";

impl TryFrom<PlacementRow> for Placement {
    type Error = skillbridge_domain::StoreError;
    fn try_from(r: PlacementRow) -> StoreResult<Self> {
        Ok(Placement {
            contract_type: ContractType::from_code(&r.contract_type)
                .ok_or_else(|| unknown_code("contract type", &r.contract_type))?,
            id: r.id,
            application_id: r.application_id,
            vacancy_id: VacancyId::from_uuid(r.vacancy_id),
            profile_id: ProfileId::from_uuid(r.profile_id),
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            created_at: r.created_at,
        })
    }
}

impl DbStore {
    /// The placements whose `column` is `value`, newest first.
    async fn placements_where(&self, column: &str, value: Uuid) -> StoreResult<Vec<Placement>> {
        sqlx::query_as::<_, PlacementRow>(&format!(
            "SELECT {PLACEMENT_COLUMNS} FROM placements WHERE {column} = $1
             ORDER BY created_at DESC, id DESC"
        ))
        .bind(value)
        .fetch_all(self.pool())
        .await
        .map_err(store_error)?
        .into_iter()
        .map(Placement::try_from)
        .collect()
    }
}

async fn application_where(
    conn: &mut <Db as sqlx::Database>::Connection,
    id: Uuid,
) -> StoreResult<Option<Application>> {
    sqlx::query_as::<_, ApplicationRow>(&format!("{APPLICATION_SELECT} WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(store_error)?
        .map(Application::try_from)
        .transpose()
}

async fn record_event(
    conn: &mut <Db as sqlx::Database>::Connection,
    application: Uuid,
    to: ApplicationStatus,
    reason: Option<&str>,
    actor: Actor,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO application_events (id, application_id, status, reason, actor_id, acting_for, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(Uuid::now_v7())
    .bind(application)
    .bind(to.code())
    .bind(reason)
    .bind(actor.user.as_uuid())
    .bind(actor.acting_for.map(|o| *o.as_uuid()))
    .bind(timestamp(&at))
    .execute(&mut *conn)
    .await
    .map_err(|err| write_error(err, "application event", "user"))?;
    Ok(())
}

#[async_trait]
impl ApplicationRepository for DbStore {
    async fn apply(
        &self,
        profile: ProfileId,
        vacancy: VacancyId,
        message: &str,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<Applied> {
        // Locked from the start: a transaction that reads and then writes would otherwise
        // fail at once on SQLite when another writer holds the lock, instead of waiting.
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let found: Option<(Uuid, String)> =
            sqlx::query_as("SELECT organisation_id, status FROM vacancies WHERE id = $1")
                .bind(vacancy.as_uuid())
                .fetch_optional(&mut *tx)
                .await
                .map_err(store_error)?;
        let Some((organisation, vacancy_status)) = found else {
            return Ok(Applied::NotOpen);
        };
        if vacancy_status != "OPEN" {
            return Ok(Applied::NotOpen);
        }
        let id = Uuid::now_v7();
        let inserted = sqlx::query(
            "INSERT INTO applications (id, vacancy_id, profile_id, message, status, created_at, updated_at)
             VALUES ($1, $2, $3, $4, 'SUBMITTED', $5, $5)",
        )
        .bind(id)
        .bind(vacancy.as_uuid())
        .bind(profile.as_uuid())
        .bind(message)
        .bind(timestamp(&at))
        .execute(&mut *tx)
        .await
        .map_err(|err| write_error(err, "application", "profile"));
        match inserted {
            Ok(_) => {}
            Err(StoreError::Duplicate { .. }) => {
                // Release the write lock now rather than whenever the dropped transaction
                // gets rolled back.
                tx.rollback().await.map_err(store_error)?;
                return Ok(Applied::AlreadyApplied);
            }
            Err(err) => return Err(err),
        }
        record_event(&mut tx, id, ApplicationStatus::Submitted, None, actor, at).await?;
        complete_steps(
            &mut tx,
            *profile.as_uuid(),
            Completes::Applied(*vacancy.as_uuid()),
            at,
        )
        .await?;
        // Applying reveals the profile to this employer only.
        sqlx::query(
            "INSERT INTO profile_disclosures (profile_id, organisation_id, reason, disclosed_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (profile_id, organisation_id) DO NOTHING",
        )
        .bind(profile.as_uuid())
        .bind(organisation)
        .bind(DisclosureReason::Applied.code())
        .bind(timestamp(&at))
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        let application = application_where(&mut tx, id)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "application",
            })?;
        record_changes(&mut tx, &[Event::of_application(&application)], at).await?;
        tx.commit().await.map_err(store_error)?;
        Ok(Applied::Applied(application))
    }

    async fn application_by_id(&self, id: Uuid) -> StoreResult<Option<Application>> {
        let mut conn = self.pool().acquire().await.map_err(store_error)?;
        application_where(&mut conn, id).await
    }

    async fn move_application(
        &self,
        id: Uuid,
        mv: &ApplicationMove,
    ) -> StoreResult<Option<Application>> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        // The vacancy is locked first: hires count against its positions.
        let vacancy: Option<(Uuid, i32, String, Option<NaiveDate>)> = sqlx::query_as(&format!(
            "SELECT id, positions, contract_type, starts_on FROM vacancies
             WHERE id = (SELECT vacancy_id FROM applications WHERE id = $1){FOR_UPDATE}"
        ))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        let Some((vacancy, positions, contract_type, vacancy_starts)) = vacancy else {
            return Ok(None);
        };
        let moved = sqlx::query(
            "UPDATE applications SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4",
        )
        .bind(mv.to.code())
        .bind(timestamp(&mv.at))
        .bind(id)
        .bind(mv.from.code())
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        if moved.rows_affected() == 0 {
            return Ok(None);
        }
        record_event(&mut tx, id, mv.to, mv.reason.as_deref(), mv.actor, mv.at).await?;
        let mut changes = Vec::new();
        if mv.to == ApplicationStatus::Hired {
            let starts_on = mv
                .starts_on
                .or(vacancy_starts)
                .unwrap_or_else(|| mv.at.date_naive());
            sqlx::query(
                "INSERT INTO placements (id, application_id, vacancy_id, profile_id, starts_on, contract_type, created_at)
                 SELECT $1, id, vacancy_id, profile_id, $2, $3, $4 FROM applications WHERE id = $5",
            )
            .bind(Uuid::now_v7())
            .bind(starts_on)
            .bind(&contract_type)
            .bind(timestamp(&mv.at))
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(|err| write_error(err, "placement", "application"))?;
            let hired: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM placements WHERE vacancy_id = $1")
                    .bind(vacancy)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(store_error)?;
            if hired >= i64::from(positions) {
                sqlx::query(
                    "UPDATE vacancies SET status = 'FILLED', updated_at = $1
                     WHERE id = $2 AND status IN ('OPEN', 'CLOSED')",
                )
                .bind(timestamp(&mv.at))
                .bind(vacancy)
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
                changes.push(Event::VacancyChanged {
                    vacancy_id: VacancyId::from_uuid(vacancy),
                });
                crate::search::search_documents_changed(
                    &mut tx,
                    skillbridge_domain::search::DocumentKind::Vacancy,
                    &[vacancy],
                    mv.at,
                )
                .await?;
            }
        }
        let application = application_where(&mut tx, id).await?;
        changes.extend(application.as_ref().map(Event::of_application));
        record_changes(&mut tx, &changes, mv.at).await?;
        tx.commit().await.map_err(store_error)?;
        Ok(application)
    }

    async fn applications_of_profile(
        &self,
        profile: ProfileId,
        page: &PageRequest,
    ) -> StoreResult<Page<Application>> {
        self.applications_page("a.profile_id", *profile.as_uuid(), Order::NewestFirst, page)
            .await
    }

    async fn applications_for_vacancy(
        &self,
        vacancy: VacancyId,
        page: &PageRequest,
    ) -> StoreResult<Page<Application>> {
        self.applications_page("a.vacancy_id", *vacancy.as_uuid(), Order::OldestFirst, page)
            .await
    }

    async fn application_events(&self, ids: &[Uuid]) -> StoreResult<Vec<ApplicationEvent>> {
        type Row = (
            Uuid,
            String,
            Option<String>,
            Option<Uuid>,
            Option<Uuid>,
            DateTime<Utc>,
        );
        let rows: Vec<Row> = rows_for_ids(
            self.pool(),
            "SELECT application_id, status, reason, actor_id, acting_for, at
             FROM application_events WHERE application_id",
            ids.iter().copied(),
            "application_id, at, id",
        )
        .await?;
        rows.into_iter()
            .map(|(application_id, code, reason, actor, acting_for, at)| {
                Ok(ApplicationEvent {
                    application_id,
                    status: status(&code)?,
                    reason,
                    actor_id: actor.map(UserId::from_uuid),
                    acting_for: acting_for.map(OrganisationId::from_uuid),
                    at,
                })
            })
            .collect()
    }

    async fn placements_of_profile(&self, profile: ProfileId) -> StoreResult<Vec<Placement>> {
        self.placements_where("profile_id", *profile.as_uuid())
            .await
    }

    async fn placement_by_id(&self, id: Uuid) -> StoreResult<Option<Placement>> {
        Ok(self.placements_where("id", id).await?.pop())
    }
}

impl DbStore {
    /// A page of the applications whose `owner` column holds `id`.
    async fn applications_page(
        &self,
        owner: &str,
        id: Uuid,
        order: Order,
        page: &PageRequest,
    ) -> StoreResult<Page<Application>> {
        let listing = Listing {
            select: APPLICATION_SELECT,
            created: Created {
                at: "a.created_at",
                id: "a.id",
            },
            owner,
            what: "application",
        };
        self.list_page(&listing, id, order, page, |row: &ApplicationRow| {
            (row.created_at, row.id)
        })
        .await?
        .try_map(Application::try_from)
    }
}
