//! Volumes: dynamic provisioning and binding (provisioner
//! `rancher.io/local-path`, the default StorageClass `standard` as in kind),
//! attach/detach (`attachdetach-controller`), PVC protection (§11.9) and the
//! PV reclaim policy `Delete` (§11.13). `sim pvc NAME hold` adds a finalizer
//! that stays until `release`.

use crate::api::*;
use crate::control::scheduler::set;
use crate::engine::{Engine, Work, HOLD_FINALIZER, PVC_PROTECTION};

/// Sets annotation `key` to `value`; returns whether that changed it.
fn annotate(meta: &mut ObjectMeta, key: &str, value: &str) -> bool {
    if meta.annotations.get(key).map(String::as_str) == Some(value) {
        false
    } else {
        meta.annotations.insert(key.into(), value.into());
        true
    }
}

/// Event source of the simulated provisioner.
pub const PROVISIONER: &str = "rancher.io/local-path";
const PROVISIONER_SOURCE: &str = "rancher.io/local-path_local-path-provisioner-7577fdbbfb-x9k2p_5b3e2c1a-6f0d-4c8e-9a7b-2d1f0e3c4b5a";
const ATTACH_SOURCE: &str = "attachdetach-controller";

impl Engine {
    /// Informer hook for a new claim: queue provisioning (or bind a named
    /// volume at once).
    pub(crate) fn volume_pvc_created(&mut self, name: &str) {
        let Some(pvc) = self.store.pvcs.get(name) else {
            return;
        };
        let uid = pvc.metadata.uid.clone();
        match pvc.spec.volume_name.clone() {
            None => {
                let at = self.now + self.config.timing.provision;
                self.enqueue(at, Work::Provision(name.to_string(), uid));
            }
            Some(pv) => {
                let free = self
                    .store
                    .pvs
                    .get(&pv)
                    .is_some_and(|v| v.spec.claim_ref.as_ref().is_none_or(|c| c.name == name));
                if free {
                    self.bind(name, &pv);
                }
            }
        }
    }

    fn bind(&mut self, pvc: &str, pv: &str) {
        // Only the claim's uid is read: no copy of the whole claim.
        let Some(uid) = self.store.pvcs.get(pvc).map(|c| c.metadata.uid.clone()) else {
            return;
        };
        let now = self.now;
        let cref = ObjectReference {
            api_version: "v1".into(),
            kind: "PersistentVolumeClaim".into(),
            name: pvc.to_string(),
            namespace: "default".into(),
            uid,
        };
        self.modify_in_place::<PersistentVolume>(pv, |v| {
            set(&mut v.spec.claim_ref, Some(cref))
                | set(&mut v.status.phase, Some("Bound".into()))
                | set(&mut v.status.last_phase_transition_time, Some(Time(now)))
        });
        let cap = self
            .store
            .pvs
            .get(pv)
            .map(|v| (v.spec.capacity.clone(), v.spec.access_modes.clone()))
            .unwrap_or_default();
        let pv_name = pv.to_string();
        self.modify_in_place::<PersistentVolumeClaim>(pvc, |c| {
            set(&mut c.spec.volume_name, Some(pv_name))
                | set(&mut c.status.phase, Some("Bound".into()))
                | set(&mut c.status.capacity, cap.0)
                | set(&mut c.status.access_modes, cap.1)
                | annotate(&mut c.metadata, "pv.kubernetes.io/bind-completed", "yes")
                | annotate(
                    &mut c.metadata,
                    "pv.kubernetes.io/bound-by-controller",
                    "yes",
                )
        });
    }

    /// Provisions a PV `pvc-<uid>` for the claim and binds both.
    pub(crate) fn volume_provision(&mut self, name: &str, uid: &str) {
        // Borrowed, not cloned: only a few spec fields go into the PV (§11).
        let Some(c) = self.store.pvcs.get(name) else {
            return;
        };
        if c.metadata.uid != uid || c.metadata.is_terminating() || c.spec.volume_name.is_some() {
            return;
        }
        let pv_name = format!("pvc-{uid}");
        let mut capacity = std::collections::BTreeMap::new();
        if let Some(q) = c.spec.resources.requests.get("storage") {
            capacity.insert("storage".to_string(), q.clone());
        }
        let pv = PersistentVolume {
            api_version: "v1".into(),
            kind: "PersistentVolume".into(),
            metadata: ObjectMeta {
                name: pv_name.clone(),
                annotations: [(
                    "pv.kubernetes.io/provisioned-by".to_string(),
                    PROVISIONER.to_string(),
                )]
                .into_iter()
                .collect(),
                finalizers: vec!["kubernetes.io/pv-protection".into()],
                ..Default::default()
            },
            spec: PersistentVolumeSpec {
                capacity,
                access_modes: c.spec.access_modes.clone(),
                persistent_volume_reclaim_policy: Some("Delete".into()),
                storage_class_name: c.spec.storage_class_name.clone(),
                claim_ref: None,
                extra: Default::default(),
            },
            status: PersistentVolumeStatus {
                phase: Some("Pending".into()),
                last_phase_transition_time: Some(Time(self.now)),
            },
            attached_node: None,
        };
        self.modify_in_place::<PersistentVolumeClaim>(name, |c| {
            annotate(
                &mut c.metadata,
                "volume.beta.kubernetes.io/storage-provisioner",
                PROVISIONER,
            ) | annotate(
                &mut c.metadata,
                "volume.kubernetes.io/storage-provisioner",
                PROVISIONER,
            )
        });
        if self.create_typed(pv).is_err() {
            return;
        }
        self.event(
            Kind::PersistentVolumeClaim,
            name,
            "Normal",
            "ProvisioningSucceeded",
            format!("Successfully provisioned volume {pv_name}"),
            PROVISIONER_SOURCE,
            None,
        );
        self.bind(name, &pv_name);
    }

    /// Is a claim in active use by a pod that has not terminated?
    fn pvc_in_use(&self, pvc: &str) -> bool {
        self.idx.pvc_users.get(pvc).is_some_and(|users| {
            users.iter().any(|p| {
                self.store
                    .pods
                    .get(p)
                    .is_some_and(|pod| !pod.is_failed_or_succeeded())
                    && self.runtime.get(p).is_none_or(|r| !r.stopped)
            })
        })
    }

    /// PVC protection: a deleted claim loses its finalizer once no pod uses
    /// it (§11.9).
    pub(crate) fn volume_pvc_protection(&mut self, pvc: &str) {
        let Some(c) = self.store.pvcs.get(pvc) else {
            return;
        };
        if !c.metadata.is_terminating()
            || !c.metadata.finalizers.iter().any(|f| f == PVC_PROTECTION)
        {
            return;
        }
        if self.pvc_in_use(pvc) {
            return;
        }
        self.modify::<PersistentVolumeClaim>(pvc, |c| {
            c.metadata.finalizers.retain(|f| f != PVC_PROTECTION)
        });
    }

    /// The claim is gone: its volume is Released, then deleted (reclaim
    /// policy Delete).
    pub(crate) fn volume_pvc_removed(&mut self, pvc: &PersistentVolumeClaim) {
        let Some(pv) = pvc.spec.volume_name.clone() else {
            return;
        };
        let matches = self.store.pvs.get(&pv).is_some_and(|v| {
            v.spec
                .claim_ref
                .as_ref()
                .is_some_and(|c| c.uid == pvc.metadata.uid)
        });
        if !matches {
            return;
        }
        let now = self.now;
        self.modify::<PersistentVolume>(&pv, |v| {
            v.status.phase = Some("Released".into());
            v.status.last_phase_transition_time = Some(Time(now));
        });
        let delete =
            self.store.pvs.get(&pv).is_some_and(|v| {
                v.spec.persistent_volume_reclaim_policy.as_deref() == Some("Delete")
            });
        if delete {
            let at = self.now + self.config.timing.provision;
            self.enqueue(at, Work::ReclaimPv(pv));
        }
    }

    /// Reclaim policy Delete: the released volume (and its data) goes.
    pub(crate) fn volume_reclaim(&mut self, pv: &str) {
        let released = self
            .store
            .pvs
            .get(pv)
            .is_some_and(|v| v.status.phase.as_deref() == Some("Released"));
        if released {
            self.modify::<PersistentVolume>(pv, |v| {
                v.attached_node = None;
            });
            self.remove_obj::<PersistentVolume>(pv);
        }
    }

    /// Attaches the pod's volumes to `node`; false while one is still
    /// attached to another node where a pod uses it (Multi-Attach).
    pub(crate) fn volume_attach(&mut self, pod: &Pod, node: &str) -> bool {
        let name = pod.metadata.name.clone();
        for v in &pod.spec.volumes {
            let Some(claim) = v
                .persistent_volume_claim
                .as_ref()
                .map(|c| c.claim_name.clone())
            else {
                continue;
            };
            let Some(pv) = self
                .store
                .pvcs
                .get(&claim)
                .and_then(|c| c.spec.volume_name.clone())
            else {
                continue;
            };
            let Some(attached) = self.store.pvs.get(&pv).map(|v| v.attached_node.clone()) else {
                continue;
            };
            match attached {
                Some(n) if n == node => {}
                Some(other) if self.pvc_used_on(&claim, &other, &name) => {
                    let first = self.runtime.get(&name).is_some_and(|r| !r.attach_wait);
                    if first {
                        self.event(
                            Kind::Pod,
                            &name,
                            "Warning",
                            "FailedAttachVolume",
                            format!("Multi-Attach error for volume {pv:?} Volume is already exclusively attached to one node and can't be attached to another"),
                            ATTACH_SOURCE,
                            None,
                        );
                    }
                    return false;
                }
                _ => {
                    let n = node.to_string();
                    self.modify_in_place::<PersistentVolume>(&pv, |v| {
                        set(&mut v.attached_node, Some(n))
                    });
                    self.event(
                        Kind::Pod,
                        &name,
                        "Normal",
                        "SuccessfulAttachVolume",
                        format!("AttachVolume.Attach succeeded for volume {pv:?}"),
                        ATTACH_SOURCE,
                        None,
                    );
                }
            }
        }
        true
    }

    /// Does a pod other than `except` on `node` still use the claim?
    fn pvc_used_on(&self, pvc: &str, node: &str, except: &str) -> bool {
        self.idx.pvc_users.get(pvc).is_some_and(|users| {
            users.iter().any(|p| {
                p != except
                    && self.store.pods.get(p).is_some_and(|pod| {
                        pod.spec.node_name.as_deref() == Some(node) && !pod.is_failed_or_succeeded()
                    })
                    && self.runtime.get(p).is_none_or(|r| !r.stopped)
            })
        })
    }

    /// A pod stopped (removed or Failed): detach volumes nobody on its node
    /// uses any more, re-check protection of deleted claims, and wake pods
    /// waiting to attach.
    pub(crate) fn volume_pod_stopped(&mut self, pod: &Pod) {
        let claims: Vec<String> = pod
            .spec
            .volumes
            .iter()
            .filter_map(|v| {
                v.persistent_volume_claim
                    .as_ref()
                    .map(|c| c.claim_name.clone())
            })
            .collect();
        for claim in claims {
            if self
                .store
                .pvcs
                .get(&claim)
                .is_some_and(|c| c.metadata.is_terminating())
            {
                self.enqueue(self.now, Work::PvcProtection(claim.clone()));
            }
            let Some(node) = pod.spec.node_name.clone() else {
                continue;
            };
            let Some(pv) = self
                .store
                .pvcs
                .get(&claim)
                .and_then(|c| c.spec.volume_name.clone())
            else {
                continue;
            };
            let attached_here = self
                .store
                .pvs
                .get(&pv)
                .is_some_and(|v| v.attached_node.as_deref() == Some(node.as_str()));
            if attached_here && !self.pvc_used_on(&claim, &node, &pod.metadata.name) {
                self.modify::<PersistentVolume>(&pv, |v| v.attached_node = None);
                let waiting: Vec<String> = self
                    .idx
                    .pvc_users
                    .get(&claim)
                    .map(|s| {
                        s.iter()
                            .filter(|p| self.runtime.get(*p).is_some_and(|r| r.attach_wait))
                            .cloned()
                            .collect()
                    })
                    .unwrap_or_default();
                for w in waiting {
                    self.kubelet_pod_bound(&w);
                }
            }
        }
    }

    pub(crate) fn volume_hold(&mut self, pvc: &str, hold: bool) -> Result<(), ApiError> {
        if !self.store.pvcs.contains_key(pvc) {
            return Err(ApiError::NotFound {
                kind: Kind::PersistentVolumeClaim,
                name: pvc.to_string(),
            });
        }
        self.modify::<PersistentVolumeClaim>(pvc, |c| {
            let has = c.metadata.finalizers.iter().any(|f| f == HOLD_FINALIZER);
            if hold && !has {
                c.metadata.finalizers.push(HOLD_FINALIZER.into());
            } else if !hold {
                c.metadata.finalizers.retain(|f| f != HOLD_FINALIZER);
            }
        });
        if !hold {
            self.enqueue(self.now, Work::PvcProtection(pvc.to_string()));
        }
        Ok(())
    }
}
