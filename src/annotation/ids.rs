//! Numbered ids (`T1`, `E12`, `R3`) as decimal strings of any length, so
//! that one past `T18446744073709551615` is `T18446744073709551616` and
//! not a wrapped `T0` that collides with nothing but the next one.

/// The number of `id` in `prefix`'s series, as digits without leading
/// zeros (`T007` → `7`); `None` for an id that is not prefix + digits.
pub fn series_number(id: &str, prefix: char) -> Option<&str> {
    let digits = id.strip_prefix(prefix)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let trimmed = digits.trim_start_matches('0');
    Some(if trimmed.is_empty() { "0" } else { trimmed })
}

/// The larger of two numbers written as digits without leading zeros:
/// the longer one, or at equal length the later one in text order.
pub fn larger<'a>(a: &'a str, b: &'a str) -> &'a str {
    if (b.len(), b) > (a.len(), a) { b } else { a }
}

/// One more than a number written as decimal digits.
pub fn plus_one(digits: &str) -> String {
    let mut out = digits.as_bytes().to_vec();
    for b in out.iter_mut().rev() {
        if *b == b'9' {
            *b = b'0';
        } else {
            *b += 1;
            return String::from_utf8(out).expect("ASCII digits");
        }
    }
    // Every digit was a 9 (or there were none): one more digit in front.
    out.insert(0, b'1');
    String::from_utf8(out).expect("ASCII digits")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_of_a_series_are_digits_without_leading_zeros() {
        assert_eq!(series_number("T12", 'T'), Some("12"));
        assert_eq!(series_number("T007", 'T'), Some("7"));
        assert_eq!(series_number("T000", 'T'), Some("0"));
        assert_eq!(series_number("E12", 'T'), None);
        assert_eq!(series_number("T", 'T'), None);
        assert_eq!(series_number("T+5", 'T'), None);
        assert_eq!(series_number("T1x", 'T'), None);
        assert_eq!(series_number("T١٢", 'T'), None);
    }

    #[test]
    fn the_larger_number_is_the_longer_or_the_later() {
        assert_eq!(larger("9", "10"), "10");
        assert_eq!(larger("18446744073709551615", "99"), "18446744073709551615");
        assert_eq!(larger("123", "124"), "124");
        assert_eq!(larger("124", "123"), "124");
    }

    #[test]
    fn plus_one_carries_past_every_machine_integer() {
        assert_eq!(plus_one("0"), "1");
        assert_eq!(plus_one("41"), "42");
        assert_eq!(plus_one("199"), "200");
        assert_eq!(plus_one("999"), "1000");
        assert_eq!(plus_one(&u64::MAX.to_string()), "18446744073709551616");
        assert_eq!(
            plus_one(&u128::MAX.to_string()),
            "340282366920938463463374607431768211456"
        );
    }
}
