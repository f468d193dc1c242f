//! The behaviour every search backend must have: each check takes a `&dyn SearchIndex`
//! and starts by clearing the kinds it uses, so the tantivy backend (in memory and on disk)
//! and the Meilisearch backend (against a real server) run the same ones.

pub mod esco;

use skillbridge_domain::matching::GeoPoint;
use skillbridge_domain::search::{
    DocumentKind, Filter, SearchDocument, SearchIndex, SearchRequest, SearchText, SortOrder,
};
use uuid::Uuid;

fn text(s: &str, lang: &str, primary: bool) -> SearchText {
    SearchText {
        text: s.into(),
        lang: Some(lang.into()),
        primary,
    }
}

fn skill(id: Uuid, texts: Vec<SearchText>) -> SearchDocument {
    SearchDocument {
        kind: DocumentKind::Skill,
        id,
        texts,
        keywords: vec![],
        numbers: vec![],
        location: None,
    }
}

pub struct Skills {
    pub welding: Uuid,
    pub care: Uuid,
    pub carpentry: Uuid,
    pub elderly: Uuid,
}

pub async fn skills(index: &dyn SearchIndex) -> Skills {
    index.clear(DocumentKind::Skill).await.unwrap();
    let s = Skills {
        welding: Uuid::now_v7(),
        care: Uuid::now_v7(),
        carpentry: Uuid::now_v7(),
        elderly: Uuid::now_v7(),
    };
    index
        .upsert(vec![
            skill(
                s.welding,
                vec![
                    text("welding", "en", true),
                    text("Schweißen", "de", true),
                    text("arc welding", "en", false),
                ],
            ),
            skill(
                s.care,
                vec![
                    text("care assistant", "en", true),
                    text("Pflegehilfe", "de", true),
                    text("Pflegeassistent", "de", false),
                ],
            ),
            skill(s.carpentry, vec![text("carpentry", "en", true)]),
            skill(
                s.elderly,
                vec![
                    text("caring for elderly people", "en", true),
                    text("elderly care", "en", false),
                ],
            ),
        ])
        .await
        .unwrap();
    s
}

pub async fn find(index: &dyn SearchIndex, typed: &str) -> Vec<(Uuid, String)> {
    let mut request = SearchRequest::new(DocumentKind::Skill);
    request.text = Some(typed.into());
    index
        .search(&request)
        .await
        .unwrap()
        .hits
        .into_iter()
        .map(|h| (h.id, h.matched.map(|t| t.text).unwrap_or_default()))
        .collect()
}

pub async fn skill_autocomplete_tolerates_typos_and_prefixes(index: &dyn SearchIndex) {
    let s = skills(index).await;
    assert_eq!(
        find(index, "weldng").await[0],
        (s.welding, "welding".into())
    );
    assert_eq!(
        find(index, "schweissen").await[0],
        (s.welding, "Schweißen".into())
    );
    assert_eq!(
        find(index, "Pflege").await[0],
        (s.care, "Pflegehilfe".into())
    );
    assert_eq!(
        find(index, "care assist").await[0],
        (s.care, "care assistant".into())
    );
    let carp: Vec<Uuid> = find(index, "carp").await.iter().map(|h| h.0).collect();
    assert_eq!(carp, vec![s.carpentry], "four letters allow no typo");
    // "elderly care" is only an alternative label: found, after nothing better.
    assert_eq!(
        find(index, "elderly care").await[0],
        (s.elderly, "elderly care".into())
    );
    assert!(find(index, "plumbing").await.is_empty());

    // Idempotent upserts, deletes that forget.
    skills_again(index, &s).await;
    assert_eq!(index.count(DocumentKind::Skill).await.unwrap(), 4);
    index
        .delete(DocumentKind::Skill, &[s.welding])
        .await
        .unwrap();
    assert!(find(index, "weldng").await.is_empty());
    index
        .delete(DocumentKind::Skill, &[Uuid::now_v7()])
        .await
        .unwrap();
    assert_eq!(index.count(DocumentKind::Skill).await.unwrap(), 3);
    index.clear(DocumentKind::Skill).await.unwrap();
    assert_eq!(index.count(DocumentKind::Skill).await.unwrap(), 0);
}

async fn skills_again(index: &dyn SearchIndex, s: &Skills) {
    index
        .upsert(vec![skill(
            s.carpentry,
            vec![text("carpentry", "en", true)],
        )])
        .await
        .unwrap();
}

fn vacancy(
    title: &str,
    contract: &str,
    shortage: bool,
    posted: i64,
    place: GeoPoint,
) -> SearchDocument {
    SearchDocument {
        kind: DocumentKind::Vacancy,
        id: Uuid::now_v7(),
        texts: vec![text(title, "en", true)],
        keywords: vec![
            ("contractType".into(), contract.into()),
            ("shortage".into(), shortage.to_string()),
            ("language".into(), "de:B1".into()),
        ],
        numbers: vec![("postedAt".into(), posted)],
        location: Some(place),
    }
}

const BERLIN: GeoPoint = GeoPoint {
    latitude: 52.52,
    longitude: 13.405,
};
const POTSDAM: GeoPoint = GeoPoint {
    latitude: 52.3906,
    longitude: 13.0645,
};
const MUNICH: GeoPoint = GeoPoint {
    latitude: 48.1374,
    longitude: 11.5755,
};

pub async fn vacancies_filter_facet_sort_and_page(index: &dyn SearchIndex) {
    let docs = vec![
        vacancy("Welder", "PERMANENT", true, 300, BERLIN),
        vacancy("Welding apprentice", "APPRENTICESHIP", true, 200, POTSDAM),
        vacancy("Care assistant", "PERMANENT", false, 100, MUNICH),
        vacancy("Night care assistant", "FIXED_TERM", true, 400, BERLIN),
    ];
    let ids: Vec<Uuid> = docs.iter().map(|d| d.id).collect();
    index.clear(DocumentKind::Vacancy).await.unwrap();
    index.upsert(docs).await.unwrap();
    let search = |request: SearchRequest| async move { index.search(&request).await.unwrap() };

    // Everything, newest first, with facets.
    let mut all = SearchRequest::new(DocumentKind::Vacancy);
    all.sort = SortOrder::Descending("postedAt".into());
    all.facets = vec!["contractType".into(), "shortage".into()];
    let found = search(all.clone()).await;
    assert_eq!(found.total, 4);
    let order: Vec<Uuid> = found.hits.iter().map(|h| h.id).collect();
    assert_eq!(order, vec![ids[3], ids[0], ids[1], ids[2]]);
    assert_eq!(
        found.facets[0].counts,
        vec![
            ("PERMANENT".into(), 2),
            ("APPRENTICESHIP".into(), 1),
            ("FIXED_TERM".into(), 1)
        ]
    );
    assert_eq!(
        found.facets[1].counts,
        vec![("true".into(), 3), ("false".into(), 1)]
    );

    // Pages.
    let mut page = all.clone();
    page.offset = 1;
    page.limit = 2;
    let second = search(page).await;
    assert_eq!(second.total, 4);
    assert_eq!(
        second.hits.iter().map(|h| h.id).collect::<Vec<_>>(),
        vec![ids[0], ids[1]]
    );

    // Text and filters.
    let mut welding = SearchRequest::new(DocumentKind::Vacancy);
    welding.text = Some("weld".into());
    let found = search(welding.clone()).await;
    assert_eq!(found.total, 2);
    welding.filters = vec![Filter::AnyOf(
        "contractType".into(),
        vec!["APPRENTICESHIP".into()],
    )];
    assert_eq!(search(welding).await.hits[0].id, ids[1]);
    let mut not_permanent = SearchRequest::new(DocumentKind::Vacancy);
    not_permanent.filters = vec![
        Filter::NoneOf("contractType".into(), vec!["PERMANENT".into()]),
        Filter::AtLeast("postedAt".into(), 250),
    ];
    let found = search(not_permanent).await;
    assert_eq!(
        found.hits.iter().map(|h| h.id).collect::<Vec<_>>(),
        vec![ids[3]]
    );
    let mut none = SearchRequest::new(DocumentKind::Vacancy);
    none.filters = vec![Filter::AnyOf("contractType".into(), vec![])];
    assert_eq!(search(none).await.total, 0);

    // Within 50 km of Berlin, nearest first.
    let mut near = SearchRequest::new(DocumentKind::Vacancy);
    near.within = Some((POTSDAM, 50.0));
    near.sort = SortOrder::Distance(POTSDAM);
    let found = search(near).await;
    assert_eq!(found.total, 3, "Munich is 500 km away");
    assert_eq!(found.hits[0].id, ids[1]);

    // Kinds do not mix.
    let mut skills = SearchRequest::new(DocumentKind::Skill);
    skills.text = Some("night".into());
    assert_eq!(search(skills).await.total, 0);

    // An unknown number field is a clear error.
    let mut bad = SearchRequest::new(DocumentKind::Vacancy);
    bad.sort = SortOrder::Ascending("salary".into());
    assert!(index.search(&bad).await.is_err());
}

/// Language requirements (many values in one NoneOf), number ranges at their bounds, a
/// field with several values, and documents without a number or place sorting last.
pub async fn languages_ranges_and_missing_values(index: &dyn SearchIndex) {
    use skillbridge_domain::search::meets_languages;
    use skillbridge_domain::{CefrLevel, LanguageCode};
    let doc =
        |title: &str, requires: &[(&str, &str)], closes: Option<i64>, place: Option<GeoPoint>| {
            let mut keywords = vec![("track".to_owned(), "YOUTH".to_owned())];
            for (language, level) in requires {
                keywords.push(("requiredLanguage".into(), (*language).into()));
                keywords.push(("languageLevel".into(), format!("{language}:{level}")));
            }
            if requires.is_empty() {
                keywords.push(("track".into(), "WOMEN".into()));
            }
            SearchDocument {
                kind: DocumentKind::Vacancy,
                id: Uuid::now_v7(),
                texts: vec![text(title, "en", true)],
                keywords,
                numbers: closes
                    .map(|c| ("closesOn".to_owned(), c))
                    .into_iter()
                    .collect(),
                location: place,
            }
        };
    let docs = vec![
        doc(
            "German B2 and English B1",
            &[("de", "B2"), ("en", "B1")],
            Some(20),
            Some(MUNICH),
        ),
        doc("German A2", &[("de", "A2")], Some(10), None),
        doc("No language", &[], None, Some(BERLIN)),
    ];
    let ids: Vec<Uuid> = docs.iter().map(|d| d.id).collect();
    index.clear(DocumentKind::Vacancy).await.unwrap();
    index.upsert(docs).await.unwrap();
    let found = |request: SearchRequest| async move {
        let results = index.search(&request).await.unwrap();
        assert_eq!(results.total, results.hits.len(), "one page holds them all");
        results.hits.iter().map(|h| h.id).collect::<Vec<Uuid>>()
    };
    let speaking = |levels: &[(&str, CefrLevel)]| {
        let levels: Vec<(LanguageCode, CefrLevel)> = levels
            .iter()
            .map(|(l, level)| (LanguageCode::parse(l).unwrap(), *level))
            .collect();
        let mut request = SearchRequest::new(DocumentKind::Vacancy);
        request.filters = meets_languages(&levels);
        request.sort = SortOrder::Ascending("closesOn".into());
        request
    };
    assert_eq!(found(speaking(&[])).await, vec![ids[2]]);
    assert_eq!(
        found(speaking(&[("de", CefrLevel::B1)])).await,
        vec![ids[1], ids[2]],
        "A2 met, B2 not; without a closing date last"
    );
    assert_eq!(
        found(speaking(&[("de", CefrLevel::C2), ("en", CefrLevel::B1)])).await,
        vec![ids[1], ids[0], ids[2]]
    );
    assert_eq!(
        found(speaking(&[("de", CefrLevel::C2)])).await,
        vec![ids[1], ids[2]],
        "English is needed too"
    );

    // Ranges include their bounds.
    let mut range = SearchRequest::new(DocumentKind::Vacancy);
    range.filters = vec![
        Filter::AtLeast("closesOn".into(), 10),
        Filter::AtMost("closesOn".into(), 10),
    ];
    assert_eq!(found(range).await, vec![ids[1]]);
    let mut later = SearchRequest::new(DocumentKind::Vacancy);
    later.filters = vec![Filter::AtMost("closesOn".into(), 100)];
    later.sort = SortOrder::Descending("closesOn".into());
    assert_eq!(found(later).await, vec![ids[0], ids[1]]);

    // Several values in one field count once each.
    let mut facets = SearchRequest::new(DocumentKind::Vacancy);
    facets.facets = vec!["track".into(), "requiredLanguage".into()];
    let results = index.search(&facets).await.unwrap();
    assert_eq!(
        results.facets[0].counts,
        vec![("YOUTH".into(), 3), ("WOMEN".into(), 1)]
    );
    assert_eq!(
        results.facets[1].counts,
        vec![("de".into(), 2), ("en".into(), 1)]
    );

    // Without a place, last by distance.
    let mut near = SearchRequest::new(DocumentKind::Vacancy);
    near.sort = SortOrder::Distance(POTSDAM);
    assert_eq!(found(near).await, vec![ids[2], ids[0], ids[1]]);
    index.clear(DocumentKind::Vacancy).await.unwrap();
}

fn occupation(texts: &[(&str, &str, bool)]) -> SearchDocument {
    SearchDocument {
        kind: DocumentKind::Occupation,
        id: Uuid::now_v7(),
        texts: texts.iter().map(|(t, l, p)| text(t, l, *p)).collect(),
        keywords: vec![],
        numbers: vec![],
        location: None,
    }
}

/// Job titles as people write them (real titles from national classifications) find the
/// ESCO occupation (labels from ESCO) though not every word matches: plurals, other
/// spellings, gender markers and forms, qualifiers.
pub async fn titles_find_occupations_without_every_word(index: &dyn SearchIndex) {
    index.clear(DocumentKind::Occupation).await.unwrap();
    let docs = vec![
        occupation(&[
            ("labour relations officer", "en", true),
            ("industrial relations officer", "en", false),
            ("responsable des relations sociales", "fr", true),
            ("responsable de relaciones laborales", "es", true),
        ]),
        occupation(&[
            ("butcher", "en", true),
            ("boucher/bouchère", "fr", true),
            ("boucher-charcutier", "fr", false),
            ("carnicero/carnicera", "es", true),
        ]),
        occupation(&[
            ("accommodation manager", "en", true),
            ("hotel manager", "en", false),
            (
                "director de establecimiento de hostelería/directora de establecimiento de hostelería",
                "es",
                true,
            ),
            ("director de hotel", "es", false),
            ("gerente de alojamiento", "es", false),
        ]),
        occupation(&[
            ("specialised doctor", "en", true),
            ("médecin spécialiste", "fr", true),
            ("médico especialista/médica especialista", "es", true),
        ]),
        occupation(&[
            ("sales manager", "en", true),
            ("gerente de ventas", "es", false),
            ("responsable des ventes", "fr", true),
        ]),
        occupation(&[
            ("family carer", "en", true),
            ("accueillant familial/accueillante familiale", "fr", true),
        ]),
        occupation(&[
            ("nurse specialist", "en", true),
            ("enfermero especialista/enfermera especialista", "es", true),
        ]),
        occupation(&[
            ("union organiser", "en", true),
            ("officer of the watch", "en", true),
        ]),
    ];
    let ids: Vec<Uuid> = docs.iter().map(|d| d.id).collect();
    index.upsert(docs).await.unwrap();
    let first = |typed: &'static str| async move {
        let mut request = SearchRequest::new(DocumentKind::Occupation);
        request.text = Some(typed.into());
        let found = index.search(&request).await.unwrap();
        found
            .hits
            .first()
            .map(|h| (h.id, h.matched.clone().map(|t| t.text).unwrap_or_default()))
    };
    for (typed, expected) in [
        ("Labor Relations Specialists", ids[0]),
        ("Boucher (h/f/x)", ids[1]),
        ("Bouchère", ids[1]),
        ("GERENTES DE HOTEL, CON MENOS DE 10 ASALARIADOS", ids[2]),
        ("Hotel managers", ids[2]),
        ("MÉDICOS ESPECIALISTAS EN CARDIOLOGÍA", ids[3]),
        (
            "Accueillant familial / Accueillante familiale auprès d'adultes",
            ids[5],
        ),
    ] {
        let hit = first(typed).await;
        assert_eq!(
            hit.as_ref().map(|h| h.0),
            Some(expected),
            "{typed}: {hit:?}"
        );
    }
    assert_eq!(
        first("Boucher (h/f/x)").await.unwrap().1,
        "boucher/bouchère",
        "the preferred label that matched is named"
    );
    assert_eq!(first("zzqx wwvy").await, None, "no word matches: nothing");
    index.clear(DocumentKind::Occupation).await.unwrap();
}

/// Free text: the skills it mentions, each once, with where and how surely.
pub async fn free_text_mentions_skills(index: &dyn SearchIndex) {
    use skillbridge_domain::mentions::MentionRequest;
    index.clear(DocumentKind::Skill).await.unwrap();
    let concept = |labels: &[(&str, &str, bool)], kind: &str| {
        let mut doc = skill(
            Uuid::now_v7(),
            labels.iter().map(|(t, l, p)| text(t, l, *p)).collect(),
        );
        doc.keywords = vec![("conceptKind".into(), kind.into())];
        doc
    };
    let docs = vec![
        concept(
            &[
                ("prepare meals", "en", true),
                ("preparar comidas", "es", true),
            ],
            "SKILL",
        ),
        concept(
            &[
                ("manage stock", "en", true),
                ("gérer les stocks", "fr", true),
            ],
            "SKILL",
        ),
        concept(&[("train staff", "en", true)], "SKILL"),
        concept(&[("welding", "en", true)], "SKILL"),
        concept(&[("hotel receptionist duties", "en", true)], "SKILL"),
        concept(&[("meal preparation", "en", true)], "SKILL_GROUP"),
    ];
    let ids: Vec<Uuid> = docs.iter().map(|d| d.id).collect();
    index.upsert(docs).await.unwrap();
    let cv = "Cuisinière pendant cinq ans : I prepared meals in a hotel kitchen, managed the \
              stock of ingredients and trained new kitchen staff. J'ai aussi géré les stocks.";
    let mut request = MentionRequest {
        kind: DocumentKind::Skill,
        text: cv.into(),
        lang: None,
        filters: vec![Filter::AnyOf("conceptKind".into(), vec!["SKILL".into()])],
        limit: 10,
    };
    let found = index.mentions(&request).await.unwrap();
    let span =
        |start: usize, end: usize| -> String { cv.chars().skip(start).take(end - start).collect() };
    let by_id: Vec<(Uuid, String, String)> = found
        .iter()
        .map(|m| (m.id, m.label.text.clone(), span(m.start, m.end)))
        .collect();
    assert_eq!(by_id.len(), 3, "{by_id:?}");
    assert_eq!(
        by_id[0],
        (ids[0], "prepare meals".into(), "prepared meals".into())
    );
    assert!(
        by_id.contains(&(ids[1], "manage stock".into(), "managed the stock".into()))
            || by_id.contains(&(ids[1], "gérer les stocks".into(), "géré les stocks".into())),
        "{by_id:?}"
    );
    assert!(
        by_id
            .iter()
            .any(|(id, _, s)| *id == ids[2] && s == "trained new kitchen staff")
    );
    assert!(found.windows(2).all(|w| w[0].confidence >= w[1].confidence));
    assert!(found.iter().all(|m| (0.0..=1.0).contains(&m.confidence)));
    request.limit = 1;
    assert_eq!(index.mentions(&request).await.unwrap().len(), 1);
    request.text = "  ".into();
    assert!(index.mentions(&request).await.unwrap().is_empty());
    index.clear(DocumentKind::Skill).await.unwrap();
}

/// A support organisation (or another kind) in the directory, at `place`.
fn organisation(
    name: &str,
    kind: skillbridge_domain::OrganisationKind,
    services: &[skillbridge_domain::organisation::SupportService],
    languages: &[&str],
    place: GeoPoint,
    verified: bool,
) -> skillbridge_domain::Organisation {
    use skillbridge_domain::organisation::OrganisationProfile;
    let now = skillbridge_domain::clock::now();
    skillbridge_domain::Organisation {
        id: skillbridge_domain::OrganisationId::new(),
        kind,
        name: name.into(),
        country_code: Some("DE".into()),
        website: None,
        verified_at: verified.then_some(now),
        profile: OrganisationProfile {
            description: format!("{name} helps people who arrived in Germany."),
            location: skillbridge_domain::location::Location {
                place_name: Some("Berlin".into()),
                country_code: Some("DE".into()),
                region_code: Some("DE-BE".into()),
                latitude: Some(place.latitude),
                longitude: Some(place.longitude),
            },
            languages: languages
                .iter()
                .map(|l| skillbridge_domain::LanguageCode::parse(l).unwrap())
                .collect(),
            services: services.to_vec(),
            ..OrganisationProfile::default()
        },
        created_at: now,
        updated_at: now,
    }
}

/// The organisation directory as the domain builds its documents and requests: every
/// service asked for, any language asked for, within a radius, verified only, with facets.
pub async fn organisations_by_service_language_and_place(index: &dyn SearchIndex) {
    use skillbridge_domain::OrganisationKind::{Employer, SupportOrganisation};
    use skillbridge_domain::organisation::SupportService::{
        CvHelp, LegalAdvice, RecognitionGuidance,
    };
    use skillbridge_domain::search::{OrganisationSearch, organisation_document, radius};
    let ar = skillbridge_domain::LanguageCode::parse("ar").unwrap();
    let orgs = [
        organisation(
            "Welcome Centre Mitte",
            SupportOrganisation,
            &[RecognitionGuidance, CvHelp],
            &["de", "ar"],
            BERLIN,
            true,
        ),
        organisation(
            "Potsdam Migration Advice",
            SupportOrganisation,
            &[RecognitionGuidance, LegalAdvice],
            &["de", "ar", "fa"],
            POTSDAM,
            false,
        ),
        organisation(
            "Munich Recognition Office",
            SupportOrganisation,
            &[RecognitionGuidance],
            &["ar"],
            MUNICH,
            true,
        ),
        organisation("Berlin Bakery", Employer, &[], &["de", "ar"], BERLIN, false),
        organisation(
            "Help Desk Kreuzberg",
            SupportOrganisation,
            &[RecognitionGuidance],
            &["de", "tr"],
            BERLIN,
            true,
        ),
    ];
    index.clear(DocumentKind::Organisation).await.unwrap();
    index
        .upsert(orgs.iter().map(organisation_document).collect())
        .await
        .unwrap();
    let ids = |found: &skillbridge_domain::search::SearchResults| {
        let mut ids: Vec<Uuid> = found.hits.iter().map(|h| h.id).collect();
        ids.sort();
        ids
    };
    let of = |which: &[usize]| {
        let mut ids: Vec<Uuid> = which.iter().map(|i| *orgs[*i].id.as_uuid()).collect();
        ids.sort();
        ids
    };

    // Recognition guidance in Arabic within 50 km of Potsdam, nearest first, with facets.
    let search = OrganisationSearch {
        services: vec![RecognitionGuidance],
        languages: vec![ar],
        within: Some(radius(POTSDAM.latitude, POTSDAM.longitude, 50.0).unwrap()),
        ..Default::default()
    };
    let found = index.search(&search.request()).await.unwrap();
    assert_eq!(ids(&found), of(&[0, 1]), "{found:?}");
    assert_eq!(found.hits[0].id, *orgs[1].id.as_uuid(), "nearest first");
    let facet = |field: &str| {
        found
            .facets
            .iter()
            .find(|f| f.field == field)
            .map(|f| f.counts.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        facet("service"),
        vec![
            ("RECOGNITION_GUIDANCE".into(), 2),
            ("CV_HELP".into(), 1),
            ("LEGAL_ADVICE".into(), 1)
        ]
    );
    assert_eq!(facet("kind"), vec![("SUPPORT_ORGANISATION".into(), 2)]);
    assert_eq!(facet("language").first(), Some(&("ar".into(), 2)));

    // Every service asked for; verified only; by name.
    let both = OrganisationSearch {
        services: vec![RecognitionGuidance, LegalAdvice],
        ..Default::default()
    };
    assert_eq!(ids(&index.search(&both.request()).await.unwrap()), of(&[1]));
    let verified = OrganisationSearch {
        services: vec![RecognitionGuidance],
        verified_only: true,
        ..Default::default()
    };
    assert_eq!(
        ids(&index.search(&verified.request()).await.unwrap()),
        of(&[0, 2, 4])
    );
    let named = OrganisationSearch {
        text: Some("recogniton ofice".into()),
        ..Default::default()
    };
    let found = index.search(&named.request()).await.unwrap();
    assert_eq!(found.hits[0].id, *orgs[2].id.as_uuid(), "{found:?}");
    index.clear(DocumentKind::Organisation).await.unwrap();
}

/// Every check, in order.
pub async fn all(index: &dyn SearchIndex) {
    organisations_by_service_language_and_place(index).await;
    titles_find_occupations_without_every_word(index).await;
    free_text_mentions_skills(index).await;
    skill_autocomplete_tolerates_typos_and_prefixes(index).await;
    vacancies_filter_facet_sort_and_page(index).await;
    languages_ranges_and_missing_values(index).await;
}
