//! Relative time ("3 days ago") as a number and a unit, for `Intl.RelativeTimeFormat`.

/// A unit `Intl.RelativeTimeFormat` understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Month,
    Year,
}

impl Unit {
    /// The unit's name as `Intl.RelativeTimeFormat.format` takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Second => "second",
            Unit::Minute => "minute",
            Unit::Hour => "hour",
            Unit::Day => "day",
            Unit::Month => "month",
            Unit::Year => "year",
        }
    }
}

/// How to say "`then` relative to `now`" (both in milliseconds since the epoch): the largest
/// unit that fits, negative for the past. Months are 30 days and years 365: close enough for
/// "updated 3 months ago", which is all it is used for.
pub fn relative(then_ms: f64, now_ms: f64) -> (i64, Unit) {
    let secs = ((then_ms - now_ms) / 1000.0).round() as i64;
    let abs = secs.abs();
    let sign = if secs < 0 { -1 } else { 1 };
    const MIN: i64 = 60;
    const HOUR: i64 = 60 * MIN;
    const DAY: i64 = 24 * HOUR;
    let (size, unit) = if abs < MIN {
        (1, Unit::Second)
    } else if abs < HOUR {
        (MIN, Unit::Minute)
    } else if abs < DAY {
        (HOUR, Unit::Hour)
    } else if abs < 30 * DAY {
        (DAY, Unit::Day)
    } else if abs < 365 * DAY {
        (30 * DAY, Unit::Month)
    } else {
        (365 * DAY, Unit::Year)
    };
    // Rounded to the nearest: a week less a few seconds is "in 7 days", not 6; a count that
    // rounds up to the next unit is said in that unit ("in 1 hour", not "in 60 minutes").
    let n = (abs + size / 2) / size;
    let (n, unit) = match (unit, n) {
        (Unit::Second, 60) => (1, Unit::Minute),
        (Unit::Minute, 60) => (1, Unit::Hour),
        (Unit::Hour, 24) => (1, Unit::Day),
        (Unit::Day, 30) => (1, Unit::Month),
        (Unit::Month, 12) => (1, Unit::Year),
        (unit, n) => (n, unit),
    };
    (sign * n, unit)
}

/// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm, integers only).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01: (year, month 1-12, day 1-31).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ` (UTC).
pub fn iso8601(secs: i64) -> String {
    let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Reads `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)` as seconds since the epoch; `None` for anything
/// else (a date alone, no offset, out-of-range fields).
pub fn parse_iso8601(text: &str) -> Option<i64> {
    let b = text.trim().as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = b.get(from..from + len)?;
        part.iter().try_fold(0i64, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    let month = u32::try_from(month).ok().filter(|m| (1..=12).contains(m))?;
    let day = u32::try_from(day)
        .ok()
        .filter(|d| *d >= 1 && *d <= days_in_month(year, month))?;
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &b[19..];
    if rest.first() == Some(&b'.') {
        let digits = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        rest = &rest[1 + digits..];
    }
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let digits = [*h1, *h2, *m1, *m2];
            if !digits.iter().all(u8::is_ascii_digit) {
                return None;
            }
            let d = |c: u8| i64::from(c - b'0');
            let mins = (d(*h1) * 10 + d(*h2)) * 60 + d(*m1) * 10 + d(*m2);
            if *sign == b'+' {
                mins
            } else {
                -mins
            }
        }
        _ => return None,
    };
    Some(
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
            - offset * 60,
    )
}

/// `secs` moved by `months` calendar months (UTC), the day clamped to the target month's length
/// (Jan 31 + 1 month = Feb 28 or 29), the time of day kept.
pub fn add_months(secs: i64, months: i64) -> i64 {
    let days = secs.div_euclid(86_400);
    let time = secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let index = year * 12 + i64::from(month) - 1 + months;
    let (y, m) = (index.div_euclid(12), (index.rem_euclid(12) + 1) as u32);
    let d = day.min(days_in_month(y, m));
    days_from_civil(y, m, d) * 86_400 + time
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: f64 = 1000.0;

    #[test]
    fn picks_the_largest_unit_that_fits() {
        let now = 1_700_000_000_000.0;
        assert_eq!(relative(now - 5.0 * S, now), (-5, Unit::Second));
        assert_eq!(relative(now - 59.0 * S, now), (-59, Unit::Second));
        assert_eq!(relative(now - 60.0 * S, now), (-1, Unit::Minute));
        assert_eq!(relative(now - 3.0 * 3600.0 * S, now), (-3, Unit::Hour));
        assert_eq!(relative(now - 2.0 * 86400.0 * S, now), (-2, Unit::Day));
        assert_eq!(relative(now - 65.0 * 86400.0 * S, now), (-2, Unit::Month));
        assert_eq!(relative(now - 800.0 * 86400.0 * S, now), (-2, Unit::Year));
        assert_eq!(
            relative(now + 90.0 * S, now),
            (2, Unit::Minute),
            "1.5 rounds up"
        );
        assert_eq!(relative(now, now), (0, Unit::Second));
        assert_eq!(
            relative(now + 7.0 * 86400.0 * S - 5.0 * S, now),
            (7, Unit::Day)
        );
        assert_eq!(
            relative(now - 36.0 * 3600.0 * S, now),
            (-2, Unit::Day),
            "a day and a half"
        );
    }

    #[test]
    fn civil_dates_round_trip_and_read_iso8601() {
        for days in [-800_000, -1, 0, 1, 11_016, 20_513, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{days}");
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(parse_iso8601("2000-02-29T00:00:00Z"), Some(951_782_400));
        assert_eq!(
            parse_iso8601("2000-02-29T01:00:00+01:00"),
            Some(951_782_400)
        );
        assert_eq!(
            parse_iso8601("2000-02-28T23:00:00.123-01:00"),
            Some(951_782_400)
        );
        for bad in [
            "",
            "2000-02-30T00:00:00Z",
            "2001-02-29T00:00:00Z",
            "2000-13-01T00:00:00Z",
            "2000-02-29",
            "2000-02-29T00:00:00",
            "2000-02-29T24:00:00Z",
            "2000-02-29T00:00:00.Z",
            "２０００-02-29T00:00:00Z",
            "2000-02-29T00:00:00+1:00",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad:?}");
        }
        let now = 1_795_000_000;
        assert_eq!(parse_iso8601(&iso8601(now)), Some(now));
    }

    #[test]
    fn months_are_calendar_months_with_the_day_clamped() {
        let at = |s: &str| parse_iso8601(s).unwrap();
        assert_eq!(
            iso8601(add_months(at("2026-01-31T10:00:00Z"), 1)),
            "2026-02-28T10:00:00Z"
        );
        assert_eq!(
            iso8601(add_months(at("2028-01-31T10:00:00Z"), 1)),
            "2028-02-29T10:00:00Z"
        );
        assert_eq!(
            iso8601(add_months(at("2026-11-21T08:00:00Z"), 1)),
            "2026-12-21T08:00:00Z"
        );
        assert_eq!(
            iso8601(add_months(at("2026-12-15T08:00:00Z"), 1)),
            "2027-01-15T08:00:00Z"
        );
        assert_eq!(
            iso8601(add_months(at("2028-02-29T00:00:00Z"), 12)),
            "2029-02-28T00:00:00Z"
        );
        assert_eq!(
            iso8601(add_months(at("2026-03-31T00:00:00Z"), -1)),
            "2026-02-28T00:00:00Z"
        );
    }
}
