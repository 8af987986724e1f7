//! One module per actor. Actors never call each other: each reads the store
//! and writes through the simulated API server, as controllers do upstream.

pub mod statefulset;
