//! Controls: the replica control, the time bar and the theme switch.

pub mod replicas;
pub mod theme;
pub mod time;
