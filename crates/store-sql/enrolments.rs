// Enrolments in cohorts: seats handed out under a per-cohort lock, so that concurrent
// enrolments never oversell and the waiting list keeps arrival order.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use skillbridge_domain::course::Cohort;
use skillbridge_domain::delegation::Actor;
use skillbridge_domain::enrolment::{
    Cancelled, CancelledCohort, Enrolled, Enrolment, EnrolmentEvent, EnrolmentRepository,
    EnrolmentStatus, StaffEnrolled, StaffEnrolment, StaffEnrolmentStatus, UpdatedCohort,
};
use skillbridge_domain::profile::{Evidence, NewProfileSkill, Proficiency};
use skillbridge_domain::{
    CohortId, Order, OrganisationId, Page, PageRequest, ProfileId, SkillId, StoreResult, UserId,
};
use sqlx::FromRow;
use uuid::Uuid;

use crate::action_plans::{Completes, complete_steps};
use crate::batch::{push_uuids, rows_for_ids};
use crate::courses::{COHORT_COLUMNS, CohortRow};
use crate::dialect::{Db, DbStore, FOR_UPDATE, begin_locked, timestamp};
use crate::error::{store_error, unknown_code, write_error};
use crate::events::record_changes;
use crate::paging::{Created, Listing};
use crate::profiles::upsert_profile_skill;
use skillbridge_domain::events::Event;

const ENROLMENT_COLUMNS: &str =
    "id, cohort_id, profile_id, status, certify_skills, created_at, updated_at";

#[derive(FromRow)]
struct EnrolmentRow {
    id: Uuid,
    cohort_id: Uuid,
    profile_id: Uuid,
    status: String,
    certify_skills: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<EnrolmentRow> for Enrolment {
    type Error = skillbridge_domain::StoreError;
    fn try_from(r: EnrolmentRow) -> StoreResult<Self> {
        Ok(Enrolment {
            status: EnrolmentStatus::from_code(&r.status)
                .ok_or_else(|| unknown_code("enrolment status", &r.status))?,
            id: r.id,
            cohort_id: CohortId::from_uuid(r.cohort_id),
            profile_id: ProfileId::from_uuid(r.profile_id),
            certify_skills: r.certify_skills,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

type Tx = sqlx::Transaction<'static, Db>;

/// Locks the cohort against concurrent seat changes and reads it; `None` when there is no
/// such cohort.
async fn lock_cohort(tx: &mut Tx, cohort: Uuid) -> StoreResult<Option<Cohort>> {
    Ok(sqlx::query_as::<_, CohortRow>(&format!(
        "SELECT {COHORT_COLUMNS} FROM cohorts WHERE id = $1{FOR_UPDATE}"
    ))
    .bind(cohort)
    .fetch_optional(&mut **tx)
    .await
    .map_err(store_error)?
    .map(Cohort::from))
}

/// The training provider that runs `cohort`: waiting-list moves nobody made are its.
async fn provider_of(tx: &mut Tx, cohort: Uuid) -> StoreResult<OrganisationId> {
    let provider: Uuid = sqlx::query_scalar(
        "SELECT c.organisation_id FROM courses c JOIN cohorts h ON h.course_id = c.id
         WHERE h.id = $1",
    )
    .bind(cohort)
    .fetch_one(&mut **tx)
    .await
    .map_err(store_error)?;
    Ok(OrganisationId::from_uuid(provider))
}

/// Confirms the first on the waiting list, in arrival order, while the locked cohort has
/// seats for them: each an event of the provider's (by `by`, the trainer who added seats,
/// or by nobody when a cancellation freed one), their plan steps done.
async fn promote_waiting(
    tx: &mut Tx,
    cohort: &Cohort,
    by: Option<UserId>,
    at: DateTime<Utc>,
) -> StoreResult<Vec<Enrolment>> {
    let id = *cohort.id.as_uuid();
    let free = i64::from(cohort.seats) - seats_taken(tx, id).await?;
    if free <= 0 {
        return Ok(Vec::new());
    }
    let rows: Vec<EnrolmentRow> = sqlx::query_as(&format!(
        "UPDATE enrolments SET status = 'CONFIRMED', updated_at = $1
         WHERE id IN (SELECT id FROM enrolments
                      WHERE cohort_id = $2 AND status = 'WAITLISTED'
                      ORDER BY created_at, id LIMIT $3)
         RETURNING {ENROLMENT_COLUMNS}"
    ))
    .bind(timestamp(&at))
    .bind(id)
    .bind(free)
    .fetch_all(&mut **tx)
    .await
    .map_err(store_error)?;
    let mut promoted = rows
        .into_iter()
        .map(Enrolment::try_from)
        .collect::<StoreResult<Vec<_>>>()?;
    promoted.sort_by_key(|e| (e.created_at, e.id));
    if !promoted.is_empty() {
        let provider = Some(provider_of(tx, id).await?);
        for enrolment in &promoted {
            record_event(tx, enrolment, by, provider, at).await?;
            seated(tx, enrolment, at).await?;
        }
    }
    Ok(promoted)
}

/// Seats given out: confirmed, and kept by those who completed or dropped out, and the
/// seats employers booked for their staff. Only a cancellation frees a seat.
async fn seats_taken(tx: &mut Tx, cohort: Uuid) -> StoreResult<i64> {
    sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM enrolments
                  WHERE cohort_id = $1 AND status IN ('CONFIRMED', 'COMPLETED', 'DROPPED'))
              + (SELECT COALESCE(SUM(seats), 0) FROM staff_enrolments
                  WHERE cohort_id = $1 AND status = 'CONFIRMED')",
    )
    .bind(cohort)
    .fetch_one(&mut **tx)
    .await
    .map_err(store_error)
}

async fn enrolment_where(
    conn: &mut <Db as sqlx::Database>::Connection,
    condition: &str,
    id: Uuid,
) -> StoreResult<Option<Enrolment>> {
    sqlx::query_as::<_, EnrolmentRow>(&format!(
        "SELECT {ENROLMENT_COLUMNS} FROM enrolments WHERE {condition}"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(store_error)?
    .map(Enrolment::try_from)
    .transpose()
}

/// Adds the course's skills to the profile as CERTIFIED, at the level the course reaches
/// unless the profile already holds a skill higher.
async fn certify_skills(tx: &mut Tx, enrolment: &Enrolment) -> StoreResult<()> {
    let taught: Vec<(Uuid, String)> = sqlx::query_as(
        "SELECT cs.skill_id, cs.level_reached FROM course_skills cs
         JOIN cohorts c ON c.course_id = cs.course_id WHERE c.id = $1",
    )
    .bind(enrolment.cohort_id.as_uuid())
    .fetch_all(&mut **tx)
    .await
    .map_err(store_error)?;
    let held: Vec<(Uuid, String)> =
        sqlx::query_as("SELECT skill_id, proficiency FROM profile_skills WHERE profile_id = $1")
            .bind(enrolment.profile_id.as_uuid())
            .fetch_all(&mut **tx)
            .await
            .map_err(store_error)?;
    for (skill, level) in taught {
        let reached =
            Proficiency::from_code(&level).ok_or_else(|| unknown_code("proficiency", &level))?;
        let before = held
            .iter()
            .find(|(s, _)| *s == skill)
            .and_then(|(_, p)| Proficiency::from_code(p));
        let new = NewProfileSkill {
            skill_id: SkillId::from_uuid(skill),
            proficiency: before.map_or(reached, |b| b.max(reached)),
            evidence: Evidence::Certified,
        };
        upsert_profile_skill(tx, enrolment.profile_id, &new).await?;
    }
    Ok(())
}

/// Records a step of `enrolment`'s history on `tx`: its status now, by `user` (`None` when
/// no account moved it, as when the waiting list hands a seat on) acting for `acting_for`.
async fn record_event(
    tx: &mut Tx,
    enrolment: &Enrolment,
    user: Option<UserId>,
    acting_for: Option<OrganisationId>,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO enrolment_events (id, enrolment_id, status, actor_id, acting_for, at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(Uuid::now_v7())
    .bind(enrolment.id)
    .bind(enrolment.status.code())
    .bind(user.map(|u| *u.as_uuid()))
    .bind(acting_for.map(|o| *o.as_uuid()))
    .bind(timestamp(&at))
    .execute(&mut **tx)
    .await
    .map_err(|err| write_error(err, "enrolment event", "user or organisation"))?;
    Ok(())
}

/// The person of `enrolment` holds a confirmed seat: the plan steps asking for it are done.
async fn seated(tx: &mut Tx, enrolment: &Enrolment, at: DateTime<Utc>) -> StoreResult<()> {
    complete_steps(
        tx,
        *enrolment.profile_id.as_uuid(),
        Completes::Seated(*enrolment.cohort_id.as_uuid()),
        at,
    )
    .await
}

#[async_trait]
impl EnrolmentRepository for DbStore {
    async fn enrol(
        &self,
        cohort: CohortId,
        profile: ProfileId,
        certify_skills: bool,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<Enrolled> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let Some(locked) = lock_cohort(&mut tx, *cohort.as_uuid()).await? else {
            return Ok(Enrolled::NoSuchCohort);
        };
        if !locked.is_open() {
            return Ok(Enrolled::CohortCancelled);
        }
        let capacity = locked.seats;
        let active: Option<EnrolmentRow> = sqlx::query_as(&format!(
            "SELECT {ENROLMENT_COLUMNS} FROM enrolments
             WHERE cohort_id = $1 AND profile_id = $2 AND status IN ('CONFIRMED', 'WAITLISTED')"
        ))
        .bind(cohort.as_uuid())
        .bind(profile.as_uuid())
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        if let Some(active) = active {
            return Ok(Enrolled::AlreadyEnrolled(active.try_into()?));
        }
        let status = if seats_taken(&mut tx, *cohort.as_uuid()).await? < i64::from(capacity) {
            EnrolmentStatus::Confirmed
        } else {
            EnrolmentStatus::Waitlisted
        };
        let row: EnrolmentRow = sqlx::query_as(&format!(
            "INSERT INTO enrolments (id, cohort_id, profile_id, status, certify_skills, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)
             RETURNING {ENROLMENT_COLUMNS}"
        ))
        .bind(Uuid::now_v7())
        .bind(cohort.as_uuid())
        .bind(profile.as_uuid())
        .bind(status.code())
        .bind(certify_skills)
        .bind(timestamp(&at))
        .fetch_one(&mut *tx)
        .await
        .map_err(|err| write_error(err, "enrolment", "profile"))?;
        if status == EnrolmentStatus::Confirmed {
            crate::search::course_of_cohort_changed(&mut tx, *cohort.as_uuid(), at).await?;
        }
        let enrolment = Enrolment::try_from(row)?;
        record_event(&mut tx, &enrolment, Some(actor.user), actor.acting_for, at).await?;
        if status == EnrolmentStatus::Confirmed {
            seated(&mut tx, &enrolment, at).await?;
        }
        record_changes(&mut tx, &[Event::of_enrolment(&enrolment)], at).await?;
        tx.commit().await.map_err(store_error)?;
        Ok(Enrolled::Enrolled(enrolment))
    }

    async fn enrolment_by_id(&self, id: Uuid) -> StoreResult<Option<Enrolment>> {
        let mut conn = self.pool().acquire().await.map_err(store_error)?;
        enrolment_where(&mut conn, "id = $1", id).await
    }

    async fn cancel_enrolment(
        &self,
        id: Uuid,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<Cancelled>> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let Some(current) = enrolment_where(&mut tx, "id = $1", id).await? else {
            return Ok(None);
        };
        let cohort = *current.cohort_id.as_uuid();
        let Some(locked) = lock_cohort(&mut tx, cohort).await? else {
            return Ok(None);
        };
        let cancelled: Option<EnrolmentRow> = sqlx::query_as(&format!(
            "UPDATE enrolments SET status = 'CANCELLED', updated_at = $1
             WHERE id = $2 AND status IN ('CONFIRMED', 'WAITLISTED')
             RETURNING {ENROLMENT_COLUMNS}"
        ))
        .bind(timestamp(&at))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        let Some(cancelled) = cancelled else {
            return Ok(None);
        };
        // A freed seat goes to the first on the waiting list.
        let cancelled = Enrolment::try_from(cancelled)?;
        record_event(&mut tx, &cancelled, Some(actor.user), actor.acting_for, at).await?;
        let promoted = promote_waiting(&mut tx, &locked, None, at).await?;
        // A seat freed (unless the waiting list took it): the course's free seats change.
        crate::search::course_of_cohort_changed(&mut tx, cohort, at).await?;
        let changes: Vec<Event> = std::iter::once(&cancelled)
            .chain(&promoted)
            .map(Event::of_enrolment)
            .collect();
        record_changes(&mut tx, &changes, at).await?;
        tx.commit().await.map_err(store_error)?;
        Ok(Some(Cancelled {
            cancelled,
            promoted: promoted.into_iter().next(),
        }))
    }

    async fn finish_enrolment(
        &self,
        id: Uuid,
        outcome: EnrolmentStatus,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<Enrolment>> {
        if !matches!(
            outcome,
            EnrolmentStatus::Completed | EnrolmentStatus::Dropped
        ) {
            return Ok(None);
        }
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let row: Option<EnrolmentRow> = sqlx::query_as(&format!(
            "UPDATE enrolments SET status = $1, updated_at = $2
             WHERE id = $3 AND status = 'CONFIRMED'
             RETURNING {ENROLMENT_COLUMNS}"
        ))
        .bind(outcome.code())
        .bind(timestamp(&at))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let enrolment = Enrolment::try_from(row)?;
        record_event(&mut tx, &enrolment, Some(actor.user), actor.acting_for, at).await?;
        let mut changes = vec![Event::of_enrolment(&enrolment)];
        if outcome == EnrolmentStatus::Completed && enrolment.certify_skills {
            certify_skills(&mut tx, &enrolment).await?;
            // The course's skills are on the profile now.
            changes.push(Event::ProfileChanged {
                profile_id: enrolment.profile_id,
            });
        }
        record_changes(&mut tx, &changes, at).await?;
        tx.commit().await.map_err(store_error)?;
        Ok(Some(enrolment))
    }

    async fn enrolment_events(&self, ids: &[Uuid]) -> StoreResult<Vec<EnrolmentEvent>> {
        type Row = (Uuid, String, Option<Uuid>, Option<Uuid>, DateTime<Utc>);
        let rows: Vec<Row> = rows_for_ids(
            self.pool(),
            "SELECT enrolment_id, status, actor_id, acting_for, at
             FROM enrolment_events WHERE enrolment_id",
            ids.iter().copied(),
            "enrolment_id, at, id",
        )
        .await?;
        rows.into_iter()
            .map(|(enrolment_id, code, actor, acting_for, at)| {
                Ok(EnrolmentEvent {
                    enrolment_id,
                    status: EnrolmentStatus::from_code(&code)
                        .ok_or_else(|| unknown_code("enrolment status", &code))?,
                    actor_id: actor.map(UserId::from_uuid),
                    acting_for: acting_for.map(OrganisationId::from_uuid),
                    at,
                })
            })
            .collect()
    }

    async fn seats_taken(&self, cohorts: &[CohortId]) -> StoreResult<Vec<(CohortId, i64)>> {
        if cohorts.is_empty() {
            return Ok(Vec::new());
        }
        let ids = || cohorts.iter().map(|id| *id.as_uuid());
        let mut qb = sqlx::QueryBuilder::<Db>::new(
            "SELECT cohort_id, CAST(SUM(n) AS BIGINT) FROM (
               SELECT cohort_id, COUNT(*) AS n FROM enrolments
                WHERE status IN ('CONFIRMED', 'COMPLETED', 'DROPPED') AND cohort_id IN ",
        );
        push_uuids(&mut qb, ids());
        qb.push(
            " GROUP BY cohort_id
             UNION ALL
             SELECT cohort_id, SUM(seats) AS n FROM staff_enrolments
              WHERE status = 'CONFIRMED' AND cohort_id IN ",
        );
        push_uuids(&mut qb, ids());
        qb.push(" GROUP BY cohort_id) AS taken GROUP BY cohort_id ORDER BY cohort_id");
        let rows: Vec<(Uuid, i64)> = qb
            .build_query_as()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?;
        Ok(rows
            .into_iter()
            .map(|(id, n)| (CohortId::from_uuid(id), n))
            .collect())
    }

    async fn enrolments_of_profile(
        &self,
        profile: ProfileId,
        page: &PageRequest,
    ) -> StoreResult<Page<Enrolment>> {
        self.enrolments_page("profile_id", *profile.as_uuid(), Order::NewestFirst, page)
            .await
    }

    async fn enrolments_of_cohort(
        &self,
        cohort: CohortId,
        page: &PageRequest,
    ) -> StoreResult<Page<Enrolment>> {
        self.enrolments_page("cohort_id", *cohort.as_uuid(), Order::OldestFirst, page)
            .await
    }

    async fn update_cohort(
        &self,
        cohort: CohortId,
        starts_on: NaiveDate,
        ends_on: Option<NaiveDate>,
        seats: i32,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<UpdatedCohort> {
        let id = *cohort.as_uuid();
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let Some(locked) = lock_cohort(&mut tx, id).await? else {
            return Ok(UpdatedCohort::NoSuchCohort);
        };
        if !locked.is_open() {
            return Ok(UpdatedCohort::Cancelled);
        }
        let taken = seats_taken(&mut tx, id).await?;
        if i64::from(seats) < taken {
            return Ok(UpdatedCohort::BelowTaken { taken });
        }
        let updated: CohortRow = sqlx::query_as(&format!(
            "UPDATE cohorts SET starts_on = $1, ends_on = $2, capacity = $3, updated_at = $4
             WHERE id = $5
             RETURNING {COHORT_COLUMNS}"
        ))
        .bind(starts_on)
        .bind(ends_on)
        .bind(seats)
        .bind(timestamp(&at))
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .map_err(store_error)?;
        let updated = Cohort::from(updated);
        // Seats added go to those waiting, by the provider's waiting list.
        let promoted = promote_waiting(&mut tx, &updated, Some(actor.user), at).await?;
        crate::search::course_of_cohort_changed(&mut tx, id, at).await?;
        let changes: Vec<Event> = promoted.iter().map(Event::of_enrolment).collect();
        record_changes(&mut tx, &changes, at).await?;
        tx.commit().await.map_err(store_error)?;
        Ok(UpdatedCohort::Updated {
            cohort: updated,
            promoted,
        })
    }

    async fn cancel_cohort(
        &self,
        cohort: CohortId,
        reason: &str,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<CancelledCohort> {
        let id = *cohort.as_uuid();
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let Some(locked) = lock_cohort(&mut tx, id).await? else {
            return Ok(CancelledCohort::NoSuchCohort);
        };
        if !locked.is_open() {
            return Ok(CancelledCohort::AlreadyCancelled);
        }
        let cancelled: CohortRow = sqlx::query_as(&format!(
            "UPDATE cohorts SET cancelled_at = $1, cancel_reason = $2, updated_at = $1
             WHERE id = $3
             RETURNING {COHORT_COLUMNS}"
        ))
        .bind(timestamp(&at))
        .bind(reason.trim())
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .map_err(store_error)?;
        let rows: Vec<EnrolmentRow> = sqlx::query_as(&format!(
            "UPDATE enrolments SET status = 'CANCELLED_BY_PROVIDER', updated_at = $1
             WHERE cohort_id = $2 AND status IN ('CONFIRMED', 'WAITLISTED')
             RETURNING {ENROLMENT_COLUMNS}"
        ))
        .bind(timestamp(&at))
        .bind(id)
        .fetch_all(&mut *tx)
        .await
        .map_err(store_error)?;
        let mut ended = rows
            .into_iter()
            .map(Enrolment::try_from)
            .collect::<StoreResult<Vec<_>>>()?;
        ended.sort_by_key(|e| (e.created_at, e.id));
        for enrolment in &ended {
            record_event(&mut tx, enrolment, Some(actor.user), actor.acting_for, at).await?;
        }
        crate::search::course_of_cohort_changed(&mut tx, id, at).await?;
        let changes: Vec<Event> = ended.iter().map(Event::of_enrolment).collect();
        record_changes(&mut tx, &changes, at).await?;
        tx.commit().await.map_err(store_error)?;
        Ok(CancelledCohort::Cancelled {
            cohort: Cohort::from(cancelled),
            ended,
        })
    }

    async fn waitlist_lengths(&self, cohorts: &[CohortId]) -> StoreResult<Vec<(CohortId, i64)>> {
        if cohorts.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = sqlx::QueryBuilder::<Db>::new(
            "SELECT cohort_id, COUNT(*) FROM enrolments
             WHERE status = 'WAITLISTED' AND cohort_id IN ",
        );
        push_uuids(&mut qb, cohorts.iter().map(|id| *id.as_uuid()));
        qb.push(" GROUP BY cohort_id ORDER BY cohort_id");
        let rows: Vec<(Uuid, i64)> = qb
            .build_query_as()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?;
        Ok(rows
            .into_iter()
            .map(|(id, n)| (CohortId::from_uuid(id), n))
            .collect())
    }

    async fn waitlist_position(&self, enrolment: Uuid) -> StoreResult<Option<i64>> {
        // Those waiting in the same cohort who arrived first, plus one.
        sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM enrolments o
                      WHERE o.cohort_id = e.cohort_id AND o.status = 'WAITLISTED'
                        AND (o.created_at < e.created_at
                             OR (o.created_at = e.created_at AND o.id < e.id))) + 1
               FROM enrolments e WHERE e.id = $1 AND e.status = 'WAITLISTED'",
        )
        .bind(enrolment)
        .fetch_optional(self.pool())
        .await
        .map_err(store_error)
    }

    async fn enrol_staff(
        &self,
        cohort: CohortId,
        organisation: OrganisationId,
        seats: i32,
        names: &[String],
        actor: Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<StaffEnrolled> {
        let id = *cohort.as_uuid();
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let Some(locked) = lock_cohort(&mut tx, id).await? else {
            return Ok(StaffEnrolled::NoSuchCohort);
        };
        if !locked.is_open() {
            return Ok(StaffEnrolled::CohortCancelled);
        }
        let left = i64::from(locked.seats) - seats_taken(&mut tx, id).await?;
        if left < i64::from(seats) {
            return Ok(StaffEnrolled::NotEnoughSeats { left: left.max(0) });
        }
        let names: Vec<&str> = names.iter().map(|n| n.trim()).collect();
        let row: StaffRow = sqlx::query_as(&format!(
            "INSERT INTO staff_enrolments
               (id, cohort_id, organisation_id, seats, names, status, enrolled_by, created_at,
                updated_at)
             VALUES ($1, $2, $3, $4, $5, 'CONFIRMED', $6, $7, $7)
             RETURNING {STAFF_COLUMNS}"
        ))
        .bind(Uuid::now_v7())
        .bind(id)
        .bind(organisation.as_uuid())
        .bind(seats)
        .bind(names.join("\n"))
        .bind(actor.user.as_uuid())
        .bind(timestamp(&at))
        .fetch_one(&mut *tx)
        .await
        .map_err(|err| write_error(err, "staff enrolment", "organisation"))?;
        crate::search::course_of_cohort_changed(&mut tx, id, at).await?;
        tx.commit().await.map_err(store_error)?;
        Ok(StaffEnrolled::Enrolled(row.try_into()?))
    }

    async fn cancel_staff_enrolment(
        &self,
        id: Uuid,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<StaffEnrolment>> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let cohort: Option<Uuid> =
            sqlx::query_scalar("SELECT cohort_id FROM staff_enrolments WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(store_error)?;
        let Some(cohort) = cohort else {
            return Ok(None);
        };
        let Some(locked) = lock_cohort(&mut tx, cohort).await? else {
            return Ok(None);
        };
        let row: Option<StaffRow> = sqlx::query_as(&format!(
            "UPDATE staff_enrolments SET status = 'CANCELLED', updated_at = $1
             WHERE id = $2 AND status = 'CONFIRMED'
             RETURNING {STAFF_COLUMNS}"
        ))
        .bind(timestamp(&at))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let promoted = promote_waiting(&mut tx, &locked, None, at).await?;
        crate::search::course_of_cohort_changed(&mut tx, cohort, at).await?;
        let changes: Vec<Event> = promoted.iter().map(Event::of_enrolment).collect();
        record_changes(&mut tx, &changes, at).await?;
        tx.commit().await.map_err(store_error)?;
        row.try_into().map(Some)
    }

    async fn staff_enrolment_by_id(&self, id: Uuid) -> StoreResult<Option<StaffEnrolment>> {
        self.staff_where("id = $1", id, "created_at, id")
            .await
            .map(|mut rows| rows.pop())
    }

    async fn staff_enrolments_of_cohort(
        &self,
        cohort: CohortId,
    ) -> StoreResult<Vec<StaffEnrolment>> {
        self.staff_where("cohort_id = $1", *cohort.as_uuid(), "created_at, id")
            .await
    }

    async fn staff_enrolments_of_organisation(
        &self,
        organisation: OrganisationId,
    ) -> StoreResult<Vec<StaffEnrolment>> {
        self.staff_where(
            "organisation_id = $1",
            *organisation.as_uuid(),
            "created_at DESC, id DESC",
        )
        .await
    }
}

const STAFF_COLUMNS: &str = "id, cohort_id, organisation_id, seats, names, status, enrolled_by,
       created_at, updated_at";

#[derive(FromRow)]
struct StaffRow {
    id: Uuid,
    cohort_id: Uuid,
    organisation_id: Uuid,
    seats: i32,
    names: String,
    status: String,
    enrolled_by: Option<Uuid>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<StaffRow> for StaffEnrolment {
    type Error = skillbridge_domain::StoreError;
    fn try_from(r: StaffRow) -> StoreResult<Self> {
        Ok(StaffEnrolment {
            status: StaffEnrolmentStatus::from_code(&r.status)
                .ok_or_else(|| unknown_code("staff enrolment status", &r.status))?,
            id: r.id,
            cohort_id: CohortId::from_uuid(r.cohort_id),
            organisation_id: OrganisationId::from_uuid(r.organisation_id),
            seats: r.seats,
            names: r
                .names
                .lines()
                .filter(|n| !n.is_empty())
                .map(str::to_owned)
                .collect(),
            enrolled_by: r.enrolled_by.map(UserId::from_uuid),
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

impl DbStore {
    async fn staff_where(
        &self,
        condition: &str,
        value: Uuid,
        order: &str,
    ) -> StoreResult<Vec<StaffEnrolment>> {
        let rows: Vec<StaffRow> = sqlx::query_as(&format!(
            "SELECT {STAFF_COLUMNS} FROM staff_enrolments WHERE {condition} ORDER BY {order}"
        ))
        .bind(value)
        .fetch_all(self.pool())
        .await
        .map_err(store_error)?;
        rows.into_iter().map(StaffEnrolment::try_from).collect()
    }
}

impl DbStore {
    /// A page of the enrolments whose `owner` column holds `id`.
    async fn enrolments_page(
        &self,
        owner: &str,
        id: Uuid,
        order: Order,
        page: &PageRequest,
    ) -> StoreResult<Page<Enrolment>> {
        let select = format!("SELECT {ENROLMENT_COLUMNS} FROM enrolments");
        let listing = Listing {
            select: &select,
            created: Created {
                at: "created_at",
                id: "id",
            },
            owner,
            what: "enrolment",
        };
        self.list_page(&listing, id, order, page, |row: &EnrolmentRow| {
            (row.created_at, row.id)
        })
        .await?
        .try_map(Enrolment::try_from)
    }
}
