//! Command-line flags the way kubectl (cobra/pflag) parses them:
//! `--name=value`, `--name value`, `-n value`, `-nvalue`, boolean flags with
//! an optional `=true|false`, and `--` ending flag parsing.

use std::collections::BTreeMap;

/// A flag a command accepts.
#[derive(Clone, Copy, Debug)]
pub struct FlagSpec {
    /// Long name without dashes (`replicas`).
    pub long: &'static str,
    /// One-letter shorthand, if any.
    pub short: Option<char>,
    /// Boolean flags take no separate value.
    pub boolean: bool,
}

/// Shorthand constructors.
pub const fn val(long: &'static str, short: Option<char>) -> FlagSpec {
    FlagSpec {
        long,
        short,
        boolean: false,
    }
}
/// A boolean flag.
pub const fn flag(long: &'static str, short: Option<char>) -> FlagSpec {
    FlagSpec {
        long,
        short,
        boolean: true,
    }
}

/// Flags every kubectl command accepts.
const GLOBAL: &[FlagSpec] = &[val("namespace", Some('n'))];

/// The result of parsing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Positional arguments before `--`.
    pub args: Vec<String>,
    /// Arguments after `--`, if `--` was present.
    pub after_dash: Option<Vec<String>>,
    /// Flag values by long name (booleans as `true`/`false`); a repeated
    /// flag keeps its last value.
    pub values: BTreeMap<String, String>,
}

impl Parsed {
    /// The value of a flag, if given.
    pub fn get(&self, long: &str) -> Option<&str> {
        self.values.get(long).map(String::as_str)
    }
    /// A boolean flag (false when absent).
    pub fn on(&self, long: &str) -> bool {
        self.get(long) == Some("true")
    }
}

/// pflag's error for a flag value its type rejects, as kubectl prints it:
/// `error: invalid argument "V" for "--NAME" flag: WHY` and the usage hint
/// (scripts-and-traces.md §2: errors in kubectl's own words).
pub fn invalid_flag_value(cmd: &str, name: &str, value: &str, why: &str) -> String {
    format!(
        "error: invalid argument {} for \"--{name}\" flag: {why}\nSee 'kubectl {cmd} --help' for usage.",
        crate::api::error::go_quote(value)
    )
}

/// `strconv.ParseInt`'s error for `v` (what an int flag reports).
pub fn parse_int_error(v: &str) -> String {
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    let why = if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        "value out of range"
    } else {
        "invalid syntax"
    };
    format!(
        "strconv.ParseInt: parsing {}: {why}",
        crate::api::error::go_quote(v)
    )
}

/// The error for a duration flag such as `--timeout` (pflag's Duration).
pub fn invalid_duration_flag(cmd: &str, name: &str, value: &str) -> String {
    invalid_flag_value(cmd, name, value, &super::duration::go_duration_error(value))
}

/// Parses `args` for command `cmd` (used in kubectl's error text:
/// `See 'kubectl scale --help' for usage.`).
pub fn parse_flags(cmd: &str, args: &[String], specs: &[FlagSpec]) -> Result<Parsed, String> {
    let find_long = |n: &str| specs.iter().chain(GLOBAL).find(|s| s.long == n).copied();
    let find_short = |c: char| {
        specs
            .iter()
            .chain(GLOBAL)
            .find(|s| s.short == Some(c))
            .copied()
    };
    let usage = format!("See 'kubectl {cmd} --help' for usage.");
    let mut out = Parsed::default();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            out.after_dash = Some(args.get(i..).unwrap_or_default().to_vec());
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let spec =
                find_long(name).ok_or_else(|| format!("error: unknown flag: --{name}\n{usage}"))?;
            let value = if spec.boolean {
                let v = inline.unwrap_or_else(|| "true".into());
                if v != "true" && v != "false" {
                    return Err(format!("error: invalid argument \"{v}\" for \"--{name}\" flag: strconv.ParseBool: parsing \"{v}\": invalid syntax\n{usage}"));
                }
                v
            } else if let Some(v) = inline {
                v
            } else {
                let v = args
                    .get(i)
                    .ok_or_else(|| format!("error: flag needs an argument: --{name}\n{usage}"))?;
                i += 1;
                v.clone()
            };
            out.values.insert(spec.long.to_string(), value);
        } else if a.len() > 1 && a.starts_with('-') {
            let chars: Vec<char> = a.chars().skip(1).collect();
            let mut k = 0;
            while k < chars.len() {
                let c = chars[k];
                let spec = find_short(c).ok_or_else(|| {
                    format!("error: unknown shorthand flag: '{c}' in {a}\n{usage}")
                })?;
                k += 1;
                if spec.boolean {
                    let mut v = "true".to_string();
                    if chars.get(k) == Some(&'=') {
                        v = chars[k + 1..].iter().collect();
                        k = chars.len();
                    }
                    out.values.insert(spec.long.to_string(), v);
                } else {
                    let rest: String = chars[k..].iter().collect();
                    let v = if !rest.is_empty() {
                        rest.strip_prefix('=').unwrap_or(&rest).to_string()
                    } else {
                        let v = args.get(i).ok_or_else(|| {
                            format!("error: flag needs an argument: '{c}' in -{c}\n{usage}")
                        })?;
                        i += 1;
                        v.clone()
                    };
                    out.values.insert(spec.long.to_string(), v);
                    k = chars.len();
                }
            }
        } else {
            out.args.push(a.clone());
        }
    }
    if let Some(ns) = out.get("namespace") {
        if ns != "default" {
            return Err(format!(
                "error: the playground cluster has only the \"default\" namespace (got -n {ns})"
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn pflag_forms() {
        let specs = [
            val("output", Some('o')),
            val("selector", Some('l')),
            flag("watch", Some('w')),
        ];
        let p = parse_flags(
            "get",
            &s(&["pods", "-l", "app=x", "-ojson", "-w", "--namespace=default"]),
            &specs,
        )
        .unwrap_or_default();
        assert_eq!(p.args, ["pods"]);
        assert_eq!(p.get("selector"), Some("app=x"));
        assert_eq!(p.get("output"), Some("json"));
        assert!(p.on("watch"));
        let e = parse_flags("scale", &s(&["--replica=3"]), &specs);
        assert_eq!(
            e,
            Err("error: unknown flag: --replica\nSee 'kubectl scale --help' for usage.".into())
        );
        let p = parse_flags("exec", &s(&["web-0", "--", "ls", "-l"]), &specs).unwrap_or_default();
        assert_eq!(p.after_dash, Some(s(&["ls", "-l"])));
        assert!(parse_flags("get", &s(&["-n", "kube-system"]), &specs).is_err());
        assert!(parse_flags("get", &s(&["-o"]), &specs).is_err());
    }
}
