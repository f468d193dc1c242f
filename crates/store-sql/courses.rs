// Courses with their skills, languages of instruction and tracks, and their cohorts.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use skillbridge_domain::course::{
    Audience, Cohort, CohortCancellation, Cost, Course, CourseDetails, CourseMode,
    CourseRepository, CourseSkill, CourseStatus, Prerequisite,
};
use skillbridge_domain::profile::{Location, Proficiency, Track};
use skillbridge_domain::{
    CefrLevel, CohortId, CourseId, LanguageCode, OrganisationId, SkillId, StoreError, StoreResult,
    clock,
};
use sqlx::{FromRow, QueryBuilder};
use uuid::Uuid;

use crate::batch::{insert_codes, insert_values, push_uuids, rows_for_ids};
use crate::dialect::{Db, DbStore, begin_locked, timestamp};
use crate::error::{store_error, stored_codes, unknown_code, write_error};
use crate::search::search_documents_changed;
use skillbridge_domain::employment::InclusionSupport;
use skillbridge_domain::organisation::codes_text;
use skillbridge_domain::search::DocumentKind;
use skillbridge_domain::world_region::WorldRegion;

const COURSE_COLUMNS: &str = "id, organisation_id, title, description, mode, place_name,
    country_code, region_code, latitude, longitude, cost_amount, cost_currency, credential_name,
    credential_eqf_level, audience, min_language, min_language_level, taught_language,
    taught_level, childcare, stipend, transport, min_eqf_level, prepares_support, origin_regions,
    status, created_at";

#[derive(FromRow)]
struct CourseRow {
    id: Uuid,
    organisation_id: Uuid,
    title: String,
    description: String,
    mode: String,
    place_name: Option<String>,
    country_code: Option<String>,
    region_code: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    cost_amount: i64,
    cost_currency: Option<String>,
    credential_name: Option<String>,
    credential_eqf_level: Option<i32>,
    audience: String,
    min_language: Option<String>,
    min_language_level: Option<String>,
    taught_language: Option<String>,
    taught_level: Option<String>,
    childcare: bool,
    stipend: bool,
    transport: bool,
    min_eqf_level: Option<i32>,
    prepares_support: String,
    origin_regions: String,
    status: String,
    created_at: DateTime<Utc>,
}

impl TryFrom<CourseRow> for Course {
    type Error = StoreError;
    fn try_from(r: CourseRow) -> Result<Self, Self::Error> {
        let language_level =
            |language: Option<String>, level: Option<String>| match (language, level) {
                (Some(language), Some(level)) => Ok(Some((
                    LanguageCode::parse(&language)
                        .map_err(|_| unknown_code("language", &language))?,
                    CefrLevel::parse(&level).map_err(|_| unknown_code("CEFR level", &level))?,
                ))),
                _ => Ok::<_, StoreError>(None),
            };
        let min_language = language_level(r.min_language, r.min_language_level)?;
        let teaches_language = language_level(r.taught_language, r.taught_level)?;
        Ok(Course {
            id: CourseId::from_uuid(r.id),
            organisation_id: OrganisationId::from_uuid(r.organisation_id),
            title: r.title,
            description: r.description,
            mode: CourseMode::from_code(&r.mode)
                .ok_or_else(|| unknown_code("course mode", &r.mode))?,
            location: Location {
                place_name: r.place_name,
                country_code: r.country_code,
                region_code: r.region_code,
                latitude: r.latitude,
                longitude: r.longitude,
            },
            // A zero amount is free, whatever currency was noted.
            cost: r
                .cost_currency
                .filter(|_| r.cost_amount > 0)
                .map(|currency| Cost {
                    amount: r.cost_amount,
                    currency,
                }),
            credential_name: r.credential_name,
            credential_eqf_level: r.credential_eqf_level,
            audience: Audience::from_code(&r.audience)
                .ok_or_else(|| unknown_code("audience", &r.audience))?,
            min_language,
            teaches_language,
            childcare: r.childcare,
            stipend: r.stipend,
            transport: r.transport,
            min_eqf_level: r.min_eqf_level,
            prepares_support: stored_codes(
                &r.prepares_support,
                "inclusion support",
                InclusionSupport::from_code,
            )?,
            origin_regions: stored_codes(
                &r.origin_regions,
                "world region",
                WorldRegion::from_code,
            )?,
            status: CourseStatus::from_code(&r.status)
                .ok_or_else(|| unknown_code("course status", &r.status))?,
            created_at: r.created_at,
        })
    }
}

#[async_trait]
impl CourseRepository for DbStore {
    async fn create_course(
        &self,
        organisation: OrganisationId,
        details: &CourseDetails,
    ) -> StoreResult<Course> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let course = insert_course(&mut tx, organisation, details, clock::now()).await?;
        tx.commit().await.map_err(store_error)?;
        Ok(course)
    }

    async fn courses_by_ids(&self, ids: &[CourseId]) -> StoreResult<Vec<Course>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb =
            QueryBuilder::new(format!("SELECT {COURSE_COLUMNS} FROM courses WHERE id IN "));
        push_uuids(&mut qb, ids.iter().map(|id| *id.as_uuid()));
        qb.build_query_as::<CourseRow>()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?
            .into_iter()
            .map(Course::try_from)
            .collect()
    }

    async fn course_skills(&self, ids: &[CourseId]) -> StoreResult<Vec<(CourseId, CourseSkill)>> {
        let rows = skills_at_levels(self, "level_reached FROM course_skills", ids).await?;
        Ok(rows
            .into_iter()
            .map(|(course, skill_id, level_reached)| {
                (
                    course,
                    CourseSkill {
                        skill_id,
                        level_reached,
                    },
                )
            })
            .collect())
    }

    async fn courses_teaching_languages(
        &self,
        languages: &[LanguageCode],
    ) -> StoreResult<Vec<CourseId>> {
        if languages.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT id FROM courses WHERE status = 'PUBLISHED' AND taught_language IN (",
        );
        let mut list = qb.separated(", ");
        for language in languages {
            list.push_bind(language.as_str());
        }
        list.push_unseparated(") ORDER BY id");
        let ids: Vec<Uuid> = qb
            .build_query_scalar()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?;
        Ok(ids.into_iter().map(CourseId::from_uuid).collect())
    }

    async fn courses_teaching(&self, skills: &[SkillId]) -> StoreResult<Vec<CourseId>> {
        let ids: Vec<Uuid> = rows_for_ids::<(Uuid,)>(
            self.pool(),
            "SELECT DISTINCT cs.course_id FROM course_skills cs JOIN courses c ON c.id = cs.course_id
             WHERE c.status = 'PUBLISHED' AND cs.skill_id",
            skills.iter().map(|id| *id.as_uuid()),
            "cs.course_id",
        )
        .await?
        .into_iter()
        .map(|(id,)| id)
        .collect();
        Ok(ids.into_iter().map(CourseId::from_uuid).collect())
    }

    async fn courses_for_tracks(
        &self,
        tracks: &[Track],
        childcare: bool,
        from: NaiveDate,
        limit: usize,
    ) -> StoreResult<Vec<CourseId>> {
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT c.id FROM courses c WHERE c.status = 'PUBLISHED'
               AND EXISTS (SELECT 1 FROM cohorts h WHERE h.course_id = c.id AND h.starts_on >= ",
        );
        qb.push_bind(from);
        qb.push(") AND ((c.childcare AND ");
        qb.push_bind(childcare);
        qb.push(")");
        if !tracks.is_empty() {
            qb.push(" OR c.id IN (SELECT course_id FROM course_tracks WHERE track IN (");
            let mut list = qb.separated(", ");
            for track in tracks {
                list.push_bind(track.code());
            }
            list.push_unseparated("))");
        }
        qb.push(") ORDER BY c.id LIMIT ");
        qb.push_bind(i64::try_from(limit).unwrap_or(i64::MAX));
        let ids: Vec<Uuid> = qb
            .build_query_scalar()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?;
        Ok(ids.into_iter().map(CourseId::from_uuid).collect())
    }

    async fn staff_courses(&self, from: NaiveDate, limit: usize) -> StoreResult<Vec<CourseId>> {
        let ids: Vec<Uuid> = sqlx::query_scalar(
            "SELECT c.id FROM courses c
              WHERE c.status = 'PUBLISHED' AND c.audience = 'EMPLOYER_STAFF'
                AND (c.prepares_support <> '' OR c.origin_regions <> '')
                AND EXISTS (SELECT 1 FROM cohorts h
                             WHERE h.course_id = c.id AND h.starts_on >= $1
                               AND h.cancelled_at IS NULL)
              ORDER BY c.id LIMIT $2",
        )
        .bind(from)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(self.pool())
        .await
        .map_err(store_error)?;
        Ok(ids.into_iter().map(CourseId::from_uuid).collect())
    }

    async fn course_tracks(&self, ids: &[CourseId]) -> StoreResult<Vec<(CourseId, Track)>> {
        let rows: Vec<(Uuid, String)> = rows_for_ids(
            self.pool(),
            "SELECT course_id, track FROM course_tracks WHERE course_id",
            ids.iter().map(|id| *id.as_uuid()),
            "course_id, track",
        )
        .await?;
        rows.into_iter()
            .map(|(course, code)| {
                let track = Track::from_code(&code).ok_or_else(|| unknown_code("track", &code))?;
                Ok((CourseId::from_uuid(course), track))
            })
            .collect()
    }

    async fn course_languages(
        &self,
        ids: &[CourseId],
    ) -> StoreResult<Vec<(CourseId, LanguageCode)>> {
        let rows: Vec<(Uuid, String)> = rows_for_ids(
            self.pool(),
            "SELECT course_id, language FROM course_languages WHERE course_id",
            ids.iter().map(|id| *id.as_uuid()),
            "course_id, language",
        )
        .await?;
        rows.into_iter()
            .map(|(course, language)| {
                Ok((
                    CourseId::from_uuid(course),
                    LanguageCode::parse(&language)
                        .map_err(|_| unknown_code("language", &language))?,
                ))
            })
            .collect()
    }

    async fn course_prerequisites(
        &self,
        ids: &[CourseId],
    ) -> StoreResult<Vec<(CourseId, Prerequisite)>> {
        let rows = skills_at_levels(self, "level FROM course_prerequisites", ids).await?;
        Ok(rows
            .into_iter()
            .map(|(course, skill_id, level)| (course, Prerequisite { skill_id, level }))
            .collect())
    }

    async fn add_cohort(
        &self,
        course: CourseId,
        starts_on: NaiveDate,
        ends_on: Option<NaiveDate>,
        seats: i32,
    ) -> StoreResult<Cohort> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let cohort =
            insert_cohort(&mut tx, course, starts_on, ends_on, seats, clock::now()).await?;
        tx.commit().await.map_err(store_error)?;
        Ok(cohort)
    }

    async fn cohorts_of(&self, ids: &[CourseId]) -> StoreResult<Vec<Cohort>> {
        cohorts_where(self, "course_id", ids.iter().map(|id| *id.as_uuid())).await
    }

    async fn cohorts_by_ids(&self, ids: &[CohortId]) -> StoreResult<Vec<Cohort>> {
        cohorts_where(self, "id", ids.iter().map(|id| *id.as_uuid())).await
    }

    async fn update_course(
        &self,
        id: CourseId,
        details: &CourseDetails,
    ) -> StoreResult<Option<Course>> {
        let d = details;
        let now = clock::now();
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let sql = format!(
            "UPDATE courses SET title = $2, description = $3, mode = $4, place_name = $5,
                   country_code = $6, region_code = $7, latitude = $8, longitude = $9,
                   cost_amount = $10, cost_currency = $11, credential_name = $12,
                   credential_eqf_level = $13, audience = $14, min_language = $15,
                   min_language_level = $16, taught_language = $17, taught_level = $18,
                   childcare = $19, stipend = $20, transport = $21, min_eqf_level = $22,
                   prepares_support = $23, origin_regions = $24, updated_at = $25
             WHERE id = $1 AND status = 'PUBLISHED'
             RETURNING {COURSE_COLUMNS}"
        );
        let query = sqlx::query_as::<_, CourseRow>(&sql).bind(id.as_uuid());
        let row = bind_details(query, d)
            .bind(timestamp(&now))
            .fetch_optional(&mut *tx)
            .await
            .map_err(store_error)?;
        let Some(row) = row else {
            return Ok(None);
        };
        for table in [
            "course_skills",
            "course_languages",
            "course_tracks",
            "course_prerequisites",
        ] {
            sqlx::query(&format!("DELETE FROM {table} WHERE course_id = $1"))
                .bind(id.as_uuid())
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
        }
        write_course_lists(&mut tx, id, d).await?;
        search_documents_changed(&mut tx, DocumentKind::Course, &[*id.as_uuid()], now).await?;
        tx.commit().await.map_err(store_error)?;
        row.try_into().map(Some)
    }

    async fn archive_course(&self, id: CourseId) -> StoreResult<Option<Course>> {
        let now = clock::now();
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let row = sqlx::query_as::<_, CourseRow>(&format!(
            "UPDATE courses
                SET updated_at = CASE WHEN status = 'ARCHIVED' THEN updated_at ELSE $2 END,
                    status = 'ARCHIVED'
              WHERE id = $1
              RETURNING {COURSE_COLUMNS}"
        ))
        .bind(id.as_uuid())
        .bind(timestamp(&now))
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        if row.is_some() {
            search_documents_changed(&mut tx, DocumentKind::Course, &[*id.as_uuid()], now).await?;
        }
        tx.commit().await.map_err(store_error)?;
        row.map(Course::try_from).transpose()
    }
}

/// Writes a course with its skills, languages and tracks on `conn` (inside the caller's
/// transaction).
pub(crate) async fn insert_course(
    conn: &mut <Db as sqlx::Database>::Connection,
    organisation: OrganisationId,
    details: &CourseDetails,
    now: DateTime<Utc>,
) -> StoreResult<Course> {
    let d = details;
    let id = CourseId::new();
    let sql = format!(
        "INSERT INTO courses (id, organisation_id, title, description, mode, place_name,
               country_code, region_code, latitude, longitude, cost_amount, cost_currency,
               credential_name, credential_eqf_level, audience, min_language, min_language_level,
               taught_language, taught_level, childcare, stipend, transport, min_eqf_level,
               prepares_support, origin_regions, status, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                     $18, $19, $20, $21, $22, $23, $24, $25, 'PUBLISHED', $26, $26)
             RETURNING {COURSE_COLUMNS}"
    );
    let query = sqlx::query_as::<_, CourseRow>(&sql)
        .bind(id.as_uuid())
        .bind(organisation.as_uuid());
    let row = bind_details(query, d)
        .bind(timestamp(&now))
        .fetch_one(&mut *conn)
        .await
        .map_err(|err| write_error(err, "course", "organisation"))?;
    write_course_lists(conn, id, d).await?;
    search_documents_changed(conn, DocumentKind::Course, &[*id.as_uuid()], now).await?;
    row.try_into()
}

/// The (course, skill, level) rows of the courses `ids` from `level_from` ("<level column>
/// FROM <table>"), by course and skill.
async fn skills_at_levels(
    store: &DbStore,
    level_from: &str,
    ids: &[CourseId],
) -> StoreResult<Vec<(CourseId, SkillId, Proficiency)>> {
    let rows: Vec<(Uuid, Uuid, String)> = rows_for_ids(
        store.pool(),
        &format!("SELECT course_id, skill_id, {level_from} WHERE course_id"),
        ids.iter().map(|id| *id.as_uuid()),
        "course_id, skill_id",
    )
    .await?;
    rows.into_iter()
        .map(|(course, skill, level)| {
            Ok((
                CourseId::from_uuid(course),
                SkillId::from_uuid(skill),
                Proficiency::from_code(&level)
                    .ok_or_else(|| unknown_code("proficiency", &level))?,
            ))
        })
        .collect()
}

type CourseQuery<'q> =
    sqlx::query::QueryAs<'q, Db, CourseRow, <Db as sqlx::Database>::Arguments<'q>>;

/// Binds a course's plain fields, title to the regions of origin (23 placeholders), in the
/// order of the INSERT and UPDATE statements; code lists in the order of their enumeration.
fn bind_details<'q>(query: CourseQuery<'q>, d: &'q CourseDetails) -> CourseQuery<'q> {
    query
        .bind(d.title.trim())
        .bind(d.description.trim())
        .bind(d.mode.code())
        .bind(&d.location.place_name)
        .bind(&d.location.country_code)
        .bind(&d.location.region_code)
        .bind(d.location.latitude)
        .bind(d.location.longitude)
        .bind(d.cost.as_ref().map_or(0, |c| c.amount))
        .bind(d.cost.as_ref().map(|c| c.currency.clone()))
        .bind(&d.credential_name)
        .bind(d.credential_eqf_level)
        .bind(d.audience.code())
        .bind(d.min_language.map(|(l, _)| l.as_str()))
        .bind(d.min_language.map(|(_, level)| level.code()))
        .bind(d.teaches_language.map(|(l, _)| l.as_str()))
        .bind(d.teaches_language.map(|(_, level)| level.code()))
        .bind(d.childcare)
        .bind(d.stipend)
        .bind(d.transport)
        .bind(d.min_eqf_level)
        .bind(codes_text(
            InclusionSupport::ALL
                .iter()
                .filter(|s| d.prepares_support.contains(s))
                .map(|s| s.code()),
        ))
        .bind(codes_text(
            WorldRegion::ALL
                .iter()
                .filter(|r| d.origin_regions.contains(r))
                .map(|r| r.code()),
        ))
}

/// Writes a course's skills, languages of instruction and tracks on `conn`.
async fn write_course_lists(
    conn: &mut <Db as sqlx::Database>::Connection,
    id: CourseId,
    d: &CourseDetails,
) -> StoreResult<()> {
    insert_values(
        &mut *conn,
        "INSERT INTO course_skills (course_id, skill_id, level_reached) ",
        &d.skills,
        |mut row, s| {
            row.push_bind(*id.as_uuid())
                .push_bind(*s.skill_id.as_uuid())
                .push_bind(s.level_reached.code());
        },
        ("course skill", "skill"),
    )
    .await?;
    insert_codes(
        &mut *conn,
        "INSERT INTO course_languages (course_id, language) VALUES ($1, $2)",
        *id.as_uuid(),
        d.languages.iter().map(|l| l.as_str()),
    )
    .await?;
    insert_codes(
        &mut *conn,
        "INSERT INTO course_tracks (course_id, track) VALUES ($1, $2)",
        *id.as_uuid(),
        d.tracks.iter().map(|t| t.code()),
    )
    .await?;
    insert_values(
        &mut *conn,
        "INSERT INTO course_prerequisites (course_id, skill_id, level) ",
        &d.prerequisites,
        |mut row, p| {
            row.push_bind(*id.as_uuid())
                .push_bind(*p.skill_id.as_uuid())
                .push_bind(p.level.code());
        },
        ("course prerequisite", "skill"),
    )
    .await
}

/// Writes a cohort of `course` on `conn`.
pub(crate) async fn insert_cohort(
    conn: &mut <Db as sqlx::Database>::Connection,
    course: CourseId,
    starts_on: NaiveDate,
    ends_on: Option<NaiveDate>,
    seats: i32,
    now: DateTime<Utc>,
) -> StoreResult<Cohort> {
    let id = CohortId::new();
    sqlx::query(
        "INSERT INTO cohorts (id, course_id, starts_on, ends_on, capacity, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(id.as_uuid())
    .bind(course.as_uuid())
    .bind(starts_on)
    .bind(ends_on)
    .bind(seats)
    .bind(timestamp(&now))
    .execute(&mut *conn)
    .await
    .map_err(|err| write_error(err, "cohort", "course"))?;
    search_documents_changed(conn, DocumentKind::Course, &[*course.as_uuid()], now).await?;
    Ok(Cohort {
        id,
        course_id: course,
        starts_on,
        ends_on,
        seats,
        cancelled: None,
    })
}

/// The cohorts whose `column` (id or course_id) is one of `ids`, earliest first.
async fn cohorts_where(
    store: &DbStore,
    column: &str,
    ids: impl ExactSizeIterator<Item = Uuid>,
) -> StoreResult<Vec<Cohort>> {
    let rows: Vec<CohortRow> = rows_for_ids(
        store.pool(),
        &format!("SELECT {COHORT_COLUMNS} FROM cohorts WHERE {column}"),
        ids,
        "starts_on, id",
    )
    .await?;
    Ok(rows.into_iter().map(Cohort::from).collect())
}

pub(crate) const COHORT_COLUMNS: &str =
    "id, course_id, starts_on, ends_on, capacity, cancelled_at, cancel_reason";

#[derive(FromRow)]
pub(crate) struct CohortRow {
    id: Uuid,
    course_id: Uuid,
    starts_on: NaiveDate,
    ends_on: Option<NaiveDate>,
    capacity: i32,
    cancelled_at: Option<DateTime<Utc>>,
    cancel_reason: Option<String>,
}

impl From<CohortRow> for Cohort {
    fn from(r: CohortRow) -> Self {
        Cohort {
            id: CohortId::from_uuid(r.id),
            course_id: CourseId::from_uuid(r.course_id),
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            seats: r.capacity,
            cancelled: r.cancelled_at.map(|at| CohortCancellation {
                reason: r.cancel_reason.unwrap_or_default(),
                at,
            }),
        }
    }
}
