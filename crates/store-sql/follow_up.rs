// Placement follow-up: contract ends and the check-ins at 3, 6 and 12 months.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use skillbridge_domain::application::Placement;
use skillbridge_domain::delegation::Actor;
use skillbridge_domain::follow_up::{
    CheckIn, CheckInDetails, CheckInOutcome, FollowUpRepository, LeavingReason,
};
use skillbridge_domain::{OrganisationId, StoreError, StoreResult, UserId};
use sqlx::FromRow;
use uuid::Uuid;

use crate::applications::{PLACEMENT_COLUMNS, PlacementRow};
use crate::batch::rows_for_ids;
use crate::dialect::{DbStore, timestamp};
use crate::error::{store_error, unknown_code, write_error};

const CHECK_IN_COLUMNS: &str =
    "id, placement_id, months, outcome, reason, note, recorded_by, acting_for, recorded_at";

#[derive(FromRow)]
struct CheckInRow {
    id: Uuid,
    placement_id: Uuid,
    months: i32,
    outcome: String,
    reason: Option<String>,
    note: String,
    recorded_by: Option<Uuid>,
    acting_for: Option<Uuid>,
    recorded_at: DateTime<Utc>,
}

impl TryFrom<CheckInRow> for CheckIn {
    type Error = StoreError;
    fn try_from(r: CheckInRow) -> StoreResult<Self> {
        Ok(CheckIn {
            id: r.id,
            placement_id: r.placement_id,
            details: CheckInDetails {
                months: u32::try_from(r.months).unwrap_or(0),
                outcome: CheckInOutcome::from_code(&r.outcome)
                    .ok_or_else(|| unknown_code("check-in outcome", &r.outcome))?,
                reason: r
                    .reason
                    .map(|code| {
                        LeavingReason::from_code(&code)
                            .ok_or_else(|| unknown_code("leaving reason", &code))
                    })
                    .transpose()?,
                note: r.note,
            },
            recorded_by: r.recorded_by.map(|user| Actor {
                user: UserId::from_uuid(user),
                acting_for: r.acting_for.map(OrganisationId::from_uuid),
            }),
            recorded_at: r.recorded_at,
        })
    }
}

impl DbStore {
    async fn placements_joined(
        &self,
        join: &str,
        organisation: OrganisationId,
    ) -> StoreResult<Vec<Placement>> {
        let columns: Vec<String> = PLACEMENT_COLUMNS
            .split(", ")
            .map(|c| format!("p.{c}"))
            .collect();
        let rows: Vec<PlacementRow> = sqlx::query_as(&format!(
            "SELECT {} FROM placements p {join} ORDER BY p.created_at DESC, p.id DESC",
            columns.join(", ")
        ))
        .bind(organisation.as_uuid())
        .fetch_all(self.pool())
        .await
        .map_err(store_error)?;
        rows.into_iter().map(Placement::try_from).collect()
    }
}

#[async_trait]
impl FollowUpRepository for DbStore {
    async fn set_placement_end(
        &self,
        placement: Uuid,
        ends_on: Option<NaiveDate>,
    ) -> StoreResult<Option<Placement>> {
        let row: Option<PlacementRow> = sqlx::query_as(&format!(
            "UPDATE placements SET ends_on = $1 WHERE id = $2 RETURNING {PLACEMENT_COLUMNS}"
        ))
        .bind(ends_on)
        .bind(placement)
        .fetch_optional(self.pool())
        .await
        .map_err(store_error)?;
        row.map(Placement::try_from).transpose()
    }

    async fn record_check_in(
        &self,
        placement: Uuid,
        details: &CheckInDetails,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<CheckIn> {
        let row: CheckInRow = sqlx::query_as(&format!(
            "INSERT INTO placement_check_ins
               (id, placement_id, months, outcome, reason, note, recorded_by, acting_for,
                recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (placement_id, months) DO UPDATE SET
               outcome = excluded.outcome, reason = excluded.reason, note = excluded.note,
               recorded_by = excluded.recorded_by, acting_for = excluded.acting_for,
               recorded_at = excluded.recorded_at
             RETURNING {CHECK_IN_COLUMNS}"
        ))
        .bind(Uuid::now_v7())
        .bind(placement)
        .bind(i32::try_from(details.months).unwrap_or(i32::MAX))
        .bind(details.outcome.code())
        .bind(details.reason.map(|r| r.code()))
        .bind(details.note.trim())
        .bind(actor.user.as_uuid())
        .bind(actor.acting_for.map(|o| *o.as_uuid()))
        .bind(timestamp(&at))
        .fetch_one(self.pool())
        .await
        .map_err(|err| write_error(err, "check-in", "placement"))?;
        row.try_into()
    }

    async fn check_ins_of(&self, placements: &[Uuid]) -> StoreResult<Vec<CheckIn>> {
        let rows: Vec<CheckInRow> = rows_for_ids(
            self.pool(),
            &format!("SELECT {CHECK_IN_COLUMNS} FROM placement_check_ins WHERE placement_id"),
            placements.iter().copied(),
            "placement_id, months",
        )
        .await?;
        rows.into_iter().map(CheckIn::try_from).collect()
    }

    async fn placements_of_clients(
        &self,
        organisation: OrganisationId,
    ) -> StoreResult<Vec<Placement>> {
        self.placements_joined(
            "JOIN delegations d ON d.profile_id = p.profile_id
             WHERE d.organisation_id = $1 AND d.revoked_at IS NULL",
            organisation,
        )
        .await
    }

    async fn placements_of_employer(
        &self,
        organisation: OrganisationId,
    ) -> StoreResult<Vec<Placement>> {
        self.placements_joined(
            "JOIN vacancies v ON v.id = p.vacancy_id WHERE v.organisation_id = $1",
            organisation,
        )
        .await
    }
}
