//! kubectl-style output: tables, `-o json|yaml`, JSONPath, describe pages
//! and the pod status columns.

pub mod describe;
pub mod jsonpath;
pub mod status;
pub mod table;
pub mod yaml;
