//! Day arithmetic on [`Date`] (proleptic Gregorian, no time zones).

use tidings_model::Date;

/// Days since 1970-01-01.
pub fn to_days(d: Date) -> i64 {
    let y = d.year as i64 - if d.month <= 2 { 1 } else { 0 };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = d.month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d.day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `n` days after 1970-01-01.
pub fn from_days(n: i64) -> Date {
    let z = n + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (y + if month <= 2 { 1 } else { 0 }) as i32;
    Date { year, month, day }
}

pub fn add_days(d: Date, n: i64) -> Date {
    from_days(to_days(d) + n)
}

/// Monday = 0 ... Sunday = 6.
pub fn weekday(d: Date) -> u32 {
    (to_days(d) + 3).rem_euclid(7) as u32
}

/// First day of the month `n` months after `d`'s month.
pub fn add_months(d: Date, n: i64) -> Date {
    let idx = d.year as i64 * 12 + (d.month as i64 - 1) + n;
    Date { year: idx.div_euclid(12) as i32, month: (idx.rem_euclid(12) + 1) as u32, day: 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_weekdays() {
        let d = Date::new(2023, 9, 13).unwrap();
        assert_eq!(weekday(d), 2); // Wednesday
        assert_eq!(from_days(to_days(d)), d);
        assert_eq!(to_days(Date::new(1970, 1, 1).unwrap()), 0);
        assert_eq!(add_days(Date::new(2024, 2, 28).unwrap(), 1), Date::new(2024, 2, 29).unwrap());
        assert_eq!(add_days(Date::new(2023, 12, 31).unwrap(), 1), Date::new(2024, 1, 1).unwrap());
        assert_eq!(add_months(d, -9), Date::new(2022, 12, 1).unwrap());
        for n in -800_000..800_000i64 {
            if n % 997 == 0 {
                assert_eq!(to_days(from_days(n)), n);
            }
        }
    }
}
