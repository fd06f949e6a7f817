//! Dates as readers see them: the one place that turns the model's EDTF dates into words
//! for pages (life spans, Old Style dates, the timeline's year strip and month groups). The
//! dates themselves, their parsing and their full display live in `model::edtf`.

use crate::model::edtf::{is_leap, Date3, Edtf};
use crate::model::Entity;

/// Life dates or event date for display.
pub fn entity_dates(e: &Entity) -> Option<String> {
    match e {
        Entity::Person(p) => match (&p.born, &p.died) {
            (None, None) => None,
            (Some(b), None) => Some(format!("born {}", b.display())),
            (None, Some(d)) => Some(format!("died {}", d.display())),
            (Some(b), Some(d)) => Some(format!("{}–{}", year_display(b), year_display(d))),
        },
        Entity::Event(ev) => ev.date.as_ref().map(|d| d.display()),
        _ => None,
    }
}

/// A date shortened to its year for life spans ("1879", "1890?", "c. 1877").
fn year_display(d: &Edtf) -> String {
    let base = match d.bounds() {
        (Some(a), Some(b)) if a.year == b.year => a.year.to_string(),
        _ => return d.display(),
    };
    match (d.is_approximate(), d.is_uncertain()) {
        (true, true) => format!("c. {base}?"),
        (true, false) => format!("c. {base}"),
        (false, true) => format!("{base}?"),
        (false, false) => base,
    }
}

/// An Old Style date as readers see it after the Gregorian one: "15 February", with the
/// year only when it differs ("25 December 1890" beside 6 January 1891).
pub fn old_style(os: &Edtf, gregorian: Option<&Edtf>) -> String {
    let shown = os.display();
    let same_year = match (os.year_month(), gregorian.and_then(Edtf::year_month)) {
        (Some((a, _)), Some((b, _))) => a == b,
        _ => false,
    };
    if same_year {
        if let Some((year, _)) = os.year_month() {
            if let Some(short) = shown.strip_suffix(&format!(" {year}")) {
                return short.to_string();
            }
        }
    }
    shown
}

/// The number of days in `year`.
pub fn days_in_year(year: i32) -> f64 {
    if is_leap(i64::from(year)) {
        366.0
    } else {
        365.0
    }
}

/// The day of the year of `d`, from 0 (1 January), counting 29 February in leap years.
pub fn day_of_year(d: Date3) -> f64 {
    const CUM: [u16; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let month = usize::from(d.month.clamp(1, 12));
    let leap = u16::from(month > 2 && is_leap(i64::from(d.year)));
    f64::from(CUM[month - 1] + leap) + f64::from(d.day.max(1)) - 1.0
}

/// `s` with its first letter in upper case.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_of_the_year_count_leap_days() {
        let d = |year, month, day| Date3 { year, month, day };
        assert_eq!(day_of_year(d(1927, 1, 1)), 0.0);
        assert_eq!(day_of_year(d(1927, 3, 1)), 59.0);
        assert_eq!(day_of_year(d(1928, 3, 1)), 60.0);
        assert_eq!(day_of_year(d(1928, 12, 31)), 365.0);
        assert_eq!(days_in_year(1928), 366.0);
        assert_eq!(days_in_year(1900), 365.0);
    }

    #[test]
    fn old_style_dates_drop_a_repeated_year() {
        let e = |s: &str| Edtf::parse(s).unwrap();
        assert_eq!(old_style(&e("1886-02-15"), Some(&e("1886-02-27"))), "15 February");
        assert_eq!(old_style(&e("1890-12-25"), Some(&e("1891-01-06"))), "25 December 1890");
    }
}
