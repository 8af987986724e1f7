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

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::NotFound { kind, name } => {
                write!(
                    f,
                    "Error from server (NotFound): {} \"{name}\" not found",
                    kind.resource()
                )
            }
            ApiError::AlreadyExists { kind, name } => {
                write!(
                    f,
                    "Error from server (AlreadyExists): {} \"{name}\" already exists",
                    kind.resource()
                )
            }
            ApiError::Invalid { kind, name, causes } => {
                if causes.len() == 1 {
                    write!(
                        f,
                        "The {} \"{name}\" is invalid: {}",
                        kind.as_str(),
                        causes[0]
                    )
                } else {
                    write!(
                        f,
                        "The {} \"{name}\" is invalid: \n* {}",
                        kind.as_str(),
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
