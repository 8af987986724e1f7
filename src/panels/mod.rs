//! Side panels: the StatefulSet spec and status, Why, events, DNS, nodes
//! and the kubectl console.

pub mod autoscale;
pub mod console;
pub mod dns;
pub mod events;
pub mod nodes;
pub mod spec;
pub mod why;
