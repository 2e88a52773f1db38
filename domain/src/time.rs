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
    (sign * (abs / size), unit)
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
        assert_eq!(relative(now + 90.0 * S, now), (1, Unit::Minute));
        assert_eq!(relative(now, now), (0, Unit::Second));
    }
}
