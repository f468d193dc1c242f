//! Languages (ISO 639-1) and CEFR levels, as their own types.

use std::fmt;

use serde::{Deserialize, Serialize};

/// ISO 639-1 codes with their English names. Where ESCO names the language differently, the
/// third column gives ESCO's name, used to find the language's ESCO skill.
const LANGUAGES: &[(&str, &str, Option<&str>)] = &[
    ("aa", "Afar", None),
    ("ab", "Abkhazian", None),
    ("ae", "Avestan", None),
    ("af", "Afrikaans", None),
    ("ak", "Akan", None),
    ("am", "Amharic", None),
    ("an", "Aragonese", None),
    ("ar", "Arabic", None),
    ("as", "Assamese", None),
    ("av", "Avaric", None),
    ("ay", "Aymara", None),
    ("az", "Azerbaijani", None),
    ("ba", "Bashkir", None),
    ("be", "Belarusian", None),
    ("bg", "Bulgarian", None),
    ("bi", "Bislama", None),
    ("bm", "Bambara", None),
    ("bn", "Bengali", None),
    ("bo", "Tibetan", None),
    ("br", "Breton", None),
    ("bs", "Bosnian", None),
    ("ca", "Catalan", None),
    ("ce", "Chechen", None),
    ("ch", "Chamorro", None),
    ("co", "Corsican", None),
    ("cr", "Cree", None),
    ("cs", "Czech", None),
    ("cu", "Church Slavic", None),
    ("cv", "Chuvash", None),
    ("cy", "Welsh", None),
    ("da", "Danish", None),
    ("de", "German", None),
    ("dv", "Divehi", None),
    ("dz", "Dzongkha", None),
    ("ee", "Ewe", None),
    ("el", "Greek", None),
    ("en", "English", None),
    ("eo", "Esperanto", None),
    ("es", "Spanish", None),
    ("et", "Estonian", None),
    ("eu", "Basque", None),
    ("fa", "Persian", None),
    ("ff", "Fulah", None),
    ("fi", "Finnish", None),
    ("fj", "Fijian", None),
    ("fo", "Faroese", None),
    ("fr", "French", None),
    ("fy", "Western Frisian", None),
    ("ga", "Irish", None),
    ("gd", "Scottish Gaelic", None),
    ("gl", "Galician", None),
    ("gn", "Guarani", None),
    ("gu", "Gujarati", None),
    ("gv", "Manx", None),
    ("ha", "Hausa", None),
    ("he", "Hebrew", None),
    ("hi", "Hindi", None),
    ("ho", "Hiri Motu", None),
    ("hr", "Croatian", None),
    ("ht", "Haitian Creole", None),
    ("hu", "Hungarian", None),
    ("hy", "Armenian", None),
    ("hz", "Herero", None),
    ("ia", "Interlingua", None),
    ("id", "Indonesian", None),
    ("ie", "Interlingue", None),
    ("ig", "Igbo", None),
    ("ii", "Sichuan Yi", None),
    ("ik", "Inupiaq", None),
    ("io", "Ido", None),
    ("is", "Icelandic", None),
    ("it", "Italian", None),
    ("iu", "Inuktitut", None),
    ("ja", "Japanese", None),
    ("jv", "Javanese", None),
    ("ka", "Georgian", None),
    ("kg", "Kongo", None),
    ("ki", "Kikuyu", None),
    ("kj", "Kuanyama", None),
    ("kk", "Kazakh", None),
    ("kl", "Kalaallisut", None),
    ("km", "Khmer", None),
    ("kn", "Kannada", None),
    ("ko", "Korean", None),
    ("kr", "Kanuri", None),
    ("ks", "Kashmiri", None),
    ("ku", "Kurdish", None),
    ("kv", "Komi", None),
    ("kw", "Cornish", None),
    ("ky", "Kyrgyz", None),
    ("la", "Latin", None),
    ("lb", "Luxembourgish", None),
    ("lg", "Ganda", None),
    ("li", "Limburgish", None),
    ("ln", "Lingala", None),
    ("lo", "Lao", None),
    ("lt", "Lithuanian", None),
    ("lu", "Luba-Katanga", None),
    ("lv", "Latvian", None),
    ("mg", "Malagasy", None),
    ("mh", "Marshallese", None),
    ("mi", "Maori", None),
    ("mk", "Macedonian", None),
    ("ml", "Malayalam", None),
    ("mn", "Mongolian", None),
    ("mr", "Marathi", None),
    ("ms", "Malay", None),
    ("mt", "Maltese", None),
    ("my", "Burmese", None),
    ("na", "Nauru", None),
    ("nb", "Norwegian Bokmål", Some("Norwegian")),
    ("nd", "North Ndebele", None),
    ("ne", "Nepali", None),
    ("ng", "Ndonga", None),
    ("nl", "Dutch", None),
    ("nn", "Norwegian Nynorsk", Some("Norwegian")),
    ("no", "Norwegian", None),
    ("nr", "South Ndebele", None),
    ("nv", "Navajo", None),
    ("ny", "Chichewa", None),
    ("oc", "Occitan", None),
    ("oj", "Ojibwa", None),
    ("om", "Oromo", None),
    ("or", "Oriya", None),
    ("os", "Ossetian", None),
    ("pa", "Punjabi", None),
    ("pi", "Pali", None),
    ("pl", "Polish", None),
    ("ps", "Pashto", None),
    ("pt", "Portuguese", None),
    ("qu", "Quechua", None),
    ("rm", "Romansh", None),
    ("rn", "Rundi", None),
    ("ro", "Romanian", None),
    ("ru", "Russian", None),
    ("rw", "Kinyarwanda", None),
    ("sa", "Sanskrit", None),
    ("sc", "Sardinian", None),
    ("sd", "Sindhi", None),
    ("se", "Northern Sami", None),
    ("sg", "Sango", None),
    ("si", "Sinhala", None),
    ("sk", "Slovak", None),
    ("sl", "Slovenian", None),
    ("sm", "Samoan", None),
    ("sn", "Shona", None),
    ("so", "Somali", None),
    ("sq", "Albanian", None),
    ("sr", "Serbian", None),
    ("ss", "Swati", None),
    ("st", "Southern Sotho", None),
    ("su", "Sundanese", None),
    ("sv", "Swedish", None),
    ("sw", "Swahili", None),
    ("ta", "Tamil", None),
    ("te", "Telugu", None),
    ("tg", "Tajik", None),
    ("th", "Thai", None),
    ("ti", "Tigrinya", None),
    ("tk", "Turkmen", None),
    ("tl", "Tagalog", None),
    ("tn", "Tswana", None),
    ("to", "Tonga", None),
    ("tr", "Turkish", None),
    ("ts", "Tsonga", None),
    ("tt", "Tatar", None),
    ("tw", "Twi", None),
    ("ty", "Tahitian", None),
    ("ug", "Uyghur", None),
    ("uk", "Ukrainian", None),
    ("ur", "Urdu", None),
    ("uz", "Uzbek", None),
    ("ve", "Venda", None),
    ("vi", "Vietnamese", None),
    ("vo", "Volapük", None),
    ("wa", "Walloon", None),
    ("wo", "Wolof", None),
    ("xh", "Xhosa", None),
    ("yi", "Yiddish", None),
    ("yo", "Yoruba", None),
    ("za", "Zhuang", None),
    ("zh", "Chinese", None),
    ("zu", "Zulu", None),
];

/// An ISO 639-1 language code, lower case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LanguageCode(&'static str);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an ISO 639-1 language code")]
pub struct UnknownLanguage(pub String);

impl LanguageCode {
    /// Parses a code case-insensitively (`"DE"` and `"de"` are German).
    pub fn parse(code: &str) -> Result<Self, UnknownLanguage> {
        let lower = code.trim().to_ascii_lowercase();
        LANGUAGES
            .iter()
            .find(|(c, _, _)| *c == lower)
            .map(|(c, _, _)| LanguageCode(c))
            .ok_or_else(|| UnknownLanguage(code.to_owned()))
    }

    /// Every ISO 639-1 language.
    pub fn all() -> impl Iterator<Item = LanguageCode> {
        LANGUAGES.iter().map(|(c, _, _)| LanguageCode(c))
    }

    pub fn as_str(&self) -> &'static str {
        self.0
    }

    /// The English name.
    pub fn name(&self) -> &'static str {
        self.entry().1
    }

    /// The English preferred label of the language's ESCO knowledge skill, if ESCO has one
    /// (ESCO covers about seventy languages).
    pub fn esco_name(&self) -> &'static str {
        let (_, name, esco) = self.entry();
        esco.unwrap_or(name)
    }

    fn entry(&self) -> &'static (&'static str, &'static str, Option<&'static str>) {
        LANGUAGES
            .iter()
            .find(|(c, _, _)| *c == self.0)
            .expect("a LanguageCode is always in the table")
    }
}

impl fmt::Display for LanguageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl TryFrom<String> for LanguageCode {
    type Error = UnknownLanguage;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<LanguageCode> for String {
    fn from(code: LanguageCode) -> String {
        code.0.to_owned()
    }
}

/// A level of the Common European Framework of Reference for Languages. Levels are
/// ordered: `B1 < B2`, so "at least B1" is a comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CefrLevel {
    A1,
    A2,
    B1,
    B2,
    C1,
    C2,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a CEFR level (A1, A2, B1, B2, C1 or C2)")]
pub struct UnknownCefrLevel(pub String);

impl CefrLevel {
    pub const ALL: [CefrLevel; 6] = [
        CefrLevel::A1,
        CefrLevel::A2,
        CefrLevel::B1,
        CefrLevel::B2,
        CefrLevel::C1,
        CefrLevel::C2,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            CefrLevel::A1 => "A1",
            CefrLevel::A2 => "A2",
            CefrLevel::B1 => "B1",
            CefrLevel::B2 => "B2",
            CefrLevel::C1 => "C1",
            CefrLevel::C2 => "C2",
        }
    }

    pub fn parse(code: &str) -> Result<Self, UnknownCefrLevel> {
        let upper = code.trim().to_ascii_uppercase();
        Self::ALL
            .into_iter()
            .find(|level| level.code() == upper)
            .ok_or_else(|| UnknownCefrLevel(code.to_owned()))
    }

    /// The CEFR's own description of the band.
    pub const fn band(self) -> &'static str {
        match self {
            CefrLevel::A1 | CefrLevel::A2 => "basic user",
            CefrLevel::B1 | CefrLevel::B2 => "independent user",
            CefrLevel::C1 | CefrLevel::C2 => "proficient user",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_iso_639_1_code_once() {
        let codes: Vec<_> = LanguageCode::all().map(|c| c.as_str()).collect();
        assert_eq!(codes.len(), 183);
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, codes, "sorted and unique");
        assert!(
            codes
                .iter()
                .all(|c| c.len() == 2 && c.chars().all(|ch| ch.is_ascii_lowercase()))
        );
    }

    #[test]
    fn parses_languages_case_insensitively() {
        assert_eq!(LanguageCode::parse("DE").unwrap().name(), "German");
        assert_eq!(LanguageCode::parse("ti").unwrap().name(), "Tigrinya");
        assert_eq!(LanguageCode::parse("nb").unwrap().esco_name(), "Norwegian");
        for bad in ["", "deu", "xx", "d"] {
            assert!(LanguageCode::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn cefr_levels_order_and_parse() {
        assert!(CefrLevel::B1 < CefrLevel::B2 && CefrLevel::A2 < CefrLevel::B1);
        assert_eq!(CefrLevel::parse("b2"), Ok(CefrLevel::B2));
        for bad in ["B3", "A0", "", "C"] {
            assert!(CefrLevel::parse(bad).is_err(), "{bad:?}");
        }
    }
}
