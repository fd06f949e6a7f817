//! EDTF dates: parsing, validation, bounds, sorting and human-readable display.
//!
//! Dates in gloss content are written in the Library of Congress
//! [Extended Date/Time Format](https://www.loc.gov/standards/datetime/) (EDTF),
//! levels 0 and 1. This module turns such a string into an [`Edtf`] value,
//! rejects anything invalid with an [`EdtfError`] that points at the byte where
//! the problem is, and answers the questions the rest of gloss asks of a date:
//! which days could it be ([`Edtf::bounds`]), where does it sort
//! ([`Edtf::sort_key`]), which year and month does it belong to on a timeline
//! ([`Edtf::year_month`]) and how should it read in English ([`Edtf::display`]).
//!
//! # Supported syntax
//!
//! | Form | Example | Level |
//! |------|---------|-------|
//! | day, month, year | `1927-11-07`, `1927-11`, `1927` | 0 |
//! | date and time | `1985-04-12T23:20:30`, with `Z`, `+04`, `-04:00` | 0 |
//! | interval | `1964/2008`, `2004-06/2006-08` | 0 |
//! | negative year | `-1985` | 1 |
//! | long year | `Y170000002`, `Y-170000002` | 1 |
//! | season | `2001-21` … `2001-24` | 1 |
//! | qualifier | `1984?`, `2004-06~`, `2004-06-11%` | 1 |
//! | unspecified digits | `201X`, `20XX`, `2004-XX`, `1985-04-XX`, `1985-XX-XX` | 1 |
//! | open / unknown ends | `1985/..`, `../1985`, `1985/`, `/1985` | 1 |
//! | qualified intervals | `1984~/2004-06`, `1984-06-02?/2004-08-08~` | 1 |
//!
//! Level 2 features (qualifiers inside a date such as `2004-06~-11`,
//! partially unspecified months or days, unspecified digits in a year that
//! also has a month, exponential years, sets) are rejected with a message
//! saying so. Leading and trailing whitespace is ignored.
//!
//! # Choices
//!
//! * **Bounds** are whole days in the proleptic Gregorian calendar. A time of
//!   day (and its time zone) does not change them: `1985-04-12T23:20:30-04:00`
//!   is bounded by 12 April 1985 on both sides.
//! * **Seasons** follow the northern hemisphere: 21 spring = March–May,
//!   22 summer = June–August, 23 autumn = September–November, 24 winter =
//!   December of the given year through February of the next.
//! * **Unspecified digits** widen to everything they could be: `192X` is
//!   1920-01-01 to 1929-12-31, `1927-XX` the whole year, `1927-11-XX` the
//!   whole month.
//! * **Qualifiers** (`~` approximate, `?` uncertain, `%` both) do not widen
//!   the bounds: `1927~` is still bounded by 1927. They are reported by
//!   [`Edtf::is_approximate`] and [`Edtf::is_uncertain`] and shown by
//!   [`Edtf::display`]. At level 1 a qualifier applies to the whole date it
//!   follows.
//! * **Open** (`..`) and **unknown** (empty) interval ends have no bound on
//!   that side; both sort as "earliest possible" at the start and "latest
//!   possible" at the end.
//! * **Long years** (`Y170000002`) are supported up to 15 digits. Their bounds
//!   are `None` when the year does not fit in an `i32` (beyond about ±2.1
//!   billion); their sort keys are always exact.
//! * **Years** use astronomical numbering as EDTF does: `0000` is 1 BC and
//!   `-1985` is 1986 BC, which is how [`Edtf::display`] writes them.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why an EDTF string could not be parsed, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EdtfError {
    /// Byte offset into the input string where the problem is, for pointing a
    /// caret at it (equal to the input length when the input ends too early).
    pub offset: usize,
    /// What is wrong, in plain English, with a hint where one helps.
    pub message: String,
}

impl fmt::Display for EdtfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EdtfError {}

/// A calendar day in the proleptic Gregorian calendar, with astronomical year
/// numbering (year 0 is 1 BC).
///
/// Orders chronologically. Displays and serialises as `YYYY-MM-DD`
/// (`-0044-03-15` for a negative year, more digits when the year needs them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date3 {
    /// The year; negative years are before year 0 (1 BC).
    pub year: i32,
    /// The month, 1–12.
    pub month: u8,
    /// The day of the month, 1–31.
    pub day: u8,
}

impl fmt::Display for Date3 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.year < 0 {
            f.write_str("-")?;
        }
        write!(f, "{:04}-{:02}-{:02}", i64::from(self.year).abs(), self.month, self.day)
    }
}

impl Serialize for Date3 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A parsed EDTF date or interval (levels 0 and 1).
///
/// Create one with [`Edtf::parse`] or [`str::parse`]; it displays (with
/// `{}`) and serialises as its canonical EDTF string, and deserialises from a
/// string or from an integer year (`1927`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edtf {
    kind: Kind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    Single(DateValue),
    Interval(End, End),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum End {
    Date(DateValue),
    /// `..`: the interval extends indefinitely on this side.
    Open,
    /// Empty: this end of the interval is not known.
    Unknown,
}

impl End {
    fn date(&self) -> Option<&DateValue> {
        match self {
            End::Date(d) => Some(d),
            End::Open | End::Unknown => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct DateValue {
    /// The year, with unspecified digits as zeros.
    year: i64,
    /// How many trailing year digits are `X` (0–3).
    unspecified_digits: u32,
    /// Written with a `Y` prefix.
    long_year: bool,
    month: MonthPart,
    day: DayPart,
    time: Option<Time>,
    approximate: bool,
    uncertain: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum MonthPart {
    None,
    Unspecified,
    Month(u8),
    Season(u8),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum DayPart {
    None,
    Unspecified,
    Day(u8),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Time {
    hour: u8,
    minute: u8,
    second: u8,
    zone: Option<Zone>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Zone {
    Utc,
    Offset { negative: bool, hours: u8, minutes: Option<u8> },
}

/// How precisely a plain date is known, for choosing a compact display.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Precision {
    Year,
    Season(u8),
    Month(u8),
    Day(u8, u8),
}

/// A day with a wide year, used internally before narrowing to [`Date3`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Ymd {
    year: i64,
    month: u8,
    day: u8,
}

impl Ymd {
    fn to_date3(self) -> Option<Date3> {
        Some(Date3 { year: i32::try_from(self.year).ok()?, month: self.month, day: self.day })
    }

    /// Days since 1970-01-01 (negative before), after H. Hinnant's
    /// `days_from_civil`.
    fn day_number(self) -> i64 {
        let (month, day) = (i64::from(self.month), i64::from(self.day));
        let year = if month <= 2 { self.year - 1 } else { self.year };
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let shifted_month = if month > 2 { month - 3 } else { month + 9 };
        let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const SEASONS: [&str; 4] = ["spring", "summer", "autumn", "winter"];

/// The largest number of digits accepted in a `Y`-prefixed year.
const MAX_LONG_YEAR_DIGITS: usize = 15;

/// Whether `year` is a leap year in the Gregorian calendar.
pub fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The English name of month 1–12.
pub fn month_name(month: u8) -> &'static str {
    MONTHS[usize::from(month.clamp(1, 12) - 1)]
}

fn season_first_month(season: u8) -> u8 {
    match season {
        21 => 3,
        22 => 6,
        23 => 9,
        _ => 12,
    }
}

impl DateValue {
    /// The first and last year this date could fall in (before seasons).
    fn year_range(&self) -> (i64, i64) {
        let span = 10i64.pow(self.unspecified_digits) - 1;
        if self.year < 0 {
            (self.year - span, self.year)
        } else {
            (self.year, self.year + span)
        }
    }

    fn earliest(&self) -> Ymd {
        let (year, _) = self.year_range();
        let (month, day) = match (self.month, self.day) {
            (MonthPart::Month(m), DayPart::Day(d)) => (m, d),
            (MonthPart::Month(m), _) => (m, 1),
            (MonthPart::Season(s), _) => (season_first_month(s), 1),
            (MonthPart::None | MonthPart::Unspecified, _) => (1, 1),
        };
        Ymd { year, month, day }
    }

    fn latest(&self) -> Ymd {
        let (_, year) = self.year_range();
        let (year, month, day) = match (self.month, self.day) {
            (MonthPart::Month(m), DayPart::Day(d)) => (year, m, d),
            (MonthPart::Month(m), _) => (year, m, days_in_month(year, m)),
            (MonthPart::Season(24), _) => (year + 1, 2, days_in_month(year + 1, 2)),
            (MonthPart::Season(s), _) => {
                let last = season_first_month(s) + 2;
                (year, last, days_in_month(year, last))
            }
            (MonthPart::None | MonthPart::Unspecified, _) => (year, 12, 31),
        };
        Ymd { year, month, day }
    }

    /// True when the compact interval forms ("1926–27", "2–19 December
    /// 1927") can be used for this date.
    fn is_plain(&self) -> bool {
        !self.approximate
            && !self.uncertain
            && self.time.is_none()
            && self.unspecified_digits == 0
            && !self.long_year
            && self.year >= 1
    }

    fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (MonthPart::Month(m), DayPart::Day(d)) => Precision::Day(m, d),
            (MonthPart::Month(m), _) => Precision::Month(m),
            (MonthPart::Season(s), _) => Precision::Season(s),
            (MonthPart::None | MonthPart::Unspecified, _) => Precision::Year,
        }
    }

    /// The English form without qualifiers.
    fn human_core(&self) -> String {
        if self.unspecified_digits > 0 {
            if self.year >= 0 {
                return format!("{}s", self.year);
            }
            let (first, last) = self.year_range();
            return join(&human_year(first), &human_year(last));
        }
        let year = human_year(self.year);
        let mut text = match self.precision() {
            Precision::Day(m, d) => format!("{d} {} {year}", month_name(m)),
            Precision::Month(m) => format!("{} {year}", month_name(m)),
            Precision::Season(24) => format!("winter {}", year_span(self.year, self.year + 1)),
            Precision::Season(s) => format!("{} {year}", SEASONS[usize::from(s - 21)]),
            Precision::Year => year,
        };
        if let Some(time) = self.time {
            text.push_str(&format!(", {:02}:{:02}:{:02}", time.hour, time.minute, time.second));
            match time.zone {
                None => {}
                Some(Zone::Utc) => text.push_str(" UTC"),
                Some(zone @ Zone::Offset { .. }) => {
                    text.push_str(" UTC");
                    text.push_str(&zone.to_string());
                }
            }
        }
        text
    }

    /// The English form with qualifiers: "c. May 1928?".
    fn human(&self) -> String {
        let core = self.human_core();
        match (self.approximate, self.uncertain) {
            (true, true) => format!("c. {core}?"),
            (true, false) => format!("c. {core}"),
            (false, true) => format!("{core}?"),
            (false, false) => core,
        }
    }
}

/// A year as EDTF writes it, for error messages: `1927`, `0044`, `-0001`.
fn edtf_year(year: i64) -> String {
    if year < 0 {
        format!("-{:04}", -year)
    } else {
        format!("{year:04}")
    }
}

fn human_year(year: i64) -> String {
    if year <= 0 {
        format!("{} BC", 1 - year)
    } else {
        year.to_string()
    }
}

/// Joins two displayed ends with an en dash, spaced when either end has
/// spaces in it.
fn join(first: &str, last: &str) -> String {
    if first.contains(' ') || last.contains(' ') {
        format!("{first} – {last}")
    } else {
        format!("{first}–{last}")
    }
}

/// "1926–27", "1999–2000", "1900–1901", "45 BC – 44 BC".
fn year_span(first: i64, last: i64) -> String {
    if first == last {
        human_year(first)
    } else if (1000..=9999).contains(&first)
        && (1000..=9999).contains(&last)
        && first < last
        && first / 100 == last / 100
        && first % 100 != 0
    {
        format!("{first}–{:02}", last % 100)
    } else {
        join(&human_year(first), &human_year(last))
    }
}

fn human_span(first: &DateValue, last: &DateValue) -> String {
    if first.is_plain() && last.is_plain() {
        let same_year = first.year == last.year;
        match (first.precision(), last.precision()) {
            (Precision::Year, Precision::Year) => return year_span(first.year, last.year),
            (Precision::Month(m1), Precision::Month(m2)) if same_year => {
                return if m1 == m2 {
                    first.human_core()
                } else {
                    format!("{}–{} {}", month_name(m1), month_name(m2), first.year)
                };
            }
            (Precision::Season(s1), Precision::Season(s2)) if same_year && s1 == s2 => {
                return first.human_core();
            }
            (Precision::Day(m1, d1), Precision::Day(m2, d2)) if same_year => {
                return if m1 == m2 && d1 == d2 {
                    first.human_core()
                } else if m1 == m2 {
                    format!("{d1}–{d2} {} {}", month_name(m1), first.year)
                } else {
                    format!("{d1} {} – {d2} {} {}", month_name(m1), month_name(m2), first.year)
                };
            }
            _ => {}
        }
    }
    join(&first.human(), &last.human())
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Zone::Utc => f.write_str("Z"),
            Zone::Offset { negative, hours, minutes } => {
                write!(f, "{}{hours:02}", if negative { '-' } else { '+' })?;
                match minutes {
                    Some(m) => write!(f, ":{m:02}"),
                    None => Ok(()),
                }
            }
        }
    }
}

impl fmt::Display for DateValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.long_year {
            write!(f, "Y{}", self.year)?;
        } else {
            if self.year < 0 {
                f.write_str("-")?;
            }
            let digits = format!("{:04}", self.year.abs());
            let known = digits.len() - self.unspecified_digits as usize;
            f.write_str(&digits[..known])?;
            for _ in 0..self.unspecified_digits {
                f.write_str("X")?;
            }
        }
        match self.month {
            MonthPart::None => {}
            MonthPart::Unspecified => f.write_str("-XX")?,
            MonthPart::Month(m) | MonthPart::Season(m) => write!(f, "-{m:02}")?,
        }
        match self.day {
            DayPart::None => {}
            DayPart::Unspecified => f.write_str("-XX")?,
            DayPart::Day(d) => write!(f, "-{d:02}")?,
        }
        if let Some(time) = self.time {
            write!(f, "T{:02}:{:02}:{:02}", time.hour, time.minute, time.second)?;
            if let Some(zone) = time.zone {
                write!(f, "{zone}")?;
            }
        }
        match (self.approximate, self.uncertain) {
            (true, true) => f.write_str("%"),
            (true, false) => f.write_str("~"),
            (false, true) => f.write_str("?"),
            (false, false) => Ok(()),
        }
    }
}

impl fmt::Display for End {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            End::Date(d) => write!(f, "{d}"),
            End::Open => f.write_str(".."),
            End::Unknown => Ok(()),
        }
    }
}

impl Edtf {
    /// Parses an EDTF level 0 or level 1 string, such as `1927-11-07`,
    /// `1928-21`, `1927~` or `1927-12-02/1927-12-19`.
    ///
    /// Calendar days are checked (`2019-02-29` is rejected), as is the order
    /// of an interval's ends. Leading and trailing whitespace is ignored; the
    /// error offset still counts bytes from the start of `input`.
    pub fn parse(input: &str) -> Result<Edtf, EdtfError> {
        let trimmed_start = input.trim_start();
        let base = input.len() - trimmed_start.len();
        let text = trimmed_start.trim_end();
        Parser { text, bytes: text.as_bytes(), pos: 0 }.parse().map(|kind| Edtf { kind }).map_err(|mut e| {
            e.offset += base;
            e
        })
    }

    /// The earliest and latest day this date or interval could be.
    ///
    /// An open (`..`) or unknown (empty) interval end gives `None` on that
    /// side, as does a long year (`Y…`) outside the range of `i32`.
    /// Qualifiers do not widen the bounds; unspecified digits and seasons do
    /// (see the module documentation).
    pub fn bounds(&self) -> (Option<Date3>, Option<Date3>) {
        let (first, last) = self.wide_bounds();
        (first.and_then(Ymd::to_date3), last.and_then(Ymd::to_date3))
    }

    fn wide_bounds(&self) -> (Option<Ymd>, Option<Ymd>) {
        match &self.kind {
            Kind::Single(d) => (Some(d.earliest()), Some(d.latest())),
            Kind::Interval(start, end) => (start.date().map(DateValue::earliest), end.date().map(DateValue::latest)),
        }
    }

    /// A key for sorting chronologically: the earliest and latest possible
    /// day, as days since 1970-01-01 (negative before).
    ///
    /// An open or unknown start is `i64::MIN`, so it sorts first; an open or
    /// unknown end is `i64::MAX`, so it sorts last. Unlike [`Edtf::bounds`]
    /// this is exact for every year, however long.
    pub fn sort_key(&self) -> (i64, i64) {
        let (first, last) = self.wide_bounds();
        (first.map_or(i64::MIN, Ymd::day_number), last.map_or(i64::MAX, Ymd::day_number))
    }

    /// The year and month of the earliest bound, for grouping a timeline.
    ///
    /// The month is `Some` only when the date (or the interval's start) is
    /// given to the month or day; a year, an unspecified month (`1927-XX`)
    /// or a season gives `None`, so it groups under the year. `None` overall
    /// when there is no earliest bound (an open or unknown start, or a long
    /// year outside `i32`).
    pub fn year_month(&self) -> Option<(i32, Option<u8>)> {
        let first = match &self.kind {
            Kind::Single(d) => d,
            Kind::Interval(start, _) => start.date()?,
        };
        let year = i32::try_from(first.earliest().year).ok()?;
        let month = match first.month {
            MonthPart::Month(m) => Some(m),
            MonthPart::None | MonthPart::Unspecified | MonthPart::Season(_) => None,
        };
        Some((year, month))
    }

    /// True if any part is marked approximate (`~` or `%`).
    pub fn is_approximate(&self) -> bool {
        self.dates().any(|d| d.approximate)
    }

    /// True if any part is marked uncertain (`?` or `%`).
    pub fn is_uncertain(&self) -> bool {
        self.dates().any(|d| d.uncertain)
    }

    /// True for an interval (`a/b`, including open and unknown ends).
    pub fn is_interval(&self) -> bool {
        matches!(self.kind, Kind::Interval(..))
    }

    fn dates(&self) -> impl Iterator<Item = &DateValue> {
        let (first, second) = match &self.kind {
            Kind::Single(d) => (Some(d), None),
            Kind::Interval(start, end) => (start.date(), end.date()),
        };
        first.into_iter().chain(second)
    }

    /// The date in English for readers.
    ///
    /// Examples: "7 November 1927", "November 1927", "1927", "spring 1928",
    /// "winter 1927–28", "1920s" (`192X`), "1900s" (`19XX`), "1986 BC"
    /// (`-1985`), "c. May 1928" (`~`), "May 1928?" (`?`), "c. May 1928?"
    /// (`%`), "1926–27", "June–August 2004", "2–19 December 1927",
    /// "30 November – 2 December 1927", "June 2004 – August 2006",
    /// "before March 1929" (`../1929-03` and `/1929-03`), "after 1928"
    /// (`1928/..`) and "1928 – unknown end" (`1928/`).
    pub fn display(&self) -> String {
        match &self.kind {
            Kind::Single(d) => d.human(),
            Kind::Interval(End::Date(first), End::Date(last)) => human_span(first, last),
            Kind::Interval(_, End::Date(last)) => format!("before {}", last.human()),
            Kind::Interval(End::Date(first), End::Open) => format!("after {}", first.human()),
            Kind::Interval(End::Date(first), End::Unknown) => {
                format!("{} – unknown end", first.human())
            }
            // The parser never builds an interval without a date.
            Kind::Interval(_, _) => "unknown".to_string(),
        }
    }
}

impl FromStr for Edtf {
    type Err = EdtfError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Edtf::parse(s)
    }
}

impl fmt::Display for Edtf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Single(d) => write!(f, "{d}"),
            Kind::Interval(start, end) => write!(f, "{start}/{end}"),
        }
    }
}

impl Serialize for Edtf {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Edtf {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(EdtfVisitor)
    }
}

struct EdtfVisitor;

impl EdtfVisitor {
    fn year<E: de::Error>(year: i128) -> Result<Edtf, E> {
        let text = if (0..=9999).contains(&year) {
            format!("{year:04}")
        } else if (-9999..0).contains(&year) {
            format!("-{:04}", -year)
        } else {
            format!("Y{year}")
        };
        Edtf::parse(&text).map_err(|e| E::custom(e.message))
    }
}

/// How a deserialisation error from an invalid date starts; loaders recognise it to point
/// at the exact character.
pub const DESERIALIZE_PREFIX: &str = "invalid EDTF date ";

impl<'de> Visitor<'de> for EdtfVisitor {
    type Value = Edtf;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an EDTF date such as 1927-11-07, 1927~ or 1927/1928")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Edtf, E> {
        Edtf::parse(v).map_err(|e| {
            E::custom(format!(
                "{DESERIALIZE_PREFIX}{v:?} (at character {}): {}",
                v[..e.offset.min(v.len())].chars().count() + 1,
                e.message
            ))
        })
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Edtf, E> {
        Self::year(i128::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Edtf, E> {
        Self::year(i128::from(v))
    }
}

/// A hand-written recursive-descent parser over the trimmed input.
struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_at(&self, at: usize) -> Option<u8> {
        self.bytes.get(at).copied()
    }

    fn error(&self, offset: usize, message: impl Into<String>) -> EdtfError {
        EdtfError { offset, message: message.into() }
    }

    /// Describes what is at `at`, for "found …" in messages.
    fn found(&self, at: usize) -> String {
        match self.text.get(at..).and_then(|rest| rest.chars().next()) {
            None => "the end of the date".to_string(),
            Some(c) => format!("'{c}'"),
        }
    }

    fn parse(mut self) -> Result<Kind, EdtfError> {
        if self.bytes.is_empty() {
            return Err(
                self.error(0, "empty date: expected an EDTF date such as 1927, 1927-11, 1927-11-07 or 1927/1928")
            );
        }
        let start_at = self.pos;
        let start = self.parse_end()?;
        if self.peek().is_none() {
            return match start {
                End::Date(d) => Ok(Kind::Single(d)),
                End::Open | End::Unknown => {
                    Err(self.error(self.pos, "expected '/' after '..': an open start needs an end date, e.g. ../1929"))
                }
            };
        }
        if self.peek() != Some(b'/') {
            let message = match self.peek() {
                Some(b'?' | b'~' | b'%') => format!(
                    "unexpected {}: only one qualifier is allowed; use % for approximate and uncertain together",
                    self.found(self.pos)
                ),
                Some(b'-') if matches!(start, End::Date(d) if d.approximate || d.uncertain) => {
                    "qualifiers inside a date (EDTF level 2) are not supported: put one qualifier at the end, e.g. 2004-06-11~".to_string()
                }
                _ => format!(
                    "expected '/' (to make an interval) or the end of the date, found {}",
                    self.found(self.pos)
                ),
            };
            return Err(self.error(self.pos, message));
        }
        self.pos += 1;
        let end_at = self.pos;
        let end = if self.peek().is_none() { End::Unknown } else { self.parse_end()? };
        if self.peek().is_some() {
            return Err(
                self.error(self.pos, format!("expected the end of the interval, found {}", self.found(self.pos)))
            );
        }
        match (start, end) {
            (End::Date(first), End::Date(last)) => {
                if first.earliest().day_number() > last.latest().day_number() {
                    return Err(self.error(
                        end_at,
                        format!(
                            "the interval ends ({}) before it starts ({}); write the earlier date first",
                            &self.text[end_at..],
                            &self.text[start_at..end_at - 1]
                        ),
                    ));
                }
            }
            (End::Date(_), _) | (_, End::Date(_)) => {}
            _ => {
                return Err(self.error(start_at, "an interval needs at least one date, e.g. 1928/.., ../1929 or /1929"))
            }
        }
        Ok(Kind::Interval(start, end))
    }

    /// One side of a (possible) interval: `..`, nothing, or a date.
    fn parse_end(&mut self) -> Result<End, EdtfError> {
        match self.peek() {
            Some(b'/') => Ok(End::Unknown),
            Some(b'.') => {
                if self.peek_at(self.pos + 1) == Some(b'.') {
                    self.pos += 2;
                    Ok(End::Open)
                } else {
                    Err(self.error(self.pos, "expected '..' for an open interval end, e.g. 1928/.."))
                }
            }
            _ => self.parse_date().map(End::Date),
        }
    }

    fn parse_date(&mut self) -> Result<DateValue, EdtfError> {
        if let Some(b'?' | b'~' | b'%') = self.peek() {
            return Err(self.error(self.pos, "a qualifier goes after the date, e.g. 1927~ rather than ~1927"));
        }
        let (year, unspecified_digits, long_year) = self.parse_year()?;
        let mut date = DateValue {
            year,
            unspecified_digits,
            long_year,
            month: MonthPart::None,
            day: DayPart::None,
            time: None,
            approximate: false,
            uncertain: false,
        };
        if self.peek() == Some(b'-') {
            if long_year {
                return Err(self.error(self.pos, "a Y-prefixed year cannot have a month or day"));
            }
            if unspecified_digits > 0 {
                return Err(self.error(
                    self.pos,
                    "a year with unspecified digits (like 192X) cannot have a month or day in EDTF level 1",
                ));
            }
            self.pos += 1;
            date.month = self.parse_month()?;
            if self.peek() == Some(b'-') {
                self.pos += 1;
                date.day = self.parse_day(year, date.month)?;
            }
        }
        if self.peek() == Some(b'T') {
            if !matches!(date.day, DayPart::Day(_)) {
                return Err(
                    self.error(self.pos, "a time needs a complete date with a known day, e.g. 1985-04-12T23:20:30")
                );
            }
            self.pos += 1;
            date.time = Some(self.parse_time()?);
        }
        match self.peek() {
            Some(b'?' | b'~' | b'%') if date.time.is_some() => {
                return Err(self.error(self.pos, "a date with a time cannot take a qualifier (~ ? %)"));
            }
            Some(b'?') => date.uncertain = true,
            Some(b'~') => date.approximate = true,
            Some(b'%') => (date.approximate, date.uncertain) = (true, true),
            _ => return Ok(date),
        }
        self.pos += 1;
        Ok(date)
    }

    /// Reads a run of digits (and `X` when allowed), returning where it
    /// starts.
    fn take_digits(&mut self, allow_x: bool) -> (usize, &'a str) {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_ascii_digit() || (allow_x && c == b'X') {
                self.pos += 1;
            } else {
                break;
            }
        }
        (start, &self.text[start..self.pos])
    }

    /// Points at a lowercase `x` where a short run of digits stops.
    fn check_lowercase_x(&self, width: usize, run: &str) -> Result<(), EdtfError> {
        if run.len() < width && self.peek() == Some(b'x') {
            Err(self.error(self.pos, "use an uppercase 'X' for an unspecified digit"))
        } else {
            Ok(())
        }
    }

    fn parse_year(&mut self) -> Result<(i64, u32, bool), EdtfError> {
        let start = self.pos;
        match self.peek() {
            Some(b'Y') => return self.parse_long_year(),
            Some(b'y') => return Err(self.error(start, "use an uppercase 'Y' for a long year, e.g. Y170000002")),
            _ => {}
        }
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let (digits_at, run) = self.take_digits(true);
        self.check_lowercase_x(4, run)?;
        if run.is_empty() {
            return Err(self.error(
                digits_at,
                format!("expected a four-digit year such as 1927, found {}", self.found(digits_at)),
            ));
        }
        if run.len() < 4 {
            return Err(self.error(start, format!("a year needs four digits (like 0019 or 1927), found '{run}'")));
        }
        if run.len() > 4 {
            return Err(self.error(
                start,
                format!(
                    "a year needs four digits, found '{run}'; years with more than four digits are written with a Y prefix, e.g. Y{run}"
                ),
            ));
        }
        let unspecified_digits = run.bytes().filter(|&c| c == b'X').count() as u32;
        if let Some(first_x) = run.find('X') {
            if let Some(i) = run[first_x..].find(|c: char| c.is_ascii_digit()) {
                return Err(self.error(
                    digits_at + first_x + i,
                    "unspecified digits (X) must come at the end of the year, e.g. 19XX",
                ));
            }
            if first_x == 0 {
                return Err(self.error(
                    digits_at,
                    "a completely unspecified year (XXXX) is not supported; give at least the first digit",
                ));
            }
        }
        // Unspecified digits count as zeros.
        let value = run.bytes().fold(0i64, |acc, c| acc * 10 + if c == b'X' { 0 } else { i64::from(c - b'0') });
        if negative && value == 0 {
            return Err(self.error(start, "year zero has no sign: write 0000 (1 BC) or -0001 (2 BC)"));
        }
        Ok((if negative { -value } else { value }, unspecified_digits, false))
    }

    fn parse_long_year(&mut self) -> Result<(i64, u32, bool), EdtfError> {
        let start = self.pos;
        self.pos += 1;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let (digits_at, run) = self.take_digits(false);
        if run.is_empty() {
            return Err(self.error(
                digits_at,
                format!(
                    "expected the digits of a long year after 'Y', e.g. Y170000002, found {}",
                    self.found(digits_at)
                ),
            ));
        }
        if let Some(b'E' | b'S' | b'X') = self.peek() {
            return Err(self.error(
                self.pos,
                "exponents, significant digits and unspecified digits in long years are EDTF level 2 and not supported",
            ));
        }
        if run.starts_with('0') {
            return Err(self.error(digits_at, "a long year cannot start with 0"));
        }
        if run.len() > MAX_LONG_YEAR_DIGITS {
            return Err(self.error(digits_at, format!("long years are supported up to {MAX_LONG_YEAR_DIGITS} digits")));
        }
        if run.len() <= 4 {
            let sign = if negative { "-" } else { "" };
            return Err(self.error(
                start,
                format!("the Y prefix is only for years with more than four digits; write {sign}{:0>4}", run),
            ));
        }
        let value = run.bytes().fold(0i64, |acc, c| acc * 10 + i64::from(c - b'0'));
        Ok((if negative { -value } else { value }, 0, true))
    }

    fn parse_month(&mut self) -> Result<MonthPart, EdtfError> {
        let (start, run) = self.take_digits(true);
        self.check_lowercase_x(2, run)?;
        if run.is_empty() {
            return Err(self.error(
                start,
                format!("expected a two-digit month (01–12) or season (21–24) after '-', found {}", self.found(start)),
            ));
        }
        if run == "XX" {
            return Ok(MonthPart::Unspecified);
        }
        if run.contains('X') {
            return Err(self.error(
                start,
                format!("a month is two digits or XX, found '{run}' (partly unspecified months are EDTF level 2)"),
            ));
        }
        if run.len() != 2 {
            return Err(self.error(start, format!("a month needs two digits (like 04), found '{run}'")));
        }
        let month: u8 = run.parse().unwrap_or(0);
        match month {
            1..=12 => Ok(MonthPart::Month(month)),
            21..=24 => Ok(MonthPart::Season(month)),
            _ => Err(self.error(start, format!("month {run} is not valid: months are 01–12, seasons 21–24"))),
        }
    }

    fn parse_day(&mut self, year: i64, month: MonthPart) -> Result<DayPart, EdtfError> {
        let (start, run) = self.take_digits(true);
        if let MonthPart::Season(_) = month {
            return Err(self.error(start, "a season (21–24) cannot have a day"));
        }
        self.check_lowercase_x(2, run)?;
        if run.is_empty() {
            return Err(self.error(start, format!("expected a two-digit day after '-', found {}", self.found(start))));
        }
        if run == "XX" {
            return Ok(DayPart::Unspecified);
        }
        if month == MonthPart::Unspecified {
            return Err(self.error(start, "when the month is unspecified (XX) the day must be XX too"));
        }
        if run.contains('X') {
            return Err(self.error(
                start,
                format!("a day is two digits or XX, found '{run}' (partly unspecified days are EDTF level 2)"),
            ));
        }
        if run.len() != 2 {
            return Err(self.error(start, format!("a day needs two digits (like 07), found '{run}'")));
        }
        let day: u8 = run.parse().unwrap_or(0);
        if !(1..=31).contains(&day) {
            return Err(self.error(start, format!("day {run} is not valid: days are 01–31")));
        }
        if let MonthPart::Month(m) = month {
            if day > days_in_month(year, m) {
                let year = edtf_year(year);
                let leap_hint =
                    if m == 2 && day == 29 { format!(" ({year} is not a leap year)") } else { String::new() };
                return Err(
                    self.error(start, format!("day {day} does not exist in {} {year}{leap_hint}", month_name(m)))
                );
            }
        }
        Ok(DayPart::Day(day))
    }

    /// Two ASCII digits, for the parts of a time.
    fn two_digits(&mut self, what: &str) -> Result<(usize, u8), EdtfError> {
        let start = self.pos;
        match (self.peek(), self.peek_at(start + 1)) {
            (Some(a), Some(b)) if a.is_ascii_digit() && b.is_ascii_digit() => {
                self.pos += 2;
                Ok((start, (a - b'0') * 10 + (b - b'0')))
            }
            _ => Err(self.error(start, format!("expected a two-digit {what}, found {}", self.found(start)))),
        }
    }

    fn expect_colon(&mut self, between: &str) -> Result<(), EdtfError> {
        if self.peek() == Some(b':') {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(self.pos, format!("expected ':' between {between}, found {}", self.found(self.pos))))
        }
    }

    fn parse_time(&mut self) -> Result<Time, EdtfError> {
        let (at, hour) = self.two_digits("hour after 'T'")?;
        if hour > 23 {
            return Err(self.error(at, format!("hour {hour:02} is not valid: hours are 00–23")));
        }
        self.expect_colon("hour and minute (hh:mm:ss)")?;
        let (at, minute) = self.two_digits("minute")?;
        if minute > 59 {
            return Err(self.error(at, format!("minute {minute:02} is not valid: minutes are 00–59")));
        }
        self.expect_colon("minute and second (hh:mm:ss)")?;
        let (at, second) = self.two_digits("second")?;
        if second > 60 {
            return Err(
                self.error(at, format!("second {second:02} is not valid: seconds are 00–59 (60 for a leap second)"))
            );
        }
        let zone = match self.peek() {
            Some(b'Z') => {
                self.pos += 1;
                Some(Zone::Utc)
            }
            Some(sign @ (b'+' | b'-')) => {
                self.pos += 1;
                let (at, hours) = self.two_digits("time zone hour")?;
                if hours > 23 {
                    return Err(self.error(at, format!("time zone hour {hours:02} is not valid: hours are 00–23")));
                }
                let minutes = if self.peek() == Some(b':') {
                    self.pos += 1;
                    let (at, minutes) = self.two_digits("time zone minute")?;
                    if minutes > 59 {
                        return Err(
                            self.error(at, format!("time zone minute {minutes:02} is not valid: minutes are 00–59"))
                        );
                    }
                    Some(minutes)
                } else {
                    None
                };
                Some(Zone::Offset { negative: sign == b'-', hours, minutes })
            }
            Some(b'.' | b',') => return Err(self.error(self.pos, "fractional seconds are not supported")),
            _ => None,
        };
        if let Some(c) = self.peek() {
            if c.is_ascii_digit() {
                return Err(self.error(self.pos, "write a time zone offset as ±hh:mm, e.g. -04:00"));
            }
        }
        Ok(Time { hour, minute, second, zone })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `input`, checks it round-trips through `Display`, and checks
    /// its bounds (as `YYYY-MM-DD` strings, `None` for no bound).
    fn check(input: &str, earliest: Option<&str>, latest: Option<&str>) -> Edtf {
        let edtf = Edtf::parse(input).unwrap_or_else(|e| panic!("{input:?} should parse, got {e} at {}", e.offset));
        assert_eq!(edtf.to_string(), input, "round trip of {input:?}");
        let (first, last) = edtf.bounds();
        assert_eq!(first.map(|d| d.to_string()).as_deref(), earliest, "earliest bound of {input:?}");
        assert_eq!(last.map(|d| d.to_string()).as_deref(), latest, "latest bound of {input:?}");
        edtf
    }

    fn both(input: &str, earliest: &str, latest: &str) -> Edtf {
        check(input, Some(earliest), Some(latest))
    }

    fn reject(input: &str, offset: usize, fragment: &str) {
        match Edtf::parse(input) {
            Ok(e) => panic!("{input:?} should be rejected, parsed as {e:?}"),
            Err(e) => {
                assert_eq!(e.offset, offset, "offset for {input:?}: {}", e.message);
                assert!(
                    e.message.contains(fragment),
                    "message for {input:?} should contain {fragment:?}: {}",
                    e.message
                );
            }
        }
    }

    fn human(input: &str) -> String {
        Edtf::parse(input).unwrap().display()
    }

    // Level 0 examples from the Library of Congress specification.

    /// The examples of the Library of Congress specification (levels 0 and 1) and more:
    /// each parses, writes itself back unchanged, and has the bounds given.
    #[test]
    fn examples_parse_with_their_bounds() {
        for (input, earliest, latest) in [
            ("1985-04-12", "1985-04-12", "1985-04-12"),
            ("1985-04", "1985-04-01", "1985-04-30"),
            ("1985", "1985-01-01", "1985-12-31"),
            ("2000-02-29", "2000-02-29", "2000-02-29"),
            ("0000", "0000-01-01", "0000-12-31"),
            ("1985-04-12T23:20:30", "1985-04-12", "1985-04-12"),
            ("1985-04-12T23:20:30Z", "1985-04-12", "1985-04-12"),
            ("1985-04-12T23:20:30-04", "1985-04-12", "1985-04-12"),
            ("1985-04-12T23:20:30+04:30", "1985-04-12", "1985-04-12"),
            ("1985-04-12T23:20:30-04:00", "1985-04-12", "1985-04-12"),
            ("1964/2008", "1964-01-01", "2008-12-31"),
            ("2004-06/2006-08", "2004-06-01", "2006-08-31"),
            ("2004-02-01/2005-02-08", "2004-02-01", "2005-02-08"),
            ("2004-02-01/2005-02", "2004-02-01", "2005-02-28"),
            ("2004-02-01/2005", "2004-02-01", "2005-12-31"),
            ("2005/2006-02", "2005-01-01", "2006-02-28"),
            ("Y170000002", "170000002-01-01", "170000002-12-31"),
            ("Y-170000002", "-170000002-01-01", "-170000002-12-31"),
            ("2001-21", "2001-03-01", "2001-05-31"),
            ("2001-22", "2001-06-01", "2001-08-31"),
            ("2001-23", "2001-09-01", "2001-11-30"),
            ("2001-24", "2001-12-01", "2002-02-28"),
            ("2003-24", "2003-12-01", "2004-02-29"),
            ("201X", "2010-01-01", "2019-12-31"),
            ("20XX", "2000-01-01", "2099-12-31"),
            ("192X", "1920-01-01", "1929-12-31"),
            ("1XXX", "1000-01-01", "1999-12-31"),
            ("2004-XX", "2004-01-01", "2004-12-31"),
            ("1985-04-XX", "1985-04-01", "1985-04-30"),
            ("1985-XX-XX", "1985-01-01", "1985-12-31"),
            ("2016-02-XX", "2016-02-01", "2016-02-29"),
            ("-198X", "-1989-01-01", "-1980-12-31"),
            ("1984~/2004~", "1984-01-01", "2004-12-31"),
            ("-1985", "-1985-01-01", "-1985-12-31"),
            ("-0044-03-15", "-0044-03-15", "-0044-03-15"),
        ] {
            both(input, earliest, latest);
        }
    }

    #[test]
    fn level0_date_times() {
        let e = Edtf::parse("1985-04-12T23:20:30Z").unwrap();
        assert!(!e.is_interval() && !e.is_approximate() && !e.is_uncertain());
    }

    #[test]
    fn level0_intervals() {
        assert!(Edtf::parse("1964/2008").unwrap().is_interval());
    }

    // Level 1 examples from the Library of Congress specification.

    #[test]
    fn level1_long_years() {
        // Beyond i32: no bounds, but an exact sort key.
        let far = check("Y17000000000", None, None);
        let near = Edtf::parse("Y170000002").unwrap();
        assert!(far.sort_key() > near.sort_key());
        assert_eq!(far.year_month(), None);
    }

    #[test]
    fn level1_qualifiers() {
        let e = both("1984?", "1984-01-01", "1984-12-31");
        assert!(e.is_uncertain() && !e.is_approximate());
        let e = both("2004-06~", "2004-06-01", "2004-06-30");
        assert!(e.is_approximate() && !e.is_uncertain());
        let e = both("2004-06-11%", "2004-06-11", "2004-06-11");
        assert!(e.is_approximate() && e.is_uncertain());
        let e = both("1927-11-07~", "1927-11-07", "1927-11-07");
        assert!(e.is_approximate());
    }

    #[test]
    fn level1_open_ends() {
        check("1985-04-12/..", Some("1985-04-12"), None);
        check("1985-04/..", Some("1985-04-01"), None);
        check("1985/..", Some("1985-01-01"), None);
        check("../1985-04-12", None, Some("1985-04-12"));
        check("../1985-04", None, Some("1985-04-30"));
        check("../1985", None, Some("1985-12-31"));
    }

    #[test]
    fn level1_unknown_ends() {
        check("1985-04-12/", Some("1985-04-12"), None);
        check("1985-04/", Some("1985-04-01"), None);
        check("1985/", Some("1985-01-01"), None);
        check("/1985-04-12", None, Some("1985-04-12"));
        check("/1985-04", None, Some("1985-04-30"));
        check("/1985", None, Some("1985-12-31"));
        assert!(Edtf::parse("/1985").unwrap().is_interval());
    }

    #[test]
    fn level1_qualified_intervals() {
        let e = both("1984~/2004-06", "1984-01-01", "2004-06-30");
        assert!(e.is_approximate() && !e.is_uncertain());
        let e = both("1984/2004-06~", "1984-01-01", "2004-06-30");
        assert!(e.is_approximate() && !e.is_uncertain());
        let e = both("1984?/2004%", "1984-01-01", "2004-12-31");
        assert!(e.is_approximate() && e.is_uncertain());
        let e = both("1984-06?/2004-08?", "1984-06-01", "2004-08-31");
        assert!(e.is_uncertain() && !e.is_approximate());
        let e = both("1984-06-02?/2004-08-08~", "1984-06-02", "2004-08-08");
        assert!(e.is_approximate() && e.is_uncertain());
        let e = check("1984-06-02?/", Some("1984-06-02"), None);
        assert!(e.is_uncertain());
    }

    #[test]
    fn level1_negative_year() {
        both("0000-02-29", "0000-02-29", "0000-02-29"); // 1 BC was a leap year
        both("-0004-02-29", "-0004-02-29", "-0004-02-29"); // so was 5 BC
        reject("-0001-02-29", 9, "-0001 is not a leap year");
    }

    #[test]
    fn whitespace_is_trimmed_but_offsets_count_it() {
        let e = Edtf::parse("  1927-11 ").unwrap();
        assert_eq!(e.to_string(), "1927-11");
        reject("  1927-13", 7, "month 13");
    }

    // Invalid input.

    /// Invalid dates, malformed text and level 2 features: refused at the offset given, with
    /// a message containing the words given.
    #[test]
    fn rejects_invalid_and_malformed_input() {
        for (input, offset, words) in [
            ("2016-02-30", 8, "day 30 does not exist in February 2016"),
            ("2019-02-29", 8, "2019 is not a leap year"),
            ("1900-02-29", 8, "1900 is not a leap year"),
            ("1927-04-31", 8, "day 31 does not exist in April 1927"),
            ("1927-13", 5, "month 13 is not valid: months are 01–12, seasons 21–24"),
            ("1927-00", 5, "month 00 is not valid"),
            ("1927-25", 5, "seasons 21–24"),
            ("1927-11-00", 8, "day 00 is not valid"),
            ("1927-11-32", 8, "day 32 is not valid"),
            ("19", 0, "four digits"),
            ("19270", 0, "Y prefix"),
            ("1927-1-1", 5, "two digits"),
            ("1927-11-7", 8, "two digits"),
            ("1928/1927", 5, "before it starts"),
            ("1927-12-19/1927-12-02", 11, "before it starts"),
            ("", 0, "empty"),
            ("   ", 3, "empty"),
            ("abc", 0, "four-digit year"),
            ("1985-04-12T25:00:00", 11, "hour 25"),
            ("1985-04-12T23:61:00", 14, "minute 61"),
            ("1985-04-12T23:20", 16, "expected ':'"),
            ("1985-04-12T23:20:30+0400", 22, "±hh:mm"),
            ("1985-04T23:20:30", 7, "complete date"),
            ("1985-04-12T23:20:30~", 19, "qualifier"),
            ("1927 1928", 4, "expected '/'"),
            ("1927-11-07x", 10, "expected '/'"),
            ("1927/1928/1929", 9, "end of the interval"),
            ("1927?~", 5, "only one qualifier"),
            ("2004-06~-11", 8, "level 2"),
            ("~1927", 0, "after the date"),
            ("192x", 3, "uppercase 'X'"),
            ("x927", 0, "uppercase 'X'"),
            ("1927-1x", 6, "uppercase 'X'"),
            ("1927-11-xx", 8, "uppercase 'X'"),
            ("1X2X", 2, "end of the year"),
            ("XXXX", 0, "completely unspecified"),
            ("192X-04", 4, "unspecified digits"),
            ("1985-1X", 5, "level 2"),
            ("1985-04-1X", 8, "level 2"),
            ("1985-XX-12", 8, "day must be XX"),
            ("2001-21-05", 8, "season"),
            ("-0000", 0, "year zero"),
            ("Y1985", 0, "write 1985"),
            ("Y-17E7", 4, "level 2"),
            ("Y0170000002", 1, "start with 0"),
            ("Y1234567890123456", 1, "15 digits"),
            ("Y170000002-01", 10, "cannot have a month"),
            ("..", 2, "expected '/'"),
            ("../..", 0, "at least one date"),
            ("/", 0, "at least one date"),
            ("../", 0, "at least one date"),
            ("1985/.", 5, "'..'"),
            ("1985/../1986", 7, "end of the interval"),
        ] {
            reject(input, offset, words);
        }
    }

    #[test]
    fn error_display_is_the_message() {
        let e = Edtf::parse("1927-13").unwrap_err();
        assert_eq!(e.to_string(), e.message);
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert!(boxed.to_string().starts_with("month 13"));
    }

    #[test]
    fn never_panics_and_round_trips() {
        // Every string of up to five characters over an alphabet of EDTF
        // pieces (and one multi-byte character) either fails cleanly, with an
        // offset inside the input, or parses to a value that displays as the
        // input again.
        let alphabet = ['0', '1', '2', '9', '-', 'X', '/', '.', '?', '%', 'T', 'Y', 'é'];
        let mut inputs = vec![String::new()];
        for _ in 0..5 {
            let mut longer = Vec::new();
            for prefix in &inputs {
                for c in alphabet {
                    let mut s = prefix.clone();
                    s.push(c);
                    longer.push(s);
                }
            }
            for input in &longer {
                match Edtf::parse(input) {
                    Ok(e) => {
                        assert_eq!(e.to_string(), *input);
                        let _ = (e.display(), e.sort_key(), e.year_month());
                    }
                    Err(e) => assert!(e.offset <= input.len(), "{input:?}: {e:?}"),
                }
            }
            inputs = longer;
        }
    }

    // Human display.

    /// Every form of date as readers see it: single dates, intervals, open and unknown ends.
    #[test]
    fn human_display_of_every_form() {
        for (input, shown) in [
            ("1927-11-07", "7 November 1927"),
            ("1927-11", "November 1927"),
            ("1927", "1927"),
            ("1928-05~", "c. May 1928"),
            ("1928-05?", "May 1928?"),
            ("1928-05%", "c. May 1928?"),
            ("1927-11-07~", "c. 7 November 1927"),
            ("1928-21", "spring 1928"),
            ("1928-22", "summer 1928"),
            ("1928-23", "autumn 1928"),
            ("1927-24", "winter 1927–28"),
            ("1999-24", "winter 1999–2000"),
            ("192X", "1920s"),
            ("19XX", "1900s"),
            ("1927-XX", "1927"),
            ("1927-11-XX", "November 1927"),
            ("-1985", "1986 BC"),
            ("0000", "1 BC"),
            ("Y170000002", "170000002"),
            ("1985-04-12T23:20:30", "12 April 1985, 23:20:30"),
            ("1985-04-12T23:20:30Z", "12 April 1985, 23:20:30 UTC"),
            ("1985-04-12T23:20:30-04:00", "12 April 1985, 23:20:30 UTC-04:00"),
            ("1926/1927", "1926–27"),
            ("1964/2008", "1964–2008"),
            ("1900/1901", "1900–1901"),
            ("1927/1927", "1927"),
            ("1927-12-02/1927-12-19", "2–19 December 1927"),
            ("1927-11-30/1927-12-02", "30 November – 2 December 1927"),
            ("2004-06/2004-08", "June–August 2004"),
            ("2004-06/2006-08", "June 2004 – August 2006"),
            ("2004-02-01/2005-02-08", "1 February 2004 – 8 February 2005"),
            ("2005/2006-02", "2005 – February 2006"),
            ("1984~/2004-06", "c. 1984 – June 2004"),
            ("1984?/2004%", "1984? – c. 2004?"),
            ("1926~/1927", "c. 1926 – 1927"),
            ("1926?/1927", "1926?–1927"),
            ("../1929-03", "before March 1929"),
            ("/1929-03", "before March 1929"),
            ("1928/..", "after 1928"),
            ("1928/", "1928 – unknown end"),
            ("1984-06-02?/", "2 June 1984? – unknown end"),
        ] {
            assert_eq!(human(input), shown, "{input}");
        }
    }

    // Sorting and grouping.

    #[test]
    fn sort_keys() {
        assert_eq!(Edtf::parse("1970-01-01").unwrap().sort_key(), (0, 0));
        assert_eq!(Edtf::parse("1970").unwrap().sort_key(), (0, 364));
        assert_eq!(Edtf::parse("1969-12-31").unwrap().sort_key(), (-1, -1));
        assert_eq!(Edtf::parse("2000-03-01").unwrap().sort_key().0, 11_017);
        assert_eq!(Edtf::parse("../1985").unwrap().sort_key().0, i64::MIN);
        assert_eq!(Edtf::parse("/1985").unwrap().sort_key().0, i64::MIN);
        assert_eq!(Edtf::parse("1985/..").unwrap().sort_key().1, i64::MAX);
        assert_eq!(Edtf::parse("1985/").unwrap().sort_key().1, i64::MAX);

        let mut dates: Vec<Edtf> = ["1928", "1927-11-07", "../1927", "-0044", "1927-11", "1927", "1927/.."]
            .iter()
            .map(|s| Edtf::parse(s).unwrap())
            .collect();
        dates.sort_by_key(Edtf::sort_key);
        let order: Vec<String> = dates.iter().map(Edtf::to_string).collect();
        assert_eq!(order, ["../1927", "-0044", "1927", "1927/..", "1927-11", "1927-11-07", "1928"]);
    }

    #[test]
    fn day_numbers_agree_with_the_calendar() {
        // Consecutive days across several centuries have consecutive numbers.
        let mut previous = Ymd { year: -401, month: 12, day: 31 }.day_number();
        for year in -400..=2100 {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    let n = Ymd { year, month, day }.day_number();
                    assert_eq!(n, previous + 1, "{year}-{month}-{day}");
                    previous = n;
                }
            }
        }
    }

    #[test]
    fn year_month_grouping() {
        let ym = |s: &str| Edtf::parse(s).unwrap().year_month();
        assert_eq!(ym("1927-11-07"), Some((1927, Some(11))));
        assert_eq!(ym("1927-11"), Some((1927, Some(11))));
        assert_eq!(ym("1927"), Some((1927, None)));
        assert_eq!(ym("1927-XX"), Some((1927, None)));
        assert_eq!(ym("1928-21"), Some((1928, None)));
        assert_eq!(ym("192X"), Some((1920, None)));
        assert_eq!(ym("1927-12-02/1928-01"), Some((1927, Some(12))));
        assert_eq!(ym("1928-01/.."), Some((1928, Some(1))));
        assert_eq!(ym("../1929-02"), None);
        assert_eq!(ym("/1929-02"), None);
        assert_eq!(ym("-1985"), Some((-1985, None)));
    }

    #[test]
    fn date3_formats_and_orders() {
        let a = Date3 { year: -44, month: 3, day: 15 };
        let b = Date3 { year: 1927, month: 11, day: 7 };
        let c = Date3 { year: 1927, month: 12, day: 1 };
        assert!(a < b && b < c);
        assert_eq!(a.to_string(), "-0044-03-15");
        assert_eq!(serde_json::to_string(&b).unwrap(), "\"1927-11-07\"");
    }

    // Serde.

    #[test]
    fn serde_round_trip_as_string() {
        let e = Edtf::parse("1927-12-02/1927-12-19").unwrap();
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(json, "\"1927-12-02/1927-12-19\"");
        let back: Edtf = serde_json::from_str(&json).unwrap();
        assert_eq!(back, e);
    }

    #[test]
    fn serde_accepts_integer_years() {
        let e: Edtf = serde_yaml::from_str("1927").unwrap();
        assert_eq!(e.to_string(), "1927");
        let e: Edtf = serde_yaml::from_str("-44").unwrap();
        assert_eq!(e.to_string(), "-0044");
        let e: Edtf = serde_json::from_str("850").unwrap();
        assert_eq!(e.to_string(), "0850");
        let e: Edtf = serde_json::from_str("170000002").unwrap();
        assert_eq!(e.to_string(), "Y170000002");
    }

    #[test]
    fn serde_yaml_fields() {
        #[derive(Deserialize)]
        struct Person {
            born: Edtf,
            died: Option<Edtf>,
            active: Edtf,
        }
        let p: Person = serde_yaml::from_str("born: 1873-08-13\ndied: 1941-09-11~\nactive: 1919/1927\n").unwrap();
        assert_eq!(p.born.display(), "13 August 1873");
        assert_eq!(p.died.unwrap().display(), "c. 11 September 1941");
        assert_eq!(p.active.display(), "1919–27");
    }

    #[test]
    fn serde_error_is_the_parse_message() {
        let err = serde_json::from_str::<Edtf>("\"2016-02-30\"").unwrap_err();
        assert!(
            err.to_string().starts_with(
                "invalid EDTF date \"2016-02-30\" (at character 9): day 30 does not exist in February 2016"
            ),
            "{err}"
        );
        let err = serde_yaml::from_str::<Edtf>("1927-13").unwrap_err();
        assert!(err.to_string().contains("month 13 is not valid"), "{err}");
        assert!(serde_json::from_str::<Edtf>("1.5").is_err());
    }

    #[test]
    fn from_str_matches_parse() {
        let e: Edtf = "1984-06-02?/2004-08-08~".parse().unwrap();
        assert_eq!(e, Edtf::parse("1984-06-02?/2004-08-08~").unwrap());
        assert!("1927-13".parse::<Edtf>().is_err());
    }
}
