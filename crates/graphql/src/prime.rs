//! Priming the request's DataLoader for a page of results. The loader batches the keys that
//! arrive within a short time window, so on a large page (or a slow machine) one relation
//! can take several batches. A list resolver instead loads what the selected fields fan out
//! to, one `load_many` per relation with every key at once, so that a page costs the same
//! number of statements whatever its size; the field resolvers then read the cache.

use std::collections::BTreeSet;
use std::hash::Hash;

use async_graphql::dataloader::Loader;
use async_graphql::{Context, Lookahead, Result};
use skillbridge_domain::SkillId;
use skillbridge_domain::course::{Course, CourseSkill};
use skillbridge_domain::profile::Profile;
use skillbridge_domain::vacancy::{Vacancy, VacancySkill};

use crate::GqlError;
use crate::context::{lang, loader};
use crate::loaders::{
    CohortsOf, CourseLanguagesOf, CourseSkillsOf, CourseTracksOf, DesiredOccupationsOf,
    ExperiencesOf, OccupationById, OccupationLabel, OrganisationById, ProfileLanguagesOf,
    ProfileSkillsOf, QualificationsOf, ShortagesIn, SkillById, SkillLabel, StoreLoader,
    VacancyLanguagesOf, VacancySkillsOf, VacancySupportOf, VacancyTracksOf,
};

/// Which fields of a connection's nodes the query selects, through `edges { node }` or
/// `nodes`.
pub(crate) struct NodeSelection<'a> {
    roots: [Lookahead<'a>; 2],
}

impl<'a> NodeSelection<'a> {
    pub(crate) fn of_connection(ctx: &'a Context<'_>) -> Self {
        let look = ctx.look_ahead();
        Self {
            roots: [look.field("edges").field("node"), look.field("nodes")],
        }
    }

    /// Whether the field at `path` below a node is selected.
    pub(crate) fn has(&self, path: &[&str]) -> bool {
        self.roots.iter().any(|root| {
            let mut at = root.field(path[0]);
            for name in &path[1..] {
                at = at.field(name);
            }
            at.exists()
        })
    }
}

/// Loads the skills (and their labels, if selected) of a page's `skills { skill }`.
async fn prime_skills(
    ctx: &Context<'_>,
    selected: &NodeSelection<'_>,
    skills: BTreeSet<SkillId>,
) -> Result<()> {
    let loader = loader(ctx)?;
    loader
        .load_many(skills.iter().copied().map(SkillById))
        .await?;
    if selected.has(&["skills", "skill", "preferredLabel"]) {
        let lang = lang(ctx, None)?;
        loader
            .load_many(skills.iter().map(|id| SkillLabel(*id, lang.clone())))
            .await?;
    }
    Ok(())
}

/// Loads `keys` (one relation of every row of the page) when the node field `field` is
/// selected.
async fn when_selected<K>(
    ctx: &Context<'_>,
    selected: &NodeSelection<'_>,
    field: &str,
    keys: impl IntoIterator<Item = K>,
) -> Result<()>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    StoreLoader: Loader<K, Error = GqlError>,
{
    if selected.has(&[field]) {
        loader(ctx)?.load_many(keys).await?;
    }
    Ok(())
}

/// Loads a page's `skills` rows (`keys`) and the skills they name (`skill`), when selected.
async fn skill_rows<K, R>(
    ctx: &Context<'_>,
    selected: &NodeSelection<'_>,
    keys: impl IntoIterator<Item = K>,
    skill: impl Fn(&R) -> SkillId,
) -> Result<()>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    R: Send + Sync + Clone + 'static,
    StoreLoader: Loader<K, Value = Vec<R>, Error = GqlError>,
{
    if !selected.has(&["skills"]) {
        return Ok(());
    }
    let rows = loader(ctx)?.load_many(keys).await?;
    let skills = rows.values().flatten().map(skill).collect();
    prime_skills(ctx, selected, skills).await
}

/// Loads everything the selected fields of `courses` need, one batch per relation.
pub(crate) async fn prime_courses(ctx: &Context<'_>, courses: &[&Course]) -> Result<()> {
    let selected = &NodeSelection::of_connection(ctx);
    let ids = || courses.iter().map(|c| c.id);
    let organisations: BTreeSet<_> = courses.iter().map(|c| c.organisation_id).collect();
    tokio::try_join!(
        skill_rows(
            ctx,
            selected,
            ids().map(CourseSkillsOf),
            |s: &CourseSkill| { s.skill_id }
        ),
        when_selected(
            ctx,
            selected,
            "organisation",
            organisations.into_iter().map(OrganisationById)
        ),
        when_selected(ctx, selected, "languages", ids().map(CourseLanguagesOf)),
        when_selected(ctx, selected, "tracks", ids().map(CourseTracksOf)),
        when_selected(ctx, selected, "cohorts", ids().map(CohortsOf)),
    )?;
    Ok(())
}

/// Loads everything the selected fields of `vacancies` need, one batch per relation.
pub(crate) async fn prime_vacancies(ctx: &Context<'_>, vacancies: &[&Vacancy]) -> Result<()> {
    let selected = &NodeSelection::of_connection(ctx);
    let ids = || vacancies.iter().map(|v| v.id);
    let organisations: BTreeSet<_> = vacancies.iter().map(|v| v.organisation_id).collect();
    let occupations: BTreeSet<_> = vacancies.iter().filter_map(|v| v.occupation_id).collect();
    let regions: BTreeSet<_> = vacancies
        .iter()
        .filter_map(|v| v.shortage_region())
        .collect();
    let occupation = async {
        if !selected.has(&["occupation"]) && !selected.has(&["isShortage"]) {
            return Ok(());
        }
        let labelled = selected.has(&["occupation", "preferredLabel"]);
        prime_occupations(ctx, occupations, labelled).await
    };
    tokio::try_join!(
        skill_rows(
            ctx,
            selected,
            ids().map(VacancySkillsOf),
            |s: &VacancySkill| { s.skill_id }
        ),
        occupation,
        when_selected(
            ctx,
            selected,
            "organisation",
            organisations.into_iter().map(OrganisationById)
        ),
        when_selected(ctx, selected, "languages", ids().map(VacancyLanguagesOf)),
        when_selected(
            ctx,
            selected,
            "inclusionSupport",
            ids().map(VacancySupportOf)
        ),
        when_selected(ctx, selected, "tracks", ids().map(VacancyTracksOf)),
        when_selected(
            ctx,
            selected,
            "isShortage",
            regions.into_iter().map(ShortagesIn)
        ),
    )?;
    Ok(())
}

/// Loads the occupations (and their labels, if `labelled`) that a page's fields name.
async fn prime_occupations(
    ctx: &Context<'_>,
    occupations: BTreeSet<skillbridge_domain::OccupationId>,
    labelled: bool,
) -> Result<()> {
    let loader = loader(ctx)?;
    loader
        .load_many(occupations.iter().copied().map(OccupationById))
        .await?;
    if labelled {
        let lang = lang(ctx, None)?;
        loader
            .load_many(
                occupations
                    .iter()
                    .map(|id| OccupationLabel(*id, lang.clone())),
            )
            .await?;
    }
    Ok(())
}

/// Loads everything the selected fields of `profiles` (a caseload) need, one batch per
/// relation.
pub(crate) async fn prime_profiles(ctx: &Context<'_>, profiles: &[&Profile]) -> Result<()> {
    let selected = NodeSelection::of_connection(ctx);
    let loader = loader(ctx)?;
    let ids = || profiles.iter().map(|p| p.id);
    let skills = async {
        if !selected.has(&["skills"]) {
            return Ok(());
        }
        let held = loader.load_many(ids().map(ProfileSkillsOf)).await?;
        if selected.has(&["skills", "skill", "preferredLabel"]) {
            let lang = lang(ctx, None)?;
            let skills: BTreeSet<SkillId> = held.values().flatten().map(|s| s.skill.id).collect();
            loader
                .load_many(skills.iter().map(|id| SkillLabel(*id, lang.clone())))
                .await?;
        }
        Ok(())
    };
    let languages = when_selected(ctx, &selected, "languages", ids().map(ProfileLanguagesOf));
    let qualifications = when_selected(
        ctx,
        &selected,
        "qualifications",
        ids().map(QualificationsOf),
    );
    let experience = async {
        if !selected.has(&["workExperience"]) {
            return Ok(());
        }
        let held = loader.load_many(ids().map(ExperiencesOf)).await?;
        if selected.has(&["workExperience", "occupation"]) {
            let occupations = held.values().flatten().filter_map(|e| e.occupation_id);
            let labelled = selected.has(&["workExperience", "occupation", "preferredLabel"]);
            prime_occupations(ctx, occupations.collect(), labelled).await?;
        }
        Ok(())
    };
    let desired = async {
        if !selected.has(&["desiredOccupations"]) {
            return Ok(());
        }
        let wanted = loader.load_many(ids().map(DesiredOccupationsOf)).await?;
        let labelled = selected.has(&["desiredOccupations", "preferredLabel"]);
        prime_occupations(ctx, wanted.values().flatten().copied().collect(), labelled).await
    };
    tokio::try_join!(skills, languages, qualifications, experience, desired)?;
    Ok(())
}
