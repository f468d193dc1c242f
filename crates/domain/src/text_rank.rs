//! Ranking documents against what was typed, one rule for every backend. A query need not
//! match every word: a document ranks by how much of the query its best text covers, each
//! query word weighted by how rare it is among the documents of its kind (a shared
//! "manager" counts for less than a shared "lodging"), a whole word counting more than a
//! typo or a prefix; then by how much of that text the query explains (so "chef" ranks
//! "chef" above "chef de partie"), with a little credit for query words its other texts
//! hold. Ties go to primary texts (preferred labels, titles), fewer typos, shorter texts.
//!
//! Backends find candidates with [`Query::terms`] (exact forms, and each word within its
//! typos, the last also as a prefix), tell the rarity of forms to [`Query::weigh`], and
//! order their best candidates with [`rerank`].

use std::cell::RefCell;
use std::collections::HashMap;

use crate::analysis::{self, Role, Token};
use crate::search::{SearchHit, SearchText, typos_allowed};

/// How much of a text's score depends on how much of the text the query explains.
const TEXT_EXPLAINED: f32 = 0.5;
/// How much typed words found in the text's order, side by side, add (a text that
/// begins as typed ranks first among equals: autocomplete).
const IN_ORDER: f32 = 0.05;
/// How much query words found in a document's other texts add.
const OTHER_TEXTS: f32 = 0.3;
/// How much of a document's preferred text (its name) the query covers adds, with this
/// weight: a match on a concept's name says more than the same match on an alternative
/// label ("jardinero" names the gardener; another concept may list it among many).
const PRIMARY: f32 = 0.05;
/// What a word matched with typos keeps per typo, and a prefix of a longer word.
const PER_TYPO: f32 = 0.25;
const PREFIX: f32 = 0.9;
/// What a word sharing a long beginning with the typed one keeps: "échafaudeur" and
/// "échafaudage", "logisticians" and "logistics", "installateur" and "installation".
const SAME_ROOT: f32 = 0.5;

/// How long a beginning a word must share with a typed word of `n` letters to count as
/// the same root: six letters and three fifths of the word at least.
pub fn root_length(n: usize) -> usize {
    (n * 3).div_ceil(5).max(6)
}

/// Optimal string alignment distance between `a` and the whole of `b`, and between `a`
/// and the closest prefix of `b` (adjacent transpositions cost one; a typo on the first
/// letter counts as two), each `None` when above `allowed`. Only prefixes of `b` up to `a.len() +
/// allowed` long can be within reach, so the table stops there.
fn distances(a: &[char], b: &[char], allowed: usize) -> (Option<usize>, Option<usize>) {
    /// Tables this small live on the stack; longer words use the heap.
    const STACK: usize = 3 * 64;
    let n = a.len();
    let m = b.len().min(n + allowed);
    let width = m + 1;
    // Three rolling rows: two before (for transpositions) and the current one.
    let mut stack = [0u16; STACK];
    let mut heap = Vec::new();
    let d: &mut [u16] = if 3 * width <= STACK {
        &mut stack[..3 * width]
    } else {
        heap.resize(3 * width, 0);
        &mut heap
    };
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j as u16;
    }
    for i in 1..=n {
        let (two, one, cur) = (
            ((i + 1) % 3) * width,
            ((i + 2) % 3) * width,
            (i % 3) * width,
        );
        d[cur] = i as u16;
        let mut row_min = d[cur];
        for j in 1..=m {
            let cost = u16::from(a[i - 1] != b[j - 1]);
            let mut best = (d[one + j] + 1)
                .min(d[cur + j - 1] + 1)
                .min(d[one + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[two + j - 2] + 1);
            }
            d[cur + j] = best;
            row_min = row_min.min(best);
        }
        // Later rows are at least this far, less one for a transposition.
        if usize::from(row_min) > allowed + 1 {
            return (None, None);
        }
    }
    let last = &d[(n % 3) * width..(n % 3) * width + width];
    // A typo on the first letter counts as two (as in Meilisearch): people rarely get the
    // first letter wrong, and allowing it finds mostly other words.
    let first = usize::from(a.first() != b.first());
    let whole = (b.len() == m)
        .then(|| usize::from(last[m]) + first)
        .filter(|w| *w <= allowed);
    let prefix = last
        .iter()
        .copied()
        .min()
        .map(|p| usize::from(p) + first)
        .filter(|p| *p <= allowed);
    (whole, prefix)
}

/// One typed word as search looks for it.
#[derive(Clone, Debug)]
pub struct QueryWord {
    pub token: Token,
    chars: Vec<char>,
    keys: Vec<u64>,
    /// Typos allowed ([`typos_allowed`]).
    pub typos: u8,
    /// Whether the word may be the start of a longer one (the last word typed).
    pub prefix: bool,
    /// How much of its rarity it weighs ([`Role::factor`]).
    factor: f32,
}

/// What was typed, analysed once.
#[derive(Clone, Debug, Default)]
pub struct Query {
    words: Vec<QueryWord>,
    units: usize,
}

/// What a backend looks for, for one typed word: any of the exact forms, or the word
/// within its typos (and as a prefix when allowed).
#[derive(Clone, Debug, PartialEq)]
pub struct QueryTerm<'a> {
    pub exact: Vec<&'a str>,
    pub word: &'a str,
    pub typos: u8,
    pub prefix: bool,
    /// The beginning a word must share with this one to count as the same root, when
    /// the word is longer than that ([`root_length`]).
    pub root: Option<String>,
}

impl Query {
    /// Analyses typed text in any language; the last word is also a prefix unless the
    /// text ends after it (a space, a full stop).
    pub fn new(text: &str) -> Self {
        let tokens: Vec<Token> = analysis::analyse(text, None)
            .into_iter()
            .filter(|t| !t.forms.is_empty())
            .collect();
        let only_stop_words = tokens.iter().all(|t| t.role.is_silent());
        let finished = text.ends_with(|c: char| !c.is_alphanumeric());
        let last = tokens.len().saturating_sub(1);
        let units = tokens.iter().map(|t| t.unit + 1).max().unwrap_or(0);
        let words = tokens
            .into_iter()
            .enumerate()
            .map(|(i, token)| {
                // A word still being typed may become any word, "d" of "design" too.
                let typing = i == last && !finished;
                let factor = if only_stop_words || (typing && token.role == Role::Stop) {
                    1.0
                } else {
                    token.role.factor()
                };
                QueryWord {
                    chars: token.word.chars().collect(),
                    keys: keys(&token),
                    typos: typos_allowed(&token.word),
                    prefix: typing,
                    factor,
                    token,
                }
            })
            .collect();
        Self { words, units }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn words(&self) -> &[QueryWord] {
        &self.words
    }

    /// What backends look for: the words that weigh something (stop words find nothing
    /// by themselves), each with its distinct exact forms.
    pub fn terms(&self) -> Vec<QueryTerm<'_>> {
        self.words
            .iter()
            .filter(|w| w.factor > 0.0)
            .map(|w| {
                let mut exact: Vec<&str> = vec![w.token.word.as_str()];
                for (_, form) in &w.token.forms {
                    if !exact.contains(&form.as_str()) {
                        exact.push(form);
                    }
                }
                let n = w.chars.len();
                let root = (n > root_length(n)).then(|| w.chars[..root_length(n)].iter().collect());
                QueryTerm {
                    exact,
                    word: &w.token.word,
                    typos: w.typos,
                    prefix: w.prefix,
                    root,
                }
            })
            .collect()
    }

    /// Every distinct exact form the query holds, for [`Query::weigh`].
    pub fn forms(&self) -> Vec<&str> {
        let mut forms: Vec<&str> = Vec::new();
        for term in self.terms() {
            for form in term.exact {
                if !forms.contains(&form) {
                    forms.push(form);
                }
            }
        }
        forms
    }

    /// The query's weights: each word's rarity among `docs` documents, as BM25 measures it,
    /// from how many documents hold its most common exact form (`doc_freq`), times what its
    /// role weighs; a word's forms (gendered, repeated) share the largest.
    pub fn weigh(&self, doc_freq: impl Fn(&str) -> usize, docs: usize) -> Ranker<'_> {
        let n = docs as f32;
        let mut weights = vec![0f32; self.units];
        let held_by = |word: &QueryWord| {
            std::iter::once(word.token.word.as_str())
                .chain(word.token.forms.iter().map(|(_, f)| f.as_str()))
                .map(&doc_freq)
                .max()
                .unwrap_or(0)
        };
        for word in &self.words {
            if word.factor == 0.0 {
                continue;
            }
            let df = held_by(word) as f32;
            let idf = (1.0 + (n - df + 0.5).max(0.0) / (df + 0.5)).ln().max(0.01);
            let w = &mut weights[word.token.unit];
            *w = w.max(idf * word.factor);
        }
        // A word still being typed may be the start of any word: when no document holds
        // it whole its rarity is not known yet (it would weigh the most), so it weighs no
        // more than the other words do on average. A whole word weighs what it weighs.
        if let Some(last) = self
            .words
            .last()
            .filter(|w| w.prefix && w.factor > 0.0 && held_by(w) == 0)
        {
            let others: Vec<f32> = weights
                .iter()
                .enumerate()
                .filter(|(unit, w)| *unit != last.token.unit && **w > 0.0)
                .map(|(_, w)| *w)
                .collect();
            if !others.is_empty() {
                let mean = others.iter().sum::<f32>() / others.len() as f32;
                let w = &mut weights[last.token.unit];
                *w = w.min(mean);
            }
        }
        let total = weights.iter().sum();
        let mut keys = Vec::new();
        let mut fuzzy = Vec::new();
        for (w, word) in self.words.iter().enumerate() {
            if weights[word.token.unit] <= 0.0 {
                continue;
            }
            keys.extend(word.keys.iter().map(|k| (*k, w)));
            if may_match_fuzzily(word) {
                fuzzy.push(w);
            }
        }
        keys.sort_unstable();
        Ranker {
            query: self,
            weights,
            total,
            keys,
            fuzzy,
            memo: RefCell::default(),
        }
    }
}

/// A word of a document's text, analysed once.
pub(crate) struct TextWord {
    pub(crate) token: Token,
    chars: Vec<char>,
    pub(crate) keys: Vec<u64>,
    /// The word's place among the document's distinct words (the same word in several
    /// texts is compared with a query once).
    distinct: usize,
}

/// A value as a number (a word's spelling, a form), compared many times per search.
fn number(value: &impl std::hash::Hash) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(value)
}

/// A token's exact-match forms as numbers.
pub(crate) fn keys(token: &Token) -> Vec<u64> {
    let mut keys: Vec<u64> = token.forms.iter().map(number).collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// What ranking reads of each word of a text, small enough to stay in cache: its place
/// among the document's distinct words, its unit, and whether it is a function word.
#[derive(Clone, Copy, Debug)]
struct Slot {
    distinct: u32,
    unit: u32,
    stop: bool,
}

/// A document's id and texts, each analysed once (ranking compares them with many
/// queries).
pub struct Decoded {
    pub id: uuid::Uuid,
    pub texts: Vec<SearchText>,
    words: Vec<Vec<TextWord>>,
    /// Each text's words as ranking reads them.
    slots: Vec<Vec<Slot>>,
    /// How many units of each text weigh something.
    content_units: Vec<usize>,
    /// Where each distinct word first stands: (text, position).
    distinct: Vec<(usize, usize)>,
    /// The keys of the distinct words' exact forms with the word they belong to, sorted
    /// by key (matched against a query's sorted keys in one pass).
    keyed: Vec<(u64, u32)>,
    /// Each distinct word's length and first letter (most typed words can be told apart
    /// from most words by these alone).
    shapes: Vec<(u32, char)>,
    /// Each distinct word's spelling as a number.
    spellings: Vec<u64>,
}

impl Decoded {
    /// The analysed words of each text.
    pub(crate) fn words(&self) -> &[Vec<TextWord>] {
        &self.words
    }

    pub fn new(id: uuid::Uuid, texts: Vec<SearchText>) -> Self {
        let mut seen: HashMap<(String, Vec<u64>), usize> = HashMap::new();
        let mut distinct = Vec::new();
        let words: Vec<Vec<TextWord>> = texts
            .iter()
            .enumerate()
            .map(|(n, t)| {
                analysis::analyse(&t.text, t.lang.as_deref())
                    .into_iter()
                    .filter(|t| !t.forms.is_empty())
                    .enumerate()
                    .map(|(position, token)| {
                        let keys = keys(&token);
                        let next = distinct.len();
                        let index = *seen
                            .entry((token.word.clone(), keys.clone()))
                            .or_insert(next);
                        if index == next {
                            distinct.push((n, position));
                        }
                        TextWord {
                            chars: token.word.chars().collect(),
                            keys,
                            token,
                            distinct: index,
                        }
                    })
                    .collect()
            })
            .collect();
        let slots = words
            .iter()
            .map(|ws| {
                ws.iter()
                    .map(|w| Slot {
                        distinct: w.distinct as u32,
                        unit: w.token.unit as u32,
                        stop: w.token.role.is_silent(),
                    })
                    .collect()
            })
            .collect();
        let content_units = words
            .iter()
            .map(|ws| {
                let mut units: Vec<usize> = ws
                    .iter()
                    .filter(|w| !w.token.role.is_silent())
                    .map(|w| w.token.unit)
                    .collect();
                units.sort_unstable();
                units.dedup();
                units.len()
            })
            .collect();
        let mut keyed: Vec<(u64, u32)> = Vec::new();
        let mut shapes = Vec::with_capacity(distinct.len());
        let mut spellings = Vec::with_capacity(distinct.len());
        for (d, &(n, position)) in distinct.iter().enumerate() {
            let word: &TextWord = &words[n][position];
            keyed.extend(word.keys.iter().map(|k| (*k, d as u32)));
            spellings.push(number(&word.token.word));
            shapes.push((
                word.chars.len() as u32,
                word.chars.first().copied().unwrap_or_default(),
            ));
        }
        keyed.sort_unstable();
        Self {
            id,
            texts,
            words,
            slots,
            content_units,
            distinct,
            keyed,
            shapes,
            spellings,
        }
    }
}

/// Whether a typed word can match a word it does not share a form with.
fn may_match_fuzzily(typed: &QueryWord) -> bool {
    typed.typos > 0 || typed.prefix || typed.chars.len() > 6
}

/// How well a typed word matches a word of a text other than exactly (exact forms are
/// looked up by key): within its typos, as a prefix, or by a shared root.
fn fuzzy_match(typed: &QueryWord, word: &TextWord) -> WordMatch {
    let allowed = usize::from(typed.typos);
    // Cheap refusals before the distance table: a word too short or too long to be
    // within reach, or another first letter (which costs two) with fewer than two allowed.
    let (n, m) = (typed.chars.len(), word.chars.len());
    let root = root_length(n);
    let same_root = n > root && m >= root && typed.chars[..root] == word.chars[..root];
    let first_differs = typed.chars.first() != word.chars.first();
    if (first_differs && allowed < 2) || m + allowed < n || (!typed.prefix && m > n + allowed) {
        return same_root.then_some((SAME_ROOT, 0));
    }
    let (whole, prefix) = distances(&typed.chars, &word.chars, allowed);
    let whole = whole.map(|d| (1.0 - PER_TYPO * d as f32, d));
    let prefix = prefix
        .filter(|_| typed.prefix)
        .map(|d| (PREFIX - PER_TYPO * d as f32, d));
    let root = same_root.then_some((SAME_ROOT, 0));
    [whole, prefix, root]
        .into_iter()
        .flatten()
        .max_by(|a, b| a.0.total_cmp(&b.0))
}

/// How much of the typed order a text keeps, in 0..=1: the share of consecutive typed
/// words found one after the other in the text (function words between them aside), and
/// whether the text begins with the first of them.
fn in_order(at: &[Option<usize>], words: &[Slot]) -> f32 {
    let found = || at.iter().flatten().copied();
    let Some(first) = found().next() else {
        return 0.0;
    };
    let next_content = |from: usize| {
        (from + 1..words.len())
            .find(|&p| !words[p].stop)
            .unwrap_or(words.len())
    };
    let pairs = found().count().saturating_sub(1);
    let adjacent = found()
        .zip(found().skip(1))
        .filter(|(a, b)| *b == next_content(*a))
        .count();
    let begins = words
        .iter()
        .position(|w| !w.stop)
        .is_some_and(|p| p == first);
    let order = if pairs == 0 {
        1.0
    } else {
        adjacent as f32 / pairs as f32
    };
    (order + f32::from(u8::from(begins))) / 2.0
}

/// A document's score for a query, with the text that matched best.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scored<'d> {
    pub score: f32,
    /// The share of the query's weight the best text covers.
    pub covered: f32,
    pub typos: usize,
    pub text: &'d SearchText,
}

impl Scored<'_> {
    /// Best first: score, then primary texts, fewer typos, shorter texts.
    fn order(&self, other: &Self) -> std::cmp::Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then(other.text.primary.cmp(&self.text.primary))
            .then(self.typos.cmp(&other.typos))
            .then(self.text.text.len().cmp(&other.text.text.len()))
    }
}

/// A query with its words weighed: scores documents.
pub struct Ranker<'q> {
    query: &'q Query,
    /// Per unit of the query.
    weights: Vec<f32>,
    total: f32,
    /// The keys of the exact forms of the typed words that weigh something, with the
    /// word, sorted.
    keys: Vec<(u64, usize)>,
    /// The typed words (that weigh something) that may also match within typos, as a
    /// prefix or by root.
    fuzzy: Vec<usize>,
    /// How the `fuzzy` words match each word seen so far.
    memo: RefCell<Memo>,
}

/// How a typed word matches a word: (quality in 0..=1, typos).
type WordMatch = Option<(f32, usize)>;

/// How the typed words that may match other than exactly match each word seen so far:
/// a row of [`WordMatch`] per word, found by the word's spelling.
#[derive(Default)]
struct Memo {
    row_of: HashMap<u64, usize>,
    rows: Vec<WordMatch>,
}

impl Ranker<'_> {
    /// The document's score, or `None` when no word of the query matches it.
    pub fn score<'d>(&self, doc: &'d Decoded) -> Option<Scored<'d>> {
        if self.total <= 0.0 {
            return None;
        }
        let units = self.weights.len();
        let mut anywhere = vec![0f32; units];
        let mut best: Option<Scored<'d>> = None;
        let mut primary_covered = 0f32;
        let mut quality = vec![0f32; units];
        let mut typos = vec![0usize; units];
        let mut explained: Vec<u32> = Vec::new();
        // Per typed word: its best match in the text (quality, typos, position).
        let mut found: Vec<Option<(f32, usize, usize)>> = vec![None; self.query.words.len()];
        let mut at: Vec<Option<usize>> = Vec::with_capacity(found.len());
        let improve = |slot: &mut Option<(f32, usize, usize)>, candidate: (f32, usize, usize)| {
            if slot.is_none_or(|s| candidate.0 > s.0) {
                *slot = Some(candidate);
            }
        };
        // How each typed word matches each distinct word of the document, once.
        let typed_count = self.query.words.len();
        let mut matches: Vec<WordMatch> = vec![None; doc.distinct.len() * typed_count];
        // Exact forms: both key lists are sorted, one pass over each.
        let (mut i, mut j) = (0, 0);
        while i < self.keys.len() && j < doc.keyed.len() {
            let (typed_key, w) = self.keys[i];
            let word_key = doc.keyed[j].0;
            match typed_key.cmp(&word_key) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    // Every typed word with this key, against every word with it.
                    let mut jj = j;
                    while jj < doc.keyed.len() && doc.keyed[jj].0 == typed_key {
                        matches[doc.keyed[jj].1 as usize * typed_count + w] = Some((1.0, 0));
                        jj += 1;
                    }
                    i += 1;
                }
            }
        }
        // Other matches depend on the words' letters alone: each word is compared once per
        // query, whatever documents it stands in.
        let mut memo = self.memo.borrow_mut();
        let Memo { row_of, rows } = &mut *memo;
        for (d, &(m, word_first)) in doc.shapes.iter().enumerate() {
            let start = *row_of.entry(doc.spellings[d]).or_insert_with(|| {
                let start = rows.len();
                let (text, position) = doc.distinct[d];
                let word = &doc.words[text][position];
                for &w in &self.fuzzy {
                    let typed = &self.query.words[w];
                    let (n, first) = (typed.chars.len(), typed.chars.first().copied());
                    let root = root_length(n);
                    // Another first letter costs two typos; only a shared root is left then.
                    let reachable = Some(word_first) == first
                        || typed.typos >= 2
                        || (n > root && m as usize >= root);
                    rows.push(reachable.then(|| fuzzy_match(typed, word)).flatten());
                }
                start
            });
            for (i, &w) in self.fuzzy.iter().enumerate() {
                let slot = &mut matches[d * typed_count + w];
                if slot.is_none() {
                    *slot = rows[start + i];
                }
            }
        }
        drop(memo);
        for ((text, words), content) in doc.texts.iter().zip(&doc.slots).zip(&doc.content_units) {
            found.iter_mut().for_each(|f| *f = None);
            explained.clear();
            for (position, word) in words.iter().enumerate() {
                let distinct = word.distinct as usize;
                let row = &matches[distinct * typed_count..(distinct + 1) * typed_count];
                let mut matched = false;
                for (w, m) in row.iter().enumerate() {
                    if let Some((q, t)) = *m {
                        improve(&mut found[w], (q, t, position));
                        matched = true;
                    }
                }
                if matched && !word.stop && !explained.contains(&word.unit) {
                    explained.push(word.unit);
                }
            }
            quality.iter_mut().for_each(|q| *q = 0.0);
            typos.iter_mut().for_each(|t| *t = 0);
            at.clear();
            for (typed, f) in self.query.words.iter().zip(&found) {
                let unit = typed.token.unit;
                if let Some((q, t, _)) = *f
                    && q > quality[unit]
                {
                    quality[unit] = q;
                    typos[unit] = t;
                }
                at.push(f.map(|(_, _, p)| p));
            }
            let covered: f32 = quality
                .iter()
                .zip(&self.weights)
                .map(|(q, w)| q * w)
                .sum::<f32>()
                / self.total;
            if covered <= 0.0 {
                continue;
            }
            if text.primary {
                primary_covered = primary_covered.max(covered);
            }
            for (a, q) in anywhere.iter_mut().zip(&quality) {
                *a = a.max(*q);
            }
            let share = if *content == 0 {
                1.0
            } else {
                explained.len().min(*content) as f32 / *content as f32
            };
            let scored = Scored {
                score: covered * (1.0 - TEXT_EXPLAINED + TEXT_EXPLAINED * share)
                    + IN_ORDER * in_order(&at, words),
                covered,
                typos: typos.iter().sum(),
                text,
            };
            if best.is_none_or(|b| scored.order(&b).is_lt()) {
                best = Some(scored);
            }
        }
        let mut best = best?;
        let everywhere: f32 = anywhere
            .iter()
            .zip(&self.weights)
            .map(|(q, w)| q * w)
            .sum::<f32>()
            / self.total;
        best.score +=
            OTHER_TEXTS * (everywhere - best.covered).max(0.0) + PRIMARY * primary_covered;
        Some(best)
    }

    /// The text of a document that matches best.
    pub fn best_text<'d>(&self, doc: &'d Decoded) -> Option<&'d SearchText> {
        self.score(doc).map(|s| s.text)
    }
}

/// Ranks the candidates a backend found (in its own order, best first) by the rule, each
/// with the text that matched: those no query word matches are left out (the second
/// value counts them); ties keep the backend's order.
pub fn rerank<'a>(
    ranker: &Ranker<'_>,
    candidates: impl IntoIterator<Item = &'a Decoded>,
) -> (Vec<SearchHit>, usize) {
    let mut ranked = Vec::new();
    let mut rejected = 0;
    for (order, candidate) in candidates.into_iter().enumerate() {
        match ranker.score(candidate) {
            Some(scored) => ranked.push((scored, order, candidate.id)),
            None => rejected += 1,
        }
    }
    ranked.sort_by(|a, b| a.0.order(&b.0).then(a.1.cmp(&b.1)));
    let hits = ranked
        .into_iter()
        .map(|(scored, _, id)| SearchHit {
            id,
            matched: Some(scored.text.clone()),
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

    fn doc(texts: &[(&str, bool)]) -> Decoded {
        Decoded::new(
            uuid::Uuid::now_v7(),
            texts.iter().map(|(t, p)| text(t, *p)).collect(),
        )
    }

    /// Ranks documents for a query with every form equally rare.
    fn ranked<'d>(typed: &str, docs: &'d [Decoded]) -> Vec<&'d str> {
        let query = Query::new(typed);
        let ranker = query.weigh(|_| 1, 100);
        let (hits, _) = rerank(&ranker, docs.iter());
        hits.iter()
            .map(|h| {
                docs.iter()
                    .find(|d| d.id == h.id)
                    .map(|d| d.texts[0].text.as_str())
                    .unwrap_or_default()
            })
            .collect()
    }

    #[test]
    fn typos_prefixes_and_primary_texts() {
        let query = Query::new("weldng");
        let ranker = query.weigh(|_| 1, 10);
        let d = doc(&[("welding", true), ("arc welding", false)]);
        let best = ranker.score(&d).unwrap();
        assert_eq!(best.text.text, "welding");
        assert_eq!(best.typos, 1);

        let matches = |typed: &str, label: &str| {
            let query = Query::new(typed);
            query
                .weigh(|_| 1, 10)
                .score(&doc(&[(label, true)]))
                .is_some()
        };
        assert!(!matches("cre", "care"), "short words allow no typo");
        assert!(matches("car", "care"), "the last word is a prefix");
        assert!(!matches("car ", "care"), "unless the text ends after it");
        assert!(
            matches("carpnetre", "carpenter"),
            "two typos from nine letters"
        );
        assert!(matches("carpnter", "carpenter"));
        assert!(!matches("crpntr", "carpenter"));
        assert!(matches("welders", "welder"), "stems match");
    }

    #[test]
    fn rare_words_count_more_and_labels_explained_rank_first() {
        let docs = [
            doc(&[("hotel manager", true)]),
            doc(&[("sales manager", true)]),
            doc(&[("hotel", true)]),
            doc(&[("hotel receptionist and night porter", true)]),
        ];
        // "manager" is common, "hotel" rarer.
        let query = Query::new("Hotel managers");
        let df = |form: &str| if form.starts_with("manag") { 50 } else { 5 };
        let ranker = query.weigh(df, 100);
        let (hits, rejected) = rerank(&ranker, docs.iter());
        let order: Vec<&str> = hits
            .iter()
            .map(|h| {
                docs.iter().find(|d| d.id == h.id).unwrap().texts[0]
                    .text
                    .as_str()
            })
            .collect();
        assert_eq!(rejected, 0);
        assert_eq!(
            order,
            [
                "hotel manager",
                "hotel",
                "hotel receptionist and night porter",
                "sales manager"
            ]
        );
    }

    #[test]
    fn a_last_word_held_whole_weighs_its_rarity() {
        let docs = [
            doc(&[("dependiente de pescadería", true)]),
            doc(&[("vendedor especializado de floristería", true)]),
        ];
        // "floristería" is rarer than "dependiente"; typed last without a space after it,
        // it is still a whole word some documents hold.
        let df = |form: &str| match form {
            f if f.starts_with("dependient") => 10,
            f if f.starts_with("floristeri") => 2,
            _ => 0,
        };
        let first = |typed: &str| {
            let query = Query::new(typed);
            let ranker = query.weigh(df, 100);
            let (hits, _) = rerank(&ranker, docs.iter());
            docs.iter().position(|d| d.id == hits[0].id)
        };
        assert_eq!(first("Dependientes de floristería"), Some(1));
        // A prefix no document holds whole weighs what the other words weigh on average:
        // the shorter text it explains more of comes first.
        assert_eq!(first("Dependientes de florist"), Some(0));
    }

    #[test]
    fn a_match_on_the_name_counts_for_more_than_on_another_label() {
        let docs = [
            doc(&[("park ranger", true), ("garden worker", false)]),
            doc(&[("garden keeper", true), ("garden worker", false)]),
        ];
        assert_eq!(ranked("garden worker", &docs)[0], "garden keeper");
        let reversed = [
            doc(&[("garden keeper", true), ("garden worker", false)]),
            doc(&[("park ranger", true), ("garden worker", false)]),
        ];
        assert_eq!(ranked("garden worker", &reversed)[0], "garden keeper");
    }

    #[test]
    fn stop_words_weigh_nothing_unless_alone() {
        let docs = [doc(&[("chef de partie", true)]), doc(&[("chef", true)])];
        assert_eq!(ranked("chef", &docs), ["chef", "chef de partie"]);
        assert_eq!(ranked("de", &docs), ["chef de partie"]);
        let docs = [
            doc(&[("manage staff", true)]),
            doc(&[("law of the sea", true)]),
        ];
        assert_eq!(ranked("head of staff", &docs), ["manage staff"]);
    }

    #[test]
    fn what_a_title_excludes_finds_nothing_even_typed_last() {
        let docs = [
            doc(&[("naval architect", true)]),
            doc(&[("architect", true)]),
        ];
        assert_eq!(
            ranked("Architects, Except Landscape and Naval", &docs),
            ["architect", "naval architect"]
        );
    }

    #[test]
    fn gendered_forms_count_once() {
        let docs = [
            doc(&[("family carer", true)]),
            doc(&[("accueillant familial/accueillante familiale", true)]),
        ];
        let query = Query::new("Accueillant familial / Accueillante familiale");
        let ranker = query.weigh(|_| 1, 100);
        let best = ranker.score(&docs[1]).unwrap();
        assert!((best.covered - 1.0).abs() < 1e-6, "{best:?}");
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
