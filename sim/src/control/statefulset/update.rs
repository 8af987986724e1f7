//! The slot pass (§6.6, §7, §9, §10), the condemned pass (§8), the
//! rolling-update pass (§13, §18), the status write (§15) and history
//! truncation (§12.5).

use super::pods::{self, pod_name, pod_revision};
use super::view::PodView;
use super::{revision, status, Reconcile, Split, Step, SyncError};
use crate::api::{ApiError, ControllerRevision, StatefulSetStatus};

impl Reconcile<'_> {
    /// Upstream processReplica for slot `k`. `Ok(true)` = stop the pass
    /// (OrderedReady) / this slot is done (Parallel).
    pub(super) fn process_replica(
        &mut self,
        split: &Split,
        k: usize,
        monotonic: bool,
        current_template: &super::CurrentTemplate,
        current: &ControllerRevision,
        update: &ControllerRevision,
    ) -> Step<bool> {
        let set = self.set;
        let ord = set.start_ordinal().saturating_add(k as i32);
        let slot = split.pod(k);
        if self.settled(split, k, monotonic) {
            return Ok(false);
        }
        let name = pod_name(&set.metadata.name, ord);
        let Some(pod) = slot else {
            // §6.6 step 2: missing → stale-claim check, then create.
            let planned = self.planned_pod(ord, current_template, current, update);
            if let Some(claim) = self.stale_claim(set, &planned) {
                self.wait(
                    super::pod_object(&name),
                    "§11.8",
                    format!("{name} is not created yet: its claim {claim} still belongs to the previous {name} (stale claim); waiting for the garbage collector to remove it"),
                );
                return Ok(true);
            }
            let rev = pod_revision(&planned).to_string();
            // (The pod is not counted until observed, §15.2: the counters
            // are fixed for the reconcile.)
            self.create_stateful_pod(planned)?;
            let why = if monotonic {
                if k == 0 {
                    format!("created {name} (revision {rev}): it is the lowest missing ordinal")
                } else {
                    let prev = pod_name(&set.metadata.name, ord - 1);
                    format!("created {name} (revision {rev}): every lower ordinal up to {prev} is Running and Ready")
                }
            } else {
                format!(
                    "created {name} (revision {rev}): Parallel creates every missing pod at once"
                )
            };
            self.decision(
                super::pod_object(&name),
                if monotonic { "§7.1" } else { "§9.1" },
                why,
            );
            return Ok(monotonic);
        };
        // §6.6 step 1 / §10.1: Failed or Succeeded pods are replaced.
        if pod.is_failed_or_succeeded() {
            let phase = pod.phase_str();
            if !pod.terminating {
                if self.delete_stateful_pod(&name).is_err() {
                    return Err(SyncError);
                }
                self.decision(
                    super::pod_object(&name),
                    "§10.1",
                    format!("deleted {name} because its phase is {phase}; it is recreated with the same name once it is gone"),
                );
            } else {
                self.wait(
                    super::pod_object(&name),
                    "§10.1",
                    format!("{name} ({phase}) is terminating; it is recreated once it is gone"),
                );
            }
            return Ok(true);
        }
        // §6.6 step 3 / §11.4: a Pending pod gets its missing claims back.
        if pod.is_pending() {
            // Usually every claim exists and is not being deleted: then
            // create_claims has nothing to do, and one look per claim (names
            // built in one buffer) says so.
            let all_usable = pods::all_claim_names(set, ord, |c| {
                let mut usable = false;
                self.client
                    .with_pvc(c, &mut |p| usable = !p.metadata.is_terminating());
                usable
            });
            let (r, missing): (Result<(), String>, Vec<String>) = if all_usable {
                (Ok(()), Vec::new())
            } else {
                let missing = pods::claim_names(set, ord)
                    .into_iter()
                    .filter(|c| {
                        let mut found = false;
                        self.client.with_pvc(c, &mut |_| found = true);
                        !found
                    })
                    .collect();
                (self.create_claims(pod), missing)
            };
            if r.is_ok() && !missing.is_empty() {
                self.decision(
                    super::pod_object(&name),
                    "§11.4",
                    format!(
                        "{name} is Pending and its claim {} was missing: recreated it",
                        missing.join(", ")
                    ),
                );
            }
            let r = r.and_then(|_| self.update_claims_for_policy(pod));
            if let Err(e) = r {
                self.wait(
                    super::pod_object(&name),
                    "§11.3",
                    format!("{name} is Pending and its claims are not usable: {e}"),
                );
                return Err(SyncError);
            }
        }
        if pod.terminating {
            if monotonic {
                let held = self.blocked_by(split, k, &update.metadata.name);
                let text = match held {
                    super::explain::Held::Nothing => {
                        format!("{name} is terminating; it is recreated once it is gone")
                    }
                    h => format!(
                        "{name} is terminating; {} until it is gone and recreated",
                        h.clause()
                    ),
                };
                self.wait(super::pod_object(&name), "§6.6", text);
                return Ok(true);
            }
            self.wait(
                super::pod_object(&name),
                "§10.2",
                format!(
                    "{name} is terminating; it is recreated with the same name once it is gone"
                ),
            );
        }
        if monotonic && !pod.is_running_and_ready() {
            self.explain_not_ready(split, k, pod, update);
            return Ok(true);
        }
        if monotonic && !pod.is_available(set.min_ready_seconds(), self.now) {
            let held = self.blocked_by(split, k, &update.metadata.name);
            let mrs = set.min_ready_seconds();
            let text = match held {
                super::explain::Held::Nothing => {
                    format!("{name} is Ready but not yet available (minReadySeconds={mrs})")
                }
                h => format!(
                    "{name} is Ready but not yet available (minReadySeconds={mrs}); {} until it is",
                    h.clause()
                ),
            };
            self.wait(super::pod_object(&name), "§7.1", text);
            return Ok(true);
        }
        // §6.6 step 5 / §3.4: repair drift.
        if pod.identity_ok && pod.storage_ok && self.claims_match_policy(pod) {
            return Ok(false);
        }
        let Some(full) = self.client.get_pod(&pod.name) else {
            return Ok(false);
        };
        self.update_stateful_pod(full)?;
        Ok(false)
    }

    /// The slot's pod is settled: every check of [`Self::process_replica`]
    /// passes and it writes or explains nothing (`Ok(false)`). Checked
    /// before the call, it keeps a pass over a large set cheap.
    #[inline(always)]
    pub(super) fn settled(&mut self, split: &Split, k: usize, monotonic: bool) -> bool {
        let Some(b) = split.brief(k) else {
            return false;
        };
        b.settled_brief(monotonic, self.set.min_ready_seconds(), self.now)
            && ((self.retain_all && self.client.no_claim_has_owners())
                || match split.pod(k) {
                    Some(p) => self.claims_match_policy(p),
                    None => false,
                })
    }

    /// Upstream processCondemned (§8.1, §8.2, §8.4).
    pub(super) fn process_condemned(
        &mut self,
        pod: &PodView,
        first_unavailable: Option<i32>,
        monotonic: bool,
    ) -> Step<bool> {
        let set = self.set;
        let name = pod.name.clone();
        let ord = pod.ordinal;
        if pod.terminating {
            if monotonic {
                let next = self.next_condemned_below(ord);
                let text = match next {
                    Some(n) => format!("{n} is not deleted yet: {name} is still terminating"),
                    None => format!("{name} is terminating; scale-down continues once it is gone"),
                };
                self.wait(super::pod_object(&name), "§8.1", text);
                return Ok(true);
            }
            return Ok(false);
        }
        let is_first = first_unavailable == Some(ord);
        let healthy_ready = pod.is_running_and_ready();
        let available = pod.is_available(set.min_ready_seconds(), self.now);
        if monotonic && (!healthy_ready || !available) && !is_first {
            let first = first_unavailable
                .map(|o| pod_name(&set.metadata.name, o))
                .unwrap_or_else(|| "another pod".into());
            let state = if healthy_ready {
                "not available"
            } else {
                "not Ready"
            };
            self.wait(
                super::pod_object(&name),
                "§8.2",
                format!("{name} is not deleted yet: it is {state} and it is not the first unhealthy pod ({first} is); scale-down waits until it recovers"),
            );
            return Ok(true);
        }
        match self.delete_stateful_pod(&name) {
            Ok(()) => {
                let text = if !monotonic {
                    format!("deleted {name}: it is outside the ordinal range and Parallel deletes all such pods at once")
                } else if is_first && (!healthy_ready || !available) {
                    format!("deleted {name}: it is outside the ordinal range, and as the first unhealthy pod it may go although it is not Ready")
                } else {
                    format!("deleted {name}: scale-down removes the highest ordinal first, one at a time")
                };
                self.decision(
                    super::pod_object(&name),
                    if monotonic { "§8.1" } else { "§8.4" },
                    text,
                );
                Ok(true)
            }
            Err(_) => Err(SyncError),
        }
    }

    fn next_condemned_below(&self, ord: i32) -> Option<String> {
        let set = self.set;
        let start = set.start_ordinal();
        let below = ord - 1;
        if below >= start && pods::in_ordinal_range(set, below) {
            return None;
        }
        (below >= 0).then(|| pod_name(&set.metadata.name, below))
    }

    /// §6.10 / §13.2: delete up to maxUnavailable − unavailable outdated pods,
    /// highest first, never below the partition.
    pub(super) fn rolling_update(
        &mut self,
        split: &Split,
        st: &mut StatefulSetStatus,
        update: &ControllerRevision,
    ) -> Step<()> {
        let set = self.set;
        let n = split.n();
        let ru = set
            .spec
            .update_strategy
            .as_ref()
            .and_then(|s| s.rolling_update.as_ref());
        // §13.7 quirk: no block → partition 0, maxUnavailable 1. This pass
        // runs only under RollingUpdate, so the partition is always Some.
        let partition = super::explain::rolling_partition(set).unwrap_or(0);
        let max_unavailable = ru.map_or(1, |ru| {
            let m = ru
                .max_unavailable
                .as_ref()
                .and_then(|m| m.scaled_value(n as i64, false))
                .unwrap_or(1)
                .max(1);
            usize::try_from(m).unwrap_or(1)
        });
        let update_name = update.metadata.name.clone();
        // Outdated: a slot pod whose revision is not the update revision
        // (what the briefs' update flag tells, taken against this name).
        // §13.6: explain what the partition protects.
        let protected: Vec<String> = split
            .outdated_in(&update_name, 0, partition.min(n))
            .into_iter()
            .map(|k| {
                pod_name(
                    &set.metadata.name,
                    set.start_ordinal().saturating_add(k as i32),
                )
            })
            .collect();
        if !protected.is_empty() {
            self.wait(
                format!("StatefulSet/{}", set.metadata.name),
                "§13.6",
                format!(
                    "partition {partition} protects {}: {} the old revision",
                    join_names(&protected),
                    if protected.len() == 1 {
                        "it keeps"
                    } else {
                        "they keep"
                    }
                ),
            );
        }
        let unavailable = split.unavailable_slots;
        if unavailable >= max_unavailable {
            // Any outdated pod at or above the partition still to update.
            if split
                .first_outdated_in(&update_name, partition, n)
                .is_some()
            {
                self.wait(
                    format!("StatefulSet/{}", set.metadata.name),
                    "§13.2",
                    format!("rolling update waits: {unavailable} pod(s) unavailable and maxUnavailable is {max_unavailable}"),
                );
            }
            return Ok(());
        }
        let budget = max_unavailable - unavailable;
        let mut deleted = 0;
        // Outdated slots from the top down to the partition, skipping
        // terminating pods (the same slots a scan of every slot takes).
        let mut hi = n;
        while deleted < budget {
            let Some(k) = split.last_outdated_in(&update_name, partition, hi) else {
                break;
            };
            hi = k;
            let Some(pod) = split.pod(k) else {
                continue;
            };
            if pod.terminating {
                continue;
            }
            let name = pod.name.clone();
            let old = pod.revision.to_string();
            match self.delete_stateful_pod(&name) {
                Ok(()) | Err(ApiError::NotFound { .. }) => {}
                Err(_) => return Err(SyncError),
            }
            deleted += 1;
            st.current_replicas -= 1;
            self.decision(
                super::pod_object(&name),
                "§13.1",
                format!("deleted {name} to update it from revision {old} to {update_name}; it is recreated from the new template (highest ordinal first)"),
            );
        }
        Ok(())
    }

    /// §14.1: under OnDelete outdated pods stay until the user deletes them.
    pub(super) fn explain_on_delete(&mut self, split: &Split, update: &ControllerRevision) {
        let outdated: Vec<String> = split
            .outdated_in(&update.metadata.name, 0, split.n())
            .into_iter()
            .filter_map(|k| split.pod(k).map(|p| p.name.clone()))
            .collect();
        if !outdated.is_empty() {
            self.wait(
                format!("StatefulSet/{}", self.set.metadata.name),
                "§14.1",
                format!(
                    "updateStrategy is OnDelete: {} {} the old template until you delete {}",
                    join_names(&outdated),
                    if outdated.len() == 1 { "keeps" } else { "keep" },
                    if outdated.len() == 1 { "it" } else { "them" }
                ),
            );
        }
    }

    /// §15.3/§15.4: complete a finished rollout, write status if changed,
    /// and ask for the minReadySeconds requeues of §6.
    pub(super) fn write_status(&mut self, mut st: StatefulSetStatus) -> Step<()> {
        let set = self.set;
        status::complete_rolling_update(set, &mut st);
        let name = set.metadata.name.clone();
        let mrs = set.min_ready_seconds();
        if mrs > 0 && st.available_replicas != set.replicas() {
            self.client
                .requeue_after(&name, (mrs as u64).saturating_mul(1000));
        }
        if status::inconsistent(set, &st) {
            if set.status.current_revision != st.current_revision
                && !set.status.current_revision.is_empty()
            {
                let (from, to) = (
                    set.status.current_revision.clone(),
                    st.current_revision.clone(),
                );
                self.decision(
                    format!("StatefulSet/{name}"),
                    "§15.4",
                    format!("rolling update complete: currentRevision moves from {from} to {to}"),
                );
            }
            if self.client.update_status(&name, st).is_err() {
                return Err(SyncError);
            }
        }
        Ok(())
    }

    /// Requeue when a Ready pod becomes available (§6 requeue (b): Ready
    /// transition + minReadySeconds + 1 s). Upstream asks for it once, in
    /// the pod-update handler of the Ready transition, so only pods that
    /// turned Ready at this instant ask (the delaying queue then keeps the
    /// earliest pending requeue, see `Engine::enqueue_reconcile`).
    pub(super) fn requeue_for_availability(&mut self, pods: &[&PodView]) {
        let mrs = self.set.min_ready_seconds();
        if mrs <= 0 {
            return;
        }
        let now = self.now.0;
        let due = pods
            .iter()
            .filter(|p| p.is_running_and_ready() && p.ready_since == Some(self.now))
            .filter_map(|p| p.ready_since)
            // (From the Ready transition itself, not its second-rounded
            // lastTransitionTime: upstream requeues from the pod update.)
            .map(|t| {
                t.0.saturating_add((mrs as u64).saturating_mul(1000))
                    .saturating_add(1000)
            })
            .filter(|&t| t > now)
            .min();
        if let Some(t) = due {
            let name = self.set.metadata.name.clone();
            self.client.requeue_after(&name, t - now);
        }
    }

    /// §12.5: delete non-live revisions beyond the history limit, oldest first.
    /// `pod_revisions`: the revision label of every owned pod.
    pub(super) fn truncate_history<'r>(
        &mut self,
        revisions: &[ControllerRevision],
        pod_revisions: impl Iterator<Item = &'r str>,
        current: &ControllerRevision,
        update: &ControllerRevision,
    ) -> Step<()> {
        let mut sorted: Vec<&ControllerRevision> = revisions.iter().collect();
        sorted.sort_by_key(|r| r.revision);
        let live = [
            current.metadata.name.as_str(),
            update.metadata.name.as_str(),
        ];
        let doomed: Vec<String> =
            revision::revisions_to_truncate(self.set, &sorted, pod_revisions, &live)
                .into_iter()
                .map(|r| r.metadata.name.clone())
                .collect();
        for name in doomed {
            if self.client.delete_revision(&name).is_err() {
                return Err(SyncError);
            }
            let limit = self.set.spec.revision_history_limit.unwrap_or(10);
            self.decision(
                format!("ControllerRevision/{name}"),
                "§12.5",
                format!("deleted the old revision {name}: no pod uses it and revisionHistoryLimit is {limit}"),
            );
        }
        Ok(())
    }
}

/// `a`, `a and b`, `a, b and c`.
pub(super) fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [a] => a.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
