//! Priming the request's DataLoader for a page of results. The loader batches the keys that
//! arrive within a short time window, so on a large page (or a slow machine) one relation
//! can take several batches. A list resolver instead loads what the selected fields fan out
//! to, one `load_many` per relation with every key at once, so that a page costs the same
//! number of statements whatever its size; the field resolvers then read the cache.

use std::collections::BTreeSet;

use async_graphql::{Context, Lookahead, Result};
use skillbridge_domain::SkillId;
use skillbridge_domain::course::Course;
use skillbridge_domain::profile::Profile;
use skillbridge_domain::vacancy::Vacancy;

use crate::context::{lang, loader};
use crate::loaders::{
    CohortsOf, CourseLanguagesOf, CourseSkillsOf, CourseTracksOf, DesiredOccupationsOf,
    ExperiencesOf, OccupationById, OccupationLabel, OrganisationById, ProfileLanguagesOf,
    ProfileSkillsOf, QualificationsOf, ShortagesIn, SkillById, SkillLabel, VacancyLanguagesOf,
    VacancySkillsOf, VacancySupportOf, VacancyTracksOf,
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

/// Loads everything the selected fields of `courses` need, one batch per relation.
pub(crate) async fn prime_courses(ctx: &Context<'_>, courses: &[&Course]) -> Result<()> {
    let selected = NodeSelection::of_connection(ctx);
    let loader = loader(ctx)?;
    let ids = || courses.iter().map(|c| c.id);
    let skills = async {
        if !selected.has(&["skills"]) {
            return Ok(());
        }
        let taught = loader.load_many(ids().map(CourseSkillsOf)).await?;
        let skills = taught.values().flatten().map(|s| s.skill_id);
        prime_skills(ctx, &selected, skills.collect()).await
    };
    let organisations = async {
        if selected.has(&["organisation"]) {
            let ids: BTreeSet<_> = courses.iter().map(|c| c.organisation_id).collect();
            loader
                .load_many(ids.into_iter().map(OrganisationById))
                .await?;
        }
        Ok(())
    };
    let languages = async {
        if selected.has(&["languages"]) {
            loader.load_many(ids().map(CourseLanguagesOf)).await?;
        }
        Ok(())
    };
    let tracks = async {
        if selected.has(&["tracks"]) {
            loader.load_many(ids().map(CourseTracksOf)).await?;
        }
        Ok(())
    };
    let cohorts = async {
        if selected.has(&["cohorts"]) {
            loader.load_many(ids().map(CohortsOf)).await?;
        }
        Ok(())
    };
    tokio::try_join!(skills, organisations, languages, tracks, cohorts)?;
    Ok(())
}

/// Loads everything the selected fields of `vacancies` need, one batch per relation.
pub(crate) async fn prime_vacancies(ctx: &Context<'_>, vacancies: &[&Vacancy]) -> Result<()> {
    let selected = NodeSelection::of_connection(ctx);
    let loader = loader(ctx)?;
    let ids = || vacancies.iter().map(|v| v.id);
    let occupations: BTreeSet<_> = vacancies.iter().filter_map(|v| v.occupation_id).collect();

    let skills = async {
        if !selected.has(&["skills"]) {
            return Ok(());
        }
        let required = loader.load_many(ids().map(VacancySkillsOf)).await?;
        let skills = required.values().flatten().map(|s| s.skill_id);
        prime_skills(ctx, &selected, skills.collect()).await
    };
    let occupation = async {
        if !selected.has(&["occupation"]) && !selected.has(&["isShortage"]) {
            return Ok(());
        }
        let labelled = selected.has(&["occupation", "preferredLabel"]);
        prime_occupations(ctx, occupations.clone(), labelled).await
    };
    let organisations = async {
        if selected.has(&["organisation"]) {
            let ids: BTreeSet<_> = vacancies.iter().map(|v| v.organisation_id).collect();
            loader
                .load_many(ids.into_iter().map(OrganisationById))
                .await?;
        }
        Ok(())
    };
    let languages = async {
        if selected.has(&["languages"]) {
            loader.load_many(ids().map(VacancyLanguagesOf)).await?;
        }
        Ok(())
    };
    let support = async {
        if selected.has(&["inclusionSupport"]) {
            loader.load_many(ids().map(VacancySupportOf)).await?;
        }
        Ok(())
    };
    let tracks = async {
        if selected.has(&["tracks"]) {
            loader.load_many(ids().map(VacancyTracksOf)).await?;
        }
        Ok(())
    };
    let shortages = async {
        if selected.has(&["isShortage"]) {
            let regions: BTreeSet<_> = vacancies
                .iter()
                .filter_map(|v| v.shortage_region())
                .collect();
            loader
                .load_many(regions.into_iter().map(ShortagesIn))
                .await?;
        }
        Ok(())
    };
    tokio::try_join!(
        skills,
        occupation,
        organisations,
        languages,
        support,
        tracks,
        shortages
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
    let languages = async {
        if selected.has(&["languages"]) {
            loader.load_many(ids().map(ProfileLanguagesOf)).await?;
        }
        Ok(())
    };
    let qualifications = async {
        if selected.has(&["qualifications"]) {
            loader.load_many(ids().map(QualificationsOf)).await?;
        }
        Ok(())
    };
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
