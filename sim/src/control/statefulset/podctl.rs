//! Pod and claim writes with their events (§11, §16): a port of upstream
//! `stateful_pod_control.go` (CreateStatefulPod, UpdateStatefulPod,
//! DeleteStatefulPod, createPersistentVolumeClaims, PodClaimIsStale,
//! ClaimsMatchRetentionPolicy, UpdatePodClaimForRetentionPolicy).

use super::pods::{self, all_claim_names, claim_names, claims_for};
use super::retention::{self, Owners};
use super::view::PodView;
use super::{api_error_message, owners, Reconcile, Step, SyncError};
use crate::api::{ApiError, Pod, StatefulSet};

impl Reconcile<'_> {
    /// Creates the missing PVCs of `pod` in claim-template order (§7.2,
    /// §11.2, §11.3). Returns the aggregated error text, if any.
    pub(super) fn create_claims(&mut self, pod: &PodView) -> Result<(), String> {
        let set = self.set;
        // Usually every claim exists and is not being deleted: then there
        // is nothing to create or report (and no template to copy).
        let all_usable = all_claim_names(set, pod.ordinal, |c| {
            let mut usable = false;
            self.client
                .with_pvc(c, &mut |p| usable = !p.metadata.is_terminating());
            usable
        });
        if all_usable {
            return Ok(());
        }
        let mut errs: Vec<String> = Vec::new();
        for claim in claims_for(set, pod.ordinal) {
            let name = claim.metadata.name.clone();
            let mut found: Option<bool> = None;
            self.client
                .with_pvc(&name, &mut |p| found = Some(p.metadata.is_terminating()));
            match found {
                None => match self.client.create_pvc(claim) {
                    Ok(()) => self.claim_event(&pod.name, &name, None),
                    Err(e) => {
                        let msg = api_error_message(&e);
                        errs.push(format!("failed to create PVC {name}: {msg}"));
                        if !matches!(e, ApiError::AlreadyExists { .. }) {
                            self.claim_event(&pod.name, &name, Some(&msg));
                        }
                    }
                },
                Some(terminating) => {
                    // §11.2: reused as-is (reattachment); §11.3: unless being deleted.
                    if terminating {
                        errs.push(format!("pvc {name} is being deleted"));
                    }
                }
            }
        }
        aggregate(errs)
    }

    /// §11.8 (upstream PodClaimIsStale): under whenScaled=Delete, a claim of
    /// this ordinal still owned by an older pod of the same name.
    /// `planned` is the pod about to be created.
    pub(super) fn stale_claim(&mut self, set: &StatefulSet, planned: &Pod) -> Option<String> {
        let (_, when_scaled) = self.set.retention();
        if !when_scaled {
            return None;
        }
        let pod = &PodView::of(set, planned);
        claim_names(self.set, pod.ordinal).into_iter().find(|c| {
            let mut stale = false;
            self.client.with_pvc(c, &mut |pvc| {
                stale = retention::has_stale_ref(pvc, "Pod", &pod.name, &pod.uid)
            });
            stale
        })
    }

    /// Upstream CreateStatefulPod: claims first, then the pod, then claim
    /// owner references; events in that order (§7.2, §16).
    pub(super) fn create_stateful_pod(&mut self, pod: Pod) -> Step<()> {
        let name = pod.metadata.name.clone();
        let view = PodView::of(self.set, &pod);
        if let Err(e) = self.create_claims(&view) {
            self.pod_event("create", &name, Some(&e));
            self.wait(
                super::pod_object(&name),
                "§11.3",
                format!("{name} could not be created: {e}; the controller retries"),
            );
            return Err(SyncError);
        }
        let created = self.client.create_pod(pod);
        if let Err(ApiError::AlreadyExists { .. }) = created {
            // §16: "AlreadyExists" on pod create is silent.
            return Err(SyncError);
        }
        if let Err(e) = self.update_claims_for_policy(&view) {
            self.pod_event("update", &name, Some(&e));
            return Err(SyncError);
        }
        match created {
            Ok(()) => {
                self.pod_event("create", &name, None);
                Ok(())
            }
            Err(e) => {
                let msg = api_error_message(&e);
                self.pod_event("create", &name, Some(&msg));
                self.wait(
                    super::pod_object(&name),
                    "§16",
                    format!("creating {name} failed: {msg}"),
                );
                Err(SyncError)
            }
        }
    }

    /// Upstream DeleteStatefulPod with its event (§16).
    pub(super) fn delete_stateful_pod(&mut self, name: &str) -> Result<(), ApiError> {
        let r = self.client.delete_pod(name);
        match &r {
            Ok(()) => self.pod_event("delete", name, None),
            Err(e) => {
                let msg = api_error_message(e);
                self.pod_event("delete", name, Some(&msg));
            }
        }
        r
    }

    /// Upstream ClaimsMatchRetentionPolicy: every existing claim of `pod`
    /// carries the owner references of §11.5.
    pub(super) fn claims_match_policy(&mut self, pod: &PodView) -> bool {
        let set = self.set;
        // §11.5 Retain/Retain: a claim without owner references is up to
        // date (and a missing one is skipped), so no claim needs a look.
        if self.retain_all && self.client.no_claim_has_owners() {
            return true;
        }
        let o = owners(set, pod);
        claim_names(set, o.ordinal).iter().all(|c| {
            let mut ok = true;
            self.client.with_pvc(c, &mut |pvc| {
                ok = retention::claim_owner_up_to_date(pvc, &o)
            });
            ok
        })
    }

    /// Upstream UpdatePodClaimForRetentionPolicy (§11.5, §11.11).
    pub(super) fn update_claims_for_policy(&mut self, pod: &PodView) -> Result<(), String> {
        let set = self.set;
        // Retain/Retain and no claim has owner references: nothing to do.
        if self.retain_all && self.client.no_claim_has_owners() {
            return Ok(());
        }
        let o: Owners = owners(set, pod);
        for name in claim_names(set, o.ordinal) {
            let mut state = None;
            self.client.with_pvc(&name, &mut |pvc| {
                state = Some((
                    retention::has_unexpected_controller(pvc, &o),
                    retention::claim_owner_up_to_date(pvc, &o),
                ))
            });
            let Some((unexpected, up_to_date)) = state else {
                continue; // picked up by a later reconcile
            };
            if unexpected {
                self.event(
                    "Warning",
                    "ConflictingController",
                    format!("PersistentVolumeClaim {name} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim"),
                );
            }
            if !up_to_date {
                let Some(mut pvc) = self.client.get_pvc(&name) else {
                    continue;
                };
                retention::update_claim_owner_refs(&mut pvc, &o);
                if let Err(e) = self.client.update_pvc(pvc) {
                    return Err(format!(
                        "could not update claim {name} for delete policy ownerRefs: {}",
                        api_error_message(&e)
                    ));
                }
            }
        }
        Ok(())
    }

    /// Upstream UpdateStatefulPod: repairs identity, storage and claim
    /// owner references, then writes the pod and emits `SuccessfulUpdate` (§3.4, §11.12).
    pub(super) fn update_stateful_pod(&mut self, mut pod: Pod) -> Step<()> {
        let set = self.set;
        let name = pod.metadata.name.clone();
        let ord = pods::ordinal(&pod);
        let mut repaired = Vec::new();
        if !pods::identity_matches(set, &pod) {
            pods::update_identity(set, &mut pod, ord);
            repaired.push("identity labels");
        }
        if !pods::storage_matches(set, &pod) {
            pods::update_storage(set, &mut pod, ord);
            repaired.push("claim volumes");
            if let Err(e) = self.create_claims(&PodView::of(set, &pod)) {
                self.pod_event("update", &name, Some(&e));
                return Err(SyncError);
            }
        }
        let view = PodView::of(set, &pod);
        if !self.claims_match_policy(&view) {
            if let Err(e) = self.update_claims_for_policy(&view) {
                self.pod_event("update", &name, Some(&e));
                return Err(SyncError);
            }
            repaired.push("claim owner references");
        }
        if repaired.is_empty() {
            return Ok(());
        }
        let r = self.client.update_pod(pod);
        match r {
            Ok(()) => {
                self.pod_event("update", &name, None);
                self.decision(
                    super::pod_object(&name),
                    "§3.4",
                    format!(
                        "repaired {name}: {} did not match the StatefulSet",
                        repaired.join(" and ")
                    ),
                );
                Ok(())
            }
            Err(e) => {
                let msg = api_error_message(&e);
                self.pod_event("update", &name, Some(&msg));
                Err(SyncError)
            }
        }
    }

    /// §6.7: a condemned pod's claims get the policy's owner references
    /// before any condemned pod is deleted.
    pub(super) fn fix_condemned_claims(&mut self, pod: &PodView) -> Step<()> {
        if self.claims_match_policy(pod) {
            return Ok(());
        }
        match self.update_claims_for_policy(pod) {
            Ok(()) => {
                let name = pod.name.clone();
                self.decision(
                    super::pod_object(&name),
                    "§11.6",
                    format!("{name} is being scaled away: its claims now carry the owner references of the retention policy"),
                );
                Ok(())
            }
            Err(_) => Err(SyncError),
        }
    }
}

/// upstream `utilerrors.NewAggregate(...).Error()`.
fn aggregate(errs: Vec<String>) -> Result<(), String> {
    match errs.len() {
        0 => Ok(()),
        1 => Err(errs.concat()),
        _ => Err(format!("[{}]", errs.join(", "))),
    }
}
