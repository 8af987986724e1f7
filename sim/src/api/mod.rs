//! The object model: the Kubernetes kinds the simulation stores, shaped like
//! their JSON so manifests, `-o yaml` and patches round-trip through serde.
//! Defaulting and validation (§1–§2) live beside the types.

pub mod autoscaling;
pub mod cluster;
pub mod defaults;
pub mod deployment;
pub mod error;
pub mod meta;
pub mod pod;
pub mod statefulset;
pub mod statefulset_rules;
pub mod storage;
pub mod validation;

pub use autoscaling::HorizontalPodAutoscaler;
pub use cluster::*;
pub use deployment::*;
pub use error::ApiError;
pub use meta::*;
pub use pod::*;
pub use statefulset::*;
pub use storage::*;

use serde::{Deserialize, Serialize};

/// The kinds the simulated API server knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Kind {
    StatefulSet,
    Pod,
    PersistentVolumeClaim,
    PersistentVolume,
    Service,
    Node,
    Event,
    ControllerRevision,
    Deployment,
    ReplicaSet,
    HorizontalPodAutoscaler,
}

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::StatefulSet,
        Kind::Pod,
        Kind::PersistentVolumeClaim,
        Kind::PersistentVolume,
        Kind::Service,
        Kind::Node,
        Kind::Event,
        Kind::ControllerRevision,
        Kind::Deployment,
        Kind::ReplicaSet,
        Kind::HorizontalPodAutoscaler,
    ];

    /// `Kind` as written in manifests and trace records (`StatefulSet`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::StatefulSet => "StatefulSet",
            Kind::Pod => "Pod",
            Kind::PersistentVolumeClaim => "PersistentVolumeClaim",
            Kind::PersistentVolume => "PersistentVolume",
            Kind::Service => "Service",
            Kind::Node => "Node",
            Kind::Event => "Event",
            Kind::ControllerRevision => "ControllerRevision",
            Kind::Deployment => "Deployment",
            Kind::ReplicaSet => "ReplicaSet",
            Kind::HorizontalPodAutoscaler => "HorizontalPodAutoscaler",
        }
    }

    /// `apiVersion` of the kind.
    pub fn api_version(self) -> &'static str {
        match self {
            Kind::StatefulSet | Kind::ControllerRevision | Kind::Deployment | Kind::ReplicaSet => {
                "apps/v1"
            }
            Kind::HorizontalPodAutoscaler => "autoscaling/v2",
            _ => "v1",
        }
    }

    /// Plural resource name, as in `pods "web-9" not found`.
    pub fn plural(self) -> &'static str {
        match self {
            Kind::StatefulSet => "statefulsets",
            Kind::Pod => "pods",
            Kind::PersistentVolumeClaim => "persistentvolumeclaims",
            Kind::PersistentVolume => "persistentvolumes",
            Kind::Service => "services",
            Kind::Node => "nodes",
            Kind::Event => "events",
            Kind::ControllerRevision => "controllerrevisions",
            Kind::Deployment => "deployments",
            Kind::ReplicaSet => "replicasets",
            Kind::HorizontalPodAutoscaler => "horizontalpodautoscalers",
        }
    }

    /// The resource as the API server names it in errors: the plural, with
    /// its group for non-core kinds (`statefulsets.apps`, `pods`).
    pub fn resource(self) -> String {
        match self.api_version().split_once('/') {
            Some((group, _)) => format!("{}.{group}", self.plural()),
            None => self.plural().to_string(),
        }
    }

    /// `resource.group` as kubectl prints it (`statefulset.apps`, `pod`).
    pub fn qualified(self) -> &'static str {
        match self {
            Kind::StatefulSet => "statefulset.apps",
            Kind::Pod => "pod",
            Kind::PersistentVolumeClaim => "persistentvolumeclaim",
            Kind::PersistentVolume => "persistentvolume",
            Kind::Service => "service",
            Kind::Node => "node",
            Kind::Event => "event",
            Kind::ControllerRevision => "controllerrevision.apps",
            Kind::Deployment => "deployment.apps",
            Kind::ReplicaSet => "replicaset.apps",
            Kind::HorizontalPodAutoscaler => "horizontalpodautoscaler.autoscaling",
        }
    }

    /// Whether objects of this kind live in a namespace.
    pub fn namespaced(self) -> bool {
        !matches!(self, Kind::Node | Kind::PersistentVolume)
    }

    /// Parses a `kind:` value from a manifest.
    pub fn from_kind_str(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Any stored object.
#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    StatefulSet(StatefulSet),
    Pod(Pod),
    PersistentVolumeClaim(PersistentVolumeClaim),
    PersistentVolume(PersistentVolume),
    Service(Service),
    Node(Node),
    Event(Event),
    ControllerRevision(ControllerRevision),
    Deployment(Deployment),
    ReplicaSet(ReplicaSet),
    HorizontalPodAutoscaler(HorizontalPodAutoscaler),
}

impl Object {
    pub fn kind(&self) -> Kind {
        match self {
            Object::StatefulSet(_) => Kind::StatefulSet,
            Object::Pod(_) => Kind::Pod,
            Object::PersistentVolumeClaim(_) => Kind::PersistentVolumeClaim,
            Object::PersistentVolume(_) => Kind::PersistentVolume,
            Object::Service(_) => Kind::Service,
            Object::Node(_) => Kind::Node,
            Object::Event(_) => Kind::Event,
            Object::ControllerRevision(_) => Kind::ControllerRevision,
            Object::Deployment(_) => Kind::Deployment,
            Object::ReplicaSet(_) => Kind::ReplicaSet,
            Object::HorizontalPodAutoscaler(_) => Kind::HorizontalPodAutoscaler,
        }
    }

    pub fn metadata(&self) -> &ObjectMeta {
        match self {
            Object::StatefulSet(o) => &o.metadata,
            Object::Pod(o) => &o.metadata,
            Object::PersistentVolumeClaim(o) => &o.metadata,
            Object::PersistentVolume(o) => &o.metadata,
            Object::Service(o) => &o.metadata,
            Object::Node(o) => &o.metadata,
            Object::Event(o) => &o.metadata,
            Object::ControllerRevision(o) => &o.metadata,
            Object::Deployment(o) => &o.metadata,
            Object::ReplicaSet(o) => &o.metadata,
            Object::HorizontalPodAutoscaler(o) => &o.metadata,
        }
    }

    pub fn metadata_mut(&mut self) -> &mut ObjectMeta {
        match self {
            Object::StatefulSet(o) => &mut o.metadata,
            Object::Pod(o) => &mut o.metadata,
            Object::PersistentVolumeClaim(o) => &mut o.metadata,
            Object::PersistentVolume(o) => &mut o.metadata,
            Object::Service(o) => &mut o.metadata,
            Object::Node(o) => &mut o.metadata,
            Object::Event(o) => &mut o.metadata,
            Object::ControllerRevision(o) => &mut o.metadata,
            Object::Deployment(o) => &mut o.metadata,
            Object::ReplicaSet(o) => &mut o.metadata,
            Object::HorizontalPodAutoscaler(o) => &mut o.metadata,
        }
    }

    pub fn name(&self) -> &str {
        &self.metadata().name
    }

    /// The object as Kubernetes JSON (what `-o json` prints).
    pub fn to_json(&self) -> serde_json::Value {
        let r = match self {
            Object::StatefulSet(o) => serde_json::to_value(o),
            Object::Pod(o) => serde_json::to_value(o),
            Object::PersistentVolumeClaim(o) => serde_json::to_value(o),
            Object::PersistentVolume(o) => serde_json::to_value(o),
            Object::Service(o) => serde_json::to_value(o),
            Object::Node(o) => serde_json::to_value(o),
            Object::Event(o) => serde_json::to_value(o),
            Object::ControllerRevision(o) => serde_json::to_value(o),
            Object::Deployment(o) => serde_json::to_value(o),
            Object::ReplicaSet(o) => serde_json::to_value(o),
            Object::HorizontalPodAutoscaler(o) => serde_json::to_value(o),
        };
        // Serializing plain data structs with string keys cannot fail.
        r.unwrap_or(serde_json::Value::Null)
    }

    /// Decodes a JSON object of the given kind (after a patch, or from a
    /// manifest whose `kind` was already checked). The error text is serde's.
    pub fn from_json(kind: Kind, v: serde_json::Value) -> Result<Object, String> {
        fn de<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> Result<T, String> {
            serde_json::from_value(v).map_err(|e| e.to_string())
        }
        Ok(match kind {
            Kind::StatefulSet => Object::StatefulSet(de(v)?),
            Kind::Pod => Object::Pod(de(v)?),
            Kind::PersistentVolumeClaim => Object::PersistentVolumeClaim(de(v)?),
            Kind::PersistentVolume => Object::PersistentVolume(de(v)?),
            Kind::Service => Object::Service(de(v)?),
            Kind::Node => Object::Node(de(v)?),
            Kind::Event => Object::Event(de(v)?),
            Kind::ControllerRevision => Object::ControllerRevision(de(v)?),
            Kind::Deployment => Object::Deployment(de(v)?),
            Kind::ReplicaSet => Object::ReplicaSet(de(v)?),
            Kind::HorizontalPodAutoscaler => Object::HorizontalPodAutoscaler(de(v)?),
        })
    }
}
