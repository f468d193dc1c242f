//! Language analysis for search, in one place: every backend indexes the terms this module
//! makes of a text and every query is analysed here, so the embedded and the scaled search
//! compare the same words, and the domain's ranking ([`crate::text_rank`]) reads the same
//! tokens.
//!
//! A text becomes tokens: words split on anything not a letter or digit, folded (lower
//! case, no accents), each with its exact-match forms: the word with British spellings
//! made American ("labour" and "labor" meet), an American word also as its British one
//! ("postsecondary" as "university"), and its Snowball stem in the text's language
//! (in every language with a stemmer when the language is unknown, as for what people
//! type). Gender markers ("(h/f/x)", "(m/w/d)") are dropped; gendered and slashed forms of
//! one word ("boucher/bouchère", "Accueillant familial / Accueillante familiale",
//! "médico/médica", "profesor/a") are one unit; stop words ("de", "of", "und") are kept but
//! weigh nothing; numbers and qualifiers after a comma ("…, con menos de 10 asalariados")
//! weigh less, and what a title excludes ("Architects, Except Landscape and Naval") nothing.

use std::collections::HashMap;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::search::fold;

/// The languages with a Snowball stemmer, by ISO 639-1 code.
const STEMMED: &[(&str, Algorithm)] = &[
    ("en", Algorithm::English),
    ("fr", Algorithm::French),
    ("es", Algorithm::Spanish),
    ("de", Algorithm::German),
    ("it", Algorithm::Italian),
    ("pt", Algorithm::Portuguese),
    ("nl", Algorithm::Dutch),
    ("da", Algorithm::Danish),
    ("sv", Algorithm::Swedish),
    ("no", Algorithm::Norwegian),
    ("fi", Algorithm::Finnish),
    ("hu", Algorithm::Hungarian),
    ("ro", Algorithm::Romanian),
    ("ru", Algorithm::Russian),
    ("el", Algorithm::Greek),
    ("tr", Algorithm::Turkish),
    ("ar", Algorithm::Arabic),
];

/// The form of a word without a language: folded, spellings made one.
const ANY_LANGUAGE: u8 = u8::MAX;

fn stemmer(index: usize) -> &'static Stemmer {
    static STEMMERS: OnceLock<Vec<Stemmer>> = OnceLock::new();
    &STEMMERS.get_or_init(|| STEMMED.iter().map(|(_, a)| Stemmer::create(*a)).collect())[index]
}

/// The stemmer of a language tag ("en", "en-us", "pt-PT", "nb"), if there is one.
fn stemmed_language(lang: &str) -> Option<u8> {
    let primary = lang.split(['-', '_']).next()?.to_ascii_lowercase();
    let primary = match primary.as_str() {
        "nb" | "nn" => "no",
        other => other,
    };
    STEMMED
        .iter()
        .position(|(code, _)| *code == primary)
        .map(|i| i as u8)
}

/// Function words per language: they weigh nothing when matching (a label sharing only
/// "de" with the query shares nothing).
const STOP_WORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is",
            "it", "its", "of", "on", "or", "other", "s", "such", "that", "the", "their", "this",
            "to", "with", "within", "etc",
        ],
    ),
    (
        "fr",
        &[
            "a", "au", "aux", "avec", "ce", "d", "dans", "de", "des", "du", "en", "et", "l", "la",
            "le", "les", "ou", "par", "pour", "qu", "que", "sur", "un", "une", "autres", "aupres",
        ],
    ),
    (
        "es",
        &[
            "a", "al", "con", "de", "del", "el", "en", "excepto", "la", "las", "lo", "los", "o",
            "para", "por", "que", "sin", "su", "sus", "u", "un", "una", "y", "otros", "otras",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "und",
            "oder", "fur", "mit", "im", "in", "zu", "zum", "zur", "von", "vom", "am", "an", "auf",
            "bei",
        ],
    ),
    (
        "it",
        &[
            "a", "al", "alla", "con", "da", "dei", "del", "della", "delle", "di", "e", "gli", "il",
            "in", "la", "le", "lo", "o", "per", "su", "un", "una",
        ],
    ),
    (
        "pt",
        &[
            "a", "ao", "as", "com", "da", "das", "de", "do", "dos", "e", "em", "na", "no", "o",
            "os", "ou", "para", "por", "um", "uma",
        ],
    ),
    (
        "nl",
        &[
            "de", "den", "der", "een", "en", "het", "in", "met", "of", "op", "te", "van", "voor",
        ],
    ),
];

/// Words that say a skill is wanted, or how much, without saying which: "communication
/// skills", "strong knowledge of", "compétences en", "conocimientos de". Job ads are full of
/// them and ESCO labels use some ("apply numeracy skills"), so they weigh nothing either.
const GENERIC_WORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "skill",
            "skills",
            "knowledge",
            "ability",
            "abilities",
            "strong",
            "excellent",
            "good",
            "solid",
            "proven",
            "great",
            "understanding",
        ],
    ),
    (
        "fr",
        &[
            "competence",
            "competences",
            "connaissance",
            "connaissances",
            "bonne",
            "bonnes",
        ],
    ),
    (
        "es",
        &[
            "habilidad",
            "habilidades",
            "conocimiento",
            "conocimientos",
            "buen",
            "buena",
        ],
    ),
    ("de", &["kenntnisse", "fahigkeit", "fahigkeiten", "gute"]),
];

/// The stop words of a language, or of every listed language when it is unknown.
fn is_stop_word(word: &str, lang: Option<&str>) -> bool {
    let primary = lang.and_then(|l| l.split(['-', '_']).next());
    STOP_WORDS
        .iter()
        .chain(GENERIC_WORDS)
        .filter(|(code, _)| primary.is_none_or(|p| p.eq_ignore_ascii_case(code)))
        .any(|(_, words)| words.contains(&word))
}

/// Words after which a title names what it is not, to the end of the clause: "Architects,
/// Except Landscape and Naval", "operadores de grúas, excepto…", "sauf…".
fn is_exclusion(word: &str) -> bool {
    matches!(
        word,
        "except" | "excluding" | "excepto" | "salvo" | "sauf" | "hormis" | "ausser"
    )
}

/// What a token counts for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A word that carries meaning.
    Content,
    /// A function word: matched, but weighs nothing.
    Stop,
    /// A word of what a short text excludes ("Architects, Except Landscape and Naval"):
    /// weighs nothing, even as the last word typed.
    Excluded,
    /// A number ("10 asalariados"): weighs little.
    Number,
    /// A word after a comma in a short text, or in parentheses: a qualifier of the head
    /// phrase, weighs half.
    Qualifier,
}

impl Role {
    /// How much of its rarity a token of this role weighs.
    pub fn factor(self) -> f32 {
        match self {
            Role::Content => 1.0,
            Role::Stop | Role::Excluded => 0.0,
            Role::Number => 0.3,
            Role::Qualifier => 0.5,
        }
    }

    /// Whether a token of this role says nothing of what a text is about (a function
    /// word, or what a title excludes).
    pub fn is_silent(self) -> bool {
        matches!(self, Role::Stop | Role::Excluded)
    }
}

/// One word of a text as search compares it.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// The word as written, folded: typos and prefixes are measured on it.
    pub word: String,
    /// Exact-match forms, each with the language it was made in ([`ANY_LANGUAGE`] for the
    /// word itself with spellings made one): two tokens match exactly when they share a
    /// form made in the same language.
    pub forms: Vec<(u8, String)>,
    /// Character offsets of the word in the text (start inclusive, end exclusive).
    pub start: usize,
    pub end: usize,
    /// Tokens with the same unit are forms of one word (gendered, slashed, repeated).
    pub unit: usize,
    pub role: Role,
}

impl Token {
    /// Whether the two tokens share a form.
    pub fn same_word(&self, other: &Token) -> bool {
        self.forms.iter().any(|f| other.forms.contains(f))
    }
}

/// A word as split from a text, before analysis.
struct Piece {
    word: String,
    start: usize,
    end: usize,
    /// What stands between the previous word and this one.
    before: String,
}

fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut between = String::new();
    let mut start = 0;
    let mut count = 0;
    for (i, c) in text.chars().enumerate() {
        count = i + 1;
        if c.is_alphanumeric() {
            if word.is_empty() {
                start = i;
            }
            word.push(c);
        } else {
            if !word.is_empty() {
                out.push(Piece {
                    word: std::mem::take(&mut word),
                    start,
                    end: i,
                    before: std::mem::take(&mut between),
                });
            }
            between.push(c);
        }
    }
    if !word.is_empty() {
        out.push(Piece {
            word,
            start,
            end: count,
            before: between,
        });
    }
    out
}

/// How many words back the other gender of a word is looked for.
const GENDER_REACH: usize = 16;

/// Single letters that gender markers are made of: "(h/f/x)", "(m/w/d)", "H/F", "(m/v)".
fn is_marker_letter(word: &str) -> bool {
    matches!(word, "h" | "f" | "x" | "m" | "w" | "d" | "v")
}

/// Endings written after a slash or in parentheses for the feminine form:
/// "profesor/a", "employé(e)", "vendeur/euse", "directeur/trice".
fn is_gender_suffix(word: &str) -> bool {
    matches!(
        word,
        "a" | "e"
            | "ne"
            | "le"
            | "se"
            | "euse"
            | "rice"
            | "trice"
            | "ere"
            | "ive"
            | "in"
            | "innen"
            | "ora"
            | "era"
            | "es"
            | "as"
            | "s"
    )
}

/// Whether two folded words are the masculine and feminine (or singular and plural-marked)
/// forms of one word: "accueillant"/"accueillante", "medico"/"medica",
/// "vendeur"/"vendeuse", "directeur"/"directrice", "Lehrer"/"Lehrerin".
pub fn gendered_pair(a: &str, b: &str) -> bool {
    let (m, f) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if m.chars().count() < 3 || m == f {
        return false;
    }
    if let Some(rest) = f.strip_prefix(m) {
        return matches!(rest, "e" | "a" | "ne" | "le" | "te" | "in" | "innen" | "se");
    }
    const ENDINGS: &[(&str, &str)] = &[
        ("o", "a"),
        ("e", "a"),
        ("eur", "euse"),
        ("teur", "trice"),
        ("if", "ive"),
        ("x", "se"),
        ("er", "ere"),
        ("os", "as"),
        ("es", "as"),
    ];
    ENDINGS
        .iter()
        .any(|(ms, fs)| match (m.strip_suffix(ms), f.strip_suffix(fs)) {
            (Some(r1), Some(r2)) => r1 == r2 && r1.chars().count() >= 2,
            _ => false,
        })
}

/// British spellings made American, so either finds the other: labour/labor,
/// organise/organize, analyse/analyze, centre/center, catalogue/catalog,
/// paediatric/pediatric, programme/program, defence/defense, and a few single words.
/// Applied to every word whatever its language (the same on both sides of a match).
pub fn american(word: &str) -> String {
    const WORDS: &[(&str, &str)] = &[
        ("aluminium", "aluminum"),
        ("tyre", "tire"),
        ("tyres", "tires"),
        ("mould", "mold"),
        ("moulding", "molding"),
        ("plough", "plow"),
        ("grey", "gray"),
        ("cheque", "check"),
        ("cheques", "checks"),
        ("jewellery", "jewelry"),
        ("sceptical", "skeptical"),
        ("storey", "story"),
        ("kerb", "curb"),
        ("licence", "license"),
        ("licences", "licenses"),
        ("practise", "practice"),
        ("enrol", "enroll"),
        ("fulfil", "fulfill"),
        // English plurals the stemmer does not join to their singular.
        ("midwives", "midwife"),
        ("housewives", "housewife"),
        ("knives", "knife"),
        ("shelves", "shelf"),
        ("calves", "calf"),
        ("wolves", "wolf"),
        ("thieves", "thief"),
        ("children", "child"),
        ("people", "person"),
        ("teeth", "tooth"),
        ("feet", "foot"),
    ];
    if let Some((_, us)) = WORDS.iter().find(|(gb, _)| *gb == word) {
        return (*us).to_owned();
    }
    let n = word.chars().count();
    if n < 5 || !word.is_ascii() {
        return word.to_owned();
    }
    let mut w = word.to_owned();
    // -men: foremen, salesmen, tradeswomen (the plural the stemmer leaves alone).
    if let Some(stem) = w.strip_suffix("men")
        && stem.len() >= 2
        && !stem.ends_with(['a', 'e', 'i', 'o', 'u'])
    {
        w = format!("{stem}man");
    }
    // -our: labour, behaviour(al), favourite, colours; three letters before it at least,
    // so "tour", "four" and "hour" stay.
    for ending in [
        "ourable", "ourite", "ourites", "ouring", "ourers", "ourer", "oured", "ourals", "oural",
        "ours", "our",
    ] {
        if let Some(stem) = w.strip_suffix(ending)
            && stem.len() >= 3
        {
            w = format!("{stem}or{}", &ending[3..]);
            break;
        }
    }
    // -ise/-isation: organise, specialised, optimisation; -yse: analyse.
    for ending in [
        "isations", "isation", "ising", "isers", "iser", "ised", "ises", "ise",
    ] {
        if let Some(stem) = w.strip_suffix(ending)
            && stem.len() >= 3
        {
            w = format!("{stem}iz{}", &ending[2..]);
            break;
        }
    }
    for ending in ["ysing", "ysed", "yse"] {
        if let Some(stem) = w.strip_suffix(ending)
            && stem.len() >= 3
        {
            w = format!("{stem}yz{}", &ending[2..]);
            break;
        }
    }
    // -tre/-bre: centre, metres, fibre.
    for (gb, us) in [
        ("tres", "ters"),
        ("tre", "ter"),
        ("bres", "bers"),
        ("bre", "ber"),
    ] {
        if let Some(stem) = w.strip_suffix(gb)
            && stem.len() >= 2
        {
            w = format!("{stem}{us}");
            break;
        }
    }
    // -ogue: catalogue, dialogues.
    for (gb, us) in [("ogues", "ogs"), ("ogue", "og")] {
        if let Some(stem) = w.strip_suffix(gb)
            && stem.len() >= 3
        {
            w = format!("{stem}{us}");
            break;
        }
    }
    // -mme: programme(s).
    for (gb, us) in [("mmes", "ms"), ("mme", "m")] {
        if let Some(stem) = w.strip_suffix(gb)
            && stem.len() >= 3
        {
            w = format!("{stem}{us}");
            break;
        }
    }
    // -fence: defence, offence.
    if let Some(stem) = w.strip_suffix("fence")
        && stem.len() >= 2
    {
        w = format!("{stem}fense");
    }
    // ae after a consonant: paediatric, anaesthesia, haematology, orthopaedic.
    if let Some(i) = w.find("ae")
        && i > 0
        && !matches!(w.as_bytes()[i - 1], b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
    {
        w.replace_range(i..i + 2, "e");
    }
    w
}

/// The stem of a folded word in a language, with a doubled final "l" made single
/// (travelling and traveling, counsellor and counselor, the same stem).
fn stem(language: usize, word: &str) -> String {
    let mut s = stemmer(language).stem(word).into_owned();
    if s.ends_with("ll") && s.len() > 4 {
        s.pop();
    }
    s
}

/// Words of American English where ESCO's British English says another word, not
/// another spelling: each also has the British word's forms, so "History Teachers,
/// Postsecondary" finds "university history teacher" and "Nursing Aides" the nursing
/// assistant.
fn british_word(word: &str) -> Option<&'static str> {
    const WORDS: &[(&str, &str)] = &[
        ("postsecondary", "university"),
        ("elementary", "primary"),
        ("lodging", "accommodation"),
        ("aide", "assistant"),
        ("aides", "assistants"),
    ];
    WORDS.iter().find(|(us, _)| *us == word).map(|(_, gb)| *gb)
}

/// The exact-match forms of a folded word in a language (`None`: in every language),
/// with those of its British word ([`british_word`]).
fn forms(word: &str, lang: Option<&str>) -> Vec<(u8, String)> {
    let mut out = spelling_forms(word, lang);
    if let Some(british) = british_word(word) {
        for form in spelling_forms(british, lang) {
            if !out.contains(&form) {
                out.push(form);
            }
        }
    }
    out
}

/// The exact-match forms of a folded word in a language: its American spelling and its
/// stems.
fn spelling_forms(word: &str, lang: Option<&str>) -> Vec<(u8, String)> {
    let normal = american(word);
    let mut out = vec![(ANY_LANGUAGE, normal.clone())];
    if word.chars().all(|c| c.is_ascii_digit()) {
        return out;
    }
    match lang {
        Some(lang) => {
            if let Some(l) = stemmed_language(lang) {
                out.push((l, stem(usize::from(l), &normal)));
            }
        }
        None => {
            for l in 0..STEMMED.len() {
                out.push((l as u8, stem(l, &normal)));
            }
        }
    }
    out
}

/// The tokens of a text in a language (`None` when unknown: what people type, titles of
/// vacancies in any language).
pub fn analyse(text: &str, lang: Option<&str>) -> Vec<Token> {
    let pieces = pieces(text);
    let folded: Vec<String> = pieces.iter().map(|p| fold(&p.word)).collect();

    // Gender markers: two or more of their letters joined by slashes.
    let mut marker = vec![false; pieces.len()];
    let mut i = 0;
    while i < pieces.len() {
        let mut j = i;
        while j + 1 < pieces.len()
            && is_marker_letter(&folded[j])
            && is_marker_letter(&folded[j + 1])
            && pieces[j + 1].before.trim() == "/"
        {
            j += 1;
        }
        if j > i && is_marker_letter(&folded[i]) {
            for m in marker.iter_mut().take(j + 1).skip(i) {
                *m = true;
            }
            i = j + 1;
        } else {
            i += 1;
        }
    }

    // Short texts (titles) qualify their head phrase after a comma or in parentheses.
    let short = pieces.len() <= 12;
    let mut tokens: Vec<Token> = Vec::with_capacity(pieces.len());
    let mut units_by_form: HashMap<(u8, String), usize> = HashMap::new();
    let mut units = 0;
    let mut after_comma = false;
    let mut excluded = false;
    let mut depth = 0i32;
    for (n, piece) in pieces.iter().enumerate() {
        for c in piece.before.chars() {
            match c {
                ',' | ';' => {
                    after_comma = true;
                    excluded = false;
                }
                '(' | '[' => depth += 1,
                ')' | ']' => depth = (depth - 1).max(0),
                _ => {}
            }
        }
        if marker[n] {
            continue;
        }
        let word = &folded[n];
        // "profesor/a", "employé(e)": the ending joins the word before it.
        let joined = piece.before == "/" || piece.before == "(";
        if joined
            && is_gender_suffix(word)
            && let Some(previous) = tokens.last()
            && previous.end == pieces[n].start - 1
        {
            let unit = previous.unit;
            tokens.push(Token {
                word: word.clone(),
                forms: Vec::new(),
                start: piece.start,
                end: piece.end,
                unit,
                role: Role::Stop,
            });
            continue;
        }
        if short && is_exclusion(word) {
            excluded = true;
        }
        let role = if excluded {
            Role::Excluded
        } else if is_stop_word(word, lang) {
            Role::Stop
        } else if word.chars().all(|c| c.is_ascii_digit()) {
            Role::Number
        } else if short && (after_comma || depth > 0) {
            Role::Qualifier
        } else {
            Role::Content
        };
        let forms = forms(word, lang);
        // One unit per word: the same word again, or its other gender close by (in the
        // same phrase: "vendedor especializado en floristería y jardinería/vendedora
        // especializada en floristería y jardinería").
        let unit = forms
            .iter()
            .find_map(|f| units_by_form.get(f).copied())
            .or_else(|| {
                tokens
                    .iter()
                    .rev()
                    .take(GENDER_REACH)
                    .find(|t| gendered_pair(&t.word, word))
                    .map(|t| t.unit)
            })
            .unwrap_or_else(|| {
                units += 1;
                units - 1
            });
        for f in &forms {
            units_by_form.entry(f.clone()).or_insert(unit);
        }
        tokens.push(Token {
            word: word.clone(),
            forms,
            start: piece.start,
            end: piece.end,
            unit,
            role,
        });
    }
    tokens
}

/// The terms a backend indexes for a text: each word as written (folded, for typos and
/// prefixes) and its exact-match forms, without repeats.
pub fn index_terms(text: &str, lang: Option<&str>) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for token in analyse(text, lang) {
        if !terms.contains(&token.word) {
            terms.push(token.word);
        }
        for (_, form) in token.forms {
            if !terms.contains(&form) {
                terms.push(form);
            }
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(text: &str, lang: Option<&str>) -> Vec<String> {
        analyse(text, lang)
            .into_iter()
            .filter(|t| !t.role.is_silent())
            .map(|t| t.word)
            .collect()
    }

    fn units(text: &str) -> usize {
        let tokens = analyse(text, Some("fr"));
        let mut units: Vec<usize> = tokens
            .iter()
            .filter(|t| !t.role.is_silent())
            .map(|t| t.unit)
            .collect();
        units.sort();
        units.dedup();
        units.len()
    }

    #[test]
    fn what_a_title_excludes_weighs_nothing() {
        let roles: Vec<(String, Role)> = analyse("Architects, Except Landscape and Naval", None)
            .into_iter()
            .map(|t| (t.word, t.role))
            .collect();
        assert_eq!(roles[0], ("architects".into(), Role::Content));
        assert!(
            roles[1..].iter().all(|(_, r)| *r == Role::Excluded),
            "{roles:?}"
        );
        let roles: Vec<Role> = analyse("Pump Operators, Except Wellhead Pumpers, Oil", None)
            .into_iter()
            .map(|t| t.role)
            .collect();
        assert_eq!(
            roles.last(),
            Some(&Role::Qualifier),
            "to the end of the clause"
        );
    }

    #[test]
    fn both_genders_of_a_long_slashed_label_are_one_set_of_units() {
        let tokens = analyse(
            "vendedor especializado en floristería y jardinería/vendedora especializada en floristería y jardinería",
            Some("es"),
        );
        let mut units: Vec<usize> = tokens
            .iter()
            .filter(|t| t.role == Role::Content)
            .map(|t| t.unit)
            .collect();
        units.sort_unstable();
        units.dedup();
        assert_eq!(units.len(), 4, "{tokens:?}");
    }

    #[test]
    fn gender_markers_are_dropped() {
        assert_eq!(content("Boucher (h/f/x)", Some("fr")), ["boucher"]);
        assert_eq!(
            content("Pflegefachkraft (m/w/d)", Some("de")),
            ["pflegefachkraft"]
        );
        assert_eq!(content("Vendeur H/F", Some("fr")), ["vendeur"]);
        // Single letters that are not markers stay.
        assert_eq!(
            content("C/C++ programming", Some("en")),
            ["c", "c", "programming"]
        );
    }

    #[test]
    fn gendered_and_slashed_forms_are_one_word() {
        assert_eq!(units("boucher/bouchère"), 1);
        assert_eq!(
            units("Accueillant familial / Accueillante familiale auprès d'adultes"),
            3
        );
        assert_eq!(units("médico/médica"), 1);
        assert_eq!(units("Profesor/a de música"), 2);
        assert_eq!(units("directeur/directrice commercial"), 2);
        assert_eq!(units("vendeur / vendeuse"), 1);
        assert!(!gendered_pair("chef", "cheffe ne"));
        assert!(!gendered_pair("de", "dea"), "too short to tell");
    }

    #[test]
    fn stop_words_numbers_and_qualifiers() {
        let tokens = analyse("GERENTES DE HOTEL, CON MENOS DE 10 ASALARIADOS", Some("es"));
        let roles: Vec<(String, Role)> = tokens.into_iter().map(|t| (t.word, t.role)).collect();
        assert_eq!(
            roles,
            [
                ("gerentes".into(), Role::Content),
                ("de".into(), Role::Stop),
                ("hotel".into(), Role::Content),
                ("con".into(), Role::Stop),
                ("menos".into(), Role::Qualifier),
                ("de".into(), Role::Stop),
                ("10".into(), Role::Number),
                ("asalariados".into(), Role::Qualifier),
            ]
        );
    }

    #[test]
    fn american_words_find_british_ones() {
        let forms = |text: &str, lang| analyse(text, lang).remove(0).forms;
        let typed = forms("postsecondary", None);
        assert!(
            forms("university", Some("en"))
                .iter()
                .all(|f| typed.contains(f) || f.0 != ANY_LANGUAGE),
            "{typed:?}"
        );
        assert!(typed.contains(&(ANY_LANGUAGE, "postsecondary".to_owned())));
        assert!(
            !forms("university", None)
                .iter()
                .any(|(_, f)| f.starts_with("postsecond")),
            "the British word keeps its own forms"
        );
    }

    #[test]
    fn british_and_american_spellings_meet() {
        for (gb, us) in [
            ("labour", "labor"),
            ("behavioural", "behavioral"),
            ("organise", "organize"),
            ("specialised", "specialized"),
            ("optimisation", "optimization"),
            ("analyse", "analyze"),
            ("centre", "center"),
            ("catalogue", "catalog"),
            ("paediatric", "pediatric"),
            ("programme", "program"),
            ("defence", "defense"),
            ("aluminium", "aluminum"),
        ] {
            assert_eq!(american(gb), american(us), "{gb} {us}");
        }
        for same in ["hour", "tour", "four", "care", "nurse", "rise"] {
            assert_eq!(american(same), same);
        }
        let a = &analyse("counselling", Some("en"))[0];
        let b = &analyse("counseling", Some("en-us"))[0];
        assert!(a.same_word(b));
        let a = &analyse("Labor Relations Specialists", None);
        let b = &analyse("labour relations officer", Some("en"));
        assert!(a[0].same_word(&b[0]) && a[1].same_word(&b[1]));
    }

    #[test]
    fn stems_join_plurals_and_inflections_in_the_text_language() {
        let typed = analyse("Lodging Managers", None);
        let label = analyse("manager", Some("en"));
        assert!(typed[1].same_word(&label[0]));
        let typed = analyse("MÉDICOS ESPECIALISTAS", None);
        let label = analyse("médico especialista", Some("es"));
        assert!(typed[0].same_word(&label[0]) && typed[1].same_word(&label[1]));
        // A language without a stemmer: folding only, never a failure.
        let tokens = analyse("Pielęgniarka", Some("pl"));
        assert_eq!(
            tokens[0].forms,
            vec![(ANY_LANGUAGE, "pielegniarka".to_owned())]
        );
        assert!(analyse("  ", None).is_empty());
    }

    #[test]
    fn offsets_are_characters() {
        let tokens = analyse("Ça va, élève", Some("fr"));
        let spans: Vec<(usize, usize)> = tokens.iter().map(|t| (t.start, t.end)).collect();
        assert_eq!(spans, [(0, 2), (3, 5), (7, 12)]);
    }
}
