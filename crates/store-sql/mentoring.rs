// Mentoring: the offers mentors make and the requests people send them.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use skillbridge_domain::delegation::Actor;
use skillbridge_domain::events::Event;
use skillbridge_domain::mentoring::{
    MentorDetails, MentorOffer, MentoringRepository, MentoringRequest, MentoringStatus,
    MovedMentoring, RequestedMentoring,
};
use skillbridge_domain::track::Track;
use skillbridge_domain::venture::Sector;
use skillbridge_domain::{
    LanguageCode, Order, OrganisationId, Page, PageRequest, ProfileId, SkillId, StoreError,
    StoreResult, UserId,
};
use sqlx::{FromRow, QueryBuilder};
use uuid::Uuid;

use crate::batch::{push_uuids, rows_for_ids};
use crate::dialect::{Db, DbStore, FOR_UPDATE, begin_locked, timestamp};
use crate::error::{store_error, unknown_code, write_error};
use crate::events::record_changes;
use crate::paging::{Created, Listing};
use crate::ventures::{insert_skills, sector};

#[derive(FromRow)]
struct OfferRow {
    id: Uuid,
    user_id: Uuid,
    organisation_id: Option<Uuid>,
    note: String,
    capacity: i32,
    peer: bool,
    mentees: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// An offer with the people it mentors now.
const OFFER_SELECT: &str = "SELECT o.id, o.user_id, o.organisation_id, o.note, o.capacity,
       o.peer, o.created_at, o.updated_at,
       (SELECT COUNT(*) FROM mentoring_requests r
         WHERE r.offer_id = o.id AND r.status = 'ACCEPTED') AS mentees
  FROM mentor_offers o";

#[derive(FromRow)]
struct RequestRow {
    id: Uuid,
    offer_id: Option<Uuid>,
    mentor_id: Uuid,
    profile_id: Uuid,
    venture_id: Option<Uuid>,
    message: String,
    status: String,
    answer: String,
    requested_by: Option<Uuid>,
    acting_for: Option<Uuid>,
    created_at: DateTime<Utc>,
    answered_at: Option<DateTime<Utc>>,
    ended_at: Option<DateTime<Utc>>,
}

const REQUEST_COLUMNS: &str = "id, offer_id, mentor_id, profile_id, venture_id, message, status,
       answer, requested_by, acting_for, created_at, answered_at, ended_at";

impl TryFrom<RequestRow> for MentoringRequest {
    type Error = StoreError;
    fn try_from(row: RequestRow) -> Result<Self, Self::Error> {
        Ok(MentoringRequest {
            id: row.id,
            offer_id: row.offer_id,
            mentor_id: UserId::from_uuid(row.mentor_id),
            profile_id: ProfileId::from_uuid(row.profile_id),
            venture_id: row.venture_id,
            message: row.message,
            status: MentoringStatus::from_code(&row.status)
                .ok_or_else(|| unknown_code("mentoring status", &row.status))?,
            answer: row.answer,
            requested_by: row.requested_by.map(|user| Actor {
                user: UserId::from_uuid(user),
                acting_for: row.acting_for.map(OrganisationId::from_uuid),
            }),
            created_at: row.created_at,
            answered_at: row.answered_at,
            ended_at: row.ended_at,
        })
    }
}

/// `= $n` for an organisation, `IS NULL` for an offer in the mentor's own name.
fn organisation_is(qb: &mut QueryBuilder<'_, Db>, organisation: Option<OrganisationId>) {
    match organisation {
        Some(organisation) => {
            qb.push(" AND organisation_id = ");
            qb.push_bind(*organisation.as_uuid());
        }
        None => {
            qb.push(" AND organisation_id IS NULL");
        }
    }
}

/// The offer of `user` made in its own name or through `organisation`, locked.
async fn offer_id_of(
    tx: &mut sqlx::Transaction<'static, Db>,
    user: UserId,
    organisation: Option<OrganisationId>,
) -> StoreResult<Option<Uuid>> {
    let mut qb = QueryBuilder::<Db>::new("SELECT id FROM mentor_offers WHERE user_id = ");
    qb.push_bind(*user.as_uuid());
    organisation_is(&mut qb, organisation);
    qb.push(FOR_UPDATE);
    qb.build_query_scalar()
        .fetch_optional(&mut **tx)
        .await
        .map_err(store_error)
}

/// Writes one code row per value into `table` (`offer_id`, `column`).
async fn insert_codes(
    tx: &mut sqlx::Transaction<'static, Db>,
    table: &str,
    column: &str,
    offer: Uuid,
    codes: &[&str],
) -> StoreResult<()> {
    if codes.is_empty() {
        return Ok(());
    }
    let mut qb = QueryBuilder::<Db>::new(format!("INSERT INTO {table} (offer_id, {column}) "));
    qb.push_values(codes, |mut row, code| {
        row.push_bind(offer).push_bind(*code);
    });
    qb.build().execute(&mut **tx).await.map_err(store_error)?;
    Ok(())
}

/// How many people the offer mentors now, its capacity, and its mentor; the offer row is
/// locked so that concurrent acceptances cannot both take the last space.
async fn offer_load(
    tx: &mut sqlx::Transaction<'static, Db>,
    offer: Uuid,
) -> StoreResult<Option<(i64, i32, Uuid)>> {
    let found: Option<(i32, Uuid)> = sqlx::query_as(&format!(
        "SELECT capacity, user_id FROM mentor_offers WHERE id = $1{FOR_UPDATE}"
    ))
    .bind(offer)
    .fetch_optional(&mut **tx)
    .await
    .map_err(store_error)?;
    let Some((capacity, mentor)) = found else {
        return Ok(None);
    };
    let mentees: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM mentoring_requests WHERE offer_id = $1 AND status = 'ACCEPTED'",
    )
    .bind(offer)
    .fetch_one(&mut **tx)
    .await
    .map_err(store_error)?;
    Ok(Some((mentees, capacity, mentor)))
}

impl DbStore {
    /// The offers, with their sectors, skills, languages and tracks.
    async fn offers_from(&self, rows: Vec<OfferRow>) -> StoreResult<Vec<MentorOffer>> {
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let codes = |table: &'static str, column: &'static str| {
            let ids = ids.clone();
            async move {
                rows_for_ids::<(Uuid, String)>(
                    self.pool(),
                    &format!("SELECT offer_id, {column} FROM {table} WHERE offer_id"),
                    ids.into_iter(),
                    &format!("offer_id, {column}"),
                )
                .await
            }
        };
        let sectors = codes("mentor_sectors", "sector").await?;
        let languages = codes("mentor_languages", "language").await?;
        let tracks = codes("mentor_tracks", "track").await?;
        let skills: Vec<(Uuid, Uuid)> = rows_for_ids(
            self.pool(),
            "SELECT offer_id, skill_id FROM mentor_skills WHERE offer_id",
            ids.iter().copied(),
            "offer_id, skill_id",
        )
        .await?;
        let mut details: HashMap<Uuid, MentorDetails> = HashMap::new();
        for (offer, code) in &sectors {
            details
                .entry(*offer)
                .or_default()
                .sectors
                .push(sector(code)?);
        }
        for (offer, code) in &languages {
            let language = LanguageCode::parse(code).map_err(|_| unknown_code("language", code))?;
            details.entry(*offer).or_default().languages.push(language);
        }
        for (offer, code) in &tracks {
            let track = Track::from_code(code).ok_or_else(|| unknown_code("track", code))?;
            details.entry(*offer).or_default().tracks.push(track);
        }
        for (offer, skill) in skills {
            details
                .entry(offer)
                .or_default()
                .skills
                .push(SkillId::from_uuid(skill));
        }
        Ok(rows
            .into_iter()
            .map(|r| {
                let found = details.remove(&r.id).unwrap_or_default();
                MentorOffer {
                    id: r.id,
                    user_id: UserId::from_uuid(r.user_id),
                    organisation_id: r.organisation_id.map(OrganisationId::from_uuid),
                    details: MentorDetails {
                        capacity: u32::try_from(r.capacity).unwrap_or(0),
                        peer: r.peer,
                        note: r.note,
                        ..found
                    },
                    mentees: u32::try_from(r.mentees).unwrap_or(u32::MAX),
                    created_at: r.created_at,
                    updated_at: r.updated_at,
                }
            })
            .collect())
    }

    async fn offers_where(&self, condition: &str, value: Uuid) -> StoreResult<Vec<MentorOffer>> {
        let rows: Vec<OfferRow> = sqlx::query_as(&format!(
            "{OFFER_SELECT} WHERE {condition} = $1 ORDER BY o.created_at, o.id"
        ))
        .bind(value)
        .fetch_all(self.pool())
        .await
        .map_err(store_error)?;
        self.offers_from(rows).await
    }

    async fn requests_listed(
        &self,
        from: &str,
        owner: &str,
        value: Uuid,
        page: &PageRequest,
    ) -> StoreResult<Page<MentoringRequest>> {
        let select = format!("SELECT {REQUEST_COLUMNS} FROM {from}");
        let listing = Listing {
            select: &select,
            created: Created {
                at: "created_at",
                id: "id",
            },
            owner,
            what: "mentoring request",
        };
        self.list_page(
            &listing,
            value,
            Order::NewestFirst,
            page,
            |row: &RequestRow| (row.created_at, row.id),
        )
        .await?
        .try_map(MentoringRequest::try_from)
    }
}

#[async_trait]
impl MentoringRepository for DbStore {
    async fn save_mentor_offer(
        &self,
        user: UserId,
        organisation: Option<OrganisationId>,
        details: &MentorDetails,
        at: DateTime<Utc>,
    ) -> StoreResult<MentorOffer> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let capacity = i32::try_from(details.capacity).unwrap_or(i32::MAX);
        let id = match offer_id_of(&mut tx, user, organisation).await? {
            Some(id) => {
                sqlx::query(
                    "UPDATE mentor_offers SET note = $1, capacity = $2, peer = $3, updated_at = $4
                     WHERE id = $5",
                )
                .bind(details.note.trim())
                .bind(capacity)
                .bind(details.peer)
                .bind(timestamp(&at))
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(|err| write_error(err, "mentor offer", "offer"))?;
                for table in [
                    "mentor_sectors",
                    "mentor_skills",
                    "mentor_languages",
                    "mentor_tracks",
                ] {
                    sqlx::query(&format!("DELETE FROM {table} WHERE offer_id = $1"))
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(store_error)?;
                }
                id
            }
            None => {
                let id = Uuid::now_v7();
                sqlx::query(
                    "INSERT INTO mentor_offers
                       (id, user_id, organisation_id, note, capacity, peer, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
                )
                .bind(id)
                .bind(user.as_uuid())
                .bind(organisation.map(|o| *o.as_uuid()))
                .bind(details.note.trim())
                .bind(capacity)
                .bind(details.peer)
                .bind(timestamp(&at))
                .execute(&mut *tx)
                .await
                .map_err(|err| {
                    match write_error(err, "mentor offer", "membership") {
                        StoreError::MissingReference { .. } => StoreError::NotFound {
                            entity: "membership",
                        },
                        other => other,
                    }
                })?;
                id
            }
        };
        let mut sectors: Vec<&str> = details.sectors.iter().map(|s| s.code()).collect();
        sectors.sort_unstable();
        sectors.dedup();
        insert_codes(&mut tx, "mentor_sectors", "sector", id, &sectors).await?;
        let mut languages: Vec<&str> = details.languages.iter().map(|l| l.as_str()).collect();
        languages.sort_unstable();
        languages.dedup();
        insert_codes(&mut tx, "mentor_languages", "language", id, &languages).await?;
        let mut tracks: Vec<&str> = details.tracks.iter().map(|t| t.code()).collect();
        tracks.sort_unstable();
        tracks.dedup();
        insert_codes(&mut tx, "mentor_tracks", "track", id, &tracks).await?;
        insert_skills(&mut tx, "mentor_skills", "offer_id", id, &details.skills).await?;
        tx.commit().await.map_err(store_error)?;
        self.mentor_offer_by_id(id)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "mentor offer",
            })
    }

    async fn withdraw_mentor_offer(
        &self,
        user: UserId,
        organisation: Option<OrganisationId>,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let Some(id) = offer_id_of(&mut tx, user, organisation).await? else {
            return Ok(false);
        };
        let declined: Vec<RequestRow> = sqlx::query_as(&format!(
            "UPDATE mentoring_requests SET status = 'DECLINED', answered_at = $1
             WHERE offer_id = $2 AND status = 'REQUESTED'
             RETURNING {REQUEST_COLUMNS}"
        ))
        .bind(timestamp(&at))
        .bind(id)
        .fetch_all(&mut *tx)
        .await
        .map_err(store_error)?;
        sqlx::query("DELETE FROM mentor_offers WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        let events: Vec<Event> = declined
            .into_iter()
            .map(|row| MentoringRequest::try_from(row).map(|r| Event::of_mentoring(&r)))
            .collect::<StoreResult<_>>()?;
        record_changes(&mut tx, &events, at).await?;
        tx.commit().await.map_err(store_error)?;
        Ok(true)
    }

    async fn mentor_offers_of_user(&self, user: UserId) -> StoreResult<Vec<MentorOffer>> {
        self.offers_where("o.user_id", *user.as_uuid()).await
    }

    async fn mentor_offer_by_id(&self, id: Uuid) -> StoreResult<Option<MentorOffer>> {
        Ok(self.offers_where("o.id", id).await?.pop())
    }

    async fn mentor_offers_for(
        &self,
        sector: Option<Sector>,
        skills: &[SkillId],
        tracks: &[Track],
    ) -> StoreResult<Vec<MentorOffer>> {
        let mut qb = QueryBuilder::<Db>::new(format!("{OFFER_SELECT} WHERE 1 = 0"));
        if let Some(sector) = sector {
            qb.push(" OR o.id IN (SELECT offer_id FROM mentor_sectors WHERE sector = ");
            qb.push_bind(sector.code());
            qb.push(")");
        }
        if !skills.is_empty() {
            qb.push(" OR o.id IN (SELECT offer_id FROM mentor_skills WHERE skill_id IN ");
            push_uuids(&mut qb, skills.iter().map(|s| *s.as_uuid()));
            qb.push(")");
        }
        if !tracks.is_empty() {
            qb.push(" OR o.id IN (SELECT offer_id FROM mentor_tracks WHERE track IN (");
            let mut list = qb.separated(", ");
            for track in tracks {
                list.push_bind(track.code());
            }
            list.push_unseparated("))");
        }
        qb.push(" ORDER BY o.id");
        let rows: Vec<OfferRow> = qb
            .build_query_as()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?;
        self.offers_from(rows).await
    }

    async fn request_mentoring(
        &self,
        offer: Uuid,
        profile: ProfileId,
        venture: Option<Uuid>,
        message: &str,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<RequestedMentoring> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let Some((mentees, capacity, mentor)) = offer_load(&mut tx, offer).await? else {
            return Ok(RequestedMentoring::NoOffer);
        };
        if mentees >= i64::from(capacity) {
            return Ok(RequestedMentoring::Full);
        }
        let open: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM mentoring_requests
             WHERE mentor_id = $1 AND profile_id = $2 AND status IN ('REQUESTED', 'ACCEPTED')",
        )
        .bind(mentor)
        .bind(profile.as_uuid())
        .fetch_one(&mut *tx)
        .await
        .map_err(store_error)?;
        if open > 0 {
            return Ok(RequestedMentoring::AlreadyRequested);
        }
        let row: RequestRow = sqlx::query_as(&format!(
            "INSERT INTO mentoring_requests
               (id, offer_id, mentor_id, profile_id, venture_id, message, status, requested_by,
                acting_for, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'REQUESTED', $7, $8, $9)
             RETURNING {REQUEST_COLUMNS}"
        ))
        .bind(Uuid::now_v7())
        .bind(offer)
        .bind(mentor)
        .bind(profile.as_uuid())
        .bind(venture)
        .bind(message.trim())
        .bind(actor.user.as_uuid())
        .bind(actor.acting_for.map(|o| *o.as_uuid()))
        .bind(timestamp(&at))
        .fetch_one(&mut *tx)
        .await
        .map_err(|err| write_error(err, "mentoring request", "profile"))?;
        let request = MentoringRequest::try_from(row)?;
        record_changes(&mut tx, &[Event::of_mentoring(&request)], at).await?;
        tx.commit().await.map_err(store_error)?;
        Ok(RequestedMentoring::Requested(request))
    }

    async fn move_mentoring_request(
        &self,
        id: Uuid,
        from: MentoringStatus,
        to: MentoringStatus,
        answer: Option<&str>,
        at: DateTime<Utc>,
    ) -> StoreResult<MovedMentoring> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let found: Option<(Option<Uuid>,)> = sqlx::query_as(&format!(
            "SELECT offer_id FROM mentoring_requests WHERE id = $1 AND status = $2{FOR_UPDATE}"
        ))
        .bind(id)
        .bind(from.code())
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        let Some((offer,)) = found else {
            return Ok(MovedMentoring::NotInStatus);
        };
        if to == MentoringStatus::Accepted {
            let load = match offer {
                Some(offer) => offer_load(&mut tx, offer).await?,
                None => None,
            };
            match load {
                Some((mentees, capacity, _)) if mentees < i64::from(capacity) => {}
                _ => return Ok(MovedMentoring::Full),
            }
        }
        let answered = matches!(to, MentoringStatus::Accepted | MentoringStatus::Declined);
        let row: RequestRow = sqlx::query_as(&format!(
            "UPDATE mentoring_requests
                SET status = $1,
                    answer = COALESCE($2, answer),
                    answered_at = CASE WHEN $3 THEN $4 ELSE answered_at END,
                    ended_at = CASE WHEN $3 THEN ended_at ELSE $4 END
              WHERE id = $5
              RETURNING {REQUEST_COLUMNS}"
        ))
        .bind(to.code())
        .bind(answer.map(str::trim))
        .bind(answered)
        .bind(timestamp(&at))
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .map_err(store_error)?;
        let request = MentoringRequest::try_from(row)?;
        record_changes(&mut tx, &[Event::of_mentoring(&request)], at).await?;
        tx.commit().await.map_err(store_error)?;
        Ok(MovedMentoring::Moved(request))
    }

    async fn mentoring_request_by_id(&self, id: Uuid) -> StoreResult<Option<MentoringRequest>> {
        sqlx::query_as::<_, RequestRow>(&format!(
            "SELECT {REQUEST_COLUMNS} FROM mentoring_requests WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await
        .map_err(store_error)?
        .map(MentoringRequest::try_from)
        .transpose()
    }

    async fn mentoring_requests_of_profile(
        &self,
        profile: ProfileId,
        page: &PageRequest,
    ) -> StoreResult<Page<MentoringRequest>> {
        self.requests_listed("mentoring_requests", "profile_id", *profile.as_uuid(), page)
            .await
    }

    async fn mentoring_requests_to_mentor(
        &self,
        mentor: UserId,
        status: Option<MentoringStatus>,
        page: &PageRequest,
    ) -> StoreResult<Page<MentoringRequest>> {
        // The status is one of the enumeration's codes, never the caller's text.
        let from = match status {
            Some(status) => format!(
                "(SELECT * FROM mentoring_requests WHERE status = '{}') AS r",
                status.code()
            ),
            None => "mentoring_requests".to_owned(),
        };
        self.requests_listed(&from, "mentor_id", *mentor.as_uuid(), page)
            .await
    }
}
