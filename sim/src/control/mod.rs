//! One module per actor. Actors never call each other: each reads the store
//! and writes through the simulated API server, as controllers do upstream.

pub mod deployment;
pub mod dns;
pub mod gc;
pub mod hpa;
pub mod kubelet;
pub mod node;
pub mod replicaset;
pub mod scheduler;
pub mod statefulset;
pub mod volume;
