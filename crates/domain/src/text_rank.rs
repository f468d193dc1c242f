//! Ranking a document's texts against what was typed, by the domain's typo rule: fewest
//! typos first, then primary texts (preferred labels, titles), then whole words over
//! prefixes, then shorter texts.

use crate::search::{SearchText, typos_allowed, words};

/// Orders matches: smaller is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RankKey {
    typos: usize,
    secondary: bool,
    prefixes: usize,
    words: usize,
    chars: usize,
}

/// Optimal string alignment distance between `a` and the whole of `b`, and between `a`
/// and the closest prefix of `b` (adjacent transpositions cost one; a typo on the first
/// letter counts as two), each `None` when above `allowed`. Only prefixes of `b` up to `a.len() +
/// allowed` long can be within reach, so the table stops there.
fn distances(a: &[char], b: &[char], allowed: usize) -> (Option<usize>, Option<usize>) {
    let n = a.len();
    let m = b.len().min(n + allowed);
    let width = m + 1;
    let mut d = vec![0usize; (n + 1) * width];
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        d[i * width] = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    let last = &d[n * width..];
    // A typo on the first letter counts as two (as in Meilisearch): people rarely get the
    // first letter wrong, and allowing it finds mostly other words.
    let first = usize::from(a.first() != b.first());
    let whole = (b.len() == m)
        .then(|| last[m] + first)
        .filter(|w| *w <= allowed);
    let prefix = last
        .iter()
        .copied()
        .min()
        .map(|p| p + first)
        .filter(|p| *p <= allowed);
    (whole, prefix)
}

/// How `typed` (the last word also as a prefix) matches `text`: `None` when some word
/// does not match within its typos.
fn match_text(typed: &[String], text: &SearchText, label: &[Vec<char>]) -> Option<RankKey> {
    let last = typed.len().checked_sub(1)?;
    let (mut typos, mut prefixes) = (0, 0);
    for (i, word) in typed.iter().enumerate() {
        let allowed = usize::from(typos_allowed(word));
        let chars: Vec<char> = word.chars().collect();
        let mut best: Option<(usize, bool)> = None;
        for candidate in label {
            let (whole, prefix) = distances(&chars, candidate, allowed);
            let option = match (whole, prefix) {
                (Some(w), _) => Some((w, false)),
                (None, Some(p)) if i == last => Some((p, true)),
                _ => None,
            };
            if let Some(option) = option
                && best.is_none_or(|b| option < b)
            {
                best = Some(option);
            }
        }
        let (t, is_prefix) = best?;
        typos += t;
        prefixes += usize::from(is_prefix);
    }
    Some(RankKey {
        typos,
        secondary: !text.primary,
        prefixes,
        words: label.len(),
        chars: text.text.chars().count(),
    })
}

/// A document's id and texts, with each text's words folded and split once (ranking
/// compares them with many queries).
pub struct Decoded {
    pub id: uuid::Uuid,
    pub texts: Vec<SearchText>,
    words: Vec<Vec<Vec<char>>>,
}

impl Decoded {
    pub fn new(id: uuid::Uuid, texts: Vec<SearchText>) -> Self {
        let words = texts
            .iter()
            .map(|t| words(&t.text).iter().map(|w| w.chars().collect()).collect())
            .collect();
        Self { id, texts, words }
    }
}

/// The text of a document that matches `typed` best, with its key. A document matches when
/// every word matches one of its texts; one text holding them all ranks above words spread
/// over several (then the text matching the most words is named).
pub fn best_text<'a>(typed: &[String], decoded: &'a Decoded) -> Option<(RankKey, &'a SearchText)> {
    let texts = &decoded.texts;
    let whole = texts
        .iter()
        .zip(&decoded.words)
        .filter_map(|(t, w)| match_text(typed, t, w).map(|k| (k, t)))
        .min_by(|(a, ta), (b, tb)| a.cmp(b).then(ta.text.cmp(&tb.text)));
    if whole.is_some() {
        return whole;
    }
    let last = typed.len().checked_sub(1)?;
    let mut typos = 0;
    let mut prefixes = 0;
    let mut hits = vec![0usize; texts.len()];
    for (i, word) in typed.iter().enumerate() {
        // Matched alone, a word counts as the last; before the last, prefixes are refused.
        let alone = std::slice::from_ref(word);
        let best = texts
            .iter()
            .zip(&decoded.words)
            .enumerate()
            .filter_map(|(n, (t, w))| {
                let key = match_text(alone, t, w)?;
                (i == last || key.prefixes == 0).then_some((key, n))
            })
            .min()?;
        typos += best.0.typos;
        prefixes += best.0.prefixes;
        hits[best.1] += 1;
    }
    let (named, _) = hits
        .iter()
        .enumerate()
        .max_by(|(a, ha), (b, hb)| ha.cmp(hb).then(b.cmp(a)))?;
    let text = &texts[named];
    Some((
        RankKey {
            typos,
            secondary: true,
            prefixes,
            words: usize::MAX,
            chars: text.text.chars().count(),
        },
        text,
    ))
}

/// Ranks the candidates a backend found for `typed` (in its own order, best first) by the
/// rule, each with the text that matched: those the rule does not accept are not matches
/// and are left out (the second value counts them); ties keep the backend's order.
pub fn rerank<'a>(
    typed: &[String],
    candidates: impl IntoIterator<Item = &'a Decoded>,
) -> (Vec<crate::search::SearchHit>, usize) {
    let mut ranked = Vec::new();
    let mut rejected = 0;
    for (order, candidate) in candidates.into_iter().enumerate() {
        match best_text(typed, candidate) {
            Some((key, text)) => ranked.push((key, order, candidate.id, text.clone())),
            None => rejected += 1,
        }
    }
    ranked.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let hits = ranked
        .into_iter()
        .map(|(_, _, id, text)| crate::search::SearchHit {
            id,
            matched: Some(text),
        })
        .collect();
    (hits, rejected)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str, primary: bool) -> SearchText {
        SearchText {
            text: s.into(),
            lang: Some("en".into()),
            primary,
        }
    }

    #[test]
    fn typos_prefixes_and_primary_texts() {
        let typed = words("weldng");
        let texts = [text("welding", true), text("arc welding", false)];
        let decoded = Decoded::new(uuid::Uuid::nil(), texts.to_vec());
        let (key, best) = best_text(&typed, &decoded).unwrap();
        assert_eq!(best.text, "welding");
        assert_eq!(key.typos, 1);

        // The last word is a prefix; a whole word ranks above a prefix.
        let typed = words("care assist");
        let texts = [text("care assistant", true), text("care assist", true)];
        let decoded = Decoded::new(uuid::Uuid::nil(), texts.to_vec());
        let (_, best) = best_text(&typed, &decoded).unwrap();
        assert_eq!(best.text, "care assist");

        // Short words allow no typo.
        assert!(
            best_text(
                &words("cre"),
                &Decoded::new(uuid::Uuid::nil(), vec![text("care", true)])
            )
            .is_none()
        );
        assert!(
            best_text(
                &words("car"),
                &Decoded::new(uuid::Uuid::nil(), vec![text("care", true)])
            )
            .is_some()
        );
        // Two typos from nine characters.
        assert!(
            best_text(
                &words("carpnetre"),
                &Decoded::new(uuid::Uuid::nil(), vec![text("carpenter", true)])
            )
            .is_some()
        );
        assert!(
            best_text(
                &words("carpnter"),
                &Decoded::new(uuid::Uuid::nil(), vec![text("carpenter", true)])
            )
            .is_some()
        );
        assert!(
            best_text(
                &words("crpntr"),
                &Decoded::new(uuid::Uuid::nil(), vec![text("carpenter", true)])
            )
            .is_none()
        );
    }

    #[test]
    fn distances_count_transpositions_once() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(distances(&chars("pfelge"), &chars("pflege"), 1).0, Some(1));
        assert_eq!(
            distances(&chars("pfle"), &chars("pflegekraft"), 0),
            (None, Some(0))
        );
        assert_eq!(
            distances(&chars("welder"), &chars("elderly"), 1),
            (None, None),
            "a typo on the first letter counts as two"
        );
        assert_eq!(
            distances(&chars("welder"), &chars("elderly"), 2),
            (None, Some(2))
        );
        assert_eq!(distances(&chars("care"), &chars("cure"), 0), (None, None));
    }
}
