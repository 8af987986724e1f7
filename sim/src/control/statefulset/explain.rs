//! Plain-words waits for the Why panel: what an unhealthy slot pod holds
//! back under OrderedReady (§7.1, §8.2, §13.1, §18).

use super::pods::pod_name;
use super::update::join_names;
use super::view::PodView;
use super::{Reconcile, Split};
use crate::api::ControllerRevision;

/// What the slot pass stopping at a slot holds back (OrderedReady).
pub(super) enum Held {
    /// The lowest missing pod above it is not created (§7.1).
    Create(String),
    /// The next condemned pod is not deleted (§8.2).
    Delete(String),
    /// Outdated pods at or above the partition are not updated (§13.1).
    Update(Vec<String>),
    /// Nothing else is pending.
    Nothing,
}

impl Held {
    /// "web-3 is not created yet", …; empty for [`Held::Nothing`].
    pub(super) fn clause(&self) -> String {
        match self {
            Held::Create(p) => format!("{p} is not created yet"),
            Held::Delete(p) => format!("{p} is not deleted yet (scale-down)"),
            Held::Update(ps) => format!("the rolling update of {} waits", join_names(ps)),
            Held::Nothing => String::new(),
        }
    }

    /// The rule that makes it wait.
    pub(super) fn rule(&self) -> &'static str {
        match self {
            Held::Create(_) => "§7.1",
            Held::Delete(_) => "§8.2",
            Held::Update(_) => "§13.1",
            Held::Nothing => "§6.6",
        }
    }
}

/// The partition of a RollingUpdate set (0 without a `rollingUpdate`
/// block, §13.7); `None` under OnDelete, where nothing updates by itself.
pub(super) fn rolling_partition(set: &crate::api::StatefulSet) -> Option<usize> {
    if set.is_on_delete() {
        return None;
    }
    let p = set
        .spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.rolling_update.as_ref())
        .and_then(|ru| ru.partition)
        .unwrap_or(0);
    Some(usize::try_from(p).unwrap_or(0))
}

impl Reconcile<'_> {
    /// What the slot pass stopping at slot `k` holds back.
    pub(super) fn blocked_by(&self, split: &Split, k: usize, update: &str) -> Held {
        let set = self.set;
        let start = set.start_ordinal();
        if let Some(j) = split.first_empty_from(k + 1) {
            return Held::Create(pod_name(&set.metadata.name, start.saturating_add(j as i32)));
        }
        if let Some(p) = split.condemned.first() {
            return Held::Delete(p.name.clone());
        }
        if let Some(partition) = rolling_partition(set) {
            let waiting: Vec<String> = split
                .outdated_in(update, partition.min(split.n()), split.n())
                .into_iter()
                .filter(|&j| j != k)
                .filter_map(|j| split.pod(j).map(|p| p.name.clone()))
                .collect();
            if !waiting.is_empty() {
                return Held::Update(waiting);
            }
        }
        Held::Nothing
    }

    /// The wait for a slot pod that is not Running and Ready, including the
    /// stuck-rollout cases of §18.
    pub(super) fn explain_not_ready(
        &mut self,
        split: &Split,
        k: usize,
        pod: &PodView,
        update: &ControllerRevision,
    ) {
        let name = pod.name.clone();
        let object = super::pod_object(&name);
        let rev: &str = &pod.revision;
        let update_name = update.metadata.name.as_str();
        let n = split.n();
        let outdated_above = split
            .first_outdated_in(update_name, k.saturating_add(1), n)
            .is_some();
        let status = self.set.status.clone();
        if rev != update_name
            && status.current_revision == update_name
            && !status.update_revision.is_empty()
        {
            // §18.2: the template was reverted but the broken pod stays.
            self.wait(
                object,
                "§18.2",
                format!("rollout blocked: {name} is not Ready and still runs the bad template ({rev}), which the revert did not replace; the controller will not replace it either — delete {name} to recover"),
            );
            return;
        }
        if rev == update_name && status.current_revision != update_name && !outdated_above {
            // §18.1: the rolling update waits on the newest pod. Only pods
            // at or above the partition are waiting for it (§13.6).
            let lower: Vec<String> = rolling_partition(self.set)
                .map(|p| split.outdated_in(update_name, p.min(k), k.min(n)))
                .unwrap_or_default()
                .into_iter()
                .filter_map(|j| split.pod(j).map(|p| p.name.clone()))
                .collect();
            if !lower.is_empty() {
                self.wait(
                    object,
                    "§18.1",
                    format!("the rolling update waits for {name} (new revision) to become Ready before it updates {}; if it never does, revert the template and delete {name}", join_names(&lower)),
                );
                return;
            }
        }
        let held = self.blocked_by(split, k, update_name);
        let text = match &held {
            Held::Nothing => format!(
                "{name} is not Ready yet; under OrderedReady the controller changes nothing else until it is"
            ),
            h => format!("{} because {name} is not Ready", h.clause()),
        };
        self.wait(object, held.rule(), text);
    }
}
