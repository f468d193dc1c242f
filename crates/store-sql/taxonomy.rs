// The ESCO taxonomy: the read queries behind the taxonomy API (imports are
// `taxonomy_import.rs`). Text order is byte-wise on every database (`dialect::BYTEWISE`).

use async_trait::async_trait;
use skillbridge_domain::taxonomy::{
    ConceptKind, IscoGroup, Label, Occupation, OccupationQuery, ReuseLevel, Skill, SkillQuery,
    SkillRelation, SkillType, TaxonomyCounts, fold_label,
};
use skillbridge_domain::{
    OccupationId, Page, PageRequest, Position, SkillId, StoreError, StoreResult, TaxonomyImport,
    TaxonomyRepository,
};
use sqlx::{FromRow, QueryBuilder};
use uuid::Uuid;

use crate::batch::push_uuids;
use crate::dialect::{BYTEWISE, Db, DbStore, begin_locked};
use crate::error::{store_error, unknown_code};
use crate::taxonomy_import::DbTaxonomyImport;

/// Rows per multi-row statement: well inside the bound-parameter limits of both databases.
pub(crate) const ROWS_PER_STATEMENT: usize = 500;

#[derive(FromRow)]
pub(crate) struct SkillRow {
    id: Uuid,
    uri: String,
    kind: String,
    skill_type: Option<String>,
    reuse_level: Option<String>,
}

impl TryFrom<SkillRow> for Skill {
    type Error = StoreError;
    fn try_from(row: SkillRow) -> Result<Self, Self::Error> {
        Ok(Skill {
            id: SkillId::from_uuid(row.id),
            kind: ConceptKind::from_code(&row.kind)
                .ok_or_else(|| unknown_code("concept kind", &row.kind))?,
            skill_type: optional_code("skill type", row.skill_type, SkillType::from_code)?,
            reuse_level: optional_code("reuse level", row.reuse_level, ReuseLevel::from_code)?,
            uri: row.uri,
        })
    }
}

fn optional_code<T>(
    column: &'static str,
    value: Option<String>,
    parse: fn(&str) -> Option<T>,
) -> StoreResult<Option<T>> {
    match value {
        None => Ok(None),
        Some(v) => parse(&v).map(Some).ok_or_else(|| unknown_code(column, &v)),
    }
}

#[derive(FromRow)]
struct OccupationRow {
    id: Uuid,
    uri: String,
    isco_code: Option<String>,
    regulated_profession_note: Option<String>,
}

impl From<OccupationRow> for Occupation {
    fn from(row: OccupationRow) -> Self {
        Occupation {
            id: OccupationId::from_uuid(row.id),
            uri: row.uri,
            isco_code: row.isco_code,
            regulated_profession_note: row.regulated_profession_note,
        }
    }
}

#[derive(FromRow)]
struct LabelRow {
    owner: Uuid,
    lang: String,
    preferred_label: String,
    description: Option<String>,
}

impl LabelRow {
    fn label(self) -> Label {
        Label {
            lang: self.lang,
            preferred: self.preferred_label,
            description: self.description,
        }
    }
}

const SKILL_COLUMNS: &str = "s.id, s.uri, s.kind, s.skill_type, s.reuse_level";
const OCCUPATION_COLUMNS: &str = "o.id, o.uri, o.isco_code, o.regulated_profession_note";

/// `%text%` for LIKE, with the pattern characters in `text` escaped.
fn contains_pattern(text: &str) -> String {
    let folded = fold_label(text);
    let mut pattern = String::with_capacity(folded.len() + 2);
    pattern.push('%');
    for c in folded.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

fn push_texts(qb: &mut QueryBuilder<'_, Db>, values: impl IntoIterator<Item = String>) {
    qb.push("(");
    let mut list = qb.separated(", ");
    for value in values {
        list.push_bind(value);
    }
    list.push_unseparated(")");
}

/// Appends the keyset condition and order for a listing sorted by `sort_key, uri`.
fn push_page(qb: &mut QueryBuilder<'_, Db>, page: &PageRequest) {
    if let Some(after) = &page.after {
        qb.push(format!(" WHERE (sort_key{b} > ", b = BYTEWISE))
            .push_bind(after.key.clone())
            .push(" OR (sort_key = ")
            .push_bind(after.key.clone())
            .push(format!(" AND uri{b} > ", b = BYTEWISE))
            .push_bind(after.tiebreak.clone())
            .push("))");
    }
    qb.push(format!(
        " ORDER BY sort_key{b}, uri{b} LIMIT ",
        b = BYTEWISE
    ))
    .push_bind(page.first as i64 + 1);
}

fn into_page<T>(rows: Vec<(String, String, T)>, first: usize, total: i64) -> Page<T> {
    let has_next_page = rows.len() > first;
    Page {
        items: rows
            .into_iter()
            .take(first)
            .map(|(key, uri, item)| (Position { key, tiebreak: uri }, item))
            .collect(),
        has_next_page,
        total_count: total.max(0) as u64,
    }
}

#[derive(FromRow)]
struct Keyed<T> {
    sort_key: String,
    #[sqlx(flatten)]
    row: T,
}

#[async_trait]
impl TaxonomyRepository for DbStore {
    async fn begin_taxonomy_import(&self) -> StoreResult<Box<dyn TaxonomyImport>> {
        let tx = begin_locked(self.pool()).await.map_err(store_error)?;
        Ok(Box::new(DbTaxonomyImport::new(tx)))
    }

    async fn taxonomy_counts(&self) -> StoreResult<TaxonomyCounts> {
        let mut conn = self.pool().acquire().await.map_err(store_error)?;
        counts(&mut conn).await
    }

    async fn skill_by_uri(&self, uri: &str) -> StoreResult<Option<Skill>> {
        sqlx::query_as::<_, SkillRow>(&format!(
            "SELECT {SKILL_COLUMNS} FROM skills s WHERE s.uri = $1"
        ))
        .bind(uri)
        .fetch_optional(self.pool())
        .await
        .map_err(store_error)?
        .map(Skill::try_from)
        .transpose()
    }

    async fn skills_by_ids(&self, ids: &[SkillId]) -> StoreResult<Vec<Skill>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = QueryBuilder::new(format!(
            "SELECT {SKILL_COLUMNS} FROM skills s WHERE s.id IN "
        ));
        push_uuids(&mut qb, ids.iter().map(|id| *id.as_uuid()));
        qb.build_query_as::<SkillRow>()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?
            .into_iter()
            .map(Skill::try_from)
            .collect()
    }

    async fn find_skills(
        &self,
        query: &SkillQuery,
        page: &PageRequest,
    ) -> StoreResult<Page<Skill>> {
        let filters = |qb: &mut QueryBuilder<'_, Db>| {
            qb.push(" WHERE s.kind = 'SKILL'");
            if let Some(skill_type) = query.skill_type {
                qb.push(" AND s.skill_type = ").push_bind(skill_type.code());
            }
            if let Some(text) = query.text.as_deref().filter(|t| !t.trim().is_empty()) {
                let pattern = contains_pattern(text);
                qb.push(" AND (EXISTS (SELECT 1 FROM skill_labels m WHERE m.skill_id = s.id AND m.label_key LIKE ")
                    .push_bind(pattern.clone())
                    .push(" ESCAPE '\\') OR EXISTS (SELECT 1 FROM skill_alt_labels a WHERE a.skill_id = s.id AND a.label_key LIKE ")
                    .push_bind(pattern)
                    .push(" ESCAPE '\\'))");
            }
        };
        let mut count = QueryBuilder::new("SELECT COUNT(*) FROM skills s");
        filters(&mut count);
        let total: i64 = count
            .build_query_scalar()
            .fetch_one(self.pool())
            .await
            .map_err(store_error)?;

        let mut qb = QueryBuilder::new(format!(
            "SELECT * FROM (SELECT {SKILL_COLUMNS}, COALESCE(l.label_key, e.label_key, '') AS sort_key
             FROM skills s
             LEFT JOIN skill_labels l ON l.skill_id = s.id AND l.lang = "
        ));
        qb.push_bind(query.lang.clone())
            .push(" LEFT JOIN skill_labels e ON e.skill_id = s.id AND e.lang = 'en'");
        filters(&mut qb);
        qb.push(") AS t");
        push_page(&mut qb, page);
        let rows = qb
            .build_query_as::<Keyed<SkillRow>>()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?
            .into_iter()
            .map(|k| {
                let uri = k.row.uri.clone();
                Skill::try_from(k.row).map(|skill| (k.sort_key, uri, skill))
            })
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(into_page(rows, page.first, total))
    }

    async fn skill_labels(
        &self,
        ids: &[SkillId],
        langs: &[&str],
    ) -> StoreResult<Vec<(SkillId, Label)>> {
        let rows = labels(
            self,
            "skill_labels",
            "skill_id",
            ids.iter().map(|id| *id.as_uuid()),
            langs,
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| (SkillId::from_uuid(r.owner), r.label()))
            .collect())
    }

    async fn skill_alt_labels(
        &self,
        ids: &[SkillId],
        lang: &str,
    ) -> StoreResult<Vec<(SkillId, String)>> {
        let rows = alt_labels(
            self,
            "skill_alt_labels",
            "skill_id",
            ids.iter().map(|id| *id.as_uuid()),
            lang,
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, label)| (SkillId::from_uuid(id), label))
            .collect())
    }

    async fn broader_skills(&self, ids: &[SkillId]) -> StoreResult<Vec<(SkillId, Skill)>> {
        related_skills(self, "b.skill_id", "b.broader_id", ids).await
    }

    async fn skill_hierarchy(&self) -> StoreResult<Vec<(SkillId, SkillId)>> {
        let rows: Vec<(Uuid, Uuid)> =
            sqlx::query_as("SELECT skill_id, broader_id FROM skill_broader")
                .fetch_all(self.pool())
                .await
                .map_err(store_error)?;
        Ok(rows
            .into_iter()
            .map(|(a, b)| (SkillId::from_uuid(a), SkillId::from_uuid(b)))
            .collect())
    }

    async fn narrower_skills(&self, ids: &[SkillId]) -> StoreResult<Vec<(SkillId, Skill)>> {
        related_skills(self, "b.broader_id", "b.skill_id", ids).await
    }

    async fn skills_by_english_label(&self, labels: &[&str]) -> StoreResult<Vec<(String, Skill)>> {
        if labels.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = QueryBuilder::new(format!(
            "SELECT l.preferred_label AS label, {SKILL_COLUMNS} FROM skills s
             JOIN skill_labels l ON l.skill_id = s.id AND l.lang = 'en'
             WHERE s.kind = 'SKILL' AND s.skill_type = 'KNOWLEDGE' AND l.preferred_label IN "
        ));
        push_texts(&mut qb, labels.iter().map(|l| l.to_string()));
        qb.push(format!(" ORDER BY s.uri{b}", b = BYTEWISE));
        #[derive(FromRow)]
        struct Row {
            label: String,
            #[sqlx(flatten)]
            skill: SkillRow,
        }
        qb.build_query_as::<Row>()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?
            .into_iter()
            .map(|r| Skill::try_from(r.skill).map(|s| (r.label, s)))
            .collect()
    }

    async fn occupation_by_uri(&self, uri: &str) -> StoreResult<Option<Occupation>> {
        Ok(sqlx::query_as::<_, OccupationRow>(&format!(
            "SELECT {OCCUPATION_COLUMNS} FROM occupations o WHERE o.uri = $1"
        ))
        .bind(uri)
        .fetch_optional(self.pool())
        .await
        .map_err(store_error)?
        .map(Occupation::from))
    }

    async fn occupations_by_ids(&self, ids: &[OccupationId]) -> StoreResult<Vec<Occupation>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = QueryBuilder::new(format!(
            "SELECT {OCCUPATION_COLUMNS} FROM occupations o WHERE o.id IN "
        ));
        push_uuids(&mut qb, ids.iter().map(|id| *id.as_uuid()));
        Ok(qb
            .build_query_as::<OccupationRow>()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?
            .into_iter()
            .map(Occupation::from)
            .collect())
    }

    async fn find_occupations(
        &self,
        query: &OccupationQuery,
        page: &PageRequest,
    ) -> StoreResult<Page<Occupation>> {
        let filters = |qb: &mut QueryBuilder<'_, Db>| {
            qb.push(" WHERE 1 = 1");
            if let Some(group) = &query.isco_group {
                qb.push(" AND o.isco_code LIKE ")
                    .push_bind(format!("{group}%"));
            }
            if let Some(text) = query.text.as_deref().filter(|t| !t.trim().is_empty()) {
                let pattern = contains_pattern(text);
                qb.push(" AND (EXISTS (SELECT 1 FROM occupation_labels m WHERE m.occupation_id = o.id AND m.label_key LIKE ")
                    .push_bind(pattern.clone())
                    .push(" ESCAPE '\\') OR EXISTS (SELECT 1 FROM occupation_alt_labels a WHERE a.occupation_id = o.id AND a.label_key LIKE ")
                    .push_bind(pattern)
                    .push(" ESCAPE '\\'))");
            }
        };
        let mut count = QueryBuilder::new("SELECT COUNT(*) FROM occupations o");
        filters(&mut count);
        let total: i64 = count
            .build_query_scalar()
            .fetch_one(self.pool())
            .await
            .map_err(store_error)?;

        let mut qb = QueryBuilder::new(format!(
            "SELECT * FROM (SELECT {OCCUPATION_COLUMNS}, COALESCE(l.label_key, e.label_key, '') AS sort_key
             FROM occupations o
             LEFT JOIN occupation_labels l ON l.occupation_id = o.id AND l.lang = "
        ));
        qb.push_bind(query.lang.clone())
            .push(" LEFT JOIN occupation_labels e ON e.occupation_id = o.id AND e.lang = 'en'");
        filters(&mut qb);
        qb.push(") AS t");
        push_page(&mut qb, page);
        let rows = qb
            .build_query_as::<Keyed<OccupationRow>>()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?
            .into_iter()
            .map(|k| (k.sort_key, k.row.uri.clone(), Occupation::from(k.row)))
            .collect();
        Ok(into_page(rows, page.first, total))
    }

    async fn occupation_labels(
        &self,
        ids: &[OccupationId],
        langs: &[&str],
    ) -> StoreResult<Vec<(OccupationId, Label)>> {
        let rows = labels(
            self,
            "occupation_labels",
            "occupation_id",
            ids.iter().map(|id| *id.as_uuid()),
            langs,
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| (OccupationId::from_uuid(r.owner), r.label()))
            .collect())
    }

    async fn occupation_alt_labels(
        &self,
        ids: &[OccupationId],
        lang: &str,
    ) -> StoreResult<Vec<(OccupationId, String)>> {
        let rows = alt_labels(
            self,
            "occupation_alt_labels",
            "occupation_id",
            ids.iter().map(|id| *id.as_uuid()),
            lang,
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, label)| (OccupationId::from_uuid(id), label))
            .collect())
    }

    async fn occupation_skills(
        &self,
        ids: &[OccupationId],
    ) -> StoreResult<Vec<(OccupationId, SkillRelation, Skill)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = QueryBuilder::new(format!(
            "SELECT os.occupation_id AS owner, os.relation, {SKILL_COLUMNS}
             FROM occupation_skills os JOIN skills s ON s.id = os.skill_id
             WHERE os.occupation_id IN "
        ));
        push_uuids(&mut qb, ids.iter().map(|id| *id.as_uuid()));
        qb.push(format!(
            " ORDER BY os.occupation_id, s.uri{b}",
            b = BYTEWISE
        ));
        #[derive(FromRow)]
        struct Row {
            owner: Uuid,
            relation: String,
            #[sqlx(flatten)]
            skill: SkillRow,
        }
        qb.build_query_as::<Row>()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?
            .into_iter()
            .map(|r| {
                let relation = SkillRelation::from_code(&r.relation)
                    .ok_or_else(|| unknown_code("relation", &r.relation))?;
                Ok((
                    OccupationId::from_uuid(r.owner),
                    relation,
                    Skill::try_from(r.skill)?,
                ))
            })
            .collect()
    }

    async fn isco_groups_by_codes(&self, codes: &[String]) -> StoreResult<Vec<IscoGroup>> {
        if codes.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb =
            QueryBuilder::new("SELECT code, uri, parent_code FROM isco_groups WHERE code IN ");
        push_texts(&mut qb, codes.iter().cloned());
        let rows: Vec<(String, String, Option<String>)> = qb
            .build_query_as()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?;
        Ok(rows
            .into_iter()
            .map(|(code, uri, parent_code)| IscoGroup {
                code,
                uri,
                parent_code,
            })
            .collect())
    }

    async fn isco_group_labels(
        &self,
        codes: &[String],
        langs: &[&str],
    ) -> StoreResult<Vec<(String, Label)>> {
        if codes.is_empty() || langs.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = QueryBuilder::new(
            "SELECT code, lang, preferred_label, description FROM isco_group_labels WHERE code IN ",
        );
        push_texts(&mut qb, codes.iter().cloned());
        qb.push(" AND lang IN ");
        push_texts(&mut qb, langs.iter().map(|l| l.to_string()));
        let rows: Vec<(String, String, String, Option<String>)> = qb
            .build_query_as()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?;
        Ok(rows
            .into_iter()
            .map(|(code, lang, preferred, description)| {
                (
                    code,
                    Label {
                        lang,
                        preferred,
                        description,
                    },
                )
            })
            .collect())
    }
}

async fn labels(
    store: &DbStore,
    table: &str,
    owner: &str,
    ids: impl IntoIterator<Item = Uuid>,
    langs: &[&str],
) -> StoreResult<Vec<LabelRow>> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    if ids.is_empty() || langs.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = QueryBuilder::new(format!(
        "SELECT {owner} AS owner, lang, preferred_label, description FROM {table} WHERE {owner} IN "
    ));
    push_uuids(&mut qb, ids);
    qb.push(" AND lang IN ");
    push_texts(&mut qb, langs.iter().map(|l| l.to_string()));
    let rows = qb.build_query_as().fetch_all(store.pool()).await;
    rows.map_err(store_error)
}

async fn alt_labels(
    store: &DbStore,
    table: &str,
    owner: &str,
    ids: impl IntoIterator<Item = Uuid>,
    lang: &str,
) -> StoreResult<Vec<(Uuid, String)>> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = QueryBuilder::new(format!(
        "SELECT {owner}, label FROM {table} WHERE NOT hidden AND lang = "
    ));
    qb.push_bind(lang.to_owned())
        .push(format!(" AND {owner} IN "));
    push_uuids(&mut qb, ids);
    qb.push(format!(" ORDER BY label_key{b}, label{b}", b = BYTEWISE));
    let rows = qb.build_query_as().fetch_all(store.pool()).await;
    rows.map_err(store_error)
}

async fn related_skills(
    store: &DbStore,
    owner: &str,
    related: &str,
    ids: &[SkillId],
) -> StoreResult<Vec<(SkillId, Skill)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = QueryBuilder::new(format!(
        "SELECT {owner} AS owner, {SKILL_COLUMNS} FROM skill_broader b JOIN skills s ON s.id = {related} WHERE {owner} IN "
    ));
    push_uuids(&mut qb, ids.iter().map(|id| *id.as_uuid()));
    qb.push(format!(" ORDER BY s.uri{b}", b = BYTEWISE));
    #[derive(FromRow)]
    struct Row {
        owner: Uuid,
        #[sqlx(flatten)]
        skill: SkillRow,
    }
    let rows = qb.build_query_as::<Row>().fetch_all(store.pool()).await;
    rows.map_err(store_error)?
        .into_iter()
        .map(|r| Skill::try_from(r.skill).map(|s| (SkillId::from_uuid(r.owner), s)))
        .collect()
}

pub(crate) async fn counts(
    conn: &mut <Db as sqlx::Database>::Connection,
) -> StoreResult<TaxonomyCounts> {
    let (skills, skill_groups, occupations, isco_groups, broader_links, occupation_skill_links): (
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
    ) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM skills WHERE kind = 'SKILL'),
                    (SELECT COUNT(*) FROM skills WHERE kind = 'SKILL_GROUP'),
                    (SELECT COUNT(*) FROM occupations),
                    (SELECT COUNT(*) FROM isco_groups),
                    (SELECT COUNT(*) FROM skill_broader),
                    (SELECT COUNT(*) FROM occupation_skills)",
    )
    .fetch_one(conn)
    .await
    .map_err(store_error)?;
    let n = |v: i64| v.max(0) as u64;
    Ok(TaxonomyCounts {
        skills: n(skills),
        skill_groups: n(skill_groups),
        occupations: n(occupations),
        isco_groups: n(isco_groups),
        broader_links: n(broader_links),
        occupation_skill_links: n(occupation_skill_links),
    })
}
