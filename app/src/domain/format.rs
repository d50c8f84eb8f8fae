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

/// 5.000 € for whole euros, 1.234,50 € with cents; amounts are held in cents.
pub fn euro_de(cents: i64) -> String {
    let negative = cents < 0;
    let abs = cents.unsigned_abs();
    let euros = abs / 100;
    let rest = abs % 100;
    let digits = euros.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if negative { "-" } else { "" };
    if rest == 0 {
        format!("{sign}{grouped}\u{a0}€")
    } else {
        format!("{sign}{grouped},{rest:02}\u{a0}€")
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
}
