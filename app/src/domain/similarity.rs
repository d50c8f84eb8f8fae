//! How alike two needs read: word and trigram overlap, computed here without any external
//! service, to suggest likely duplicates next to a new submission.
use std::collections::HashSet;

/// Words that say nothing about what is needed.
const STOP_WORDS: &[&str] = &[
    "aber", "alle", "allem", "allen", "aller", "als", "also", "am", "an", "auch", "auf", "aus",
    "bei", "beim", "bis", "da", "damit", "dass", "dem", "den", "der", "des", "die", "dies",
    "diese", "diesem", "dieser", "doch", "dort", "durch", "ein", "eine", "einem", "einen", "einer",
    "eines", "es", "für", "gibt", "hat", "haben", "hier", "im", "in", "ist", "kein", "keine",
    "mehr", "mit", "nach", "nicht", "noch", "nur", "oder", "ohne", "sehr", "sich", "sie", "sind",
    "so", "über", "um", "und", "uns", "unter", "viel", "viele", "vom", "von", "vor", "was", "wenn",
    "werden", "wie", "wir", "wird", "zu", "zum", "zur",
];

/// The meaningful words of a text, lower case.
pub fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3 && !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

/// Letter triples of the meaningful words, each word padded so that its start counts
/// ("Kita-Plätze" and "Kitaplätze" share most of them).
pub fn trigrams(text: &str) -> HashSet<[char; 3]> {
    let mut grams = HashSet::new();
    for word in words(text) {
        let padded: Vec<char> = "  ".chars().chain(word.chars()).chain([' ']).collect();
        for window in padded.windows(3) {
            grams.insert([window[0], window[1], window[2]]);
        }
    }
    grams
}

fn jaccard<T: Eq + std::hash::Hash>(a: &HashSet<T>, b: &HashSet<T>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(b).count() as f64;
    // |A ∩ B| / |A ∪ B|
    shared / ((a.len() + b.len()) as f64 - shared)
}

/// The text of a need as compared: what is needed weighs more than how it is described.
#[derive(Debug, Clone)]
pub struct Fingerprint {
    title_grams: HashSet<[char; 3]>,
    title_words: HashSet<String>,
    text_grams: HashSet<[char; 3]>,
}

impl Fingerprint {
    pub fn new(title: &str, description: &str) -> Self {
        Self {
            title_grams: trigrams(title),
            title_words: words(title),
            text_grams: trigrams(&format!("{title} {description}")),
        }
    }

    /// 0.0 (nothing in common) to 1.0 (the same words).
    pub fn similarity(&self, other: &Fingerprint) -> f64 {
        let title = jaccard(&self.title_grams, &other.title_grams)
            .max(jaccard(&self.title_words, &other.title_words));
        let text = jaccard(&self.text_grams, &other.text_grams);
        0.6 * title + 0.4 * text
    }
}

/// From this similarity on a need is shown as a possible duplicate.
pub const SUGGESTION_THRESHOLD: f64 = 0.25;

/// The most similar candidates first, at most `limit`, only those above the threshold.
pub fn most_similar<K: Clone>(
    need: &Fingerprint,
    candidates: impl IntoIterator<Item = (K, Fingerprint)>,
    limit: usize,
) -> Vec<(K, f64)> {
    let mut scored: Vec<(K, f64)> = candidates
        .into_iter()
        .map(|(key, print)| {
            let score = need.similarity(&print);
            (key, score)
        })
        .filter(|(_, score)| *score >= SUGGESTION_THRESHOLD)
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    scored.truncate(limit);
    scored
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim(a: (&str, &str), b: (&str, &str)) -> f64 {
        Fingerprint::new(a.0, a.1).similarity(&Fingerprint::new(b.0, b.1))
    }

    #[test]
    fn the_same_text_is_fully_similar_and_disjoint_texts_not_at_all() {
        let need = ("Mehr Kita-Plätze", "Viele Familien finden keinen Platz.");
        assert!((sim(need, need) - 1.0).abs() < 1e-9);
        assert!(sim(need, ("Bolzplatz reparieren", "Tore kaputt")) < 0.1);
    }

    #[test]
    fn near_duplicates_score_above_the_threshold_and_unrelated_needs_below() {
        let kita = (
            "Mehr Kita-Plätze",
            "Familien im Viertel finden keinen Kitaplatz.",
        );
        let kita_again = (
            "Kitaplätze fehlen",
            "Kein Platz in der Kita für unsere Kinder.",
        );
        let cafe = (
            "Offener Treffpunkt",
            "Ein Café ohne Verzehrzwang für Nachbarn.",
        );
        assert!(
            sim(kita, kita_again) >= SUGGESTION_THRESHOLD,
            "{}",
            sim(kita, kita_again)
        );
        assert!(
            sim(kita, cafe) < SUGGESTION_THRESHOLD,
            "{}",
            sim(kita, cafe)
        );
    }

    #[test]
    fn similarity_is_symmetric_and_ignores_case_punctuation_and_stop_words() {
        let a = ("Beratung im Jobcenter", "für Alleinerziehende");
        let b = ("BERATUNG – Jobcenter!", "Alleinerziehende");
        assert!((sim(a, b) - sim(b, a)).abs() < 1e-9);
        assert!((sim(a, b) - 1.0).abs() < 1e-9, "{}", sim(a, b));
    }

    #[test]
    fn empty_texts_are_similar_to_nothing() {
        assert_eq!(sim(("", ""), ("", "")), 0.0);
        assert_eq!(sim(("und der", "die"), ("und der", "die")), 0.0);
    }

    #[test]
    fn most_similar_ranks_filters_and_limits() {
        let need = Fingerprint::new("Kita-Plätze im Westen", "");
        let candidates = vec![
            (1, Fingerprint::new("Kita-Plätze", "")),
            (2, Fingerprint::new("Bolzplatz", "")),
            (3, Fingerprint::new("Kita-Plätze Westen", "")),
            (4, Fingerprint::new("Kitaplätze im Norden", "")),
        ];
        let ranked = most_similar(&need, candidates.clone(), 10);
        let keys: Vec<i32> = ranked.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys.first(), Some(&3));
        assert!(!keys.contains(&2));
        assert!(keys.contains(&1) && keys.contains(&4));
        assert_eq!(most_similar(&need, candidates, 1).len(), 1);
    }
}
