//! kubectl's pod STATUS, READY and RESTARTS columns (`printPod` in
//! `k8s.io/kubernetes/pkg/printers/internalversion/printers.go`).

use crate::api::{Millis, Pod};

/// The STATUS column: `Pending`, `ContainerCreating`, `Running`,
/// `Terminating`, `Completed`, `Error`, `CrashLoopBackOff`,
/// `ImagePullBackOff`, `ErrImagePull`, `Evicted`, `Unknown`, `Init:0/1` …
pub fn pod_status_text(pod: &Pod) -> String {
    let st = &pod.status;
    let mut reason = st.phase.clone().unwrap_or_else(|| "Pending".into());
    if let Some(r) = st.reason.as_ref().filter(|r| !r.is_empty()) {
        reason = r.clone();
    }
    {
        let mut has_running = false;
        for c in st.container_statuses.iter().rev() {
            if let Some(w) = c
                .state
                .waiting
                .as_ref()
                .and_then(|w| w.reason.as_ref())
                .filter(|r| !r.is_empty())
            {
                reason = w.clone();
            } else if let Some(t) = c.state.terminated.as_ref() {
                reason = match t.reason.as_ref().filter(|r| !r.is_empty()) {
                    Some(r) => r.clone(),
                    None => format!("ExitCode:{}", t.exit_code),
                };
            } else if c.ready && c.state.running.is_some() {
                has_running = true;
            }
        }
        if reason == "Completed" && has_running {
            reason = if pod.ready_condition().is_some_and(|c| c.status == "True") {
                "Running".into()
            } else {
                "NotReady".into()
            };
        }
    }
    if pod.metadata.deletion_timestamp.is_some() {
        if st.reason.as_deref() == Some("NodeLost") {
            reason = "Unknown".into();
        } else if !pod.is_failed_or_succeeded() {
            reason = "Terminating".into();
        }
    }
    reason
}

/// The READY column: ready containers / containers (`1/1`).
pub fn pod_ready_text(pod: &Pod) -> String {
    let ready = pod
        .status
        .container_statuses
        .iter()
        .filter(|c| c.ready && c.state.running.is_some())
        .count();
    format!("{ready}/{}", pod.spec.containers.len())
}

/// The RESTARTS column: `0`, or `2 (15s ago)` after a restart.
pub fn pod_restarts_text(pod: &Pod, now: Millis) -> String {
    let restarts = pod.restarts();
    let last = pod
        .status
        .container_statuses
        .iter()
        .filter_map(|c| c.last_state.as_ref()?.terminated.as_ref()?.finished_at)
        .max();
    match last {
        Some(t) if restarts > 0 => format!(
            "{restarts} ({} ago)",
            super::super::duration::human_duration(now.saturating_sub(t.0))
        ),
        _ => restarts.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::*;

    fn pod(phase: &str) -> Pod {
        let mut p = Pod::default();
        p.metadata.name = "web-0".into();
        p.spec.containers.push(Container {
            name: "nginx".into(),
            image: "nginx".into(),
            ..Default::default()
        });
        p.status.phase = Some(phase.into());
        p
    }

    fn with_state(mut p: Pod, state: ContainerState, ready: bool) -> Pod {
        p.status.container_statuses.push(ContainerStatus {
            name: "nginx".into(),
            ready,
            state,
            ..Default::default()
        });
        p
    }

    #[test]
    fn status_column() {
        assert_eq!(pod_status_text(&pod("Pending")), "Pending");
        let waiting = |r: &str| ContainerState {
            waiting: Some(ContainerStateWaiting {
                reason: Some(r.into()),
                message: None,
            }),
            ..Default::default()
        };
        assert_eq!(
            pod_status_text(&with_state(
                pod("Pending"),
                waiting("ContainerCreating"),
                false
            )),
            "ContainerCreating"
        );
        assert_eq!(
            pod_status_text(&with_state(
                pod("Running"),
                waiting("CrashLoopBackOff"),
                false
            )),
            "CrashLoopBackOff"
        );
        let running = ContainerState {
            running: Some(ContainerStateRunning { started_at: None }),
            ..Default::default()
        };
        let p = with_state(pod("Running"), running, true);
        assert_eq!(pod_status_text(&p), "Running");
        assert_eq!(pod_ready_text(&p), "1/1");
        let mut t = p.clone();
        t.metadata.deletion_timestamp = Some(Time(1));
        assert_eq!(pod_status_text(&t), "Terminating");
        let mut e = pod("Failed");
        e.status.reason = Some("Evicted".into());
        assert_eq!(pod_status_text(&e), "Evicted");
        let term = ContainerState {
            terminated: Some(ContainerStateTerminated {
                exit_code: 1,
                reason: Some("Error".into()),
                finished_at: None,
            }),
            ..Default::default()
        };
        assert_eq!(
            pod_status_text(&with_state(pod("Running"), term, false)),
            "Error"
        );
        assert_eq!(pod_ready_text(&pod("Pending")), "0/1");
    }

    #[test]
    fn restarts_column() {
        let mut p = pod("Running");
        let last = ContainerState {
            terminated: Some(ContainerStateTerminated {
                exit_code: 1,
                reason: None,
                finished_at: Some(Time(10_000)),
            }),
            ..Default::default()
        };
        p.status.container_statuses.push(ContainerStatus {
            name: "nginx".into(),
            restart_count: 2,
            last_state: Some(last),
            ..Default::default()
        });
        assert_eq!(pod_restarts_text(&p, 25_000), "2 (15s ago)");
        assert_eq!(pod_restarts_text(&pod("Running"), 0), "0");
    }
}
