//! Structured explanations of the StatefulSet controller's decisions and
//! waits, for the UI's "Why" panel (issue 3 §3).

use crate::api::Millis;
use serde::Serialize;

/// Whether the controller acted or is waiting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExplanationKind {
    /// The controller did something (created, deleted, updated).
    Decision,
    /// The controller is holding back until something changes.
    Wait,
}

/// One decision or wait: the object, the rule it follows and one sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// Virtual time of the reconcile that produced it.
    pub t: Millis,
    pub kind: ExplanationKind,
    /// `Kind/name` the sentence is about, e.g. `Pod/web-2`.
    pub object: String,
    /// The semantics-spec rule, e.g. `§7.1`.
    pub rule: String,
    /// Plain words, e.g. `web-2 is not created yet because web-1 is not Ready`.
    pub text: String,
}
