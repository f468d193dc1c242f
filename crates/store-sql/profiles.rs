// Profiles with their tracks, skills and languages.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use skillbridge_domain::availability::{decode_windows, encode_windows};
use skillbridge_domain::delegation::{
    DelegationScope, granted_scopes, scopes_code, scopes_from_code,
};
use skillbridge_domain::profile::{
    Delegation, DelegationRepository, Evidence, IntendedStay, Location, NewProfileSkill,
    Proficiency, Profile, ProfileDetails, ProfileLanguage, ProfileRepository, ProfileSkill,
    RightToWork, Track, Visibility,
};
use skillbridge_domain::{
    CefrLevel, Email, LanguageCode, Order, OrganisationId, Page, PageRequest, ProfileId, SkillId,
    StoreResult, UserId, clock,
};
use sqlx::FromRow;
use uuid::Uuid;

use crate::batch::{insert_codes, rows_for_ids};
use crate::dialect::{DbStore, begin_locked, timestamp};
use crate::error::{store_error, unknown_code, write_error};
use crate::paging::{Created, Listing};
use crate::taxonomy::SkillRow;

const PROFILE_COLUMNS: &str = "id, user_id, display_name, contact_email, contact_phone, birth_year,
    gender, country_of_origin, arrival_date, right_to_work, place_name, country_code, region_code,
    latitude, longitude, mobility_radius_km, willing_to_relocate, availability, intended_stay,
    visibility, created_at, updated_at";

#[derive(FromRow)]
struct ProfileRow {
    id: Uuid,
    user_id: Option<Uuid>,
    display_name: String,
    contact_email: Option<String>,
    contact_phone: Option<String>,
    birth_year: Option<i32>,
    gender: Option<String>,
    country_of_origin: Option<String>,
    arrival_date: Option<NaiveDate>,
    right_to_work: String,
    place_name: Option<String>,
    country_code: Option<String>,
    region_code: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    mobility_radius_km: Option<i32>,
    willing_to_relocate: bool,
    availability: String,
    intended_stay: Option<String>,
    visibility: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// The domain value of a stored code, or an error naming what the database holds.
fn known<T>(column: &'static str, value: &str, found: Option<T>) -> StoreResult<T> {
    found.ok_or_else(|| unknown_code(column, value))
}

impl ProfileRow {
    fn into_profile(self, tracks: Vec<Track>) -> StoreResult<Profile> {
        Ok(Profile {
            id: ProfileId::from_uuid(self.id),
            user_id: self.user_id.map(UserId::from_uuid),
            details: ProfileDetails {
                display_name: self.display_name,
                contact_email: self
                    .contact_email
                    .map(|e| Email::parse(&e).map_err(|_| unknown_code("email", &e)))
                    .transpose()?,
                contact_phone: self.contact_phone,
                birth_year: self.birth_year,
                gender: self.gender,
                country_of_origin: self.country_of_origin,
                arrival_date: self.arrival_date,
                right_to_work: known(
                    "right to work",
                    &self.right_to_work,
                    RightToWork::from_code(&self.right_to_work),
                )?,
                location: Location {
                    place_name: self.place_name,
                    country_code: self.country_code,
                    region_code: self.region_code,
                    latitude: self.latitude,
                    longitude: self.longitude,
                },
                mobility_radius_km: self.mobility_radius_km,
                willing_to_relocate: self.willing_to_relocate,
                availability: decode_windows(&self.availability)
                    .ok_or_else(|| unknown_code("availability", &self.availability))?,
                intended_stay: self
                    .intended_stay
                    .map(|s| known("intended stay", &s, IntendedStay::from_code(&s)))
                    .transpose()?,
                visibility: known(
                    "visibility",
                    &self.visibility,
                    Visibility::from_code(&self.visibility),
                )?,
                tracks,
            },
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

impl DbStore {
    /// The profile whose `column` (id or user_id) is `value`, with its tracks.
    pub(crate) async fn profile_where(
        &self,
        column: &'static str,
        value: Uuid,
    ) -> StoreResult<Option<Profile>> {
        let row = sqlx::query_as::<_, ProfileRow>(&format!(
            "SELECT {PROFILE_COLUMNS} FROM profiles WHERE {column} = $1"
        ))
        .bind(value)
        .fetch_optional(self.pool())
        .await
        .map_err(store_error)?;
        match row {
            Some(row) => {
                let tracks = self.tracks_of(row.id).await?;
                row.into_profile(tracks).map(Some)
            }
            None => Ok(None),
        }
    }

    /// The profiles among `ids` that exist, with their tracks, in two queries.
    pub(crate) async fn profiles_where_ids(&self, ids: &[Uuid]) -> StoreResult<Vec<Profile>> {
        let rows: Vec<ProfileRow> = rows_for_ids(
            self.pool(),
            &format!("SELECT {PROFILE_COLUMNS} FROM profiles WHERE id"),
            ids.iter().copied(),
            "id",
        )
        .await?;
        let tracks: Vec<(Uuid, String)> = rows_for_ids(
            self.pool(),
            "SELECT profile_id, track FROM profile_tracks WHERE profile_id",
            ids.iter().copied(),
            "profile_id, track",
        )
        .await?;
        rows.into_iter()
            .map(|row| {
                let mut own = tracks
                    .iter()
                    .filter(|(p, _)| *p == row.id)
                    .map(|(_, c)| Track::from_code(c).ok_or_else(|| unknown_code("track", c)))
                    .collect::<StoreResult<Vec<_>>>()?;
                own.sort();
                row.into_profile(own)
            })
            .collect()
    }

    async fn tracks_of(&self, profile: Uuid) -> StoreResult<Vec<Track>> {
        let codes: Vec<String> = sqlx::query_scalar(
            "SELECT track FROM profile_tracks WHERE profile_id = $1 ORDER BY track",
        )
        .bind(profile)
        .fetch_all(self.pool())
        .await
        .map_err(store_error)?;
        let mut tracks = codes
            .iter()
            .map(|c| Track::from_code(c).ok_or_else(|| unknown_code("track", c)))
            .collect::<StoreResult<Vec<_>>>()?;
        tracks.sort();
        Ok(tracks)
    }
}

#[async_trait]
impl ProfileRepository for DbStore {
    async fn profile_of_user(&self, user: UserId) -> StoreResult<Option<Profile>> {
        self.profile_where("user_id", *user.as_uuid()).await
    }

    async fn save_profile_of_user(
        &self,
        user: UserId,
        details: &ProfileDetails,
    ) -> StoreResult<Profile> {
        let now = clock::now();
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let profile = upsert_profile_of_user(&mut tx, user, details, now).await?;
        profile_changed(&mut tx, profile.id, now).await?;
        tx.commit().await.map_err(store_error)?;
        Ok(profile)
    }

    async fn skills_of_profiles(
        &self,
        profiles: &[ProfileId],
    ) -> StoreResult<Vec<(ProfileId, ProfileSkill)>> {
        #[derive(FromRow)]
        struct Row {
            profile_id: Uuid,
            #[sqlx(flatten)]
            skill: SkillRow,
            proficiency: String,
            evidence: String,
        }
        let rows: Vec<Row> = rows_for_ids(
            self.pool(),
            "SELECT ps.profile_id, s.id, s.uri, s.kind, s.skill_type, s.reuse_level,
                    ps.proficiency, ps.evidence
             FROM profile_skills ps JOIN skills s ON s.id = ps.skill_id
             WHERE ps.profile_id",
            profiles.iter().map(|p| *p.as_uuid()),
            "ps.profile_id, s.uri",
        )
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok((
                    ProfileId::from_uuid(r.profile_id),
                    ProfileSkill {
                        skill: r.skill.try_into()?,
                        proficiency: Proficiency::from_code(&r.proficiency)
                            .ok_or_else(|| unknown_code("proficiency", &r.proficiency))?,
                        evidence: Evidence::from_code(&r.evidence)
                            .ok_or_else(|| unknown_code("evidence", &r.evidence))?,
                    },
                ))
            })
            .collect()
    }

    async fn findable_profiles(
        &self,
        after: Option<ProfileId>,
        limit: usize,
    ) -> StoreResult<Vec<Profile>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let ids: Vec<Uuid> = sqlx::query_scalar(
            "SELECT id FROM profiles
             WHERE visibility <> 'PRIVATE' AND user_id IS NOT NULL AND ($1 IS NULL OR id > $1)
             ORDER BY id LIMIT $2",
        )
        .bind(after.map(|a| *a.as_uuid()))
        .bind(limit)
        .fetch_all(self.pool())
        .await
        .map_err(store_error)?;
        self.profiles_where_ids(&ids).await
    }

    async fn set_profile_skill(
        &self,
        profile: ProfileId,
        skill: &NewProfileSkill,
    ) -> StoreResult<()> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        upsert_profile_skill(&mut tx, profile, skill).await?;
        profile_changed(&mut tx, profile, clock::now()).await?;
        tx.commit().await.map_err(store_error)
    }

    async fn set_profile_skills(
        &self,
        profile: ProfileId,
        skills: &[NewProfileSkill],
    ) -> StoreResult<()> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        for skill in skills {
            upsert_profile_skill(&mut tx, profile, skill).await?;
        }
        profile_changed(&mut tx, profile, clock::now()).await?;
        tx.commit().await.map_err(store_error)
    }

    async fn remove_profile_skill(&self, profile: ProfileId, skill: SkillId) -> StoreResult<bool> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let result =
            sqlx::query("DELETE FROM profile_skills WHERE profile_id = $1 AND skill_id = $2")
                .bind(profile.as_uuid())
                .bind(skill.as_uuid())
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
        let removed = result.rows_affected() > 0;
        if removed {
            profile_changed(&mut tx, profile, clock::now()).await?;
        }
        tx.commit().await.map_err(store_error)?;
        Ok(removed)
    }

    async fn languages_of_profiles(
        &self,
        profiles: &[ProfileId],
    ) -> StoreResult<Vec<(ProfileId, ProfileLanguage)>> {
        let rows: Vec<(Uuid, String, String, bool)> = rows_for_ids(
            self.pool(),
            "SELECT profile_id, language, level, mother_tongue FROM profile_languages
             WHERE profile_id",
            profiles.iter().map(|p| *p.as_uuid()),
            "profile_id, language",
        )
        .await?;
        rows.into_iter()
            .map(|(profile, language, level, mother_tongue)| {
                Ok((
                    ProfileId::from_uuid(profile),
                    ProfileLanguage {
                        language: LanguageCode::parse(&language)
                            .map_err(|_| unknown_code("language", &language))?,
                        level: CefrLevel::parse(&level)
                            .map_err(|_| unknown_code("CEFR level", &level))?,
                        mother_tongue,
                    },
                ))
            })
            .collect()
    }

    async fn set_profile_language(
        &self,
        profile: ProfileId,
        language: &ProfileLanguage,
    ) -> StoreResult<()> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        upsert_profile_language(&mut tx, profile, language).await?;
        profile_changed(&mut tx, profile, clock::now()).await?;
        tx.commit().await.map_err(store_error)
    }

    async fn remove_profile_language(
        &self,
        profile: ProfileId,
        language: LanguageCode,
    ) -> StoreResult<bool> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let result =
            sqlx::query("DELETE FROM profile_languages WHERE profile_id = $1 AND language = $2")
                .bind(profile.as_uuid())
                .bind(language.as_str())
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
        let removed = result.rows_affected() > 0;
        if removed {
            profile_changed(&mut tx, profile, clock::now()).await?;
        }
        tx.commit().await.map_err(store_error)?;
        Ok(removed)
    }
}

/// Writes a profile's details and tracks inside `tx`; `NotFound` if there is no such
/// profile.
async fn write_details(
    conn: &mut <crate::dialect::Db as sqlx::Database>::Connection,
    id: Uuid,
    details: &ProfileDetails,
    now: DateTime<Utc>,
) -> StoreResult<Profile> {
    let d = details;
    let row = sqlx::query_as::<_, ProfileRow>(&format!(
        "UPDATE profiles SET display_name = $1, contact_email = $2, contact_phone = $3,
           birth_year = $4, gender = $5, country_of_origin = $6, arrival_date = $7,
           right_to_work = $8, place_name = $9, country_code = $10, region_code = $11,
           latitude = $12, longitude = $13, mobility_radius_km = $14, willing_to_relocate = $15,
           availability = $16, intended_stay = $17, visibility = $18, updated_at = $19
         WHERE id = $20
         RETURNING {PROFILE_COLUMNS}"
    ))
    .bind(d.display_name.trim())
    .bind(d.contact_email.as_ref().map(|e| e.as_str().to_owned()))
    .bind(&d.contact_phone)
    .bind(d.birth_year)
    .bind(&d.gender)
    .bind(&d.country_of_origin)
    .bind(d.arrival_date)
    .bind(d.right_to_work.code())
    .bind(&d.location.place_name)
    .bind(&d.location.country_code)
    .bind(&d.location.region_code)
    .bind(d.location.latitude)
    .bind(d.location.longitude)
    .bind(d.mobility_radius_km)
    .bind(d.willing_to_relocate)
    .bind(encode_windows(&d.availability))
    .bind(d.intended_stay.map(IntendedStay::code))
    .bind(d.visibility.code())
    .bind(timestamp(&now))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(store_error)?
    .ok_or(skillbridge_domain::StoreError::NotFound { entity: "profile" })?;
    sqlx::query("DELETE FROM profile_tracks WHERE profile_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(store_error)?;
    let mut tracks = d.tracks.clone();
    tracks.sort();
    tracks.dedup();
    insert_codes(
        &mut *conn,
        "INSERT INTO profile_tracks (profile_id, track) VALUES ($1, $2)",
        id,
        tracks.iter().map(|t| t.code()),
    )
    .await?;
    row.into_profile(tracks)
}

#[async_trait]
impl DelegationRepository for DbStore {
    async fn grant_delegation(
        &self,
        profile: ProfileId,
        organisation: OrganisationId,
        scopes: &[DelegationScope],
        at: DateTime<Utc>,
    ) -> StoreResult<Delegation> {
        let (granted_at, scopes): (DateTime<Utc>, String) = sqlx::query_as(
            "INSERT INTO delegations (profile_id, organisation_id, granted_at, scopes)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (profile_id, organisation_id) DO UPDATE SET
               granted_at = CASE WHEN delegations.revoked_at IS NULL THEN delegations.granted_at
                                 ELSE excluded.granted_at END,
               scopes = excluded.scopes,
               revoked_at = NULL
             RETURNING granted_at, scopes",
        )
        .bind(profile.as_uuid())
        .bind(organisation.as_uuid())
        .bind(timestamp(&at))
        .bind(scopes_code(&granted_scopes(scopes)))
        .fetch_one(self.pool())
        .await
        .map_err(|err| write_error(err, "delegation", "profile or organisation"))?;
        Ok(Delegation {
            profile_id: profile,
            organisation_id: organisation,
            granted_at,
            scopes: stored_scopes(&scopes)?,
        })
    }

    async fn revoke_delegation(
        &self,
        profile: ProfileId,
        organisation: OrganisationId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let result = sqlx::query(
            "UPDATE delegations SET revoked_at = $1
             WHERE profile_id = $2 AND organisation_id = $3 AND revoked_at IS NULL",
        )
        .bind(timestamp(&at))
        .bind(profile.as_uuid())
        .bind(organisation.as_uuid())
        .execute(self.pool())
        .await
        .map_err(store_error)?;
        Ok(result.rows_affected() > 0)
    }

    async fn delegations_of_profile(&self, profile: ProfileId) -> StoreResult<Vec<Delegation>> {
        let rows: Vec<(Uuid, DateTime<Utc>, String)> = sqlx::query_as(
            "SELECT organisation_id, granted_at, scopes FROM delegations
             WHERE profile_id = $1 AND revoked_at IS NULL ORDER BY granted_at, organisation_id",
        )
        .bind(profile.as_uuid())
        .fetch_all(self.pool())
        .await
        .map_err(store_error)?;
        rows.into_iter()
            .map(|(organisation, granted_at, scopes)| {
                Ok(Delegation {
                    profile_id: profile,
                    organisation_id: OrganisationId::from_uuid(organisation),
                    granted_at,
                    scopes: stored_scopes(&scopes)?,
                })
            })
            .collect()
    }

    async fn caseload(
        &self,
        organisation: OrganisationId,
        page: &PageRequest,
    ) -> StoreResult<Page<Profile>> {
        let listing = Listing {
            select: "SELECT * FROM (SELECT profile_id, granted_at, organisation_id
                     FROM delegations WHERE revoked_at IS NULL) AS active",
            created: Created {
                at: "granted_at",
                id: "profile_id",
            },
            owner: "organisation_id",
            what: "caseload",
        };
        type Row = (Uuid, DateTime<Utc>, Uuid);
        let delegated = self
            .list_page(
                &listing,
                *organisation.as_uuid(),
                Order::OldestFirst,
                page,
                |row: &Row| (row.1, row.0),
            )
            .await?;
        let ids: Vec<Uuid> = delegated.items.iter().map(|(_, row)| row.0).collect();
        let mut profiles: HashMap<Uuid, Profile> = self
            .profiles_where_ids(&ids)
            .await?
            .into_iter()
            .map(|p| (*p.id.as_uuid(), p))
            .collect();
        // In the order the caseload was delegated; a profile erased in between drops out.
        Ok(Page {
            items: delegated
                .items
                .into_iter()
                .filter_map(|(position, row)| Some((position, profiles.remove(&row.0)?)))
                .collect(),
            has_next_page: delegated.has_next_page,
            total_count: delegated.total_count,
        })
    }

    async fn create_unclaimed_profile(
        &self,
        details: &ProfileDetails,
        created_by: UserId,
        organisation: OrganisationId,
        claim_hash: &str,
        claim_expires_at: DateTime<Utc>,
    ) -> StoreResult<Profile> {
        let now = clock::now();
        let id = ProfileId::new();
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        sqlx::query(
            "INSERT INTO profiles (id, user_id, created_by, display_name, created_at, updated_at)
             VALUES ($1, NULL, $2, $3, $4, $4)",
        )
        .bind(id.as_uuid())
        .bind(created_by.as_uuid())
        .bind(details.display_name.trim())
        .bind(timestamp(&now))
        .execute(&mut *tx)
        .await
        .map_err(|err| write_error(err, "profile", "user"))?;
        let profile = write_details(&mut tx, *id.as_uuid(), details, now).await?;
        sqlx::query(
            "INSERT INTO delegations (profile_id, organisation_id, granted_at, scopes)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id.as_uuid())
        .bind(organisation.as_uuid())
        .bind(timestamp(&now))
        .bind(scopes_code(DelegationScope::ALL))
        .execute(&mut *tx)
        .await
        .map_err(|err| write_error(err, "delegation", "organisation"))?;
        sqlx::query(
            "INSERT INTO profile_claims (profile_id, token_hash, expires_at) VALUES ($1, $2, $3)",
        )
        .bind(id.as_uuid())
        .bind(claim_hash)
        .bind(timestamp(&claim_expires_at))
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        tx.commit().await.map_err(store_error)?;
        Ok(profile)
    }

    async fn claim_profile(
        &self,
        claim_hash: &str,
        user: UserId,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<Profile>> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        // Deleting the claim is what makes it single-use: of two concurrent claims one
        // finds it.
        let claimed: Option<Uuid> = sqlx::query_scalar(
            "DELETE FROM profile_claims WHERE token_hash = $1 AND expires_at > $2 RETURNING profile_id",
        )
        .bind(claim_hash)
        .bind(timestamp(&at))
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        let Some(profile) = claimed else {
            tx.commit().await.map_err(store_error)?;
            return Ok(None);
        };
        sqlx::query(
            "UPDATE profiles SET user_id = $1, updated_at = $2 WHERE id = $3 AND user_id IS NULL",
        )
        .bind(user.as_uuid())
        .bind(timestamp(&at))
        .bind(profile)
        .execute(&mut *tx)
        .await
        .map_err(|err| write_error(err, "profile", "user"))?;
        // What the person decided through their caseworker is theirs now.
        sqlx::query(
            "UPDATE consent_records SET user_id = $1, profile_id = NULL WHERE profile_id = $2",
        )
        .bind(user.as_uuid())
        .bind(profile)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        // The person's own consents now apply to the profile.
        profile_changed(&mut tx, ProfileId::from_uuid(profile), at).await?;
        tx.commit().await.map_err(store_error)?;
        self.profile_where("id", profile).await
    }

    async fn save_profile(
        &self,
        profile: ProfileId,
        details: &ProfileDetails,
    ) -> StoreResult<Profile> {
        let now = clock::now();
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let saved = write_details(&mut tx, *profile.as_uuid(), details, now).await?;
        profile_changed(&mut tx, profile, now).await?;
        tx.commit().await.map_err(store_error)?;
        Ok(saved)
    }
}

/// Scopes as stored, or the error of a row no code of ours wrote.
fn stored_scopes(code: &str) -> StoreResult<Vec<DelegationScope>> {
    scopes_from_code(code).ok_or_else(|| unknown_code("delegation scopes", code))
}

/// Records on `conn`, inside the caller's transaction, that what matching reads of
/// `profile` changed.
pub(crate) async fn profile_changed(
    conn: &mut <crate::dialect::Db as sqlx::Database>::Connection,
    profile: ProfileId,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    crate::events::record_changes(
        conn,
        &[skillbridge_domain::events::Event::ProfileChanged {
            profile_id: profile,
        }],
        now,
    )
    .await
}

/// Creates the user's profile row if there is none, then writes the details on `conn`:
/// one path for every way a profile is saved.
pub(crate) async fn upsert_profile_of_user(
    conn: &mut <crate::dialect::Db as sqlx::Database>::Connection,
    user: UserId,
    details: &ProfileDetails,
    now: DateTime<Utc>,
) -> StoreResult<Profile> {
    // ON CONFLICT keeps a concurrent creation.
    sqlx::query(
        "INSERT INTO profiles (id, user_id, created_by, display_name, created_at, updated_at)
             VALUES ($1, $2, $2, $3, $4, $4)
             ON CONFLICT (user_id) DO NOTHING",
    )
    .bind(ProfileId::new().as_uuid())
    .bind(user.as_uuid())
    .bind(details.display_name.trim())
    .bind(timestamp(&now))
    .execute(&mut *conn)
    .await
    .map_err(|err| write_error(err, "profile", "user"))?;
    let id: Uuid = sqlx::query_scalar("SELECT id FROM profiles WHERE user_id = $1")
        .bind(user.as_uuid())
        .fetch_one(&mut *conn)
        .await
        .map_err(store_error)?;
    let profile = write_details(conn, id, details, now).await?;
    Ok(profile)
}

/// Adds a skill to a profile, or changes its proficiency and evidence, on `conn`.
pub(crate) async fn upsert_profile_skill(
    conn: &mut <crate::dialect::Db as sqlx::Database>::Connection,
    profile: ProfileId,
    skill: &NewProfileSkill,
) -> StoreResult<()> {
    sqlx::query(
            "INSERT INTO profile_skills (profile_id, skill_id, proficiency, evidence) VALUES ($1, $2, $3, $4)
             ON CONFLICT (profile_id, skill_id) DO UPDATE SET
               proficiency = excluded.proficiency, evidence = excluded.evidence",
        )
        .bind(profile.as_uuid())
        .bind(skill.skill_id.as_uuid())
        .bind(skill.proficiency.code())
        .bind(skill.evidence.code())
        .execute(&mut *conn)
        .await
        .map_err(|err| write_error(err, "profile skill", "skill"))?;
    Ok(())
}

/// Adds a language to a profile, or changes its level, on `conn`.
pub(crate) async fn upsert_profile_language(
    conn: &mut <crate::dialect::Db as sqlx::Database>::Connection,
    profile: ProfileId,
    language: &ProfileLanguage,
) -> StoreResult<()> {
    sqlx::query(
            "INSERT INTO profile_languages (profile_id, language, level, mother_tongue) VALUES ($1, $2, $3, $4)
             ON CONFLICT (profile_id, language) DO UPDATE SET
               level = excluded.level, mother_tongue = excluded.mother_tongue",
        )
        .bind(profile.as_uuid())
        .bind(language.language.as_str())
        .bind(language.level.code())
        .bind(language.mother_tongue)
        .execute(&mut *conn)
        .await
        .map_err(|err| write_error(err, "profile language", "profile"))?;
    Ok(())
}
