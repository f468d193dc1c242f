//! Mentoring for every track: any account may offer mentoring (by sectors, skills,
//! languages, the tracks it is for, and how many people at once), people who came as
//! migrants themselves among them if they choose to say so (peer mentors). A person asks a
//! mentor; the mentor accepts or declines; contact details are shared only once accepted.
//! One rule ranks mentors for a need, whether a person's own (the skills of the work they
//! want) or a venture's (its sector and the skills it needs).

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::codes::coded;
use crate::delegation::Actor;
use crate::match_index::RankCursor;
use crate::matching::SkillTree;
use crate::profile::FieldProblem;
use crate::track::Track;
use crate::venture::{MAX_NOTE_CHARS, Sector, VentureDetails, has_duplicates};
use crate::{
    LanguageCode, OrganisationId, Page, PageRequest, ProblemCode, ProfileId, SkillId, StoreResult,
    UserId,
};

pub const MAX_MENTOR_SKILLS: usize = 50;
pub const MAX_MENTOR_LANGUAGES: usize = 10;
/// The most people a mentor takes on at once.
pub const MAX_CAPACITY: u32 = 20;
/// How many people at once, unless the mentor says otherwise.
pub const DEFAULT_CAPACITY: u32 = 3;
/// The longest message of a mentoring request or of a mentor's answer, in characters.
pub const MAX_MESSAGE_CHARS: usize = 1_000;

/// What a mentor offers.
#[derive(Clone, Debug, PartialEq)]
pub struct MentorDetails {
    pub sectors: Vec<Sector>,
    pub skills: Vec<SkillId>,
    /// The languages the mentor can mentor in.
    pub languages: Vec<LanguageCode>,
    /// Who the mentoring is for; empty: anyone.
    pub tracks: Vec<Track>,
    /// How many people the mentor takes on at once (accepted, not yet ended).
    pub capacity: u32,
    /// The mentor came as a migrant themselves and chose to say so.
    pub peer: bool,
    pub note: String,
}

impl MentorDetails {
    /// An offer naming nothing yet, for the default capacity.
    pub fn new() -> Self {
        Self {
            sectors: Vec::new(),
            skills: Vec::new(),
            languages: Vec::new(),
            tracks: Vec::new(),
            capacity: DEFAULT_CAPACITY,
            peer: false,
            note: String::new(),
        }
    }
}

impl Default for MentorDetails {
    fn default() -> Self {
        Self::new()
    }
}

/// Mentoring an account offers, in its own name or through an organisation it belongs to
/// (one offer each way).
#[derive(Clone, Debug, PartialEq)]
pub struct MentorOffer {
    pub id: Uuid,
    pub user_id: UserId,
    /// The organisation the mentor offers through; `None` for an offer in their own name.
    pub organisation_id: Option<OrganisationId>,
    pub details: MentorDetails,
    /// The people the mentor mentors through this offer now (accepted, not ended).
    pub mentees: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl MentorOffer {
    pub fn spaces_left(&self) -> u32 {
        self.details.capacity.saturating_sub(self.mentees)
    }
}

/// Every problem with a mentoring offer; empty means valid.
pub fn validate_mentor(details: &MentorDetails) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    if details.sectors.is_empty() && details.skills.is_empty() && details.tracks.is_empty() {
        problems.push(FieldProblem::new(
            "sectors",
            ProblemCode::Required,
            "name at least one sector, skill or track you can mentor in",
        ));
    }
    for (field, duplicated, what) in [
        ("sectors", has_duplicates(&details.sectors), "sector"),
        ("tracks", has_duplicates(&details.tracks), "track"),
    ] {
        if duplicated {
            problems.push(FieldProblem::new(
                field,
                ProblemCode::Duplicate,
                format!("name each {what} once"),
            ));
        }
    }
    if details.skills.len() > MAX_MENTOR_SKILLS {
        problems.push(FieldProblem::new(
            "skills",
            ProblemCode::TooMany,
            format!("name at most {MAX_MENTOR_SKILLS} skills"),
        ));
    } else if has_duplicates(&details.skills) {
        problems.push(FieldProblem::new(
            "skills",
            ProblemCode::Duplicate,
            "name each skill once",
        ));
    }
    if details.languages.len() > MAX_MENTOR_LANGUAGES {
        problems.push(FieldProblem::new(
            "languages",
            ProblemCode::TooMany,
            format!("name at most {MAX_MENTOR_LANGUAGES} languages"),
        ));
    } else if has_duplicates(&details.languages) {
        problems.push(FieldProblem::new(
            "languages",
            ProblemCode::DuplicateLanguage,
            "name each language once",
        ));
    }
    if !(1..=MAX_CAPACITY).contains(&details.capacity) {
        problems.push(FieldProblem::new(
            "capacity",
            ProblemCode::OutOfRange,
            format!("mentor 1 to {MAX_CAPACITY} people at once"),
        ));
    }
    if details.note.chars().count() > MAX_NOTE_CHARS {
        problems.push(FieldProblem::new(
            "note",
            ProblemCode::TooLong,
            format!("use at most {MAX_NOTE_CHARS} characters"),
        ));
    }
    problems
}

/// What a person looks for in a mentor: for a venture, its sector and the skills it needs;
/// for the person, the skills of the work they want (or do). Always with the tracks they
/// are in and the languages they speak.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MentoringNeed {
    pub sector: Option<Sector>,
    pub skills: Vec<SkillId>,
    pub tracks: Vec<Track>,
    pub languages: Vec<LanguageCode>,
}

impl MentoringNeed {
    /// The need of a venture run by someone in `tracks` who speaks `languages`.
    pub fn of_venture(
        venture: &VentureDetails,
        tracks: Vec<Track>,
        languages: Vec<LanguageCode>,
    ) -> Self {
        Self {
            sector: Some(venture.sector),
            skills: venture.skills_needed.clone(),
            tracks,
            languages,
        }
    }
}

/// How a mentor fits a need, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct MentorFit {
    /// Between 0 and 1.
    pub score: f64,
    /// The mentor offers the sector of the need.
    pub sector_match: bool,
    /// Needed skills the mentor offers.
    pub covers: Vec<SkillId>,
    /// Needed skills the mentor offers a related skill for: (needed, offered).
    pub related: Vec<(SkillId, SkillId)>,
    /// Needed skills the mentor offers nothing for.
    pub uncovered: Vec<SkillId>,
    /// The person's tracks the mentoring is meant for.
    pub tracks: Vec<Track>,
    /// The languages both speak.
    pub languages: Vec<LanguageCode>,
}

/// The weights of the parts of a mentor's score. Each part counts only where the need
/// has something to compare (skills, a sector, tracks, languages), and the score is the
/// weighted share of the parts that count: for a venture, skills 60% and sector 40%.
pub const SKILLS_WEIGHT: f64 = 0.45;
pub const SECTOR_WEIGHT: f64 = 0.3;
/// Credit for mentoring meant for a track the person is in (over mentoring for anyone).
pub const TRACK_WEIGHT: f64 = 0.15;
/// Credit for a language both speak (over a mentor who names none).
pub const LANGUAGE_WEIGHT: f64 = 0.1;
/// Credit for a mentor offering a skill related to a needed one (broader, narrower or
/// sibling in the ESCO hierarchy).
pub const RELATED_CREDIT: f64 = 0.5;

/// How `offer` fits `need`, or `None` when it does not: the mentoring is meant for tracks
/// the person is not in, the two share no language (when both name some), or the mentor
/// offers neither the sector, nor a needed skill (or a related one), nor a track of the
/// person's.
pub fn mentor_fit(
    need: &MentoringNeed,
    offer: &MentorDetails,
    tree: &SkillTree,
) -> Option<MentorFit> {
    let tracks: Vec<Track> = need
        .tracks
        .iter()
        .copied()
        .filter(|t| offer.tracks.contains(t))
        .collect();
    if !offer.tracks.is_empty() && tracks.is_empty() {
        return None;
    }
    let languages: Vec<LanguageCode> = need
        .languages
        .iter()
        .copied()
        .filter(|l| offer.languages.contains(l))
        .collect();
    if !offer.languages.is_empty() && !need.languages.is_empty() && languages.is_empty() {
        return None;
    }
    let sector_match = need.sector.is_some_and(|s| offer.sectors.contains(&s));
    let (mut covers, mut related, mut uncovered) = (Vec::new(), Vec::new(), Vec::new());
    for needed in &need.skills {
        if offer.skills.contains(needed) {
            covers.push(*needed);
        } else if let Some(via) = offer
            .skills
            .iter()
            .filter(|s| tree.relation(**s, *needed).is_some())
            .min()
        {
            related.push((*needed, *via));
        } else {
            uncovered.push(*needed);
        }
    }
    if !sector_match && covers.is_empty() && related.is_empty() && tracks.is_empty() {
        return None;
    }
    let skills = (covers.len() as f64 + RELATED_CREDIT * related.len() as f64)
        / need.skills.len().max(1) as f64;
    let parts = [
        (!need.skills.is_empty(), SKILLS_WEIGHT, skills),
        (need.sector.is_some(), SECTOR_WEIGHT, credit(sector_match)),
        (
            !need.tracks.is_empty(),
            TRACK_WEIGHT,
            credit(!tracks.is_empty()),
        ),
        (
            !need.languages.is_empty(),
            LANGUAGE_WEIGHT,
            credit(!languages.is_empty()),
        ),
    ];
    let weight: f64 = parts.iter().filter(|p| p.0).map(|p| p.1).sum();
    let earned: f64 = parts.iter().filter(|p| p.0).map(|p| p.1 * p.2).sum();
    Some(MentorFit {
        score: if weight > 0.0 { earned / weight } else { 0.0 },
        sector_match,
        covers,
        related,
        uncovered,
        tracks,
        languages,
    })
}

fn credit(yes: bool) -> f64 {
    f64::from(u8::from(yes))
}

/// One page of the offers that fit a need, best first, and how many fit in all.
#[derive(Clone, Debug, PartialEq)]
pub struct RankedMentors<'a> {
    pub matches: Vec<(&'a MentorOffer, MentorFit)>,
    pub total: usize,
    pub has_next_page: bool,
}

/// The offers that fit `need`, best first (ties by offer id), `first` of them after
/// `after` (the score and offer id of the last one seen). Offers of `mentee` themselves
/// and offers with no space left are left out: nobody can ask them.
pub fn rank_mentors<'a>(
    need: &MentoringNeed,
    offers: &'a [MentorOffer],
    mentee: Option<UserId>,
    tree: &SkillTree,
    first: usize,
    after: Option<RankCursor<Uuid>>,
) -> RankedMentors<'a> {
    let mut ranked: Vec<_> = offers
        .iter()
        .filter(|o| Some(o.user_id) != mentee && o.spaces_left() > 0)
        .filter_map(|o| mentor_fit(need, &o.details, tree).map(|f| (o, f)))
        .collect();
    let total = ranked.len();
    ranked.sort_by(|(a, fa), (b, fb)| fb.score.total_cmp(&fa.score).then(a.id.cmp(&b.id)));
    if let Some(cursor) = after {
        ranked.retain(|(o, f)| {
            f.score < cursor.score || (f.score == cursor.score && o.id > cursor.id)
        });
    }
    let has_next_page = ranked.len() > first;
    ranked.truncate(first);
    RankedMentors {
        matches: ranked,
        total,
        has_next_page,
    }
}

coded!(
    /// Where a mentoring request stands.
    MentoringStatus {
        /// Asked, not answered yet.
        Requested => "REQUESTED",
        /// The mentor took the person on: each sees the other's contact details.
        Accepted => "ACCEPTED",
        Declined => "DECLINED",
        /// The person took the request back before an answer.
        Withdrawn => "WITHDRAWN",
        /// Either side ended the mentoring; the mentor's space is free again.
        Ended => "ENDED",
    }
);

/// The two sides of a mentoring request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MentoringSide {
    /// The person mentored, or their caseworker.
    Mentee,
    Mentor,
}

impl MentoringStatus {
    /// Whether `side` may move a request from this status to `to`: the mentor answers a
    /// request, the person withdraws it, either ends an accepted mentoring.
    pub fn may_move(self, side: MentoringSide, to: MentoringStatus) -> bool {
        use MentoringStatus::*;
        matches!(
            (side, self, to),
            (MentoringSide::Mentor, Requested, Accepted | Declined)
                | (MentoringSide::Mentee, Requested, Withdrawn)
                | (_, Accepted, Ended)
        )
    }

    /// Whether the two see each other's contact details: while the mentoring lasts
    /// (accepted, not ended).
    pub fn shares_contact(self) -> bool {
        self == MentoringStatus::Accepted
    }
}

/// A person's request to be mentored, and what became of it.
#[derive(Clone, Debug, PartialEq)]
pub struct MentoringRequest {
    pub id: Uuid,
    /// The offer asked through; `None` once the mentor withdrew it.
    pub offer_id: Option<Uuid>,
    pub mentor_id: UserId,
    pub profile_id: ProfileId,
    /// The venture the request is about, if any.
    pub venture_id: Option<Uuid>,
    pub message: String,
    pub status: MentoringStatus,
    /// What the mentor wrote with the answer.
    pub answer: String,
    /// Who asked: the person, or a caseworker for them; the account is `None` once erased.
    pub requested_by: Option<Actor>,
    pub created_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
}

/// The problem with a message to or from a mentor, if any.
pub fn message_problem(field: &'static str, message: &str) -> Option<FieldProblem> {
    (message.chars().count() > MAX_MESSAGE_CHARS).then(|| {
        FieldProblem::new(
            field,
            ProblemCode::TooLong,
            format!("use at most {MAX_MESSAGE_CHARS} characters"),
        )
    })
}

/// Why a person may not ask for mentoring through `offer`: their own offer, mentoring
/// meant for tracks they are not in, or no space left.
pub fn request_problems(
    offer: &MentorOffer,
    mentee: Option<UserId>,
    tracks: &[Track],
) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    if mentee == Some(offer.user_id) {
        problems.push(FieldProblem::new(
            "mentorId",
            ProblemCode::OwnOffer,
            "you cannot ask yourself for mentoring",
        ));
    }
    if !offer.details.tracks.is_empty() && !offer.details.tracks.iter().any(|t| tracks.contains(t))
    {
        problems.push(FieldProblem::new(
            "mentorId",
            ProblemCode::NotInTrack,
            "this mentoring is for people in other tracks",
        ));
    }
    if offer.spaces_left() == 0 {
        problems.push(mentor_full());
    }
    problems
}

/// The mentor takes on nobody more for now.
pub fn mentor_full() -> FieldProblem {
    FieldProblem::new(
        "mentorId",
        ProblemCode::MentorFull,
        "this mentor takes on nobody more for now",
    )
}

/// What asking for mentoring came to.
#[derive(Clone, Debug, PartialEq)]
pub enum RequestedMentoring {
    Requested(MentoringRequest),
    /// The offer is gone.
    NoOffer,
    /// The mentor has no space left.
    Full,
    /// The person already has an open request with this mentor.
    AlreadyRequested,
}

/// What moving a mentoring request came to.
#[derive(Clone, Debug, PartialEq)]
pub enum MovedMentoring {
    Moved(MentoringRequest),
    /// No such request, or it is no longer in the status the move starts from.
    NotInStatus,
    /// Accepting would take the mentor over capacity.
    Full,
}

#[async_trait::async_trait]
pub trait MentoringRepository: Send + Sync {
    /// Creates or replaces the account's offer in its own name (`organisation` none) or
    /// through an organisation, whose membership must exist (`StoreError::NotFound`
    /// otherwise).
    async fn save_mentor_offer(
        &self,
        user: UserId,
        organisation: Option<OrganisationId>,
        details: &MentorDetails,
        at: DateTime<Utc>,
    ) -> StoreResult<MentorOffer>;
    /// Withdraws the offer and declines its unanswered requests, in one transaction;
    /// mentoring already accepted goes on. False when there was no offer.
    async fn withdraw_mentor_offer(
        &self,
        user: UserId,
        organisation: Option<OrganisationId>,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// The account's offers, oldest first.
    async fn mentor_offers_of_user(&self, user: UserId) -> StoreResult<Vec<MentorOffer>>;
    async fn mentor_offer_by_id(&self, id: Uuid) -> StoreResult<Option<MentorOffer>>;
    /// Offers naming `sector`, any of `skills` or any of `tracks`.
    async fn mentor_offers_for(
        &self,
        sector: Option<Sector>,
        skills: &[SkillId],
        tracks: &[Track],
    ) -> StoreResult<Vec<MentorOffer>>;
    /// A new REQUESTED request through `offer`, checked against the offer's capacity and
    /// the person's open requests in the same transaction.
    async fn request_mentoring(
        &self,
        offer: Uuid,
        profile: ProfileId,
        venture: Option<Uuid>,
        message: &str,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<RequestedMentoring>;
    /// Moves a request from `from` to `to` (with the mentor's `answer` when answering);
    /// accepting checks the offer's capacity in the same transaction.
    async fn move_mentoring_request(
        &self,
        id: Uuid,
        from: MentoringStatus,
        to: MentoringStatus,
        answer: Option<&str>,
        at: DateTime<Utc>,
    ) -> StoreResult<MovedMentoring>;
    async fn mentoring_request_by_id(&self, id: Uuid) -> StoreResult<Option<MentoringRequest>>;
    /// The requests a person made, newest first.
    async fn mentoring_requests_of_profile(
        &self,
        profile: ProfileId,
        page: &PageRequest,
    ) -> StoreResult<Page<MentoringRequest>>;
    /// The requests made to a mentor, newest first, of `status` if given.
    async fn mentoring_requests_to_mentor(
        &self,
        mentor: UserId,
        status: Option<MentoringStatus>,
        page: &PageRequest,
    ) -> StoreResult<Page<MentoringRequest>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn venture(sector: Sector, skills: Vec<SkillId>) -> MentoringNeed {
        MentoringNeed {
            sector: Some(sector),
            skills,
            ..MentoringNeed::default()
        }
    }

    fn offer(sectors: Vec<Sector>, skills: Vec<SkillId>) -> MentorOffer {
        MentorOffer {
            id: Uuid::now_v7(),
            user_id: UserId::new(),
            organisation_id: None,
            details: MentorDetails {
                sectors,
                skills,
                ..MentorDetails::new()
            },
            mentees: 0,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn mentors_rank_by_skills_then_sector() {
        let (bookkeeping, marketing, baking, parent) = (
            SkillId::new(),
            SkillId::new(),
            SkillId::new(),
            SkillId::new(),
        );
        let tree = SkillTree::new([(bookkeeping, parent), (marketing, parent)]);
        let wanted = venture(Sector::AccommodationAndFood, vec![bookkeeping, baking]);
        let both = offer(
            vec![Sector::AccommodationAndFood],
            vec![bookkeeping, baking],
        );
        let skills_only = offer(vec![Sector::Finance], vec![bookkeeping, baking]);
        let sector_only = offer(vec![Sector::AccommodationAndFood], vec![]);
        let related = offer(vec![], vec![marketing]);
        let nothing = offer(vec![Sector::Mining], vec![SkillId::new()]);
        let offers = vec![
            nothing.clone(),
            related.clone(),
            sector_only.clone(),
            skills_only.clone(),
            both.clone(),
        ];
        let all = rank_mentors(&wanted, &offers, None, &tree, 10, None);
        assert_eq!((all.total, all.has_next_page), (4, false));
        let ranked = all.matches;
        let ids: Vec<Uuid> = ranked.iter().map(|(o, _)| o.id).collect();
        assert_eq!(
            ids,
            vec![both.id, skills_only.id, sector_only.id, related.id]
        );
        let (_, fit) = &ranked[3];
        assert_eq!(fit.related, vec![(bookkeeping, marketing)]);
        assert_eq!(fit.uncovered, vec![baking]);
        assert!((ranked[0].1.score - 1.0).abs() < 1e-12);
        // Skills count 60% and the sector 40% for a venture.
        assert!((ranked[1].1.score - 0.6).abs() < 1e-12);
        assert!((ranked[2].1.score - 0.4).abs() < 1e-12);

        // The same order a page at a time, each page after the last one seen.
        let mut after = None;
        let mut paged = Vec::new();
        loop {
            let page = rank_mentors(&wanted, &offers, None, &tree, 3, after);
            assert_eq!(page.total, 4);
            let last = page.matches.last().map(|(o, f)| RankCursor {
                score: f.score,
                id: o.id,
            });
            paged.extend(page.matches.iter().map(|(o, _)| o.id));
            if !page.has_next_page {
                break;
            }
            after = last;
        }
        assert_eq!(paged, ids);
    }

    #[test]
    fn a_need_without_skills_matches_on_sector() {
        let wanted = venture(Sector::Construction, vec![]);
        let tree = SkillTree::default();
        let fit = mentor_fit(
            &wanted,
            &offer(vec![Sector::Construction], vec![]).details,
            &tree,
        );
        assert_eq!(fit.map(|f| f.score), Some(1.0));
        assert!(
            mentor_fit(
                &wanted,
                &offer(vec![Sector::Trade], vec![SkillId::new()]).details,
                &tree
            )
            .is_none()
        );
    }

    #[test]
    fn tracks_and_languages_include_exclude_and_rank() {
        let tree = SkillTree::default();
        let (ar, fr, de) = (
            LanguageCode::parse("ar").unwrap(),
            LanguageCode::parse("fr").unwrap(),
            LanguageCode::parse("de").unwrap(),
        );
        let woman = MentoringNeed {
            tracks: vec![Track::Women],
            languages: vec![ar, fr],
            ..MentoringNeed::default()
        };
        let mut for_women = offer(vec![], vec![]);
        for_women.details.tracks = vec![Track::Women];
        for_women.details.languages = vec![ar];
        let fit = mentor_fit(&woman, &for_women.details, &tree).expect("fits");
        assert_eq!(
            (fit.tracks.clone(), fit.languages.clone()),
            (vec![Track::Women], vec![ar])
        );
        assert!((fit.score - 1.0).abs() < 1e-12);

        // Meant for another track, or no language in common: not a match.
        let mut for_youth = for_women.clone();
        for_youth.details.tracks = vec![Track::Youth];
        assert!(mentor_fit(&woman, &for_youth.details, &tree).is_none());
        let mut german_only = for_women.clone();
        german_only.details.languages = vec![de];
        assert!(mentor_fit(&woman, &german_only.details, &tree).is_none());

        // Mentoring for anyone matches on skills, below mentoring meant for the track.
        let skill = SkillId::new();
        let need = MentoringNeed {
            skills: vec![skill],
            ..woman.clone()
        };
        let mut general = offer(vec![], vec![skill]);
        general.details.languages = vec![fr];
        let mut aimed = general.clone();
        aimed.id = Uuid::now_v7();
        aimed.details.tracks = vec![Track::Women];
        let offers = vec![general.clone(), aimed.clone()];
        let ranked = rank_mentors(&need, &offers, None, &tree, 10, None).matches;
        assert_eq!(ranked[0].0.id, aimed.id);
        assert!(ranked[1].1.score < ranked[0].1.score);

        // Full offers and one's own are left out.
        let mut full = aimed.clone();
        full.mentees = full.details.capacity;
        let own = general.clone();
        let offers = [full, own.clone()];
        let page = rank_mentors(&need, &offers, Some(own.user_id), &tree, 10, None);
        assert_eq!(page.total, 0);
    }

    #[test]
    fn who_moves_a_request_where() {
        use MentoringSide::*;
        use MentoringStatus::*;
        assert!(Requested.may_move(Mentor, Accepted));
        assert!(Requested.may_move(Mentor, Declined));
        assert!(!Requested.may_move(Mentee, Accepted));
        assert!(Requested.may_move(Mentee, Withdrawn));
        assert!(!Requested.may_move(Mentor, Withdrawn));
        assert!(Accepted.may_move(Mentee, Ended) && Accepted.may_move(Mentor, Ended));
        assert!(!Declined.may_move(Mentor, Accepted));
        assert!(!Ended.may_move(Mentee, Ended));
        assert!(
            Accepted.shares_contact() && !Requested.shares_contact() && !Ended.shares_contact()
        );
    }

    #[test]
    fn offers_and_requests_are_checked() {
        let empty = MentorDetails {
            capacity: 0,
            note: "x".repeat(2_001),
            ..MentorDetails::new()
        };
        let codes: Vec<_> = validate_mentor(&empty)
            .iter()
            .map(|p| p.code.code())
            .collect();
        assert_eq!(codes, ["REQUIRED", "OUT_OF_RANGE", "TOO_LONG"]);
        let fr = LanguageCode::parse("fr").unwrap();
        let twice = MentorDetails {
            tracks: vec![Track::Youth, Track::Youth],
            languages: vec![fr, fr],
            ..MentorDetails::new()
        };
        let codes: Vec<_> = validate_mentor(&twice)
            .iter()
            .map(|p| p.code.code())
            .collect();
        assert_eq!(codes, ["DUPLICATE", "DUPLICATE_LANGUAGE"]);

        let mut mine = offer(vec![Sector::Trade], vec![]);
        mine.details.tracks = vec![Track::Youth];
        mine.mentees = mine.details.capacity;
        let codes: Vec<_> = request_problems(&mine, Some(mine.user_id), &[Track::Women])
            .iter()
            .map(|p| p.code.code())
            .collect();
        assert_eq!(codes, ["OWN_OFFER", "NOT_IN_TRACK", "MENTOR_FULL"]);
        assert!(message_problem("message", &"x".repeat(1_001)).is_some());
    }
}
