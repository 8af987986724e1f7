//! # sim — a deterministic simulation of the Kubernetes v1.36 StatefulSet controller
//!
//! The engine is a sans-IO state machine: it never reads a clock or does I/O.
//! See [`Engine`] for what goes in, what comes out, and the order to call things.
//! Every behaviour cites a rule of `statefulset-semantics.md` as `§N.M`.

pub mod api;
pub mod control;
pub mod engine;
pub mod explain;
pub mod lessons;
pub mod manifest;
pub mod rng;
pub mod script;
pub mod share;
pub mod trace;

pub use api::{ApiError, Kind, Millis, Object};
pub use engine::{
    Config, DeleteOptions, DnsRecord, Engine, ImageBehaviour, Propagation, Store, StoredEvent,
    Timing,
};
pub use explain::{Explanation, ExplanationKind};
pub use trace::{ChangeFields, ChangeOp, Record, RecordBody, TraceStatus};
