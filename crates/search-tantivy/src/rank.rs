//! Ranking a document's texts against what was typed, by the domain's typo rule: fewest
//! typos first, then primary texts (preferred labels, titles), then whole words over
//! prefixes, then shorter texts.

use skillbridge_domain::search::{SearchText, typos_allowed, words};

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
/// and the closest prefix of `b` (adjacent transpositions cost one, as in tantivy's fuzzy
/// queries).
fn distances(a: &[char], b: &[char]) -> (usize, usize) {
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    let whole = d[n][m];
    let prefix = d[n].iter().copied().min().unwrap_or(whole);
    (whole, prefix)
}

/// How `typed` (the last word also as a prefix) matches `text`: `None` when some word
/// does not match within its typos.
fn match_text(typed: &[String], text: &SearchText) -> Option<RankKey> {
    let label: Vec<Vec<char>> = words(&text.text)
        .iter()
        .map(|w| w.chars().collect())
        .collect();
    let last = typed.len().checked_sub(1)?;
    let (mut typos, mut prefixes) = (0, 0);
    for (i, word) in typed.iter().enumerate() {
        let allowed = usize::from(typos_allowed(word));
        let chars: Vec<char> = word.chars().collect();
        let mut best: Option<(usize, bool)> = None;
        for candidate in &label {
            let (whole, prefix) = distances(&chars, candidate);
            let option = if whole <= allowed {
                Some((whole, false))
            } else if i == last && prefix <= allowed {
                Some((prefix, true))
            } else {
                None
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

/// The text of a document that matches `typed` best, with its key. A document matches when
/// every word matches one of its texts; one text holding them all ranks above words spread
/// over several (then the text matching the most words is named).
pub fn best_text<'a>(
    typed: &[String],
    texts: &'a [SearchText],
) -> Option<(RankKey, &'a SearchText)> {
    let whole = texts
        .iter()
        .filter_map(|t| match_text(typed, t).map(|k| (k, t)))
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
            .enumerate()
            .filter_map(|(n, t)| {
                let key = match_text(alone, t)?;
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
        let (key, best) = best_text(&typed, &texts).unwrap();
        assert_eq!(best.text, "welding");
        assert_eq!(key.typos, 1);

        // The last word is a prefix; a whole word ranks above a prefix.
        let typed = words("care assist");
        let texts = [text("care assistant", true), text("care assist", true)];
        let (_, best) = best_text(&typed, &texts).unwrap();
        assert_eq!(best.text, "care assist");

        // Short words allow no typo.
        assert!(best_text(&words("cre"), &[text("care", true)]).is_none());
        assert!(best_text(&words("car"), &[text("care", true)]).is_some());
        // Two typos from nine characters.
        assert!(best_text(&words("carpnetre"), &[text("carpenter", true)]).is_some());
        assert!(best_text(&words("carpnter"), &[text("carpenter", true)]).is_some());
        assert!(best_text(&words("crpntr"), &[text("carpenter", true)]).is_none());
    }

    #[test]
    fn distances_count_transpositions_once() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(distances(&chars("pfelge"), &chars("pflege")).0, 1);
        assert_eq!(distances(&chars("pfle"), &chars("pflegekraft")).1, 0);
    }
}
