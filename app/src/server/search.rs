//! German word forms for SQLite's full-text index: FTS5 has no German tokenizer, so the server
//! stores Snowball stems next to each need and stems the search text the same way.
use crate::domain::similarity::words;
use rust_stemmers::{Algorithm, Stemmer};

fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// The stems of a text, space-separated ("Häuser für Familien" → "haus fur famili").
pub fn stems(text: &str) -> String {
    let stemmer = Stemmer::create(Algorithm::German);
    tokens(text)
        .map(|w| fold(&stemmer.stem(&w)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Umlauts and ß folded, so that "Hauser" (typed without umlauts) finds "Häuser".
fn fold(stem: &str) -> String {
    stem.chars()
        .map(|c| match c {
            'ä' => 'a',
            'ö' => 'o',
            'ü' => 'u',
            other => other,
        })
        .collect::<String>()
        .replace('ß', "ss")
}

/// The stems a need is found by.
pub fn need_stems(title: &str, description: &str, organisation: &str) -> String {
    stems(&format!("{title} {description} {organisation}"))
}

/// An FTS5 query that finds every stem of the search text, each also as a word start
/// ("kita" finds "kitaplatz"); `None` when the text has no word in it. Stems are quoted, so
/// nothing the user types is read as FTS syntax.
pub fn match_query(text: &str) -> Option<String> {
    let terms: Vec<String> = stems(text)
        .split(' ')
        .filter(|s| !s.is_empty())
        .take(12)
        .map(|s| format!("\"{}\"*", s.replace('"', "")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

/// Candidates for duplicate suggestions: anything that shares the start of a meaningful word
/// ("Hausaufgabenbetreuung" and "Hausaufgabenhilfe" share "hausa"; German compounds rarely share
/// whole words). No "für", "und"; the similarity measure then ranks what this finds.
pub fn related_query(text: &str) -> Option<String> {
    let meaningful: Vec<String> = words(text).into_iter().collect();
    let mut terms: Vec<String> = stems(&meaningful.join(" "))
        .split(' ')
        .filter(|s| s.chars().count() >= 4)
        .map(|s| format!("\"{}\"*", s.chars().take(5).collect::<String>()))
        .collect();
    terms.sort();
    terms.dedup();
    terms.truncate(24);
    (!terms.is_empty()).then(|| terms.join(" OR "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_word_forms_share_a_stem() {
        assert_eq!(stems("Haus"), stems("Häuser"));
        assert_eq!(stems("Familie"), stems("Familien"));
        assert_eq!(stems("Beratungen"), stems("Beratung"));
        assert_eq!(stems("Hauser"), stems("Häuser"));
    }

    #[test]
    fn queries_quote_every_term_so_fts_syntax_is_plain_text() {
        assert_eq!(match_query("  "), None);
        assert_eq!(
            match_query("\" OR * NEAR("),
            Some("\"or\"* AND \"near\"*".into())
        );
        let query = match_query("Kita-Plätze").expect("query");
        assert!(query.starts_with("\"kita\"* AND "), "{query}");
        assert_eq!(related_query("an"), None);
        assert_eq!(related_query("für und mit"), None);
        assert_eq!(
            related_query("Hausaufgabenbetreuung, Hausaufgabenhilfe und Kita-Plätze"),
            Some("\"hausa\"* OR \"kita\"* OR \"platz\"*".into())
        );
    }
}
