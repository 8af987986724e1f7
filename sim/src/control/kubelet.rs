//! The kubelet: one simulated kubelet per node drives each bound pod
//! through its lifecycle (§19.1) — ContainerCreating, image pulls (cached
//! per node, serialized per image), Running, Ready — and through
//! termination (§19.2). Image behaviours (`sim image`) and the `sim`
//! readiness/crash/evict verbs act here. Durations come from
//! [`crate::Timing`] with seeded jitter in 100 ms steps.
//!
//! Documented choices: a `pull-error` pod stops in `ImagePullBackOff` and a
//! `never-ready` pod reports one `Unhealthy` event, so the cluster can become
//! quiet; both resume when `sim image` changes the image's behaviour. A
//! `crash` image loops forever (10 s back-off doubling to 300 s).

use crate::api::*;
use crate::control::scheduler::{set, set_condition};
use crate::engine::{debug_quoted, Engine, ImageBehaviour, KStep, Work};

const SOURCE: &str = "kubelet";
const MAX_BACKOFF: Millis = 300_000;

fn image_size(image: &str) -> u64 {
    // Deterministic, plausible size (FNV-1a of the name).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in image.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    20_000_000 + h % 180_000_000
}

/// Seconds (as users type them, possibly absurd) to milliseconds, clamped.
pub(crate) fn secs_to_ms(s: i64) -> Millis {
    (s.max(0) as u64).saturating_mul(1000)
}

fn secs(ms: Millis) -> String {
    format!("{}.{:03}s", ms / 1000, ms % 1000)
}

fn canonical(image: &str) -> String {
    let (repo, tag) = match image.rsplit_once(':') {
        Some((r, t)) if !t.contains('/') => (r, t),
        _ => (image, "latest"),
    };
    let repo = if repo.contains('/') {
        repo.to_string()
    } else {
        format!("library/{repo}")
    };
    let repo = if repo.split('/').next().is_some_and(|h| h.contains('.')) {
        repo
    } else {
        format!("docker.io/{repo}")
    };
    format!("{repo}:{tag}")
}

fn not_ready_msg(pod: &Pod) -> String {
    let names: Vec<&str> = pod
        .spec
        .containers
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    format!("containers with unready status: [{}]", names.join(" "))
}

impl Engine {
    fn jitter(&mut self, range: (Millis, Millis)) -> Millis {
        let (lo, hi) = range;
        if hi <= lo {
            return lo;
        }
        lo + 100 * self.rng.range(0, (hi - lo) / 100)
    }

    /// The behaviour of a pod: the worst of its containers' images.
    fn pod_behaviour(&self, pod: &Pod) -> ImageBehaviour {
        let mut worst = ImageBehaviour::Ok;
        for c in &pod.spec.containers {
            let b = self.image_behaviour(&c.image);
            let rank = |b: ImageBehaviour| match b {
                ImageBehaviour::Ok => 0,
                ImageBehaviour::NeverReady => 1,
                ImageBehaviour::Crash => 2,
                ImageBehaviour::PullError => 3,
            };
            if rank(b) > rank(worst) {
                worst = b;
            }
        }
        worst
    }

    fn kubelet_schedule(&mut self, name: &str, at: Millis, step: KStep) {
        let Some(uid) = self.runtime.get(name).map(|r| r.uid.clone()) else {
            return;
        };
        self.kubelet_cancel(name);
        let key = self.enqueue(at, Work::Kubelet(name.to_string(), uid, step));
        if let Some(rt) = self.runtime.get_mut(name) {
            rt.pending = Some((key, step));
        }
    }

    /// Drops the pod's pending kubelet step; returns which step it was.
    pub(crate) fn kubelet_cancel(&mut self, name: &str) -> Option<KStep> {
        let (key, step) = self.runtime.get_mut(name)?.pending.take()?;
        self.queue.remove(&key);
        Some(step)
    }

    fn kevent(&mut self, pod: &str, type_: &'static str, reason: &'static str, message: String) {
        let host = self
            .store
            .pods
            .get(pod)
            .and_then(|p| p.spec.node_name.clone());
        self.event(
            Kind::Pod,
            pod,
            type_,
            reason,
            message,
            SOURCE,
            host.as_deref(),
        );
    }

    /// The pod was bound to a node: attach its volumes, then start.
    pub(crate) fn kubelet_pod_bound(&mut self, name: &str) {
        self.kubelet_schedule(name, self.now, KStep::Start);
    }

    /// Runs one kubelet step for pod `name` (uid `uid`).
    pub(crate) fn kubelet_step(&mut self, key: (Millis, u64), name: &str, uid: &str, step: KStep) {
        let Some(rt) = self.runtime.get_mut(name) else {
            return;
        };
        if rt.uid != uid {
            return;
        }
        if rt.pending.is_some_and(|(k, _)| k == key) {
            rt.pending = None;
        }
        let Some(stored) = self.store.pods.get(name) else {
            return;
        };
        let Some(node) = stored.spec.node_name.clone() else {
            return;
        };
        let failed_or_succeeded = stored.is_failed_or_succeeded();
        let terminating = stored.metadata.is_terminating();
        // The steps read only the pod's name, uid, spec and IP (their writes
        // go through `modify`): copy just those, and the spec only for the
        // steps that look at containers or volumes.
        let needs_spec = !matches!(step, KStep::PullDone | KStep::Ready | KStep::TerminateDone);
        let pod = Pod {
            metadata: ObjectMeta {
                name: stored.metadata.name.clone(),
                uid: stored.metadata.uid.clone(),
                ..Default::default()
            },
            spec: if needs_spec {
                stored.spec.clone()
            } else {
                PodSpec::default()
            },
            status: PodStatus {
                pod_ip: stored.status.pod_ip.clone(),
                ..Default::default()
            },
            ..Default::default()
        };
        if !self.node_is_ready(&node) {
            if let Some(rt) = self.runtime.get_mut(name) {
                rt.frozen = Some(step);
            }
            return;
        }
        if failed_or_succeeded {
            return;
        }
        if terminating && step != KStep::TerminateDone {
            return;
        }
        match step {
            KStep::Start => self.k_start(&pod, &node),
            KStep::PullDone => self.k_pull_done(&pod),
            KStep::PullBackOff => self.k_pull_backoff(&pod),
            KStep::Started => self.k_started(&pod, false),
            KStep::Restart => self.k_started(&pod, true),
            KStep::Ready => self.k_ready(&pod),
            KStep::Crash => self.k_crash(&pod, true),
            KStep::TerminateDone => self.k_terminated(&pod),
        }
    }

    fn k_start(&mut self, pod: &Pod, node: &str) {
        let name = pod.metadata.name.clone();
        if !self.volume_attach(pod, node) {
            if let Some(rt) = self.runtime.get_mut(&name) {
                rt.attach_wait = true;
            }
            return;
        }
        if let Some(rt) = self.runtime.get_mut(&name) {
            rt.attach_wait = false;
        }
        let now = self.now;
        let host_ip = self
            .nodes_rt
            .get(node)
            .map(|r| format!("172.18.0.{}", r.index + 1));
        let msg = not_ready_msg(pod);
        self.modify_pod_status(&name, |spec, st| {
            let mut changed = set(&mut st.phase, Some("Pending".into()))
                | set(&mut st.host_ip, host_ip)
                | st.start_time.is_none();
            st.start_time.get_or_insert(Time(now));
            changed |=
                set_condition(
                    &mut st.conditions,
                    "PodReadyToStartContainers",
                    "False",
                    now,
                    None,
                    None,
                ) | set_condition(&mut st.conditions, "Initialized", "True", now, None, None)
                    | set_condition(
                        &mut st.conditions,
                        "Ready",
                        "False",
                        now,
                        Some("ContainersNotReady"),
                        Some(msg.clone()),
                    )
                    | set_condition(
                        &mut st.conditions,
                        "ContainersReady",
                        "False",
                        now,
                        Some("ContainersNotReady"),
                        Some(msg),
                    )
                    | set_condition(&mut st.conditions, "PodScheduled", "True", now, None, None);
            let restarts: Vec<i32> = spec
                .containers
                .iter()
                .map(|c| {
                    st.container_statuses
                        .iter()
                        .find(|s| s.name == c.name)
                        .map_or(0, |s| s.restart_count)
                })
                .collect();
            let statuses = spec
                .containers
                .iter()
                .zip(restarts)
                .map(|(c, r)| ContainerStatus {
                    name: c.name.clone(),
                    image: c.image.clone(),
                    ready: false,
                    restart_count: r,
                    started: Some(false),
                    state: ContainerState {
                        waiting: Some(ContainerStateWaiting {
                            reason: Some("ContainerCreating".into()),
                            message: None,
                        }),
                        ..Default::default()
                    },
                    last_state: None,
                })
                .collect();
            changed | set(&mut st.container_statuses, statuses)
        });
        let mut done = now;
        let mut pulling = Vec::new();
        let mut images: Vec<String> = pod
            .spec
            .containers
            .iter()
            .map(|c| c.image.clone())
            .collect();
        images.dedup();
        for img in images {
            let cached = self
                .node_images
                .get(&(node.to_string(), img.clone()))
                .copied();
            match cached {
                Some(t) if t <= now => {
                    self.kevent(
                        &name,
                        "Normal",
                        "Pulled",
                        // `format!("Container image {img:?} already present on machine")`.
                        [
                            "Container image ",
                            &debug_quoted(&img),
                            " already present on machine",
                        ]
                        .concat(),
                    );
                }
                Some(t) => {
                    // Serialized pulls: wait for the pull in progress.
                    self.kevent(&name, "Normal", "Pulling", format!("Pulling image {img:?}"));
                    done = done.max(t);
                    pulling.push(img);
                }
                None => {
                    self.kevent(&name, "Normal", "Pulling", format!("Pulling image {img:?}"));
                    let d = self.jitter(self.config.timing.pull);
                    if self.image_behaviour(&img) != ImageBehaviour::PullError {
                        self.node_images
                            .insert((node.to_string(), img.clone()), now + d);
                    }
                    done = done.max(now + d);
                    pulling.push(img);
                }
            }
        }
        if let Some(rt) = self.runtime.get_mut(&name) {
            rt.pulling = pulling;
            rt.pull_started = now;
            rt.pull_failed = false;
        }
        self.kubelet_schedule(&name, done, KStep::PullDone);
    }

    fn k_pull_done(&mut self, pod: &Pod) {
        let name = pod.metadata.name.clone();
        let (pulling, started) = self
            .runtime
            .get(&name)
            .map(|r| (r.pulling.clone(), r.pull_started))
            .unwrap_or_default();
        for img in &pulling {
            if self.image_behaviour(img) == ImageBehaviour::PullError {
                let c = canonical(img);
                let err = format!(
                    "rpc error: code = NotFound desc = failed to pull and unpack image {c:?}: failed to resolve reference {c:?}: {c}: not found"
                );
                self.kevent(
                    &name,
                    "Warning",
                    "Failed",
                    format!("Failed to pull image {img:?}: {err}"),
                );
                self.kevent(&name, "Warning", "Failed", "Error: ErrImagePull".into());
                let img2 = img.clone();
                let msg = format!("Failed to pull image {img:?}: {err}");
                self.modify::<Pod>(&name, |p| {
                    for (c, s) in p
                        .spec
                        .containers
                        .iter()
                        .zip(p.status.container_statuses.iter_mut())
                    {
                        if c.image == img2 {
                            s.state = ContainerState {
                                waiting: Some(ContainerStateWaiting {
                                    reason: Some("ErrImagePull".into()),
                                    message: Some(msg.clone()),
                                }),
                                ..Default::default()
                            };
                        }
                    }
                });
                if let Some(rt) = self.runtime.get_mut(&name) {
                    rt.pull_failed = true;
                }
                self.kubelet_schedule(&name, self.now + 1000, KStep::PullBackOff);
                return;
            }
        }
        let took = self.now.saturating_sub(started);
        for img in &pulling {
            let size = image_size(img);
            self.kevent(
                &name,
                "Normal",
                "Pulled",
                format!("Successfully pulled image {img:?} in {} ({} including waiting). Image size: {size} bytes.", secs(took), secs(took)),
            );
        }
        let at = self.now + self.config.timing.container_start;
        self.kubelet_schedule(&name, at, KStep::Started);
    }

    fn k_pull_backoff(&mut self, pod: &Pod) {
        let name = pod.metadata.name.clone();
        let Some(img) = pod
            .spec
            .containers
            .iter()
            .find(|c| self.image_behaviour(&c.image) == ImageBehaviour::PullError)
            .map(|c| c.image.clone())
        else {
            return;
        };
        self.kevent(
            &name,
            "Normal",
            "BackOff",
            format!("Back-off pulling image {img:?}"),
        );
        self.kevent(&name, "Warning", "Failed", "Error: ImagePullBackOff".into());
        let msg = format!("Back-off pulling image {img:?}");
        self.modify::<Pod>(&name, |p| {
            for (c, s) in p
                .spec
                .containers
                .iter()
                .zip(p.status.container_statuses.iter_mut())
            {
                if c.image == img {
                    s.state = ContainerState {
                        waiting: Some(ContainerStateWaiting {
                            reason: Some("ImagePullBackOff".into()),
                            message: Some(msg.clone()),
                        }),
                        ..Default::default()
                    };
                }
            }
        });
    }

    /// Containers created and started (first start or a restart).
    fn k_started(&mut self, pod: &Pod, restart: bool) {
        let name = pod.metadata.name.clone();
        let now = self.now;
        for c in &pod.spec.containers {
            if restart {
                self.kevent(
                    &name,
                    "Normal",
                    "Pulled",
                    format!("Container image {:?} already present on machine", c.image),
                );
            }
            self.kevent(
                &name,
                "Normal",
                "Created",
                format!("Created container: {}", c.name),
            );
            self.kevent(
                &name,
                "Normal",
                "Started",
                format!("Started container {}", c.name),
            );
        }
        let ip = match pod.status.pod_ip.clone() {
            Some(ip) => ip,
            None => {
                let node = pod.spec.node_name.clone().unwrap_or_default();
                let rt = self.nodes_rt.entry(node).or_default();
                rt.ips += 1;
                format!("10.244.{}.{}", rt.index, 2 + (rt.ips - 1) % 253)
            }
        };
        self.modify_pod_status(&name, |_spec, st| {
            let mut changed = set(&mut st.phase, Some("Running".into()))
                | set(&mut st.pod_ip, Some(ip))
                | set_condition(
                    &mut st.conditions,
                    "PodReadyToStartContainers",
                    "True",
                    now,
                    None,
                    None,
                );
            for s in &mut st.container_statuses {
                changed |= set(&mut s.started, Some(true))
                    | set(&mut s.ready, false)
                    | set(
                        &mut s.state,
                        ContainerState {
                            running: Some(ContainerStateRunning {
                                started_at: Some(Time(now)),
                            }),
                            ..Default::default()
                        },
                    );
            }
            changed
        });
        if let Some(rt) = self.runtime.get_mut(&name) {
            rt.running = true;
        }
        self.kubelet_after_start(pod);
    }

    fn kubelet_after_start(&mut self, pod: &Pod) {
        let name = pod.metadata.name.clone();
        let (fail, reported) = self
            .runtime
            .get(&name)
            .map(|r| (r.readiness_fail, r.never_ready))
            .unwrap_or_default();
        match self.pod_behaviour(pod) {
            ImageBehaviour::Crash => self.kubelet_schedule(&name, self.now + 1000, KStep::Crash),
            ImageBehaviour::NeverReady => {
                if !reported {
                    self.kevent(
                        &name,
                        "Warning",
                        "Unhealthy",
                        "Readiness probe failed: HTTP probe failed with statuscode: 503".into(),
                    );
                }
                if let Some(rt) = self.runtime.get_mut(&name) {
                    rt.never_ready = true;
                }
            }
            _ if fail => {}
            _ => {
                let at = self.now + self.jitter(self.config.timing.readiness);
                self.kubelet_schedule(&name, at, KStep::Ready);
            }
        }
    }

    fn k_ready(&mut self, pod: &Pod) {
        let name = pod.metadata.name.clone();
        let ok = self
            .runtime
            .get(&name)
            .is_some_and(|r| r.running && !r.readiness_fail && !r.never_ready);
        if !ok {
            return;
        }
        let now = self.now;
        self.modify_pod_status(&name, |_spec, st| {
            let mut changed = set(&mut st.reason, None)
                | set(&mut st.message, None)
                | set_condition(&mut st.conditions, "Ready", "True", now, None, None)
                | set_condition(
                    &mut st.conditions,
                    "ContainersReady",
                    "True",
                    now,
                    None,
                    None,
                );
            for s in &mut st.container_statuses {
                changed |= set(&mut s.ready, true);
            }
            changed
        });
    }

    fn set_not_ready(&mut self, name: &str, f: impl FnOnce(&mut Pod)) {
        let now = self.now;
        let msg = self
            .store
            .pods
            .get(name)
            .map(not_ready_msg)
            .unwrap_or_default();
        self.modify::<Pod>(name, |p| {
            set_condition(
                &mut p.status.conditions,
                "Ready",
                "False",
                now,
                Some("ContainersNotReady"),
                Some(msg.clone()),
            );
            set_condition(
                &mut p.status.conditions,
                "ContainersReady",
                "False",
                now,
                Some("ContainersNotReady"),
                Some(msg),
            );
            for s in &mut p.status.container_statuses {
                s.ready = false;
            }
            f(p);
        });
    }

    /// The container exits. `looping`: a crash image (CrashLoopBackOff with
    /// growing back-off); otherwise a one-off `sim crash` (quick restart).
    fn k_crash(&mut self, pod: &Pod, looping: bool) {
        let name = pod.metadata.name.clone();
        let uid = pod.metadata.uid.clone();
        let now = self.now;
        let backoff = if looping {
            self.runtime.get(&name).map_or(10_000, |r| r.backoff)
        } else {
            1000
        };
        let cname = pod
            .spec
            .containers
            .first()
            .map(|c| c.name.clone())
            .unwrap_or_default();
        let waiting_msg = format!(
            "back-off {}s restarting failed container={cname} pod={name}_default({uid})",
            backoff / 1000
        );
        self.set_not_ready(&name, |p| {
            for s in &mut p.status.container_statuses {
                s.restart_count += 1;
                s.last_state = Some(ContainerState {
                    terminated: Some(ContainerStateTerminated {
                        exit_code: 1,
                        reason: Some("Error".into()),
                        finished_at: Some(Time(now)),
                    }),
                    ..Default::default()
                });
                s.state = if looping {
                    ContainerState {
                        waiting: Some(ContainerStateWaiting {
                            reason: Some("CrashLoopBackOff".into()),
                            message: Some(waiting_msg.clone()),
                        }),
                        ..Default::default()
                    }
                } else {
                    ContainerState {
                        terminated: Some(ContainerStateTerminated {
                            exit_code: 1,
                            reason: Some("Error".into()),
                            finished_at: Some(Time(now)),
                        }),
                        ..Default::default()
                    }
                };
                s.started = Some(false);
            }
        });
        if let Some(rt) = self.runtime.get_mut(&name) {
            rt.running = false;
            if looping {
                rt.backoff = (rt.backoff * 2).min(MAX_BACKOFF);
            }
        }
        if looping {
            self.kevent(
                &name,
                "Warning",
                "BackOff",
                format!(
                    "Back-off restarting failed container {cname} in pod {name}_default({uid})"
                ),
            );
        }
        self.kubelet_schedule(&name, now + backoff, KStep::Restart);
    }

    fn k_terminated(&mut self, pod: &Pod) {
        let name = pod.metadata.name.clone();
        let now = self.now;
        if let Some(rt) = self.runtime.get_mut(&name) {
            rt.running = false;
            rt.stopped = true;
        }
        self.set_not_ready(&name, |p| {
            for s in &mut p.status.container_statuses {
                s.started = Some(false);
                s.state = ContainerState {
                    terminated: Some(ContainerStateTerminated {
                        exit_code: 0,
                        reason: Some("Completed".into()),
                        finished_at: Some(Time(now)),
                    }),
                    ..Default::default()
                };
            }
        });
        if self
            .store
            .pods
            .get(&name)
            .is_some_and(|p| p.metadata.finalizers.is_empty())
        {
            self.remove_obj::<Pod>(&name);
        }
    }

    /// Informer hook: the pod got a deletionTimestamp (§19.2).
    pub(crate) fn kubelet_on_pod_deleted(&mut self, pod: &Pod) {
        let Some(node) = pod.spec.node_name.as_deref() else {
            return;
        };
        if !self.node_is_ready(node) {
            // The kubelet is unreachable: the pod stays Terminating (§10.5).
            self.kubelet_cancel(&pod.metadata.name);
            if let Some(rt) = self.runtime.get_mut(&pod.metadata.name) {
                rt.frozen = Some(KStep::TerminateDone);
            }
            return;
        }
        self.kubelet_begin_termination(&pod.metadata.name);
    }

    fn kubelet_begin_termination(&mut self, name: &str) {
        let Some(pod) = self.store.pods.get(name).cloned() else {
            return;
        };
        self.kubelet_cancel(name);
        let running = self.runtime.get(name).is_some_and(|r| r.running);
        if running {
            for c in &pod.spec.containers {
                self.kevent(
                    name,
                    "Normal",
                    "Killing",
                    format!("Stopping container {}", c.name),
                );
            }
        }
        let grace = secs_to_ms(pod.metadata.deletion_grace_period_seconds.unwrap_or(30));
        let d = if running {
            self.config.timing.terminate.min(grace)
        } else {
            0
        };
        self.kubelet_schedule(name, self.now + d, KStep::TerminateDone);
    }

    pub(crate) fn kubelet_shorten_grace(&mut self, name: &str, grace: i64) {
        let pending = self.runtime.get(name).and_then(|r| r.pending);
        if let Some((key, KStep::TerminateDone)) = pending {
            let at = self.now.saturating_add(secs_to_ms(grace));
            if at < key.0 {
                self.kubelet_schedule(name, at, KStep::TerminateDone);
            }
        }
    }

    /// The node went down: the pod's kubelet work stops where it is.
    pub(crate) fn kubelet_freeze(&mut self, name: &str) {
        let step = self.kubelet_cancel(name);
        if let Some(rt) = self.runtime.get_mut(name) {
            if step.is_some() {
                rt.frozen = step;
            }
        }
    }

    /// The node came back: finish terminations, resume lifecycles, and let
    /// running pods become Ready again.
    pub(crate) fn kubelet_resume(&mut self, name: &str) {
        let Some(pod) = self.store.pods.get(name).cloned() else {
            return;
        };
        let frozen = self.runtime.get_mut(name).and_then(|r| r.frozen.take());
        if pod.metadata.is_terminating() {
            self.kubelet_begin_termination(name);
            return;
        }
        if pod.is_failed_or_succeeded() {
            return;
        }
        match frozen {
            Some(KStep::Ready) | None => {
                let rt = self.runtime.get(name);
                let can = rt.is_some_and(|r| r.running && !r.readiness_fail && !r.never_ready);
                if can && !pod.is_running_and_ready() {
                    let at = self.now + self.jitter(self.config.timing.readiness);
                    self.kubelet_schedule(name, at, KStep::Ready);
                }
            }
            Some(step) => self.kubelet_schedule(name, self.now, step),
        }
    }

    /// Cleanup after a pod object is removed.
    pub(crate) fn pod_removed(&mut self, pod: &Pod) {
        let name = &pod.metadata.name;
        if self
            .runtime
            .get(name)
            .is_some_and(|r| r.uid == pod.metadata.uid)
        {
            self.kubelet_cancel(name);
            self.runtime.remove(name);
        }
        self.unschedulable.remove(name);
        self.files.remove(&format!("pod/{}", pod.metadata.uid));
        self.volume_pod_stopped(pod);
    }

    pub(crate) fn kubelet_set_readiness(&mut self, name: &str, pass: bool) -> Result<(), ApiError> {
        let Some(pod) = self.store.pods.get(name).cloned() else {
            return Err(ApiError::NotFound {
                kind: Kind::Pod,
                name: name.to_string(),
            });
        };
        let Some(rt) = self.runtime.get_mut(name) else {
            return Ok(());
        };
        let was_failing = std::mem::replace(&mut rt.readiness_fail, !pass);
        let running = rt.running;
        let never = rt.never_ready;
        let pending_ready = matches!(rt.pending, Some((_, KStep::Ready)));
        let frozen = pod
            .spec
            .node_name
            .as_deref()
            .is_some_and(|n| !self.node_is_ready(n));
        if !pass {
            if pending_ready {
                self.kubelet_cancel(name);
            }
            if pod.ready_condition().is_some_and(|c| c.status == "True") && !frozen {
                self.set_not_ready(name, |_| {});
            }
            if !was_failing && running && !frozen {
                self.kevent(
                    name,
                    "Warning",
                    "Unhealthy",
                    "Readiness probe failed: HTTP probe failed with statuscode: 503".into(),
                );
            }
        } else if running
            && !never
            && !frozen
            && !pod.is_running_and_ready()
            && !pod.metadata.is_terminating()
        {
            self.kubelet_schedule(name, self.now, KStep::Ready);
        }
        Ok(())
    }

    pub(crate) fn kubelet_crash(&mut self, name: &str) -> Result<(), ApiError> {
        let Some(pod) = self.store.pods.get(name).cloned() else {
            return Err(ApiError::NotFound {
                kind: Kind::Pod,
                name: name.to_string(),
            });
        };
        let running = self.runtime.get(name).is_some_and(|r| r.running);
        let frozen = pod
            .spec
            .node_name
            .as_deref()
            .is_some_and(|n| !self.node_is_ready(n));
        if !running || frozen || pod.metadata.is_terminating() {
            return Err(ApiError::BadRequest(format!(
                "pod {name} has no running container to crash"
            )));
        }
        self.kubelet_cancel(name);
        self.k_crash(&pod, false);
        Ok(())
    }

    pub(crate) fn kubelet_evict(&mut self, name: &str) -> Result<(), ApiError> {
        let Some(pod) = self.store.pods.get(name).cloned() else {
            return Err(ApiError::NotFound {
                kind: Kind::Pod,
                name: name.to_string(),
            });
        };
        if pod.is_failed_or_succeeded() {
            return Ok(());
        }
        self.kubelet_cancel(name);
        if let Some(rt) = self.runtime.get_mut(name) {
            rt.running = false;
            rt.stopped = true;
        }
        let now = self.now;
        let msg =
            "The node was low on resource: memory. Threshold quantity: 100Mi, available: 42Mi. "
                .to_string();
        let m2 = msg.clone();
        self.set_not_ready(name, |p| {
            p.status.phase = Some("Failed".into());
            p.status.reason = Some("Evicted".into());
            p.status.message = Some(m2);
            set_condition(
                &mut p.status.conditions,
                "DisruptionTarget",
                "True",
                now,
                Some("TerminationByKubelet"),
                Some("The node was low on resource: memory.".into()),
            );
            for s in &mut p.status.container_statuses {
                s.started = Some(false);
                s.state = ContainerState {
                    terminated: Some(ContainerStateTerminated {
                        exit_code: 137,
                        reason: Some("ContainerStatusUnknown".into()),
                        finished_at: Some(Time(now)),
                    }),
                    ..Default::default()
                };
            }
        });
        self.kevent(name, "Warning", "Evicted", msg);
        self.volume_pod_stopped(&pod);
        Ok(())
    }

    pub(crate) fn kubelet_set_image(&mut self, image: &str, behaviour: ImageBehaviour) {
        if behaviour == ImageBehaviour::Ok {
            self.images.remove(image);
        } else {
            self.images.insert(image.to_string(), behaviour);
        }
        // Pods parked on this image's old behaviour resume.
        let mut parked: Vec<(String, bool)> = self
            .runtime
            .iter()
            .filter(|(_, r)| r.pull_failed || r.never_ready)
            .map(|(n, r)| (n.clone(), r.pull_failed))
            .collect();
        // In name order (the runtime table is a hash map).
        parked.sort_unstable();
        for (name, pull) in parked {
            let Some(pod) = self.store.pods.get(&name).cloned() else {
                continue;
            };
            if !pod.spec.containers.iter().any(|c| c.image == image)
                || pod.metadata.is_terminating()
            {
                continue;
            }
            let frozen = pod
                .spec
                .node_name
                .as_deref()
                .is_some_and(|n| !self.node_is_ready(n));
            if frozen {
                continue;
            }
            if pull && behaviour != ImageBehaviour::PullError {
                self.kubelet_schedule(&name, self.now, KStep::Start);
            } else if !pull && behaviour != ImageBehaviour::NeverReady {
                if let Some(rt) = self.runtime.get_mut(&name) {
                    rt.never_ready = false;
                }
                self.kubelet_after_start(&pod);
            }
        }
    }
}
