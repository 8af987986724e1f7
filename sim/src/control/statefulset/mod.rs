//! The StatefulSet controller (statefulset-semantics.md §6–§18).

pub mod client;
pub use client::StatefulSetClient;

use crate::api::StatefulSet;
use crate::explain::Explanation;

/// One reconcile of `set` (§6): reads through `client`, writes through it,
/// and returns the decisions taken and the waits in force, for the UI.
pub fn sync(set: &StatefulSet, client: &mut dyn StatefulSetClient) -> Vec<Explanation> {
    let _ = (set, client);
    Vec::new()
}
