// Vacancies with their skills, languages, inclusion support and tracks.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use skillbridge_domain::profile::{Location, Proficiency, Track};
use skillbridge_domain::vacancy::{
    ContractType, InclusionSupport, Requirement, Salary, Vacancy, VacancyDetails, VacancyFilter,
    VacancyLanguage, VacancyRepository, VacancySkill, VacancyStatus,
};
use skillbridge_domain::{
    CefrLevel, LanguageCode, OccupationId, Order, OrganisationId, Page, PageRequest, SkillId,
    StoreResult, VacancyId, clock,
};
use sqlx::{FromRow, QueryBuilder};
use uuid::Uuid;

use crate::batch::{insert_codes, insert_values, push_uuids, rows_for_ids};
use crate::dialect::{Db, DbStore, begin_locked, timestamp};
use crate::error::{store_error, unknown_code, write_error};
use crate::events::record_changes;
use crate::paging::{Created, keyset_page, push_keyset};
use crate::search::search_documents_changed;
use skillbridge_domain::events::Event;
use skillbridge_domain::search::DocumentKind;

const VACANCY_COLUMNS: &str = "id, organisation_id, title, description, occupation_id, isco_code,
    place_name, country_code, region_code, latitude, longitude, remote, contract_type,
    hours_per_week, salary_min, salary_max, salary_currency, positions, starts_on, ends_on,
    closes_on, visa_sponsorship, status, published_at, created_at, updated_at";

#[derive(FromRow)]
struct VacancyRow {
    id: Uuid,
    organisation_id: Uuid,
    title: String,
    description: String,
    occupation_id: Option<Uuid>,
    isco_code: Option<String>,
    place_name: Option<String>,
    country_code: Option<String>,
    region_code: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    remote: bool,
    contract_type: String,
    hours_per_week: Option<f64>,
    salary_min: Option<i64>,
    salary_max: Option<i64>,
    salary_currency: Option<String>,
    positions: i32,
    starts_on: Option<NaiveDate>,
    ends_on: Option<NaiveDate>,
    closes_on: Option<NaiveDate>,
    visa_sponsorship: bool,
    status: String,
    published_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<VacancyRow> for Vacancy {
    type Error = skillbridge_domain::StoreError;
    fn try_from(r: VacancyRow) -> Result<Self, Self::Error> {
        Ok(Vacancy {
            id: VacancyId::from_uuid(r.id),
            organisation_id: OrganisationId::from_uuid(r.organisation_id),
            title: r.title,
            description: r.description,
            occupation_id: r.occupation_id.map(OccupationId::from_uuid),
            isco_code: r.isco_code,
            location: Location {
                place_name: r.place_name,
                country_code: r.country_code,
                region_code: r.region_code,
                latitude: r.latitude,
                longitude: r.longitude,
            },
            remote: r.remote,
            contract_type: ContractType::from_code(&r.contract_type)
                .ok_or_else(|| unknown_code("contract type", &r.contract_type))?,
            hours_per_week: r.hours_per_week,
            salary: r.salary_currency.map(|currency| Salary {
                min: r.salary_min,
                max: r.salary_max,
                currency,
            }),
            positions: r.positions,
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            closes_on: r.closes_on,
            visa_sponsorship: r.visa_sponsorship,
            status: VacancyStatus::from_code(&r.status)
                .ok_or_else(|| unknown_code("vacancy status", &r.status))?,
            published_at: r.published_at,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

#[async_trait]
impl VacancyRepository for DbStore {
    async fn create_vacancy(
        &self,
        organisation: OrganisationId,
        details: &VacancyDetails,
    ) -> StoreResult<Vacancy> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let vacancy = insert_vacancy(
            &mut tx,
            organisation,
            details,
            VacancyStatus::Draft,
            clock::now(),
        )
        .await?;
        tx.commit().await.map_err(store_error)?;
        Ok(vacancy)
    }

    async fn update_vacancy(
        &self,
        id: VacancyId,
        editable: &[VacancyStatus],
        details: &VacancyDetails,
    ) -> StoreResult<Option<Vacancy>> {
        let d = details;
        let now = clock::now();
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let isco_code = isco_of(&mut tx, d.occupation_id).await?;
        let mut qb = QueryBuilder::<Db>::new("UPDATE vacancies SET title = ");
        qb.push_bind(d.title.trim().to_owned())
            .push(", description = ")
            .push_bind(d.description.trim().to_owned())
            .push(", occupation_id = ")
            .push_bind(d.occupation_id.map(|o| *o.as_uuid()))
            .push(", isco_code = ")
            .push_bind(isco_code)
            .push(", place_name = ")
            .push_bind(d.location.place_name.clone())
            .push(", country_code = ")
            .push_bind(d.location.country_code.clone())
            .push(", region_code = ")
            .push_bind(d.location.region_code.clone())
            .push(", latitude = ")
            .push_bind(d.location.latitude)
            .push(", longitude = ")
            .push_bind(d.location.longitude)
            .push(", remote = ")
            .push_bind(d.remote)
            .push(", contract_type = ")
            .push_bind(d.contract_type.code())
            .push(", hours_per_week = ")
            .push_bind(d.hours_per_week)
            .push(", salary_min = ")
            .push_bind(d.salary.as_ref().and_then(|s| s.min))
            .push(", salary_max = ")
            .push_bind(d.salary.as_ref().and_then(|s| s.max))
            .push(", salary_currency = ")
            .push_bind(d.salary.as_ref().map(|s| s.currency.clone()))
            .push(", positions = ")
            .push_bind(d.positions)
            .push(", starts_on = ")
            .push_bind(d.starts_on)
            .push(", ends_on = ")
            .push_bind(d.ends_on)
            .push(", closes_on = ")
            .push_bind(d.closes_on)
            .push(", visa_sponsorship = ")
            .push_bind(d.visa_sponsorship)
            .push(", updated_at = ")
            .push_bind(timestamp(&now))
            .push(" WHERE id = ")
            .push_bind(*id.as_uuid())
            .push(" AND status IN (");
        let mut statuses = qb.separated(", ");
        for status in editable {
            statuses.push_bind(status.code());
        }
        qb.push(format!(") RETURNING {VACANCY_COLUMNS}"));
        let row = qb
            .build_query_as::<VacancyRow>()
            .fetch_optional(&mut *tx)
            .await
            .map_err(|err| write_error(err, "vacancy", "occupation"))?;
        let Some(row) = row else {
            return Ok(None);
        };
        for table in [
            "vacancy_skills",
            "vacancy_languages",
            "vacancy_inclusion_support",
            "vacancy_tracks",
        ] {
            sqlx::query(&format!("DELETE FROM {table} WHERE vacancy_id = $1"))
                .bind(id.as_uuid())
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
        }
        insert_children(&mut tx, id, d).await?;
        search_documents_changed(&mut tx, DocumentKind::Vacancy, &[*id.as_uuid()], now).await?;
        record_changes(&mut tx, &[Event::VacancyChanged { vacancy_id: id }], now).await?;
        tx.commit().await.map_err(store_error)?;
        row.try_into().map(Some)
    }

    async fn vacancies_by_ids(&self, ids: &[VacancyId]) -> StoreResult<Vec<Vacancy>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = QueryBuilder::new(format!(
            "SELECT {VACANCY_COLUMNS} FROM vacancies WHERE id IN "
        ));
        push_uuids(&mut qb, ids.iter().map(|id| *id.as_uuid()));
        qb.build_query_as::<VacancyRow>()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?
            .into_iter()
            .map(Vacancy::try_from)
            .collect()
    }

    async fn transition_vacancy(
        &self,
        id: VacancyId,
        from: VacancyStatus,
        to: VacancyStatus,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<Vacancy>> {
        let published = (to == VacancyStatus::Open).then(|| timestamp(&at));
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let row = sqlx::query_as::<_, VacancyRow>(&format!(
            "UPDATE vacancies SET status = $1, updated_at = $2,
               published_at = COALESCE($3, published_at)
             WHERE id = $4 AND status = $5
             RETURNING {VACANCY_COLUMNS}"
        ))
        .bind(to.code())
        .bind(timestamp(&at))
        .bind(published)
        .bind(id.as_uuid())
        .bind(from.code())
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        let Some(row) = row else {
            return Ok(None);
        };
        search_documents_changed(&mut tx, DocumentKind::Vacancy, &[*id.as_uuid()], at).await?;
        let change = if to == VacancyStatus::Open {
            Event::VacancyPublished { vacancy_id: id }
        } else {
            Event::VacancyChanged { vacancy_id: id }
        };
        record_changes(&mut tx, &[change], at).await?;
        tx.commit().await.map_err(store_error)?;
        row.try_into().map(Some)
    }

    async fn vacancy_skills(
        &self,
        ids: &[VacancyId],
    ) -> StoreResult<Vec<(VacancyId, VacancySkill)>> {
        let rows: Vec<(Uuid, Uuid, String, Option<String>)> = rows_for_ids(
            self.pool(),
            "SELECT vacancy_id, skill_id, requirement, min_proficiency FROM vacancy_skills WHERE vacancy_id",
            ids.iter().map(|id| *id.as_uuid()),
            "vacancy_id, requirement, skill_id",
        )
        .await?;
        rows.into_iter()
            .map(|(vacancy, skill, requirement, min)| {
                Ok((
                    VacancyId::from_uuid(vacancy),
                    VacancySkill {
                        skill_id: SkillId::from_uuid(skill),
                        requirement: Requirement::from_code(&requirement)
                            .ok_or_else(|| unknown_code("requirement", &requirement))?,
                        min_proficiency: min
                            .map(|m| {
                                Proficiency::from_code(&m)
                                    .ok_or_else(|| unknown_code("proficiency", &m))
                            })
                            .transpose()?,
                    },
                ))
            })
            .collect()
    }

    async fn vacancy_languages(
        &self,
        ids: &[VacancyId],
    ) -> StoreResult<Vec<(VacancyId, VacancyLanguage)>> {
        let rows: Vec<(Uuid, String, String)> = rows_for_ids(
            self.pool(),
            "SELECT vacancy_id, language, min_level FROM vacancy_languages WHERE vacancy_id",
            ids.iter().map(|id| *id.as_uuid()),
            "vacancy_id, language",
        )
        .await?;
        rows.into_iter()
            .map(|(vacancy, language, level)| {
                Ok((
                    VacancyId::from_uuid(vacancy),
                    VacancyLanguage {
                        language: LanguageCode::parse(&language)
                            .map_err(|_| unknown_code("language", &language))?,
                        min_level: CefrLevel::parse(&level)
                            .map_err(|_| unknown_code("CEFR level", &level))?,
                    },
                ))
            })
            .collect()
    }

    async fn vacancy_support(
        &self,
        ids: &[VacancyId],
    ) -> StoreResult<Vec<(VacancyId, InclusionSupport)>> {
        let rows: Vec<(Uuid, String)> = rows_for_ids(
            self.pool(),
            "SELECT vacancy_id, support FROM vacancy_inclusion_support WHERE vacancy_id",
            ids.iter().map(|id| *id.as_uuid()),
            "vacancy_id, support",
        )
        .await?;
        rows.into_iter()
            .map(|(vacancy, code)| {
                Ok((
                    VacancyId::from_uuid(vacancy),
                    InclusionSupport::from_code(&code)
                        .ok_or_else(|| unknown_code("inclusion support", &code))?,
                ))
            })
            .collect()
    }

    async fn vacancy_tracks(&self, ids: &[VacancyId]) -> StoreResult<Vec<(VacancyId, Track)>> {
        let rows: Vec<(Uuid, String)> = rows_for_ids(
            self.pool(),
            "SELECT vacancy_id, track FROM vacancy_tracks WHERE vacancy_id",
            ids.iter().map(|id| *id.as_uuid()),
            "vacancy_id, track",
        )
        .await?;
        rows.into_iter()
            .map(|(vacancy, code)| {
                Ok((
                    VacancyId::from_uuid(vacancy),
                    Track::from_code(&code).ok_or_else(|| unknown_code("track", &code))?,
                ))
            })
            .collect()
    }

    async fn find_vacancies(
        &self,
        filter: &VacancyFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<Vacancy>> {
        let filters = |qb: &mut QueryBuilder<'_, Db>| {
            qb.push(" WHERE 1 = 1");
            if let Some(organisation) = filter.organisation {
                qb.push(" AND organisation_id = ")
                    .push_bind(*organisation.as_uuid());
            }
            if !filter.statuses.is_empty() {
                qb.push(" AND status IN (");
                let mut list = qb.separated(", ");
                for status in &filter.statuses {
                    list.push_bind(status.code());
                }
                list.push_unseparated(")");
            }
            if let Some(occupation) = filter.occupation {
                qb.push(" AND occupation_id = ")
                    .push_bind(*occupation.as_uuid());
            }
            if let Some(contract) = filter.contract_type {
                qb.push(" AND contract_type = ").push_bind(contract.code());
            }
            if let Some(remote) = filter.remote {
                qb.push(" AND remote = ").push_bind(remote);
            }
        };
        let mut count = QueryBuilder::new("SELECT COUNT(*) FROM vacancies");
        filters(&mut count);
        let total: i64 = count
            .build_query_scalar()
            .fetch_one(self.pool())
            .await
            .map_err(store_error)?;

        // Ids are UUID v7: their order is creation order, on both databases.
        let mut qb = QueryBuilder::new(format!("SELECT {VACANCY_COLUMNS} FROM vacancies"));
        filters(&mut qb);
        let created = Created {
            at: "created_at",
            id: "id",
        };
        push_keyset(&mut qb, page, &created, Order::NewestFirst, "vacancy")?;
        let rows: Vec<Vacancy> = qb
            .build_query_as::<VacancyRow>()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?
            .into_iter()
            .map(Vacancy::try_from)
            .collect::<StoreResult<_>>()?;
        Ok(keyset_page(rows, page, total, |item| {
            (item.created_at, *item.id.as_uuid())
        }))
    }
}

/// Writes a vacancy with its skills, languages, support and tracks on `conn` (inside the
/// caller's transaction); an OPEN one is published at `now`.
pub(crate) async fn insert_vacancy(
    conn: &mut <Db as sqlx::Database>::Connection,
    organisation: OrganisationId,
    details: &VacancyDetails,
    status: VacancyStatus,
    now: DateTime<Utc>,
) -> StoreResult<Vacancy> {
    let d = details;
    let id = VacancyId::new();
    let published_at = (status == VacancyStatus::Open).then(|| timestamp(&now));
    let isco_code = isco_of(conn, d.occupation_id).await?;
    let row = sqlx::query_as::<_, VacancyRow>(&format!(
        "INSERT INTO vacancies (id, organisation_id, title, description, occupation_id, isco_code,
           place_name, country_code, region_code, latitude, longitude, remote, contract_type,
           hours_per_week, salary_min, salary_max, salary_currency, positions, starts_on,
           ends_on, closes_on, visa_sponsorship, status, published_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                 $18, $19, $20, $21, $22, $23, $24, $25, $25)
         RETURNING {VACANCY_COLUMNS}"
    ))
    .bind(id.as_uuid())
    .bind(organisation.as_uuid())
    .bind(d.title.trim())
    .bind(d.description.trim())
    .bind(d.occupation_id.map(|o| *o.as_uuid()))
    .bind(isco_code)
    .bind(&d.location.place_name)
    .bind(&d.location.country_code)
    .bind(&d.location.region_code)
    .bind(d.location.latitude)
    .bind(d.location.longitude)
    .bind(d.remote)
    .bind(d.contract_type.code())
    .bind(d.hours_per_week)
    .bind(d.salary.as_ref().and_then(|s| s.min))
    .bind(d.salary.as_ref().and_then(|s| s.max))
    .bind(d.salary.as_ref().map(|s| s.currency.clone()))
    .bind(d.positions)
    .bind(d.starts_on)
    .bind(d.ends_on)
    .bind(d.closes_on)
    .bind(d.visa_sponsorship)
    .bind(status.code())
    .bind(published_at)
    .bind(timestamp(&now))
    .fetch_one(&mut *conn)
    .await
    .map_err(|err| write_error(err, "vacancy", "organisation or occupation"))?;
    insert_children(conn, id, d).await?;
    search_documents_changed(conn, DocumentKind::Vacancy, &[*id.as_uuid()], now).await?;
    row.try_into()
}

/// The ISCO group of an occupation, derived at write time.
async fn isco_of(
    conn: &mut <Db as sqlx::Database>::Connection,
    occupation: Option<OccupationId>,
) -> StoreResult<Option<String>> {
    let Some(occupation) = occupation else {
        return Ok(None);
    };
    Ok(
        sqlx::query_scalar::<_, Option<String>>("SELECT isco_code FROM occupations WHERE id = $1")
            .bind(occupation.as_uuid())
            .fetch_optional(&mut *conn)
            .await
            .map_err(store_error)?
            .flatten(),
    )
}

/// Writes a vacancy's skills, languages, support and tracks (it has none yet).
async fn insert_children(
    conn: &mut <Db as sqlx::Database>::Connection,
    id: VacancyId,
    d: &VacancyDetails,
) -> StoreResult<()> {
    insert_values(
        &mut *conn,
        "INSERT INTO vacancy_skills (vacancy_id, skill_id, requirement, min_proficiency) ",
        &d.skills,
        |mut row, s| {
            row.push_bind(*id.as_uuid())
                .push_bind(*s.skill_id.as_uuid())
                .push_bind(s.requirement.code())
                .push_bind(s.min_proficiency.map(Proficiency::code));
        },
        ("vacancy skill", "skill"),
    )
    .await?;
    insert_values(
        &mut *conn,
        "INSERT INTO vacancy_languages (vacancy_id, language, min_level) ",
        &d.languages,
        |mut row, l| {
            row.push_bind(*id.as_uuid())
                .push_bind(l.language.as_str())
                .push_bind(l.min_level.code());
        },
        ("vacancy language", "vacancy"),
    )
    .await?;
    insert_codes(
        &mut *conn,
        "INSERT INTO vacancy_inclusion_support (vacancy_id, support) VALUES ($1, $2)",
        *id.as_uuid(),
        d.inclusion_support.iter().map(|s| s.code()),
    )
    .await?;
    insert_codes(
        &mut *conn,
        "INSERT INTO vacancy_tracks (vacancy_id, track) VALUES ($1, $2)",
        *id.as_uuid(),
        d.tracks.iter().map(|t| t.code()),
    )
    .await?;
    Ok(())
}
