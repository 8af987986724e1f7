//! The lesson library: every `sim/lessons/*.lesson` file, embedded.

use super::{parse_lesson, Lesson};

/// `(file name, text)` of every lesson, in teaching order.
pub const LESSON_SOURCES: &[(&str, &str)] = &[
    (
        "01-ordered-creation.lesson",
        include_str!("../../lessons/01-ordered-creation.lesson"),
    ),
    (
        "02-scale-down.lesson",
        include_str!("../../lessons/02-scale-down.lesson"),
    ),
    (
        "03-stable-storage.lesson",
        include_str!("../../lessons/03-stable-storage.lesson"),
    ),
    (
        "04-headless-dns.lesson",
        include_str!("../../lessons/04-headless-dns.lesson"),
    ),
    (
        "05-parallel.lesson",
        include_str!("../../lessons/05-parallel.lesson"),
    ),
    (
        "06-partitioned-rollout.lesson",
        include_str!("../../lessons/06-partitioned-rollout.lesson"),
    ),
    (
        "07-stuck-rollout.lesson",
        include_str!("../../lessons/07-stuck-rollout.lesson"),
    ),
    (
        "08-retention.lesson",
        include_str!("../../lessons/08-retention.lesson"),
    ),
    (
        "09-ordinals-start.lesson",
        include_str!("../../lessons/09-ordinals-start.lesson"),
    ),
    (
        "10-node-failure.lesson",
        include_str!("../../lessons/10-node-failure.lesson"),
    ),
    (
        "11-replicated-database.lesson",
        include_str!("../../lessons/11-replicated-database.lesson"),
    ),
    (
        "12-autoscaling.lesson",
        include_str!("../../lessons/12-autoscaling.lesson"),
    ),
    (
        "13-vs-deployment.lesson",
        include_str!("../../lessons/13-vs-deployment.lesson"),
    ),
];

/// `(name, YAML)` of the manifests lessons apply with `$ @apply NAME`.
pub const MANIFESTS: &[(&str, &str)] = &[
    ("web", include_str!("../../lessons/manifests/web.yaml")),
    (
        "web-parallel",
        include_str!("../../lessons/manifests/web-parallel.yaml"),
    ),
    (
        "web-retention",
        include_str!("../../lessons/manifests/web-retention.yaml"),
    ),
    ("db", include_str!("../../lessons/manifests/db.yaml")),
];

/// The manifest `name`, if embedded.
pub fn manifest(name: &str) -> Option<&'static str> {
    MANIFESTS.iter().find(|(n, _)| *n == name).map(|(_, y)| *y)
}

/// `01-ordered-creation.lesson` → `ordered-creation`.
pub(crate) fn slug(file: &str) -> String {
    let stem = file.strip_suffix(".lesson").unwrap_or(file);
    match stem.split_once('-') {
        Some((num, rest)) if num.chars().all(|c| c.is_ascii_digit()) => rest.to_string(),
        _ => stem.to_string(),
    }
}

/// Every lesson, in teaching order. (Each embedded lesson is checked to
/// parse by a unit test; one that did not would be left out, not panic.)
pub fn all() -> Vec<Lesson> {
    LESSON_SOURCES
        .iter()
        .filter_map(|(file, src)| parse_lesson(&slug(file), src).ok())
        .collect()
}

/// The lesson with this id (`ordered-creation`), if any.
pub fn get(id: &str) -> Option<Lesson> {
    LESSON_SOURCES
        .iter()
        .find(|(file, _)| slug(file) == id)
        .and_then(|(file, src)| parse_lesson(&slug(file), src).ok())
}
