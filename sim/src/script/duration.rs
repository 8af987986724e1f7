//! Durations: Go's `time.ParseDuration` (kubectl `--timeout`), coreutils
//! `sleep` arguments, Go's `Duration.String()` and kubectl's
//! `HumanDuration` for AGE columns.

use crate::api::Millis;

/// Go `time.ParseDuration` (`30s`, `2m`, `1h30m`, `500ms`, `1.5s`); `0` is
/// accepted bare. Negative durations are rejected.
pub fn parse_go_duration(s: &str) -> Option<Millis> {
    if s == "0" {
        return Some(0);
    }
    let mut rest = s;
    let mut total = 0f64;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if num_len == 0 {
            return None;
        }
        let value: f64 = rest.get(..num_len)?.parse().ok()?;
        rest = rest.get(num_len..)?;
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let unit = rest.get(..unit_len)?;
        rest = rest.get(unit_len..)?;
        let factor = match unit {
            "ns" => 1e-6,
            "us" | "µs" => 1e-3,
            "ms" => 1.0,
            "s" => 1000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            _ => return None,
        };
        total += value * factor;
    }
    (total.is_finite() && total < 1e15).then_some(total.round() as Millis)
}

/// The error Go's `time.ParseDuration` returns for `s` (which
/// [`parse_go_duration`] rejected): `time: invalid duration "abc"`,
/// `time: missing unit in duration "5"`, `time: unknown unit "x" in
/// duration "5x"`. kubectl prints it after pflag's `invalid argument …`
/// (scripts-and-traces.md §2: errors in kubectl's own words).
pub fn go_duration_error(s: &str) -> String {
    let quoted = go_time_quote(s);
    let invalid = || format!("time: invalid duration {quoted}");
    let mut rest = s.strip_prefix(['-', '+']).unwrap_or(s);
    if rest.is_empty() {
        return invalid();
    }
    while !rest.is_empty() {
        if !rest.starts_with(|c: char| c == '.' || c.is_ascii_digit()) {
            return invalid();
        }
        let int_len = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let mut digits = int_len;
        rest = &rest[int_len..];
        if let Some(after) = rest.strip_prefix('.') {
            let frac_len = after
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(after.len());
            digits += frac_len;
            rest = &after[frac_len..];
        }
        if digits == 0 {
            return invalid();
        }
        let unit_len = rest
            .find(|c: char| c == '.' || c.is_ascii_digit())
            .unwrap_or(rest.len());
        if unit_len == 0 {
            return format!("time: missing unit in duration {quoted}");
        }
        let unit = &rest[..unit_len];
        if !matches!(unit, "ns" | "us" | "µs" | "μs" | "ms" | "s" | "m" | "h") {
            return format!(
                "time: unknown unit {} in duration {quoted}",
                go_time_quote(unit)
            );
        }
        rest = &rest[unit_len..];
    }
    // Accepted by Go but not here (a negative duration or an overflow).
    invalid()
}

/// The `time` package's own `quote`: `"` and `\` escaped, control and
/// non-ASCII bytes as `\xNN`.
fn go_time_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if (c as u32) < 0x20 || !c.is_ascii() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        } else {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// `sleep` arguments: a number with an optional suffix `s`, `m`, `h`, `d`,
/// or (a common extension) `ms`.
pub fn parse_sleep(s: &str) -> Option<Millis> {
    let (num, factor) = if let Some(n) = s.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1000.0)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 60_000.0)
    } else if let Some(n) = s.strip_suffix('h') {
        (n, 3_600_000.0)
    } else if let Some(n) = s.strip_suffix('d') {
        (n, 86_400_000.0)
    } else {
        (s, 1000.0)
    };
    if num.is_empty() || !num.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let v: f64 = num.parse().ok()?;
    let ms = v * factor;
    (ms.is_finite() && ms < 1e15).then_some(ms.round() as Millis)
}

/// A `sleep` operand that GNU `sleep` (coreutils) also accepts: whole or
/// decimal seconds (`60`, `2.5`, `0.017`), never the playground-only `ms`
/// suffix, so an exported script runs in bash as it runs here.
pub fn sleep_arg(ms: Millis) -> String {
    let (s, frac) = (ms / 1000, ms % 1000);
    if frac == 0 {
        s.to_string()
    } else {
        format!("{s}.{frac:03}").trim_end_matches('0').to_string()
    }
}

/// Go's `time.Duration.String()` for whole milliseconds (`2m0s`, `500ms`).
pub fn go_duration_string(ms: Millis) -> String {
    if ms == 0 {
        return "0s".into();
    }
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let h = ms / 3_600_000;
    let m = (ms / 60_000) % 60;
    let s = (ms % 60_000) as f64 / 1000.0;
    let secs = if ms.is_multiple_of(1000) {
        format!("{}", s as u64)
    } else {
        format!("{s}")
    };
    match (h, m) {
        (0, 0) => format!("{secs}s"),
        (0, m) => format!("{m}m{secs}s"),
        (h, m) => format!("{h}h{m}m{secs}s"),
    }
}

/// kubectl's `duration.HumanDuration` (AGE columns): `5s`, `2m3s`, `15m`,
/// `3h20m`, `2d5h`.
pub fn human_duration(ms: Millis) -> String {
    let seconds = ms / 1000;
    if seconds < 120 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        return if s == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{s}s")
        };
    }
    if minutes < 180 {
        return format!("{minutes}m");
    }
    let hours = minutes / 60;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        let d = hours / 24;
        return if h == 0 {
            format!("{d}d")
        } else {
            format!("{d}d{h}h")
        };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let y = hours / 24 / 365;
        let dy = (hours / 24) % 365;
        return if dy == 0 {
            format!("{y}y")
        } else {
            format!("{y}y{dy}d")
        };
    }
    format!("{}y", hours / 24 / 365)
}

/// Age of something created at `then`, seen at `now`.
pub fn age(now: Millis, then: Option<crate::api::Time>) -> String {
    match then {
        Some(t) => human_duration(now.saturating_sub(t.0)),
        None => "<unknown>".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_durations() {
        assert_eq!(parse_go_duration("2m"), Some(120_000));
        assert_eq!(parse_go_duration("1h30m"), Some(5_400_000));
        assert_eq!(parse_go_duration("500ms"), Some(500));
        assert_eq!(parse_go_duration("1.5s"), Some(1500));
        assert_eq!(parse_go_duration("30"), None);
        assert_eq!(parse_go_duration("-1s"), None);
        assert_eq!(go_duration_string(120_000), "2m0s");
        assert_eq!(go_duration_string(30_000), "30s");
        assert_eq!(go_duration_string(3_600_000), "1h0m0s");
    }

    #[test]
    fn go_duration_errors_in_go_words() {
        assert_eq!(go_duration_error("abc"), r#"time: invalid duration "abc""#);
        assert_eq!(go_duration_error(""), r#"time: invalid duration """#);
        assert_eq!(
            go_duration_error("5"),
            r#"time: missing unit in duration "5""#
        );
        assert_eq!(
            go_duration_error("1m5"),
            r#"time: missing unit in duration "1m5""#
        );
        assert_eq!(
            go_duration_error("5x"),
            r#"time: unknown unit "x" in duration "5x""#
        );
        assert_eq!(go_duration_error(".s"), r#"time: invalid duration ".s""#);
    }

    #[test]
    fn sleep_arguments() {
        assert_eq!(parse_sleep("5"), Some(5000));
        assert_eq!(parse_sleep("5s"), Some(5000));
        assert_eq!(parse_sleep("2m"), Some(120_000));
        assert_eq!(parse_sleep("500ms"), Some(500));
        assert_eq!(parse_sleep("0.5"), Some(500));
        assert_eq!(parse_sleep("x"), None);
        assert_eq!(parse_sleep("-1"), None);
    }

    #[test]
    fn sleep_arg_is_gnu_sleep_syntax_and_round_trips() {
        assert_eq!(sleep_arg(22_211), "22.211");
        assert_eq!(sleep_arg(40), "0.04");
        assert_eq!(sleep_arg(60_000), "60");
        for ms in [0, 1, 40, 999, 1000, 1617, 60_000, 22_211, 3_600_001] {
            let a = sleep_arg(ms);
            assert!(a.bytes().all(|b| b.is_ascii_digit() || b == b'.'), "{a}");
            assert_eq!(parse_sleep(&a), Some(ms), "{a}");
        }
    }

    #[test]
    fn human_durations_follow_kubectl() {
        assert_eq!(human_duration(5_000), "5s");
        assert_eq!(human_duration(119_999), "119s");
        assert_eq!(human_duration(123_000), "2m3s");
        assert_eq!(human_duration(180_000), "3m");
        assert_eq!(human_duration(900_000), "15m");
        assert_eq!(human_duration(3 * 3_600_000 + 20 * 60_000), "3h20m");
        assert_eq!(human_duration(10 * 3_600_000), "10h");
        assert_eq!(human_duration(53 * 3_600_000), "2d5h");
    }
}
