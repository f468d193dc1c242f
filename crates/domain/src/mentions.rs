//! The concepts a free text mentions: a CV paragraph, an experience described in the
//! person's words, a sentence of a job ad. A label is mentioned when most of its words
//! (stop and generic words aside, gendered forms and stems counting as the word) stand
//! close together in the text; the confidence is the share of the label found times how
//! tightly its words sit (each other word in between lowers it). Backends find the candidates
//! holding any of the text's words ([`MentionText::forms`]) and [`find`] decides, the same
//! for every backend.

use std::collections::HashMap;

use crate::analysis::{self, Token};
use crate::search::{DocumentKind, Filter, SearchText};
use crate::text_rank::Decoded;

/// The longest text suggestions are made from, in characters.
pub const MAX_TEXT_CHARS: usize = 5_000;
/// The lowest confidence a mention is reported with.
pub const MIN_CONFIDENCE: f32 = 0.6;

/// What free text to read for which kind of concept.
#[derive(Clone, Debug, PartialEq)]
pub struct MentionRequest {
    pub kind: DocumentKind,
    pub text: String,
    /// The text's language (ISO 639-1) when known: its stemmer and stop words are used;
    /// otherwise every language's.
    pub lang: Option<String>,
    pub filters: Vec<Filter>,
    pub limit: usize,
}

/// A concept a text mentions.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub id: uuid::Uuid,
    /// The label found in the text.
    pub label: SearchText,
    /// Character offsets of the words found, in the text (start inclusive, end exclusive).
    pub start: usize,
    pub end: usize,
    /// In 0..=1.
    pub confidence: f32,
}

/// A free text, analysed once.
pub struct MentionText {
    tokens: Vec<Token>,
    /// Positions of content words by the key of each of their exact forms.
    positions: HashMap<u64, Vec<usize>>,
    /// How many content words come before each position (to measure gaps).
    content_before: Vec<usize>,
}

impl MentionText {
    pub fn new(text: &str, lang: Option<&str>) -> Self {
        let tokens: Vec<Token> = analysis::analyse(text, lang)
            .into_iter()
            .filter(|t| !t.forms.is_empty())
            .collect();
        let mut positions: HashMap<u64, Vec<usize>> = HashMap::new();
        let mut content_before = Vec::with_capacity(tokens.len() + 1);
        let mut content = 0;
        for (i, token) in tokens.iter().enumerate() {
            content_before.push(content);
            if token.role.is_silent() {
                continue;
            }
            content += 1;
            for key in crate::text_rank::keys(token) {
                positions.entry(key).or_default().push(i);
            }
        }
        content_before.push(content);
        Self {
            tokens,
            positions,
            content_before,
        }
    }

    /// Whether the text holds any word that can be looked for.
    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// The distinct exact forms of the text's content words, for backends to find the
    /// candidates with.
    pub fn forms(&self) -> Vec<&str> {
        let mut forms: Vec<&str> = Vec::new();
        for token in self.tokens.iter().filter(|t| !t.role.is_silent()) {
            for (_, form) in &token.forms {
                if !forms.contains(&form.as_str()) {
                    forms.push(form);
                }
            }
        }
        forms
    }

    /// How a label is found in the text: (confidence, words of the label found, first
    /// and last token of the span), or `None`.
    fn find_label(
        &self,
        words: &[crate::text_rank::TextWord],
    ) -> Option<(f32, usize, usize, usize)> {
        // The label's content words, one entry per unit, with where the text has them.
        let mut units: Vec<(usize, Vec<usize>)> = Vec::new();
        for word in words.iter().filter(|w| !w.token.role.is_silent()) {
            let found: Vec<usize> = word
                .keys
                .iter()
                .filter_map(|k| self.positions.get(k))
                .flatten()
                .copied()
                .collect();
            match units.iter_mut().find(|(u, _)| *u == word.token.unit) {
                Some((_, at)) => at.extend(found),
                None => units.push((word.token.unit, found)),
            }
        }
        let total = units.len();
        let found: Vec<&Vec<usize>> = units
            .iter()
            .map(|(_, at)| at)
            .filter(|at| !at.is_empty())
            .collect();
        if total == 0 || (found.len() as f32) < total as f32 * MIN_CONFIDENCE {
            return None;
        }
        // The narrowest stretch of the text holding one place of each word found.
        let mut places: Vec<(usize, usize)> = found
            .iter()
            .enumerate()
            .flat_map(|(n, at)| at.iter().map(move |p| (*p, n)))
            .collect();
        places.sort_unstable();
        places.dedup();
        let needed = found.len();
        let mut counts = vec![0usize; needed];
        let mut covered = 0;
        let mut best: Option<(usize, usize, usize)> = None;
        let mut left = 0;
        for right in 0..places.len() {
            let (_, n) = places[right];
            counts[n] += 1;
            if counts[n] == 1 {
                covered += 1;
            }
            while covered == needed {
                let (start, ln) = places[left];
                let end = places[right].0;
                let width = self.content_before[end + 1] - self.content_before[start];
                if best.is_none_or(|(w, _, _)| width < w) {
                    best = Some((width, start, end));
                }
                counts[ln] -= 1;
                if counts[ln] == 0 {
                    covered -= 1;
                }
                left += 1;
            }
        }
        let (width, start, end) = best?;
        let share = needed as f32 / total as f32;
        // Each other word in between costs a quarter: "trained new kitchen staff" is still
        // "train staff", less surely.
        let gaps = width.saturating_sub(needed) as f32;
        let tight = 1.0 / (1.0 + 0.25 * gaps);
        Some((share * tight, needed, start, end))
    }
}

/// The candidates' mentions in the text, most confident first (then those found through
/// more words, then earlier in the text); a document is mentioned once, through its best
/// label, and only with [`MIN_CONFIDENCE`] or more.
pub fn find<'a>(
    text: &MentionText,
    candidates: impl IntoIterator<Item = &'a Decoded>,
) -> Vec<Mention> {
    let mut found: Vec<(Mention, usize)> = Vec::new();
    for doc in candidates {
        let mut best: Option<(f32, usize, bool, usize, usize, &SearchText)> = None;
        for (label, words) in doc.texts.iter().zip(doc.words()) {
            let Some((confidence, size, start, end)) = text.find_label(words) else {
                continue;
            };
            let better = match best {
                None => true,
                Some((c, s, primary, ..)) => (confidence, size, label.primary) > (c, s, primary),
            };
            if better {
                best = Some((confidence, size, label.primary, start, end, label));
            }
        }
        if let Some((confidence, size, _, start, end, label)) = best
            && confidence >= MIN_CONFIDENCE
        {
            found.push((
                Mention {
                    id: doc.id,
                    label: label.clone(),
                    start: text.tokens[start].start,
                    end: text.tokens[end].end,
                    confidence,
                },
                size,
            ));
        }
    }
    found.sort_by(|(a, an), (b, bn)| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(bn.cmp(an))
            .then(a.start.cmp(&b.start))
            .then(a.id.cmp(&b.id))
    });
    found.into_iter().map(|(m, _)| m).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(labels: &[(&str, &str, bool)]) -> Decoded {
        Decoded::new(
            uuid::Uuid::now_v7(),
            labels
                .iter()
                .map(|(text, lang, primary)| SearchText {
                    text: (*text).into(),
                    lang: Some((*lang).into()),
                    primary: *primary,
                })
                .collect(),
        )
    }

    #[test]
    fn labels_found_close_together_with_their_spans() {
        let cv = "For five years I prepared meals in a hotel kitchen, managed the stock of \
                  ingredients and trained new kitchen staff.";
        let text = MentionText::new(cv, Some("en"));
        let docs = [
            doc(&[("prepare meals", "en", true)]),
            doc(&[
                ("manage stock", "en", true),
                ("stock management", "en", false),
            ]),
            doc(&[("train staff", "en", true)]),
            doc(&[("hotel receptionist", "en", true)]),
            doc(&[("welding", "en", true)]),
            doc(&[
                ("preparar comidas", "es", true),
                ("prepare hot meals", "en", false),
            ]),
        ];
        let found = find(&text, docs.iter());
        assert_eq!(found[0].label.text, "prepare meals");
        let span =
            |m: &Mention| -> String { cv.chars().skip(m.start).take(m.end - m.start).collect() };
        assert_eq!(span(&found[0]), "prepared meals");
        assert!((found[0].confidence - 1.0).abs() < 1e-6);
        let manage = found
            .iter()
            .find(|m| m.label.text == "manage stock")
            .unwrap();
        assert_eq!(span(manage), "managed the stock");
        let train = found
            .iter()
            .find(|m| m.label.text == "train staff")
            .unwrap();
        assert_eq!(span(train), "trained new kitchen staff");
        assert!(train.confidence < 1.0, "words in between lower it");
        assert!(found.iter().all(|m| m.label.text != "welding"));
        assert!(
            found.iter().all(|m| m.label.text != "hotel receptionist"),
            "half a label is not a mention"
        );
        assert_eq!(
            found.iter().filter(|m| m.id == docs[5].id).count(),
            1,
            "a concept is mentioned once, through its best label"
        );
        assert!(MentionText::new("  ", None).is_empty());
    }
}
