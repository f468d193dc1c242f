//! From a skill gap to a course pathway: the fewest course cohorts that teach what a person
//! lacks for a vacancy, preferring free, sooner, reachable cohorts in a language they know.
//!
//! Choosing the fewest cohorts that cover a set of skills is the set cover problem, which is
//! NP-hard; this is the greedy approximation (take the cohort that covers most of what is
//! still missing, then repeat), which is within a factor ln(n) of the best and is what a
//! caseworker would do by hand. Among cohorts that cover as much, preferences break ties.

use chrono::NaiveDate;

use crate::matching::{GeoPoint, Seeker};
use crate::profile::{Proficiency, Track};
use crate::{CefrLevel, CohortId, CourseId, LanguageCode, SkillId};

/// A skill the person lacks (or holds below the level asked).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gap {
    pub skill: SkillId,
    pub required: Proficiency,
}

/// A cohort that could be part of a pathway, with what matters for choosing it.
#[derive(Clone, Debug, PartialEq)]
pub struct CohortOption {
    pub cohort: CohortId,
    pub course: CourseId,
    /// The skills the course teaches, with the level reached.
    pub teaches: Vec<(SkillId, Proficiency)>,
    pub free: bool,
    pub starts_on: NaiveDate,
    /// Languages of instruction.
    pub languages: Vec<LanguageCode>,
    pub online: bool,
    pub location: Option<GeoPoint>,
    pub seats_left: i64,
    /// Runs after `starts_on` until this day, when known.
    pub ends_on: Option<NaiveDate>,
    /// The person may enrol as far as tracks, audience and the cohort's state go; the
    /// course's language minimum is `min_language`, checked where the person stands
    /// (or, on a language ladder, where the step before takes them).
    pub eligible: bool,
    /// The level a course asks for at the start in a language.
    pub min_language: Option<(LanguageCode, CefrLevel)>,
    /// The skills the course expects at the start, with the level: held by the person, or
    /// taught by a step of the pathway that ends before this one starts.
    pub prerequisites: Vec<(SkillId, Proficiency)>,
    /// The tracks the course is for (empty: everyone).
    pub tracks: Vec<Track>,
    /// For a language course: the language taught and the level reached.
    pub teaches_language: Option<(LanguageCode, CefrLevel)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub cohort: CohortId,
    pub course: CourseId,
    /// The gaps this cohort closes.
    pub covers: Vec<SkillId>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pathway {
    pub steps: Vec<Step>,
    /// The gaps no available cohort closes.
    pub uncovered: Vec<SkillId>,
}

/// Whether a cohort can be taken at all: eligible, the person's languages at the level it
/// asks for, with a free seat, not started, and online or within the person's reach (their
/// mobility radius, unless they will relocate).
pub fn available(option: &CohortOption, seeker: &Seeker, today: NaiveDate) -> bool {
    reachable(option, seeker, today)
        && option
            .min_language
            .is_none_or(|(language, min)| level_in(seeker, language).is_some_and(|l| l >= min))
}

/// The person's level in `language`, if they speak it.
fn level_in(seeker: &Seeker, language: LanguageCode) -> Option<CefrLevel> {
    seeker
        .languages
        .iter()
        .find(|(l, _)| *l == language)
        .map(|(_, level)| *level)
}

/// [`available`] but for the language minimum.
fn reachable(option: &CohortOption, seeker: &Seeker, today: NaiveDate) -> bool {
    if !option.eligible || option.seats_left <= 0 || option.starts_on < today {
        return false;
    }
    if option.online || seeker.willing_to_relocate {
        return true;
    }
    match (seeker.location, option.location, seeker.mobility_radius_km) {
        (Some(a), Some(b), Some(radius)) => a.distance_km(b) <= f64::from(radius),
        _ => true,
    }
}

/// How much a person would prefer a cohort, other things (coverage) equal.
fn preference(option: &CohortOption, seeker: &Seeker, today: NaiveDate) -> f64 {
    let knows_language = option.languages.iter().any(|language| {
        seeker
            .languages
            .iter()
            .any(|(l, level)| l == language && *level >= CefrLevel::B1)
    });
    let days = (option.starts_on - today).num_days().max(0) as f64;
    let for_their_track = option.tracks.iter().any(|t| seeker.tracks.contains(t));
    f64::from(u8::from(option.free))
        + f64::from(u8::from(knows_language))
        + (1.0 - days / 365.0).max(0.0)
        + 0.5 * f64::from(u8::from(for_their_track))
        + 0.25 * f64::from(u8::from(option.online))
}

/// The gaps `option` closes among `open`: it teaches the skill to the level asked.
fn closes(option: &CohortOption, open: &[Gap]) -> Vec<SkillId> {
    open.iter()
        .filter(|gap| {
            option
                .teaches
                .iter()
                .any(|(skill, level)| *skill == gap.skill && *level >= gap.required)
        })
        .map(|gap| gap.skill)
        .collect()
}

/// Whether the person will hold what `option` expects at its start: each prerequisite held
/// at the level asked, or taught to it by one of `before` that ends before `option` starts.
fn prepared(option: &CohortOption, seeker: &Seeker, before: &[&CohortOption]) -> bool {
    option.prerequisites.iter().all(|(skill, level)| {
        let held = seeker
            .skills
            .iter()
            .any(|h| h.skill == *skill && h.proficiency >= *level);
        held || before.iter().any(|b| {
            b.ends_on.is_some_and(|end| end < option.starts_on)
                && b.teaches.iter().any(|(s, l)| s == skill && l >= level)
        })
    })
}

/// The pathway for `gaps` from `options` (greedy set cover; see the module docs). A cohort
/// whose prerequisites the person lacks comes in once an earlier step teaches them.
pub fn pathway(
    gaps: &[Gap],
    options: &[CohortOption],
    seeker: &Seeker,
    today: NaiveDate,
) -> Pathway {
    let mut open: Vec<Gap> = gaps.to_vec();
    let usable: Vec<&CohortOption> = options
        .iter()
        .filter(|o| available(o, seeker, today))
        .collect();
    let mut steps: Vec<Step> = Vec::new();
    let mut taken: Vec<&CohortOption> = Vec::new();
    while !open.is_empty() {
        let best = usable
            .iter()
            .filter(|o| !steps.iter().any(|s| s.course == o.course))
            .filter(|o| prepared(o, seeker, &taken))
            .map(|o| (closes(o, &open), preference(o, seeker, today), *o))
            .filter(|(covers, _, _)| !covers.is_empty())
            .max_by(|(a, pa, oa), (b, pb, ob)| {
                a.len()
                    .cmp(&b.len())
                    .then(pa.total_cmp(pb))
                    .then(ob.cohort.cmp(&oa.cohort))
            });
        let Some((covers, _, option)) = best else {
            break;
        };
        open.retain(|gap| !covers.contains(&gap.skill));
        taken.push(option);
        steps.push(Step {
            cohort: option.cohort,
            course: option.course,
            covers,
        });
    }
    Pathway {
        steps,
        uncovered: open.into_iter().map(|gap| gap.skill).collect(),
    }
}

/// A language course cohort chosen for a language gap.
#[derive(Clone, Debug, PartialEq)]
pub struct LanguageStep {
    pub cohort: CohortId,
    pub course: CourseId,
    pub language: LanguageCode,
    pub level_reached: CefrLevel,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LanguagePathway {
    pub steps: Vec<LanguageStep>,
    /// The languages no available cohort teaches to the level asked.
    pub uncovered: Vec<LanguageCode>,
}

/// For each language the person lacks (or holds below the level asked), the language course
/// cohorts that take them there ([`ladder`]); a language no ladder reaches is uncovered.
pub fn language_pathway(
    gaps: &[(LanguageCode, CefrLevel)],
    options: &[CohortOption],
    seeker: &Seeker,
    today: NaiveDate,
) -> LanguagePathway {
    let mut steps = Vec::new();
    let mut uncovered = Vec::new();
    for (language, required) in gaps {
        match ladder(*language, *required, options, seeker, today) {
            Some(climb) => steps.extend(climb),
            None => uncovered.push(*language),
        }
    }
    LanguagePathway { steps, uncovered }
}

/// A way up in one language: the day from which the next step may start, the cohorts taken
/// with the level each reaches, and how much the person prefers them.
#[derive(Clone)]
struct Climb<'a> {
    free_from: NaiveDate,
    steps: Vec<(&'a CohortOption, CefrLevel)>,
    preference: f64,
}

impl Climb<'_> {
    /// Fewer steps first, then the sooner finish, then the more preferred cohorts, then
    /// the lower cohort ids (a stable answer).
    fn better_than(&self, other: &Climb<'_>) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        let key = |c: &Climb<'_>| (c.steps.len(), c.free_from);
        match key(self).cmp(&key(other)) {
            Less => true,
            Greater => false,
            Equal => match self.preference.total_cmp(&other.preference) {
                Greater => true,
                Less => false,
                Equal => {
                    let ids =
                        |c: &Climb<'_>| c.steps.iter().map(|(o, _)| o.cohort).collect::<Vec<_>>();
                    ids(self) < ids(other)
                }
            },
        }
    }
}

/// The language course cohorts that take the person from where they stand in `language`
/// to `required`: a single course when one leads there from their level, else a ladder
/// (A1 -> A2 -> B1) in which each step's entry level is met by the level the step before
/// reaches and each starts once the one before has ended. The fewest steps win, then the
/// soonest finish, then the cohorts the person prefers. `None` when no ladder gets there.
pub fn ladder(
    language: LanguageCode,
    required: CefrLevel,
    options: &[CohortOption],
    seeker: &Seeker,
    today: NaiveDate,
) -> Option<Vec<LanguageStep>> {
    use std::collections::BTreeMap;
    use std::collections::btree_map::Entry;
    let rungs: Vec<(&CohortOption, CefrLevel)> = options
        .iter()
        .filter(|o| reachable(o, seeker, today))
        // A minimum in another language (say, the language of instruction) is the person's.
        .filter(|o| match o.min_language {
            Some((l, min)) if l != language => level_in(seeker, l).is_some_and(|have| have >= min),
            _ => true,
        })
        .filter_map(|o| match o.teaches_language {
            Some((taught, reached)) if taught == language => Some((o, reached)),
            _ => None,
        })
        .collect();
    // The best climb to each level; every step goes up, so levels settle in order.
    let mut best: BTreeMap<Option<CefrLevel>, Climb<'_>> = BTreeMap::new();
    best.insert(
        level_in(seeker, language),
        Climb {
            free_from: today,
            steps: Vec::new(),
            preference: 0.0,
        },
    );
    for level in std::iter::once(None).chain(CefrLevel::ALL.into_iter().map(Some)) {
        if level.is_some_and(|l| l >= required) {
            break;
        }
        let Some(climb) = best.get(&level).cloned() else {
            continue;
        };
        for (option, reached) in &rungs {
            let enters = match option.min_language {
                Some((l, min)) if l == language => level.is_some_and(|have| have >= min),
                _ => true,
            };
            let fits = option.starts_on >= climb.free_from
                && !climb.steps.iter().any(|(o, _)| o.course == option.course);
            if Some(*reached) <= level || !enters || !fits {
                continue;
            }
            let mut steps = climb.steps.clone();
            steps.push((option, *reached));
            let next = Climb {
                // The next step starts once this one has ended (the day after it starts,
                // when its end is not known).
                free_from: option
                    .ends_on
                    .unwrap_or(option.starts_on + chrono::Duration::days(1)),
                steps,
                preference: climb.preference + preference(option, seeker, today),
            };
            match best.entry(Some(*reached)) {
                Entry::Vacant(slot) => {
                    slot.insert(next);
                }
                Entry::Occupied(mut slot) => {
                    if next.better_than(slot.get()) {
                        slot.insert(next);
                    }
                }
            }
        }
    }
    best.into_iter()
        .filter(|(level, climb)| level.is_some_and(|l| l >= required) && !climb.steps.is_empty())
        .map(|(_, climb)| climb)
        .reduce(|a, b| if b.better_than(&a) { b } else { a })
        .map(|climb| {
            climb
                .steps
                .into_iter()
                .map(|(option, reached)| LanguageStep {
                    cohort: option.cohort,
                    course: option.course,
                    language,
                    level_reached: reached,
                })
                .collect()
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::RightToWork;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
    }

    fn seeker() -> Seeker {
        Seeker {
            skills: vec![],
            languages: vec![(LanguageCode::parse("de").unwrap(), CefrLevel::B1)],
            location: Some(GeoPoint {
                latitude: 52.52,
                longitude: 13.405,
            }),
            mobility_radius_km: Some(30),
            willing_to_relocate: false,
            right_to_work: RightToWork::Yes,
            tracks: vec![Track::Women],
            availability: vec![],
        }
    }

    fn option(teaches: &[SkillId], days: i64) -> CohortOption {
        CohortOption {
            cohort: CohortId::new(),
            course: CourseId::new(),
            teaches: teaches
                .iter()
                .map(|s| (*s, Proficiency::Intermediate))
                .collect(),
            free: true,
            starts_on: today() + chrono::Duration::days(days),
            languages: vec![LanguageCode::parse("de").unwrap()],
            online: true,
            location: None,
            seats_left: 5,
            ends_on: None,
            eligible: true,
            min_language: None,
            prerequisites: vec![],
            tracks: vec![],
            teaches_language: None,
        }
    }

    fn gaps(skills: &[SkillId]) -> Vec<Gap> {
        skills
            .iter()
            .map(|s| Gap {
                skill: *s,
                required: Proficiency::Intermediate,
            })
            .collect()
    }

    #[test]
    fn the_fewest_cohorts_that_cover_the_gap() {
        let s: Vec<SkillId> = (0..4).map(|_| SkillId::new()).collect();
        let wide = option(&[s[0], s[1], s[2]], 30);
        let narrow = option(&[s[0]], 10);
        let last = option(&[s[3]], 20);
        let result = pathway(
            &gaps(&s),
            &[narrow, wide.clone(), last.clone()],
            &seeker(),
            today(),
        );
        assert_eq!(result.steps.len(), 2, "{result:?}");
        assert_eq!(result.steps[0].cohort, wide.cohort, "the widest first");
        assert_eq!(result.steps[0].covers, vec![s[0], s[1], s[2]]);
        assert_eq!(result.steps[1].cohort, last.cohort);
        assert!(result.uncovered.is_empty());
    }

    #[test]
    fn what_nothing_teaches_is_uncovered_and_unavailable_cohorts_are_skipped() {
        let s: Vec<SkillId> = (0..3).map(|_| SkillId::new()).collect();
        let mut full = option(&[s[0]], 10);
        full.seats_left = 0;
        let mut started = option(&[s[1]], -5);
        started.free = true;
        let mut far = option(&[s[2]], 10);
        far.online = false;
        far.location = Some(GeoPoint {
            latitude: 48.14,
            longitude: 11.58,
        });
        let mut ineligible = option(&s, 10);
        ineligible.eligible = false;
        let mut too_basic = option(&[s[0]], 10);
        too_basic.teaches = vec![(s[0], Proficiency::Basic)];
        let result = pathway(
            &gaps(&s),
            &[full, started, far, ineligible, too_basic],
            &seeker(),
            today(),
        );
        assert!(result.steps.is_empty(), "{result:?}");
        assert_eq!(result.uncovered, s);
    }

    #[test]
    fn among_equals_free_sooner_and_in_a_known_language_wins() {
        let skill = SkillId::new();
        let mut paid = option(&[skill], 5);
        paid.free = false;
        let later = option(&[skill], 200);
        let soon = option(&[skill], 10);
        let mut foreign = option(&[skill], 1);
        foreign.languages = vec![LanguageCode::parse("fi").unwrap()];
        let result = pathway(
            &gaps(&[skill]),
            &[paid, later, foreign, soon.clone()],
            &seeker(),
            today(),
        );
        assert_eq!(result.steps.len(), 1);
        assert_eq!(result.steps[0].cohort, soon.cohort);
    }

    #[test]
    fn language_gaps_get_a_language_course_that_reaches_the_level() {
        let de = LanguageCode::parse("de").unwrap();
        let fr = LanguageCode::parse("fr").unwrap();
        let mut to_b1 = option(&[], 30);
        to_b1.teaches_language = Some((de, CefrLevel::B1));
        let mut to_b2_later = option(&[], 90);
        to_b2_later.teaches_language = Some((de, CefrLevel::B2));
        let mut to_b2_sooner = option(&[], 10);
        to_b2_sooner.teaches_language = Some((de, CefrLevel::B2));
        let mut full = option(&[], 5);
        full.teaches_language = Some((de, CefrLevel::C1));
        full.seats_left = 0;
        let options = vec![to_b1, to_b2_later, to_b2_sooner.clone(), full];
        let path = language_pathway(
            &[(de, CefrLevel::B2), (fr, CefrLevel::A2)],
            &options,
            &seeker(),
            today(),
        );
        assert_eq!(path.steps.len(), 1);
        assert_eq!(
            path.steps[0].cohort, to_b2_sooner.cohort,
            "B1 is not enough, the full one is skipped, sooner wins"
        );
        assert_eq!(path.steps[0].level_reached, CefrLevel::B2);
        assert_eq!(path.uncovered, vec![fr]);
    }

    /// A German course from `entry` (none: beginners) to `reached`, starting `days` from
    /// today for four weeks.
    fn rung(entry: Option<CefrLevel>, reached: CefrLevel, days: i64) -> CohortOption {
        let de = LanguageCode::parse("de").unwrap();
        let mut o = option(&[], days);
        o.teaches_language = Some((de, reached));
        o.min_language = entry.map(|level| (de, level));
        o.ends_on = Some(o.starts_on + chrono::Duration::days(28));
        o
    }

    #[test]
    fn a_language_level_no_single_course_reaches_is_a_ladder_in_date_order() {
        let de = LanguageCode::parse("de").unwrap();
        let mut a1 = seeker();
        a1.languages = vec![(de, CefrLevel::A1)];
        let a1_to_a2 = rung(Some(CefrLevel::A1), CefrLevel::A2, 10);
        let a2_to_b1 = rung(Some(CefrLevel::A2), CefrLevel::B1, 40);
        // Starts before the A2 course ends: not a next step.
        let a2_to_b1_too_soon = rung(Some(CefrLevel::A2), CefrLevel::B1, 20);
        // Asks for B1 at the start: not for someone at A1.
        let b1_to_b2 = rung(Some(CefrLevel::B1), CefrLevel::B2, 5);
        let mut full = rung(Some(CefrLevel::A1), CefrLevel::B1, 5);
        full.seats_left = 0;
        let options = vec![
            b1_to_b2,
            a2_to_b1_too_soon,
            full,
            a2_to_b1.clone(),
            a1_to_a2.clone(),
        ];
        let path = language_pathway(&[(de, CefrLevel::B1)], &options, &a1, today());
        let cohorts: Vec<_> = path.steps.iter().map(|s| s.cohort).collect();
        assert_eq!(cohorts, vec![a1_to_a2.cohort, a2_to_b1.cohort]);
        let levels: Vec<_> = path.steps.iter().map(|s| s.level_reached).collect();
        assert_eq!(levels, vec![CefrLevel::A2, CefrLevel::B1]);
        assert!(path.uncovered.is_empty());

        // One course that does it all wins over a ladder, even if it ends later.
        let a1_to_b1 = rung(Some(CefrLevel::A1), CefrLevel::B1, 60);
        let mut with_direct = options.clone();
        with_direct.push(a1_to_b1.clone());
        let path = language_pathway(&[(de, CefrLevel::B1)], &with_direct, &a1, today());
        assert_eq!(
            path.steps.iter().map(|s| s.cohort).collect::<Vec<_>>(),
            vec![a1_to_b1.cohort]
        );

        // Someone with no German needs a beginners' course first.
        let mut none = seeker();
        none.languages = vec![];
        let path = language_pathway(&[(de, CefrLevel::A2)], &options, &none, today());
        assert_eq!(path.uncovered, vec![de]);
        let beginners = rung(None, CefrLevel::A1, 1);
        let mut from_zero = options.clone();
        from_zero.push(beginners.clone());
        // Beginners run from day 1 to 29: the A2 course of day 10 is too soon.
        let path = language_pathway(&[(de, CefrLevel::A2)], &from_zero, &none, today());
        assert_eq!(path.uncovered, vec![de]);
        let later_a2 = rung(Some(CefrLevel::A1), CefrLevel::A2, 30);
        from_zero.push(later_a2.clone());
        let path = language_pathway(&[(de, CefrLevel::A2)], &from_zero, &none, today());
        assert_eq!(
            path.steps.iter().map(|s| s.cohort).collect::<Vec<_>>(),
            vec![beginners.cohort, later_a2.cohort]
        );
    }

    #[test]
    fn a_course_whose_prerequisite_the_person_lacks_follows_one_that_teaches_it() {
        let (hygiene, cooking, plating) = (SkillId::new(), SkillId::new(), SkillId::new());
        let mut advanced = option(&[plating], 60);
        advanced.prerequisites = vec![(cooking, Proficiency::Intermediate)];
        let mut basics = option(&[cooking, hygiene], 5);
        basics.ends_on = Some(today() + chrono::Duration::days(40));
        let gaps = gaps(&[hygiene, plating]);
        // Alone, the advanced course is out of reach: the person cannot cook yet.
        let alone = pathway(&gaps, std::slice::from_ref(&advanced), &seeker(), today());
        assert!(alone.steps.is_empty());
        assert_eq!(alone.uncovered, vec![hygiene, plating]);
        // After the basics (which end before it starts), it is the next step.
        let both = pathway(
            &gaps,
            &[advanced.clone(), basics.clone()],
            &seeker(),
            today(),
        );
        let cohorts: Vec<_> = both.steps.iter().map(|s| s.cohort).collect();
        assert_eq!(cohorts, vec![basics.cohort, advanced.cohort]);
        assert!(both.uncovered.is_empty());
    }
}
