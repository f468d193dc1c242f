//! The candidate words for a typed word under the domain's typo rule, as a term automaton:
//! within the word's typos (`typos_allowed`), a typo on the first letter counting as two
//! (so a word of 5 to 8 letters keeps its first letter), the last word also as a prefix.
//! tantivy's own fuzzy query allows a typo anywhere, which finds words the rule (and
//! Meilisearch) do not.

use std::sync::{Arc, OnceLock};

use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder, SINK_STATE};
use tantivy::query::{AutomatonWeight, EnableScoring, Query, Weight};
use tantivy::schema::Field;
use tantivy_fst::Automaton;

/// Levenshtein automaton builders by distance (transpositions cost one), built once.
fn builder(distance: u8) -> &'static LevenshteinAutomatonBuilder {
    static BUILDERS: [OnceLock<LevenshteinAutomatonBuilder>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    BUILDERS[usize::from(distance)].get_or_init(|| LevenshteinAutomatonBuilder::new(distance, true))
}

/// Words within `typos` of the typed word that start with its first letter, and (with two
/// typos) words within one typo that start with another.
pub struct TypoWord {
    first: Vec<u8>,
    same_first: DFA,
    other_first: Option<DFA>,
}

/// Where a term is in its first character.
#[derive(Clone, Copy, Debug)]
enum First {
    /// This many bytes read, all equal to the typed word's first character's.
    Reading(usize),
    Same,
    Other,
}

#[derive(Clone, Debug)]
pub struct State {
    first: First,
    same: u32,
    other: u32,
}

impl TypoWord {
    pub fn new(word: &str, typos: u8, prefix: bool) -> Self {
        let dfa = |distance: u8| {
            if prefix {
                builder(distance).build_prefix_dfa(word)
            } else {
                builder(distance).build_dfa(word)
            }
        };
        Self {
            first: word
                .chars()
                .next()
                .map_or_else(Vec::new, |c| c.to_string().into_bytes()),
            same_first: dfa(typos.min(2)),
            other_first: (typos >= 2).then(|| dfa(typos - 1)),
        }
    }

    fn other(&self, state: u32) -> bool {
        self.other_first.is_some() && state != SINK_STATE
    }
}

fn matches(dfa: &DFA, state: u32) -> bool {
    matches!(dfa.distance(state), Distance::Exact(_))
}

impl Automaton for TypoWord {
    type State = State;

    fn start(&self) -> State {
        State {
            first: if self.first.is_empty() {
                First::Same
            } else {
                First::Reading(0)
            },
            same: self.same_first.initial_state(),
            other: self
                .other_first
                .as_ref()
                .map_or(SINK_STATE, DFA::initial_state),
        }
    }

    fn is_match(&self, state: &State) -> bool {
        let other = || {
            self.other_first
                .as_ref()
                .is_some_and(|dfa| matches(dfa, state.other))
        };
        match state.first {
            First::Same => matches(&self.same_first, state.same),
            // A term that ended inside the first character has another first character.
            First::Other | First::Reading(_) => other(),
        }
    }

    fn can_match(&self, state: &State) -> bool {
        match state.first {
            First::Same => state.same != SINK_STATE,
            First::Other => self.other(state.other),
            First::Reading(_) => state.same != SINK_STATE || self.other(state.other),
        }
    }

    fn accept(&self, state: &State, byte: u8) -> State {
        let first = match state.first {
            First::Reading(n) if self.first.get(n) == Some(&byte) => {
                if n + 1 == self.first.len() {
                    First::Same
                } else {
                    First::Reading(n + 1)
                }
            }
            First::Reading(_) => First::Other,
            settled => settled,
        };
        State {
            first,
            same: match first {
                First::Other => SINK_STATE,
                _ => self.same_first.transition(state.same, byte),
            },
            other: match (&self.other_first, first) {
                (Some(dfa), First::Reading(_) | First::Other) => dfa.transition(state.other, byte),
                _ => SINK_STATE,
            },
        }
    }
}

/// A query for the documents holding a candidate word in `field` (scored as a constant, as
/// tantivy's fuzzy query is).
#[derive(Clone)]
pub struct TypoQuery {
    field: Field,
    word: Arc<TypoWord>,
}

impl TypoQuery {
    /// A word's candidates in a field (one automaton may serve several fields).
    pub fn for_word(field: Field, word: Arc<TypoWord>) -> Self {
        Self { field, word }
    }
}

impl std::fmt::Debug for TypoQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypoQuery")
            .field("field", &self.field)
            .finish()
    }
}

impl Query for TypoQuery {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(AutomatonWeight::<TypoWord>::new(
            self.field,
            self.word.clone(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepts(word: &TypoWord, term: &str) -> bool {
        let mut state = word.start();
        for byte in term.bytes() {
            state = word.accept(&state, byte);
            if !word.can_match(&state) {
                return false;
            }
        }
        word.is_match(&state)
    }

    #[test]
    fn a_typo_on_the_first_letter_counts_as_two() {
        let welder = TypoWord::new("welder", 1, false);
        assert!(accepts(&welder, "welder"));
        assert!(accepts(&welder, "welter"), "one typo inside");
        assert!(accepts(&welder, "welders"), "one letter added");
        assert!(!accepts(&welder, "melder"), "a first-letter typo is two");
        assert!(!accepts(&welder, "elder"));
        assert!(!accepts(&welder, "weltex"), "two typos");

        let carpenter = TypoWord::new("carpenter", 2, false);
        assert!(accepts(&carpenter, "carpentry"), "two typos inside");
        assert!(accepts(&carpenter, "karpenter"), "first letter: two");
        assert!(
            !accepts(&carpenter, "karpentre"),
            "first letter and one more: three"
        );

        let prefix = TypoWord::new("weldi", 1, true);
        assert!(accepts(&prefix, "welding"));
        assert!(accepts(&prefix, "welds"), "a prefix within one typo");
        assert!(!accepts(&prefix, "melding"));

        let accented = TypoWord::new("über", 0, true);
        assert!(accepts(&accented, "übersetzen"));
        assert!(!accepts(&accented, "uber"));
    }
}
