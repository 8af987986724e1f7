//! The StatefulSet controller (statefulset-semantics.md §6–§18).

pub mod client;
pub use client::StatefulSetClient;
