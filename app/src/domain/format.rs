//! German formatting of dates, times and amounts; identical on server and browser (no locale APIs).
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// 13.04.2022
pub fn date_de(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

/// 18:30 Uhr
pub fn time_de(time: NaiveTime) -> String {
    format!("{} Uhr", time.format("%H:%M"))
}

/// 13.04.2022, 18:30 Uhr
pub fn date_time_de(value: NaiveDateTime) -> String {
    format!("{}, {}", date_de(value.date()), time_de(value.time()))
}

/// Parses an ISO date (as from `<input type="date">`) or a German date (13.04.2022).
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    let input = input.trim();
    NaiveDate::parse_from_str(input, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(input, "%d.%m.%Y"))
        .ok()
}

/// 16.255: digits grouped by thousands with points.
pub fn number_de(value: u64) -> String {
    let digits = value.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    grouped
}

/// 5.000 € for whole euros, 1.234,50 € with cents; amounts are held in cents.
pub fn euro_de(cents: i64) -> String {
    let negative = cents < 0;
    let abs = cents.unsigned_abs();
    let euros = abs / 100;
    let rest = abs % 100;
    let grouped = number_de(euros);
    let sign = if negative { "-" } else { "" };
    if rest == 0 {
        format!("{sign}{grouped}\u{a0}€")
    } else {
        format!("{sign}{grouped},{rest:02}\u{a0}€")
    }
}

/// Reads an amount as people type it in Germany: "5000", "5.000", "1.234,50", "12,5 €".
/// `None` when it is not an amount (or has more than two decimals).
pub fn parse_euro_de(input: &str) -> Option<i64> {
    let text: String = input
        .trim()
        .trim_end_matches('€')
        .trim_end_matches("EUR")
        .chars()
        .filter(|c| *c != '\u{a0}' && *c != ' ')
        .collect();
    if text.is_empty() {
        return Some(0);
    }
    let (euros, cents) = text.split_once(',').unwrap_or((text.as_str(), ""));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    // Dots group thousands ("5.000"); "12.50" is not a German amount and is refused.
    let mut groups = euros.split('.');
    let first = groups.next().unwrap_or_default();
    let grouped_well = groups.all(|g| g.len() == 3 && digits(g));
    let euros: String = euros.chars().filter(|c| *c != '.').collect();
    if !grouped_well || !(digits(first) || (euros.is_empty() && digits(cents))) {
        return None;
    }
    if !cents.is_empty() && (!digits(cents) || cents.len() > 2) {
        return None;
    }
    let whole: i64 = if euros.is_empty() {
        0
    } else {
        euros.parse().ok()?
    };
    let cents: i64 = match cents.len() {
        0 => 0,
        1 => cents.parse::<i64>().ok()? * 10,
        _ => cents.parse().ok()?,
    };
    whole.checked_mul(100)?.checked_add(cents)
}

/// The amount for an input field: "1234,50" (no grouping, no sign), "" for nothing.
pub fn euro_input(cents: i64) -> String {
    if cents == 0 {
        String::new()
    } else if cents % 100 == 0 {
        (cents / 100).to_string()
    } else {
        format!("{},{:02}", cents / 100, cents % 100)
    }
}

/// Percent-encodes a value for a query parameter (a path or a link); `/` stays readable.
pub fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_the_german_way() {
        let date = NaiveDate::from_ymd_opt(2022, 4, 13).expect("date");
        assert_eq!(date_de(date), "13.04.2022");
        let time = NaiveTime::from_hms_opt(18, 30, 0).expect("time");
        assert_eq!(time_de(time), "18:30 Uhr");
        assert_eq!(date_time_de(date.and_time(time)), "13.04.2022, 18:30 Uhr");
    }

    #[test]
    fn numbers_grouped_by_thousands() {
        assert_eq!(number_de(0), "0");
        assert_eq!(number_de(999), "999");
        assert_eq!(number_de(1000), "1.000");
        assert_eq!(number_de(16_255), "16.255");
        assert_eq!(number_de(1_234_567), "1.234.567");
    }

    #[test]
    fn parses_iso_and_german_dates() {
        let date = NaiveDate::from_ymd_opt(2021, 4, 13);
        assert_eq!(parse_date("2021-04-13"), date);
        assert_eq!(parse_date(" 13.04.2021 "), date);
        assert_eq!(parse_date("31.02.2021"), None);
        assert_eq!(parse_date("morgen"), None);
    }

    #[test]
    fn amounts_with_thousands_dots_and_decimal_comma() {
        assert_eq!(euro_de(500_000), "5.000\u{a0}€");
        assert_eq!(euro_de(22_600_000), "226.000\u{a0}€");
        assert_eq!(euro_de(123_450), "1.234,50\u{a0}€");
        assert_eq!(euro_de(5), "0,05\u{a0}€");
        assert_eq!(euro_de(-100_000_000), "-1.000.000\u{a0}€");
    }

    #[test]
    fn amounts_are_read_as_typed_in_germany() {
        assert_eq!(parse_euro_de("5000"), Some(500_000));
        assert_eq!(parse_euro_de("5.000 €"), Some(500_000));
        assert_eq!(parse_euro_de("1.234,5"), Some(123_450));
        assert_eq!(parse_euro_de(",50"), Some(50));
        assert_eq!(parse_euro_de(""), Some(0));
        assert_eq!(parse_euro_de("12.50"), None);
        assert_eq!(parse_euro_de("1,234"), None);
        assert_eq!(parse_euro_de("-5"), None);
        assert_eq!(parse_euro_de("zehn"), None);
        assert_eq!(parse_euro_de("99999999999999999999"), None);
        for cents in [0, 5, 123_450, 500_000] {
            assert_eq!(parse_euro_de(&euro_input(cents)), Some(cents));
        }
    }
}
