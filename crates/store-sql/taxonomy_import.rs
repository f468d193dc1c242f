// An ESCO import: batched upserts inside one transaction, which also records what search
// must re-read (the concepts written, and every vacancy and course, searched by their
// labels) when it commits.

use async_trait::async_trait;
use skillbridge_domain::taxonomy::{
    BroaderLink, IscoGroupRecord, OccupationRecord, OccupationSkillLink, ReuseLevel, SkillRecord,
    SkillType, TaxonomyCounts, fold_label,
};
use skillbridge_domain::{OccupationId, SkillId, StoreError, StoreResult, TaxonomyImport};
use sqlx::{QueryBuilder, Transaction};
use uuid::Uuid;

use crate::batch::push_uuids;
use crate::dialect::{Db, timestamp};
use crate::error::store_error;
use crate::taxonomy::{ROWS_PER_STATEMENT, counts};

/// An import in progress: one open transaction.
pub(crate) struct DbTaxonomyImport {
    tx: Transaction<'static, Db>,
    /// Skills and occupations written, to be re-indexed for search when the import commits.
    skills: std::collections::BTreeSet<Uuid>,
    occupations: std::collections::BTreeSet<Uuid>,
}

impl DbTaxonomyImport {
    pub(crate) fn new(tx: Transaction<'static, Db>) -> Self {
        Self {
            tx,
            skills: Default::default(),
            occupations: Default::default(),
        }
    }

    /// Writes labels for the concepts in `ids` (uri -> id): the preferred label and
    /// description upserted, alternative and hidden labels replaced.
    async fn write_labels(
        &mut self,
        tables: (&str, &str, &str),
        concepts: &[(Uuid, &skillbridge_domain::taxonomy::Labels)],
    ) -> StoreResult<()> {
        let (labels_table, alt_table, owner) = tables;
        let named: Vec<_> = concepts
            .iter()
            .filter(|(_, l)| !l.preferred.trim().is_empty())
            .collect();
        for chunk in named.chunks(ROWS_PER_STATEMENT) {
            let mut qb = QueryBuilder::<Db>::new(format!(
                "INSERT INTO {labels_table} ({owner}, lang, preferred_label, label_key, description) "
            ));
            qb.push_values(chunk, |mut row, (id, labels)| {
                row.push_bind(*id)
                    .push_bind(labels.lang.clone())
                    .push_bind(labels.preferred.trim().to_owned())
                    .push_bind(fold_label(&labels.preferred))
                    .push_bind(labels.description.clone());
            });
            qb.push(format!(
                " ON CONFLICT ({owner}, lang) DO UPDATE SET preferred_label = excluded.preferred_label,
                  label_key = excluded.label_key,
                  description = COALESCE(excluded.description, {labels_table}.description)"
            ));
            qb.build()
                .execute(&mut *self.tx)
                .await
                .map_err(store_error)?;
        }
        for chunk in concepts.chunks(ROWS_PER_STATEMENT) {
            let Some((_, first)) = chunk.first() else {
                continue;
            };
            let mut delete =
                QueryBuilder::<Db>::new(format!("DELETE FROM {alt_table} WHERE lang = "));
            delete
                .push_bind(first.lang.clone())
                .push(format!(" AND {owner} IN "));
            push_uuids(&mut delete, chunk.iter().map(|(id, _)| *id));
            delete
                .build()
                .execute(&mut *self.tx)
                .await
                .map_err(store_error)?;
            let rows: Vec<(Uuid, &str, &str, bool)> = chunk
                .iter()
                .flat_map(|(id, labels)| {
                    let alt = labels
                        .alt
                        .iter()
                        .map(move |l| (*id, labels.lang.as_str(), l.as_str(), false));
                    let hidden = labels
                        .hidden
                        .iter()
                        .map(move |l| (*id, labels.lang.as_str(), l.as_str(), true));
                    alt.chain(hidden)
                })
                .collect();
            for rows in rows.chunks(ROWS_PER_STATEMENT) {
                let mut qb = QueryBuilder::<Db>::new(format!(
                    "INSERT INTO {alt_table} ({owner}, lang, label, label_key, hidden) "
                ));
                qb.push_values(rows, |mut row, (id, lang, label, hidden)| {
                    row.push_bind(*id)
                        .push_bind(lang.to_string())
                        .push_bind(label.to_string())
                        .push_bind(fold_label(label))
                        .push_bind(*hidden);
                });
                qb.push(" ON CONFLICT DO NOTHING");
                qb.build()
                    .execute(&mut *self.tx)
                    .await
                    .map_err(store_error)?;
            }
        }
        Ok(())
    }
}

#[async_trait]
impl TaxonomyImport for DbTaxonomyImport {
    async fn upsert_isco_groups(&mut self, batch: &[IscoGroupRecord]) -> StoreResult<()> {
        for chunk in batch.chunks(ROWS_PER_STATEMENT) {
            let mut qb = QueryBuilder::<Db>::new("INSERT INTO isco_groups (code, uri) ");
            qb.push_values(chunk, |mut row, group| {
                row.push_bind(group.code.clone())
                    .push_bind(group.uri.clone());
            });
            qb.push(" ON CONFLICT (code) DO UPDATE SET uri = excluded.uri");
            qb.build()
                .execute(&mut *self.tx)
                .await
                .map_err(store_error)?;

            let named: Vec<_> = chunk
                .iter()
                .filter(|g| !g.labels.preferred.trim().is_empty())
                .collect();
            if named.is_empty() {
                continue;
            }
            let mut qb = QueryBuilder::<Db>::new(
                "INSERT INTO isco_group_labels (code, lang, preferred_label, description) ",
            );
            qb.push_values(named, |mut row, group| {
                row.push_bind(group.code.clone())
                    .push_bind(group.labels.lang.clone())
                    .push_bind(group.labels.preferred.trim().to_owned())
                    .push_bind(group.labels.description.clone());
            });
            qb.push(
                " ON CONFLICT (code, lang) DO UPDATE SET preferred_label = excluded.preferred_label,
                  description = COALESCE(excluded.description, isco_group_labels.description)",
            );
            qb.build()
                .execute(&mut *self.tx)
                .await
                .map_err(store_error)?;
        }
        Ok(())
    }

    async fn upsert_skills(&mut self, batch: &[SkillRecord]) -> StoreResult<()> {
        for chunk in batch.chunks(ROWS_PER_STATEMENT) {
            let mut qb = QueryBuilder::<Db>::new(
                "INSERT INTO skills (id, uri, kind, skill_type, reuse_level, status, modified_at) ",
            );
            qb.push_values(chunk, |mut row, skill| {
                row.push_bind(*SkillId::new().as_uuid())
                    .push_bind(skill.uri.clone())
                    .push_bind(skill.kind.code())
                    .push_bind(skill.skill_type.map(SkillType::code))
                    .push_bind(skill.reuse_level.map(ReuseLevel::code))
                    .push_bind(skill.status.clone())
                    .push_bind(skill.modified_at.as_ref().map(timestamp));
            });
            qb.push(
                " ON CONFLICT (uri) DO UPDATE SET kind = excluded.kind,
                  skill_type = COALESCE(excluded.skill_type, skills.skill_type),
                  reuse_level = COALESCE(excluded.reuse_level, skills.reuse_level),
                  status = COALESCE(excluded.status, skills.status),
                  modified_at = COALESCE(excluded.modified_at, skills.modified_at)
                  RETURNING id, uri",
            );
            let ids: Vec<(Uuid, String)> = qb
                .build_query_as()
                .fetch_all(&mut *self.tx)
                .await
                .map_err(store_error)?;
            self.skills.extend(ids.iter().map(|(id, _)| *id));
            let concepts = with_ids(chunk, &ids, |s| (&s.uri, &s.labels))?;
            self.write_labels(("skill_labels", "skill_alt_labels", "skill_id"), &concepts)
                .await?;
        }
        Ok(())
    }

    async fn upsert_occupations(&mut self, batch: &[OccupationRecord]) -> StoreResult<()> {
        for chunk in batch.chunks(ROWS_PER_STATEMENT) {
            let mut qb = QueryBuilder::<Db>::new(
                "INSERT INTO occupations (id, uri, isco_code, status, regulated_profession_note, modified_at) ",
            );
            qb.push_values(chunk, |mut row, occupation| {
                row.push_bind(*OccupationId::new().as_uuid())
                    .push_bind(occupation.uri.clone())
                    .push_bind(occupation.isco_code.clone())
                    .push_bind(occupation.status.clone())
                    .push_bind(occupation.regulated_profession_note.clone())
                    .push_bind(occupation.modified_at.as_ref().map(timestamp));
            });
            qb.push(
                " ON CONFLICT (uri) DO UPDATE SET
                  isco_code = COALESCE(excluded.isco_code, occupations.isco_code),
                  status = COALESCE(excluded.status, occupations.status),
                  regulated_profession_note = COALESCE(excluded.regulated_profession_note, occupations.regulated_profession_note),
                  modified_at = COALESCE(excluded.modified_at, occupations.modified_at)
                  RETURNING id, uri",
            );
            let ids: Vec<(Uuid, String)> = qb
                .build_query_as()
                .fetch_all(&mut *self.tx)
                .await
                .map_err(store_error)?;
            self.occupations.extend(ids.iter().map(|(id, _)| *id));
            let concepts = with_ids(chunk, &ids, |o| (&o.uri, &o.labels))?;
            self.write_labels(
                (
                    "occupation_labels",
                    "occupation_alt_labels",
                    "occupation_id",
                ),
                &concepts,
            )
            .await?;
        }
        Ok(())
    }

    async fn link_broader(&mut self, batch: &[BroaderLink]) -> StoreResult<u64> {
        let mut linked = 0;
        for chunk in batch.chunks(ROWS_PER_STATEMENT) {
            let mut qb = QueryBuilder::<Db>::new("WITH v (narrower, broader) AS (");
            qb.push_values(chunk, |mut row, link| {
                row.push_bind(link.narrower_uri.clone())
                    .push_bind(link.broader_uri.clone());
            });
            qb.push(
                ") INSERT INTO skill_broader (skill_id, broader_id)
                 SELECT n.id, b.id FROM v JOIN skills n ON n.uri = v.narrower JOIN skills b ON b.uri = v.broader
                 WHERE n.id <> b.id
                 ON CONFLICT (skill_id, broader_id) DO UPDATE SET broader_id = excluded.broader_id",
            );
            let result = qb
                .build()
                .execute(&mut *self.tx)
                .await
                .map_err(store_error)?;
            linked += result.rows_affected();
        }
        Ok(linked)
    }

    async fn link_occupation_skills(&mut self, batch: &[OccupationSkillLink]) -> StoreResult<u64> {
        let mut linked = 0;
        for chunk in batch.chunks(ROWS_PER_STATEMENT) {
            let mut qb = QueryBuilder::<Db>::new("WITH v (occupation, skill, relation) AS (");
            qb.push_values(chunk, |mut row, link| {
                row.push_bind(link.occupation_uri.clone())
                    .push_bind(link.skill_uri.clone())
                    .push_bind(link.relation.code());
            });
            // A link whose type the source does not give never overwrites one that it does.
            qb.push(
                ") INSERT INTO occupation_skills (occupation_id, skill_id, relation)
                 SELECT o.id, s.id, v.relation FROM v JOIN occupations o ON o.uri = v.occupation JOIN skills s ON s.uri = v.skill
                 WHERE true
                 ON CONFLICT (occupation_id, skill_id) DO UPDATE SET relation =
                   CASE WHEN excluded.relation = 'UNSPECIFIED' THEN occupation_skills.relation ELSE excluded.relation END",
            );
            let result = qb
                .build()
                .execute(&mut *self.tx)
                .await
                .map_err(store_error)?;
            linked += result.rows_affected();
        }
        Ok(linked)
    }

    async fn isco_codes(&mut self) -> StoreResult<Vec<String>> {
        sqlx::query_scalar("SELECT code FROM isco_groups")
            .fetch_all(&mut *self.tx)
            .await
            .map_err(store_error)
    }

    async fn link_isco_parents(&mut self) -> StoreResult<()> {
        sqlx::query(
            "UPDATE isco_groups SET parent_code = substr(code, 1, length(code) - 1)
             WHERE length(code) > 1
               AND EXISTS (SELECT 1 FROM isco_groups p WHERE p.code = substr(isco_groups.code, 1, length(isco_groups.code) - 1))",
        )
        .execute(&mut *self.tx)
        .await
        .map_err(store_error)?;
        Ok(())
    }

    async fn commit(mut self: Box<Self>) -> StoreResult<TaxonomyCounts> {
        let counts = counts(&mut self.tx).await?;
        // Search learns of every concept written, once, in the same transaction.
        use skillbridge_domain::search::DocumentKind;
        let skills: Vec<Uuid> = std::mem::take(&mut self.skills).into_iter().collect();
        let occupations: Vec<Uuid> = std::mem::take(&mut self.occupations).into_iter().collect();
        let now = skillbridge_domain::clock::now();
        for (kind, ids) in [
            (DocumentKind::Skill, skills),
            (DocumentKind::Occupation, occupations),
        ] {
            crate::search::search_documents_changed(&mut self.tx, kind, &ids, now).await?;
        }
        // Vacancies and courses are searched by their occupations' and skills' labels.
        for kind in [DocumentKind::Vacancy, DocumentKind::Course] {
            crate::search::every_search_document_changed(&mut self.tx, kind, now).await?;
        }
        self.tx.commit().await.map_err(store_error)?;
        Ok(counts)
    }
}

/// Pairs each record's labels with the id the upsert returned for its URI.
fn with_ids<'a, R>(
    records: &'a [R],
    ids: &[(Uuid, String)],
    parts: impl Fn(&'a R) -> (&'a String, &'a skillbridge_domain::taxonomy::Labels),
) -> StoreResult<Vec<(Uuid, &'a skillbridge_domain::taxonomy::Labels)>> {
    let by_uri: std::collections::HashMap<&str, Uuid> =
        ids.iter().map(|(id, uri)| (uri.as_str(), *id)).collect();
    records
        .iter()
        .map(|record| {
            let (uri, labels) = parts(record);
            by_uri
                .get(uri.as_str())
                .map(|id| (*id, labels))
                .ok_or_else(|| {
                    StoreError::Internal(format!("upsert returned no id for {uri}").into())
                })
        })
        .collect()
}
