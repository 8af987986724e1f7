//! The simulated API server's verbs: create (defaulting, validation, uid,
//! timestamps), update (immutability, generation), status updates, delete
//! (graceful pods, finalizers, cascading), get and list.

use super::store::with_kind;
use super::{DeleteOptions, Engine, Propagation, Stored, Work, PVC_PROTECTION};
use crate::api::defaults::*;
use crate::api::statefulset_rules::{
    default_statefulset, validate_statefulset, validate_statefulset_for_update,
    validate_statefulset_update,
};
use crate::api::validation::*;
use crate::api::*;

/// Finalizer of an owner in foreground deletion.
pub const FOREGROUND: &str = "foregroundDeletion";
/// Finalizer of an owner deleted with `--cascade=orphan`.
pub const ORPHAN: &str = "orphan";

fn invalid(kind: Kind, name: &str, causes: Vec<String>) -> Result<(), ApiError> {
    if causes.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Invalid {
            kind,
            name: name.to_string(),
            causes,
        })
    }
}

impl Engine {
    fn prepare_name(&mut self, meta: &mut ObjectMeta) {
        if meta.name.is_empty() && !meta.generate_name.is_empty() {
            meta.name = format!("{}{}", meta.generate_name, self.rng.name_suffix(5));
        }
    }

    /// Stores a new object of kind `T`: AlreadyExists check, namespace,
    /// uid, creationTimestamp. Returns its name.
    pub(crate) fn create_typed<T: Stored>(&mut self, mut obj: T) -> Result<String, ApiError> {
        let name = obj.meta().name.clone();
        if T::map(&self.store).contains_key(&name) {
            return Err(ApiError::AlreadyExists {
                kind: T::KIND,
                name,
            });
        }
        let uid = self.new_uid();
        let now = self.now;
        let m = obj.meta_mut();
        if T::KIND.namespaced() {
            m.namespace = "default".into();
        } else {
            m.namespace.clear();
        }
        m.uid = uid;
        m.creation_timestamp = Some(Time(now));
        m.deletion_timestamp = None;
        m.deletion_grace_period_seconds = None;
        self.insert(obj);
        Ok(name)
    }

    /// POST, returning the stored object.
    pub(crate) fn create_object(&mut self, obj: Object) -> Result<Object, ApiError> {
        let (kind, name) = self.create_inner(obj)?;
        self.get_object(kind, &name)
            .ok_or(ApiError::NotFound { kind, name })
    }

    /// POST without copying the result back: returns (kind, name).
    pub(crate) fn create_inner(&mut self, obj: Object) -> Result<(Kind, String), ApiError> {
        match obj {
            Object::StatefulSet(mut s) => {
                self.prepare_name(&mut s.metadata);
                default_statefulset(&mut s);
                invalid(
                    Kind::StatefulSet,
                    &s.metadata.name,
                    validate_statefulset(&s, self.config.max_replicas),
                )?;
                s.status = StatefulSetStatus::default();
                s.metadata.generation = 1;
                s.metadata
                    .finalizers
                    .retain(|f| f != FOREGROUND && f != ORPHAN);
                self.create_typed(s).map(|n| (Kind::StatefulSet, n))
            }
            Object::Pod(mut p) => {
                self.prepare_name(&mut p.metadata);
                default_pod(&mut p);
                invalid(Kind::Pod, &p.metadata.name, validate_pod(&p))?;
                if let Some(n) = &p.spec.node_name {
                    if !self.store.nodes.contains_key(n) {
                        // Binding to a missing node is accepted by the API
                        // server; the pod then never starts (podgc would
                        // delete it). Keep it simple: refuse.
                        return Err(ApiError::Invalid {
                            kind: Kind::Pod,
                            name: p.metadata.name.clone(),
                            causes: vec![format!("spec.nodeName: Not found: {n:?}")],
                        });
                    }
                }
                // §5.1: the API server sets phase Pending.
                p.status = PodStatus {
                    phase: Some("Pending".into()),
                    ..Default::default()
                };
                let name = self.create_typed(p)?;
                self.pod_created(&name);
                Ok((Kind::Pod, name))
            }
            Object::PersistentVolumeClaim(mut c) => {
                self.prepare_name(&mut c.metadata);
                default_pvc(&mut c);
                invalid(
                    Kind::PersistentVolumeClaim,
                    &c.metadata.name,
                    validate_pvc(&c),
                )?;
                if !c.metadata.finalizers.iter().any(|f| f == PVC_PROTECTION) {
                    c.metadata.finalizers.push(PVC_PROTECTION.into());
                }
                c.status = PersistentVolumeClaimStatus {
                    phase: Some("Pending".into()),
                    ..Default::default()
                };
                let name = self.create_typed(c)?;
                self.volume_pvc_created(&name);
                Ok((Kind::PersistentVolumeClaim, name))
            }
            Object::PersistentVolume(mut v) => {
                self.prepare_name(&mut v.metadata);
                invalid(
                    Kind::PersistentVolume,
                    &v.metadata.name,
                    validate_name(Kind::PersistentVolume, &v.metadata.name),
                )?;
                if v.status.phase.is_none() {
                    v.status.phase = Some(
                        if v.spec.claim_ref.is_some() {
                            "Bound"
                        } else {
                            "Available"
                        }
                        .into(),
                    );
                }
                self.create_typed(v).map(|n| (Kind::PersistentVolume, n))
            }
            Object::Service(mut s) => {
                self.prepare_name(&mut s.metadata);
                default_service(&mut s);
                invalid(Kind::Service, &s.metadata.name, validate_service(&s))?;
                if s.spec.cluster_ip.as_deref().is_none_or(str::is_empty) {
                    self.next_service_ip += 1;
                    let n = self.next_service_ip + 10;
                    s.spec.cluster_ip = Some(format!("10.96.{}.{}", (n / 250) % 256, n % 250 + 1));
                }
                self.create_typed(s).map(|n| (Kind::Service, n))
            }
            Object::Node(mut n) => {
                self.prepare_name(&mut n.metadata);
                invalid(
                    Kind::Node,
                    &n.metadata.name,
                    validate_name(Kind::Node, &n.metadata.name),
                )?;
                if n.status.conditions.is_empty() {
                    n.status.conditions.push(NodeCondition {
                        type_: "Ready".into(),
                        status: "True".into(),
                        last_transition_time: Some(Time(self.now)),
                        reason: Some("KubeletReady".into()),
                    });
                }
                let name = self.create_typed(n)?;
                self.node_created(&name);
                Ok((Kind::Node, name))
            }
            Object::ControllerRevision(mut r) => {
                self.prepare_name(&mut r.metadata);
                invalid(
                    Kind::ControllerRevision,
                    &r.metadata.name,
                    validate_name(Kind::ControllerRevision, &r.metadata.name)
                        .into_iter()
                        .chain(validate_labels("metadata.labels", &r.metadata.labels))
                        .collect(),
                )?;
                self.create_typed(r).map(|n| (Kind::ControllerRevision, n))
            }
            Object::Deployment(mut d) => {
                self.prepare_name(&mut d.metadata);
                default_deployment(&mut d);
                invalid(Kind::Deployment, &d.metadata.name, validate_deployment(&d))?;
                d.status = DeploymentStatus::default();
                d.metadata.generation = 1;
                self.create_typed(d).map(|n| (Kind::Deployment, n))
            }
            Object::ReplicaSet(mut r) => {
                self.prepare_name(&mut r.metadata);
                invalid(
                    Kind::ReplicaSet,
                    &r.metadata.name,
                    validate_name(Kind::ReplicaSet, &r.metadata.name),
                )?;
                r.status = ReplicaSetStatus::default();
                r.metadata.generation = 1;
                self.create_typed(r).map(|n| (Kind::ReplicaSet, n))
            }
            Object::HorizontalPodAutoscaler(mut h) => {
                self.prepare_name(&mut h.metadata);
                crate::api::autoscaling::default_hpa(&mut h);
                invalid(
                    Kind::HorizontalPodAutoscaler,
                    &h.metadata.name,
                    crate::api::autoscaling::validate_hpa(&h),
                )?;
                h.status = Default::default();
                h.metadata.generation = 1;
                let name = self.create_typed(h)?;
                self.hpa_created(&name);
                Ok((Kind::HorizontalPodAutoscaler, name))
            }
            Object::Event(e) => Err(ApiError::BadRequest(format!(
                "events {:?} cannot be created through this API",
                e.metadata.name
            ))),
        }
    }

    /// Common part of an update: copies labels and annotations (and with
    /// `full`, owner references and finalizers), lets `spec` copy the spec,
    /// bumps `generation` when the spec changed and `bump` is set.
    fn update_typed<T: Stored>(
        &mut self,
        new_meta: ObjectMeta,
        full: bool,
        bump: bool,
        spec: impl FnOnce(&mut T) -> bool,
    ) -> Result<T, ApiError> {
        let name = new_meta.name.clone();
        if !T::map(&self.store).contains_key(&name) {
            return Err(ApiError::NotFound {
                kind: T::KIND,
                name,
            });
        }
        self.modify::<T>(&name, |o| {
            let m = o.meta_mut();
            m.labels = new_meta.labels;
            m.annotations = new_meta.annotations;
            if full {
                m.owner_references = new_meta.owner_references;
                m.finalizers = new_meta.finalizers;
            }
            if spec(o) && bump {
                o.meta_mut().generation += 1;
            }
        });
        T::map(&self.store)
            .get(&name)
            .cloned()
            .ok_or(ApiError::NotFound {
                kind: T::KIND,
                name,
            })
    }

    pub(crate) fn update_object(&mut self, obj: Object, full: bool) -> Result<Object, ApiError> {
        let kind = obj.kind();
        let name = obj.name().to_string();
        let exists = with_kind!(kind, T => T::map(&self.store).contains_key(&name), self.store.events.iter().any(|e| e.is_named(&name)));
        if !exists {
            return Err(ApiError::NotFound { kind, name });
        }
        match obj {
            Object::StatefulSet(mut s) => {
                default_statefulset(&mut s);
                let old = self
                    .store
                    .statefulsets
                    .get(&name)
                    .cloned()
                    .unwrap_or_default();
                let mut causes = validate_statefulset_for_update(&s, self.config.max_replicas);
                causes.extend(validate_statefulset_update(&old, &s));
                invalid(kind, &name, causes)?;
                let spec = s.spec;
                self.update_typed::<StatefulSet>(s.metadata, full, true, |o| {
                    let changed = o.spec != spec;
                    o.spec = spec;
                    changed
                })
                .map(Object::StatefulSet)
            }
            Object::Pod(mut p) => {
                default_pod(&mut p);
                invalid(kind, &name, validate_pod(&p))?;
                let spec = p.spec;
                self.update_typed::<Pod>(p.metadata, full, false, |o| {
                    let node = o.spec.node_name.clone();
                    o.spec = spec;
                    if o.spec.node_name.is_none() {
                        o.spec.node_name = node;
                    }
                    false
                })
                .map(Object::Pod)
            }
            Object::PersistentVolumeClaim(mut c) => {
                default_pvc(&mut c);
                let old = self.store.pvcs.get(&name).cloned().unwrap_or_default();
                invalid(kind, &name, validate_pvc_update(&old, &c))?;
                let spec = c.spec;
                self.update_typed::<PersistentVolumeClaim>(c.metadata, full, false, |o| {
                    let vol = o.spec.volume_name.clone();
                    o.spec = spec;
                    if o.spec.volume_name.is_none() {
                        o.spec.volume_name = vol;
                    }
                    false
                })
                .map(Object::PersistentVolumeClaim)
            }
            Object::PersistentVolume(v) => {
                let spec = v.spec;
                self.update_typed::<PersistentVolume>(v.metadata, full, false, |o| {
                    o.spec = spec;
                    false
                })
                .map(Object::PersistentVolume)
            }
            Object::Service(mut s) => {
                default_service(&mut s);
                invalid(kind, &name, validate_service(&s))?;
                let spec = s.spec;
                self.update_typed::<Service>(s.metadata, full, false, |o| {
                    let ip = o.spec.cluster_ip.clone();
                    o.spec = spec;
                    if o.spec.cluster_ip.as_deref().is_none_or(str::is_empty) {
                        o.spec.cluster_ip = ip;
                    }
                    false
                })
                .map(Object::Service)
            }
            Object::Node(n) => {
                let spec = n.spec;
                let r = self.update_typed::<Node>(n.metadata, full, false, |o| {
                    o.spec = spec;
                    false
                });
                self.scheduler_retry_all();
                r.map(Object::Node)
            }
            Object::ControllerRevision(r) => {
                let (data, revision) = (r.data, r.revision);
                self.update_typed::<ControllerRevision>(r.metadata, full, false, |o| {
                    o.data = data;
                    o.revision = revision;
                    false
                })
                .map(Object::ControllerRevision)
            }
            Object::Deployment(mut d) => {
                default_deployment(&mut d);
                invalid(kind, &name, validate_deployment(&d))?;
                let spec = d.spec;
                self.update_typed::<Deployment>(d.metadata, full, true, |o| {
                    let changed = o.spec != spec;
                    o.spec = spec;
                    changed
                })
                .map(Object::Deployment)
            }
            Object::ReplicaSet(r) => {
                let spec = r.spec;
                self.update_typed::<ReplicaSet>(r.metadata, full, true, |o| {
                    let changed = o.spec != spec;
                    o.spec = spec;
                    changed
                })
                .map(Object::ReplicaSet)
            }
            Object::HorizontalPodAutoscaler(mut h) => {
                crate::api::autoscaling::default_hpa(&mut h);
                invalid(kind, &name, crate::api::autoscaling::validate_hpa(&h))?;
                let spec = h.spec;
                let r = self.update_typed::<HorizontalPodAutoscaler>(h.metadata, full, true, |o| {
                    let changed = o.spec != spec;
                    o.spec = spec;
                    changed
                });
                self.hpa_created(&name);
                r.map(Object::HorizontalPodAutoscaler)
            }
            Object::Event(_) => Err(ApiError::BadRequest(
                "events cannot be updated through this API".into(),
            )),
        }
    }

    pub(crate) fn update_status_object(&mut self, obj: Object) -> Result<Object, ApiError> {
        let kind = obj.kind();
        let name = obj.name().to_string();
        let nf = || ApiError::NotFound {
            kind,
            name: name.clone(),
        };
        macro_rules! status {
            ($t:ty, $v:expr, $variant:ident) => {{
                let st = $v.status;
                if !<$t as Stored>::map(&self.store).contains_key(&name) {
                    return Err(nf());
                }
                self.modify::<$t>(&name, |o| o.status = st);
                <$t as Stored>::map(&self.store)
                    .get(&name)
                    .cloned()
                    .map(Object::$variant)
                    .ok_or_else(nf)
            }};
        }
        match obj {
            Object::StatefulSet(s) => status!(StatefulSet, s, StatefulSet),
            Object::Pod(p) => status!(Pod, p, Pod),
            Object::PersistentVolumeClaim(c) => {
                status!(PersistentVolumeClaim, c, PersistentVolumeClaim)
            }
            Object::PersistentVolume(v) => status!(PersistentVolume, v, PersistentVolume),
            Object::Deployment(d) => status!(Deployment, d, Deployment),
            Object::ReplicaSet(r) => status!(ReplicaSet, r, ReplicaSet),
            Object::HorizontalPodAutoscaler(h) => {
                status!(HorizontalPodAutoscaler, h, HorizontalPodAutoscaler)
            }
            _ => Err(ApiError::BadRequest(format!(
                "{} has no status subresource",
                kind.plural()
            ))),
        }
    }

    pub(crate) fn delete_object(
        &mut self,
        kind: Kind,
        name: &str,
        opts: DeleteOptions,
    ) -> Result<(), ApiError> {
        let nf = || ApiError::NotFound {
            kind,
            name: name.to_string(),
        };
        match kind {
            Kind::Pod => self.delete_pod(name, opts.grace_period_seconds, opts.force),
            Kind::PersistentVolumeClaim => {
                let c = self.store.pvcs.get(name).ok_or_else(nf)?;
                if c.metadata.is_terminating() {
                    return Ok(());
                }
                if c.metadata.finalizers.is_empty() {
                    self.remove_obj::<PersistentVolumeClaim>(name);
                } else {
                    let now = self.now;
                    self.modify::<PersistentVolumeClaim>(name, |c| {
                        c.metadata.deletion_timestamp = Some(Time(now));
                        c.metadata.deletion_grace_period_seconds = Some(0);
                    });
                    self.enqueue(self.now, Work::PvcProtection(name.to_string()));
                }
                Ok(())
            }
            Kind::Node => {
                if !self.store.nodes.contains_key(name) {
                    return Err(nf());
                }
                self.node_deleted(name);
                Ok(())
            }
            Kind::Event => {
                let before = self.store.events.len();
                self.store.events.retain(|e| !e.is_named(name));
                if before == self.store.events.len() {
                    Err(nf())
                } else {
                    Ok(())
                }
            }
            _ => {
                let meta = self.meta_of(kind, name).ok_or_else(nf)?;
                if meta.is_terminating() {
                    return Ok(());
                }
                let now = self.now;
                let fin = match opts.propagation {
                    Propagation::Background => None,
                    Propagation::Foreground => Some(FOREGROUND),
                    Propagation::Orphan => Some(ORPHAN),
                };
                if fin.is_none() && meta.finalizers.is_empty() {
                    with_kind!(kind, T => { self.remove_obj::<T>(name); }, ());
                } else {
                    self.modify_meta(kind, name, |m| {
                        m.deletion_timestamp = Some(Time(now));
                        m.deletion_grace_period_seconds = Some(0);
                        if let Some(f) = fin {
                            if !m.finalizers.iter().any(|x| x == f) {
                                m.finalizers.push(f.into());
                            }
                        }
                    });
                    if fin.is_some() {
                        self.enqueue(self.now, Work::OwnerFinalizers(kind, name.to_string()));
                    }
                }
                Ok(())
            }
        }
    }

    /// DELETE of a pod (§19.2): graceful with `grace` or the pod's
    /// terminationGracePeriodSeconds (default 30); grace 0, an unscheduled
    /// pod or a Failed/Succeeded pod is removed at once.
    pub(crate) fn delete_pod(
        &mut self,
        name: &str,
        grace: Option<i64>,
        force: bool,
    ) -> Result<(), ApiError> {
        let Some(p) = self.store.pods.get(name) else {
            return Err(ApiError::NotFound {
                kind: Kind::Pod,
                name: name.to_string(),
            });
        };
        // `--force` without `--grace-period` means immediate removal.
        let grace = if force && grace.is_none() {
            0
        } else {
            grace
                .or(p.spec.termination_grace_period_seconds)
                .unwrap_or(30)
                .max(0)
        };
        let immediate = grace == 0 || p.spec.node_name.is_none() || p.is_failed_or_succeeded();
        let has_finalizers = !p.metadata.finalizers.is_empty();
        if let Some(cur) = p
            .metadata
            .deletion_grace_period_seconds
            .filter(|_| p.metadata.is_terminating())
        {
            if immediate {
                self.force_remove_pod(name, has_finalizers);
            } else if grace < cur {
                let now = self.now;
                self.modify::<Pod>(name, |p| {
                    p.metadata.deletion_grace_period_seconds = Some(grace);
                    p.metadata.deletion_timestamp = Some(Time(
                        now.saturating_add(crate::control::kubelet::secs_to_ms(grace)),
                    ));
                });
                self.kubelet_shorten_grace(name, grace);
            }
            return Ok(());
        }
        if immediate {
            let now = self.now;
            if has_finalizers {
                self.modify::<Pod>(name, |p| {
                    p.metadata.deletion_timestamp = Some(Time(now));
                    p.metadata.deletion_grace_period_seconds = Some(0);
                });
            }
            self.force_remove_pod(name, has_finalizers);
        } else {
            let now = self.now;
            self.modify::<Pod>(name, |p| {
                p.metadata.deletion_timestamp = Some(Time(
                    now.saturating_add(crate::control::kubelet::secs_to_ms(grace)),
                ));
                p.metadata.deletion_grace_period_seconds = Some(grace);
            });
        }
        Ok(())
    }

    /// Removes a pod object now (grace 0); with finalizers it only marks the
    /// containers stopped so the last finalizer removal deletes it.
    pub(crate) fn force_remove_pod(&mut self, name: &str, has_finalizers: bool) {
        self.kubelet_cancel(name);
        if let Some(rt) = self.runtime.get_mut(name) {
            rt.stopped = true;
        }
        if !has_finalizers {
            self.remove_obj::<Pod>(name);
        }
    }

    pub(crate) fn get_object(&self, kind: Kind, name: &str) -> Option<Object> {
        with_kind!(
            kind,
            T => T::map(&self.store).get(name).cloned().map(Stored::wrap),
            self.store.events.iter().find(|e| e.is_named(name)).map(|e| Object::Event(e.to_event()))
        )
    }

    pub(crate) fn list_objects(&self, kind: Kind) -> Vec<Object> {
        with_kind!(
            kind,
            T => T::map(&self.store).values().cloned().map(Stored::wrap).collect(),
            super::events::aggregate(&self.store.events).into_iter().map(Object::Event).collect()
        )
    }
}
