//! Plain-words waits for the Why panel: what an unhealthy slot pod holds
//! back under OrderedReady (§7.1, §8.2, §13.1, §18).

use super::pods::pod_name;
use super::view::PodView;
use super::{Reconcile, Split};
use crate::api::ControllerRevision;

impl Reconcile<'_> {
    /// What the slot pass stopping at slot `k` holds back, as a clause:
    /// "web-3 is not created yet", "web-4 is not deleted yet", …
    pub(super) fn blocked_by(&self, split: &Split, k: usize) -> String {
        let set = self.set;
        let start = set.start_ordinal();
        if let Some(j) = split.first_empty_from(k + 1) {
            return format!(
                "{} is not created yet",
                pod_name(&set.metadata.name, start.saturating_add(j as i32))
            );
        }
        if let Some(p) = split.condemned.first() {
            return format!("{} is not deleted yet (scale-down)", p.name);
        }
        "nothing above it changes".to_string()
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
                format!("rollout blocked: {name} is not Ready and still runs the reverted template ({rev}); the controller will not replace it — delete {name} to recover"),
            );
            return;
        }
        if rev == update_name && status.current_revision != update_name && !outdated_above {
            // §18.1: the first updated pod never becomes Ready.
            let lower_outdated = split.first_outdated_in(update_name, 0, k.min(n)).is_some();
            if lower_outdated {
                self.wait(
                    object,
                    "§18.1",
                    format!("rolling update waits: {name} runs the new revision but is not Ready; lower pods keep the old revision until it is (if it never becomes Ready, revert the template and delete {name})"),
                );
                return;
            }
        }
        let what = self.blocked_by(split, k);
        let rule = if what.contains("not created") {
            "§7.1"
        } else if what.contains("deleted") {
            "§8.2"
        } else {
            "§13.1"
        };
        let what = if what.starts_with("nothing") {
            "updates and repairs above it wait".to_string()
        } else {
            what
        };
        self.wait(object, rule, format!("{what} because {name} is not Ready"));
    }
}
