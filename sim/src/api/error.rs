//! API errors, carrying the exact text kubectl prints.

use super::Kind;

/// An error returned by the simulated API server. `Display` renders the
/// line kubectl writes to stderr, e.g.
/// `Error from server (NotFound): pods "web-9" not found`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// `Error from server (NotFound): <plural> "<name>" not found`
    NotFound { kind: Kind, name: String },
    /// `Error from server (AlreadyExists): <plural> "<name>" already exists`
    AlreadyExists { kind: Kind, name: String },
    /// `The <Kind> "<name>" is invalid: <causes joined by ", ">`, each cause
    /// like `spec.replicas: Invalid value: -1: must be greater than or equal to 0`.
    Invalid {
        kind: Kind,
        name: String,
        causes: Vec<String>,
    },
    /// `Error from server (BadRequest): <message>`
    BadRequest(String),
    /// `Error from server (Forbidden): <message>`
    Forbidden(String),
    /// `Error from server (Conflict): <message>`
    Conflict(String),
}

impl ApiError {
    /// The Status message the API server returns, without kubectl's
    /// `Error from server (Reason): ` prefix (what a controller logs or puts
    /// in an event), e.g. `statefulsets.apps "web" not found`. For Invalid,
    /// which kubectl prints without a prefix, the whole line.
    pub fn status_message(&self) -> String {
        match self {
            ApiError::NotFound { kind, name } => {
                format!("{} {} not found", kind.resource(), go_quote(name))
            }
            ApiError::AlreadyExists { kind, name } => {
                format!("{} {} already exists", kind.resource(), go_quote(name))
            }
            ApiError::Invalid { .. } => self.to_string(),
            ApiError::BadRequest(m) | ApiError::Forbidden(m) | ApiError::Conflict(m) => m.clone(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::NotFound { .. } => {
                write!(f, "Error from server (NotFound): {}", self.status_message())
            }
            ApiError::AlreadyExists { .. } => {
                write!(
                    f,
                    "Error from server (AlreadyExists): {}",
                    self.status_message()
                )
            }
            ApiError::Invalid { kind, name, causes } => {
                if causes.len() == 1 {
                    write!(
                        f,
                        "The {} {} is invalid: {}",
                        kind.as_str(),
                        go_quote(name),
                        causes[0]
                    )
                } else {
                    write!(
                        f,
                        "The {} {} is invalid: \n* {}",
                        kind.as_str(),
                        go_quote(name),
                        causes.join("\n* ")
                    )
                }
            }
            ApiError::BadRequest(m) => write!(f, "Error from server (BadRequest): {m}"),
            ApiError::Forbidden(m) => write!(f, "Error from server (Forbidden): {m}"),
            ApiError::Conflict(m) => write!(f, "Error from server (Conflict): {m}"),
        }
    }
}

impl std::error::Error for ApiError {}

/// Go's `%q` (`strconv.Quote`), which apimachinery uses for the name in
/// NotFound, AlreadyExists and Invalid messages (`"%s %q not found"`): the
/// name in double quotes, with `"` and `\\` escaped and control characters
/// written as escapes (`\n`, `\x1b`, `\u0085`), so a hostile name can never
/// reach a terminal or the page as raw control bytes.
pub fn go_quote(s: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_quote_matches_strconv_quote() {
        assert_eq!(go_quote("web-0"), "\"web-0\"");
        assert_eq!(go_quote("web\u{0}\u{1b}[2J"), "\"web\\x00\\x1b[2J\"");
        assert_eq!(go_quote("a\"b\\c\n\t"), "\"a\\\"b\\\\c\\n\\t\"");
        assert_eq!(go_quote("é\u{85}"), "\"é\\u0085\"");
        let e = ApiError::NotFound {
            kind: Kind::Pod,
            name: "web\u{7}".into(),
        };
        assert_eq!(
            e.to_string(),
            "Error from server (NotFound): pods \"web\\a\" not found"
        );
    }
}
