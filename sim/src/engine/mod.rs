//! The engine: the simulated cluster as a sans-IO state machine.
//!
//! **Inputs** (each happens at the current virtual time):
//! - API calls, as kubectl makes them: [`Engine::create`], [`Engine::update`],
//!   [`Engine::delete`], [`Engine::update_status`] (rarely needed).
//! - Simulator verbs (`sim …` in scripts): [`Engine::set_readiness`],
//!   [`Engine::crash`], [`Engine::evict`], [`Engine::set_node_ready`],
//!   [`Engine::cordon`], [`Engine::drain`], [`Engine::set_image_behaviour`],
//!   [`Engine::hold_pvc`], [`Engine::reseed`].
//! - In-pod actions: [`Engine::exec_write`], [`Engine::exec_read`],
//!   [`Engine::exec_ls`], [`Engine::dns_lookup`].
//!
//! **Time** moves only when the caller says so: [`Engine::advance_to`],
//! [`Engine::step`], [`Engine::settle`], [`Engine::run_until`]. Every
//! mutating input first does all work due at or before `now`; its own
//! reactions (a reconcile, a kubelet step) are queued at `now` and run by the
//! next input or by [`Engine::flush`] — call `flush` before reading the store
//! to see the cluster's immediate reaction to the last input.
//!
//! **Work** lives in one queue ordered by (time, sequence number). Writes go
//! through the simulated API server (`store.rs`), which bumps
//! `resourceVersion` only on real changes, appends trace `change` records
//! and wakes interested actors (informers): a pod change wakes its
//! controlling StatefulSet (or sets that may adopt it), a claim change wakes
//! the set of the pods using it. Reconciles of one set are de-duplicated per
//! instant (see `queue.rs`).
//!
//! **Actors** (`crate::control`): the StatefulSet controller (through
//! [`crate::control::statefulset::StatefulSetClient`], implemented in
//! `client.rs`), scheduler, kubelet (with seeded jitter in 100 ms steps),
//! volumes (provisioner `rancher.io/local-path`, StorageClass `standard`,
//! reclaim policy Delete, attach/detach, pvc-protection), node lifecycle
//! (50 s → pods not Ready, 350 s → taint eviction), the
//! garbage collector and DNS.
//!
//! **Outputs**: the object store ([`Engine::store`]), trace records in
//! order ([`Engine::records`]), and the StatefulSet controller's
//! explanations ([`Engine::explanations`]).
//!
//! Same config + same inputs ⇒ same outputs, byte for byte.

pub(crate) mod api_server;
mod client;
mod events;
mod exec;
mod queue;
mod store;

use crate::api::*;
use crate::explain::Explanation;
use crate::rng::Rng;
use crate::trace::{Record, RecordBody};
use std::collections::{BTreeMap, BTreeSet};

pub use events::{aggregate as aggregate_events, StoredEvent};
pub(crate) use queue::{KStep, Work};
pub(crate) use store::{debug_quoted, Indices, Stored};

/// Timing model (scripts-and-traces.md §4), all in milliseconds.
#[derive(Clone, Debug, PartialEq)]
pub struct Timing {
    pub schedule: Millis,
    /// Image pull range (uniform, seeded); cached images pull in ~0.
    pub pull: (Millis, Millis),
    pub container_start: Millis,
    /// Readiness after start (uniform, seeded).
    pub readiness: (Millis, Millis),
    /// Termination of a well-behaved container (bounded by the grace period).
    pub terminate: Millis,
    pub provision: Millis,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            schedule: 100,
            pull: (1000, 3000),
            container_start: 1000,
            readiness: (1000, 2000),
            terminate: 1000,
            provision: 1000,
        }
    }
}

/// Engine configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub seed: u64,
    /// Number of worker nodes (`node-1` … `node-N`), default 3.
    pub nodes: usize,
    pub timing: Timing,
    /// Upper bound on `spec.replicas` the API accepts (hardening, issue 6).
    pub max_replicas: i32,
    /// Keep each StatefulSet's slot index between reconciles so that a
    /// reconcile costs O(pods changed · log n) (the default). `false` makes
    /// every reconcile take the full O(n) path, which decides the same; the
    /// differential test in tests/properties.rs runs both.
    pub incremental_reconcile: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 1,
            nodes: 3,
            timing: Timing::default(),
            max_replicas: 10_000,
            incremental_reconcile: true,
        }
    }
}

/// How a `kubectl delete` cascades.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Propagation {
    #[default]
    Background,
    Foreground,
    Orphan,
}

/// `metav1.DeleteOptions`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeleteOptions {
    /// `--grace-period`; `Some(0)` with `force` is an immediate removal.
    pub grace_period_seconds: Option<i64>,
    pub force: bool,
    pub propagation: Propagation,
}

/// What pods running an image do (`sim image`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ImageBehaviour {
    #[default]
    Ok,
    PullError,
    NeverReady,
    Crash,
}

/// A headless-Service DNS record (§3.5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DnsRecord {
    /// `web-0.nginx.default.svc.cluster.local`
    pub fqdn: String,
    pub ip: String,
    /// Pod the record points at.
    pub pod: String,
    /// False when published only because of `publishNotReadyAddresses`.
    pub ready: bool,
}

/// The object store: every object the simulated API server holds, by name
/// (single namespace `default`). Read freely; write only through [`Engine`].
#[derive(Clone, Debug, Default)]
pub struct Store {
    pub statefulsets: BTreeMap<String, StatefulSet>,
    pub pods: BTreeMap<String, Pod>,
    pub pvcs: BTreeMap<String, PersistentVolumeClaim>,
    pub pvs: BTreeMap<String, PersistentVolume>,
    pub services: BTreeMap<String, Service>,
    pub nodes: BTreeMap<String, Node>,
    pub revisions: BTreeMap<String, ControllerRevision>,
    pub deployments: BTreeMap<String, Deployment>,
    pub replicasets: BTreeMap<String, ReplicaSet>,
    pub hpas: BTreeMap<String, HorizontalPodAutoscaler>,
    /// Events in the order they were recorded (§16; compact, see
    /// [`StoredEvent::to_event`] for the API object).
    pub events: Vec<StoredEvent>,
}

/// Kubelet-side state of one pod (not part of the API object).
#[derive(Clone, Debug, Default)]
pub(crate) struct PodRuntime {
    pub uid: String,
    /// Queue key and step of the pod's pending kubelet step, if any.
    pub pending: Option<((Millis, u64), KStep)>,
    /// Step that was pending when the node went down (resumed on up).
    pub frozen: Option<KStep>,
    /// Images this pod is pulling itself, and when the pull began.
    pub pulling: Vec<String>,
    pub pull_started: Millis,
    /// Containers are running (between Started and a crash / stop).
    pub running: bool,
    /// `sim readiness … fail` in force.
    pub readiness_fail: bool,
    /// Next crash-loop back-off (10 s doubling to 300 s).
    pub backoff: Millis,
    /// Pull failed; waits for the image behaviour to change.
    pub pull_failed: bool,
    /// Never-ready image: waits for the image behaviour to change.
    pub never_ready: bool,
    /// Containers stopped (termination finished), waiting for finalizers.
    pub stopped: bool,
    /// Last `FailedScheduling` message reported (each distinct one once).
    pub sched_reported: Option<String>,
    /// Waiting for a volume attached elsewhere.
    pub attach_wait: bool,
}

/// Node-side state the simulation keeps beside the Node object.
#[derive(Clone, Debug, Default)]
pub(crate) struct NodeRuntime {
    /// 1-based index (`node-3` → 3), used for pod and host IPs.
    pub index: u32,
    /// Pod IPs handed out so far on this node.
    pub ips: u32,
    /// Pending node-lifecycle items (50 s not-ready, 350 s eviction).
    pub monitors: Vec<(Millis, u64)>,
}

/// The simulated cluster. Cheap to clone (checkpoints for time travel).
#[derive(Clone, Debug)]
pub struct Engine {
    pub(crate) config: Config,
    pub(crate) now: Millis,
    pub(crate) store: Store,
    pub(crate) records: Vec<Record>,
    pub(crate) rng: Rng,
    /// Counters for uids, resourceVersions, queue sequence, events, IPs.
    pub(crate) next_uid: u64,
    pub(crate) next_rv: u64,
    pub(crate) next_seq: u64,
    pub(crate) next_event: u64,
    pub(crate) next_service_ip: u32,
    /// Pending work, ordered by (time, sequence number).
    pub(crate) queue: BTreeMap<(Millis, u64), Work>,
    /// Reconciles already queued, for de-duplication per instant.
    pub(crate) queued_reconciles: LookupMap<String, BTreeSet<Millis>>,
    pub(crate) explanations: BTreeMap<String, Vec<Explanation>>,
    pub(crate) images: BTreeMap<String, ImageBehaviour>,
    /// Per-node image cache: (node, image) → time the pull completes.
    pub(crate) node_images: BTreeMap<(String, String), Millis>,
    pub(crate) runtime: LookupMap<String, PodRuntime>,
    pub(crate) nodes_rt: BTreeMap<String, NodeRuntime>,
    /// Files: volume key (`pv/NAME` or `pod/UID`) → path → content.
    pub(crate) files: BTreeMap<String, BTreeMap<String, String>>,
    pub(crate) idx: Indices,
    /// Pods the scheduler could not place yet (retried on node/PVC changes).
    pub(crate) unschedulable: BTreeSet<String>,
    /// Set whose reconcile is writing its own status (no self-wake).
    pub(crate) quiet_set: Option<String>,
    /// Per set uid: the controller's claiming facts of its pods, kept
    /// between reconciles and patched where pods changed (`client.rs`).
    pub(crate) pod_facts: BTreeMap<String, client::FactsCache>,
    /// HorizontalPodAutoscaler controller state and the load model
    /// (`control/hpa.rs`).
    pub(crate) hpa: crate::control::hpa::HpaState,
    /// While `kubectl get -w` watches a kind: every write of that kind, as
    /// the object stood right after it (a watch delivers one event per
    /// write, even several at one instant; scripts-and-traces.md §2 `-w`).
    pub(crate) watch_tap: Option<(Kind, Vec<Object>)>,
}

/// A hash map for the engine's private lookup tables (pod runtime state,
/// the uid index, queued reconciles): one hash instead of a dozen string
/// comparisons, each a cache miss on a large cluster. Its hasher has fixed
/// keys (deterministic), but its iteration order depends on the platform:
/// code must never let that order show (sort first).
pub(crate) type LookupMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<std::hash::DefaultHasher>>;

/// The most virtual time one `advance_to`/`settle`/`run_until` call
/// simulates work for: one day.
pub const MAX_ADVANCE: Millis = 24 * 3600 * 1000;

/// Finalizer `sim pvc NAME hold` adds.
pub const HOLD_FINALIZER: &str = "sim.stsplay.dev/hold";
/// The PVC protection finalizer (§11.9).
pub const PVC_PROTECTION: &str = "kubernetes.io/pvc-protection";

impl Engine {
    /// Starts recording every write of `kind` for a watch (replacing any
    /// earlier tap); [`Engine::take_watched`] hands them out.
    pub fn start_watch_tap(&mut self, kind: Kind) {
        self.watch_tap = Some((kind, Vec::new()));
    }

    /// The objects written since the last call (each as it stood right
    /// after its write, deletions as their final state), oldest first.
    pub fn take_watched(&mut self) -> Vec<Object> {
        match &mut self.watch_tap {
            Some((_, v)) => std::mem::take(v),
            None => Vec::new(),
        }
    }

    /// Stops recording writes for a watch.
    pub fn stop_watch_tap(&mut self) {
        self.watch_tap = None;
    }

    /// A cluster with `config.nodes` Ready nodes and nothing else.
    pub fn new(config: Config) -> Engine {
        let rng = Rng::new(config.seed);
        let mut e = Engine {
            config,
            now: 0,
            store: Store::default(),
            records: Vec::new(),
            rng,
            next_uid: 0,
            next_rv: 0,
            next_seq: 0,
            next_event: 0,
            next_service_ip: 0,
            queue: BTreeMap::new(),
            queued_reconciles: LookupMap::default(),
            explanations: BTreeMap::new(),
            images: BTreeMap::new(),
            node_images: BTreeMap::new(),
            runtime: LookupMap::default(),
            nodes_rt: BTreeMap::new(),
            files: BTreeMap::new(),
            idx: Indices::default(),
            unschedulable: BTreeSet::new(),
            quiet_set: None,
            pod_facts: BTreeMap::new(),
            hpa: Default::default(),
            watch_tap: None,
        };
        for i in 1..=e.config.nodes {
            let node = Node {
                api_version: "v1".into(),
                kind: "Node".into(),
                metadata: ObjectMeta {
                    name: format!("node-{i}"),
                    labels: [
                        ("kubernetes.io/hostname".to_string(), format!("node-{i}")),
                        ("kubernetes.io/os".to_string(), "linux".to_string()),
                    ]
                    .into_iter()
                    .collect(),
                    ..Default::default()
                },
                spec: NodeSpec::default(),
                status: NodeStatus {
                    conditions: vec![NodeCondition {
                        type_: "Ready".into(),
                        status: "True".into(),
                        last_transition_time: Some(Time(0)),
                        reason: Some("KubeletReady".into()),
                    }],
                },
            };
            // Creating a fresh node cannot fail.
            let _ = e.create_inner(Object::Node(node));
        }
        e
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Current virtual time.
    pub fn now(&self) -> Millis {
        self.now
    }

    /// Read access to every stored object.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// One object, as the API server would return it.
    pub fn get(&self, kind: Kind, name: &str) -> Result<Object, ApiError> {
        self.get_object(kind, name)
            .ok_or_else(|| ApiError::NotFound {
                kind,
                name: name.to_string(),
            })
    }

    /// Every object of a kind, sorted by name (events by time).
    pub fn list(&self, kind: Kind) -> Vec<Object> {
        self.list_objects(kind)
    }

    /// POST: defaulting (§1.2), validation (§2), uid/generation/timestamps.
    /// Returns the stored object. A rejected call changes nothing.
    pub fn create(&mut self, obj: Object) -> Result<Object, ApiError> {
        self.flush();
        self.create_object(obj)
    }

    /// PUT: replaces metadata (labels, annotations) and spec; status is
    /// kept. Validation and immutability (§2.4); `generation` bumps when the
    /// spec changes. Returns the stored object.
    pub fn update(&mut self, obj: Object) -> Result<Object, ApiError> {
        self.flush();
        self.update_object(obj, false)
    }

    /// Like [`Engine::update`], but also replaces `metadata.ownerReferences`
    /// and `metadata.finalizers` with the given ones (what a patch that
    /// edits them, e.g. removing a stuck finalizer, needs).
    pub fn update_with_metadata(&mut self, obj: Object) -> Result<Object, ApiError> {
        self.flush();
        self.update_object(obj, true)
    }

    /// PUT on the status subresource: replaces only `status` (StatefulSet,
    /// Pod, PVC, PV, Deployment, ReplicaSet). Returns the stored object.
    pub fn update_status(&mut self, obj: Object) -> Result<Object, ApiError> {
        self.flush();
        self.update_status_object(obj)
    }

    /// DELETE with options (graceful pods, cascading sets, §17).
    pub fn delete(&mut self, kind: Kind, name: &str, opts: DeleteOptions) -> Result<(), ApiError> {
        self.flush();
        self.delete_object(kind, name, opts)
    }

    /// `sim readiness pod/NAME pass|fail`.
    pub fn set_readiness(&mut self, pod: &str, pass: bool) -> Result<(), ApiError> {
        self.flush();
        self.kubelet_set_readiness(pod, pass)
    }

    /// `sim crash pod/NAME`.
    pub fn crash(&mut self, pod: &str) -> Result<(), ApiError> {
        self.flush();
        self.kubelet_crash(pod)
    }

    /// `sim evict pod/NAME`: phase Failed, reason Evicted (§5.6).
    pub fn evict(&mut self, pod: &str) -> Result<(), ApiError> {
        self.flush();
        self.kubelet_evict(pod)
    }

    /// `sim node NODE down|up`.
    pub fn set_node_ready(&mut self, node: &str, ready: bool) -> Result<(), ApiError> {
        self.flush();
        self.node_set_ready(node, ready)
    }

    /// `kubectl cordon|uncordon NODE`.
    pub fn cordon(&mut self, node: &str, unschedulable: bool) -> Result<(), ApiError> {
        self.flush();
        self.node_cordon(node, unschedulable)
    }

    /// `kubectl drain NODE`: cordon, then evict (gracefully delete) its pods.
    /// Returns the names of the pods evicted.
    pub fn drain(&mut self, node: &str) -> Result<Vec<String>, ApiError> {
        self.flush();
        self.node_drain(node)
    }

    /// `sim image IMAGE ok|pull-error|never-ready|crash`.
    pub fn set_image_behaviour(&mut self, image: &str, behaviour: ImageBehaviour) {
        self.flush();
        self.kubelet_set_image(image, behaviour);
    }

    /// `sim pvc NAME hold|release`.
    pub fn hold_pvc(&mut self, pvc: &str, hold: bool) -> Result<(), ApiError> {
        self.flush();
        self.volume_hold(pvc, hold)
    }

    /// `sim seed N`.
    pub fn reseed(&mut self, seed: u64) {
        self.config.seed = seed;
        self.rng.reseed(seed);
    }

    /// `kubectl exec POD -- sh -c 'echo TEXT > FILE'` (`append` for `>>`).
    /// Files under a PVC mount live in the PVC; others die with the pod.
    pub fn exec_write(
        &mut self,
        pod: &str,
        path: &str,
        text: &str,
        append: bool,
    ) -> Result<(), String> {
        self.flush();
        self.exec_write_file(pod, path, text, append)
    }

    /// `kubectl exec POD -- cat FILE`.
    pub fn exec_read(&self, pod: &str, path: &str) -> Result<String, String> {
        self.exec_read_file(pod, path)
    }

    /// `kubectl exec POD -- ls DIR`.
    pub fn exec_ls(&self, pod: &str, dir: &str) -> Result<Vec<String>, String> {
        self.exec_list_dir(pod, dir)
    }

    /// Resolves a name as cluster DNS would from namespace `default`
    /// (`web-0.nginx`, `nginx`, full FQDNs). `None` = NXDOMAIN.
    pub fn dns_lookup(&self, name: &str) -> Option<Vec<DnsRecord>> {
        crate::control::dns::lookup(&self.store, name)
    }

    /// Every per-pod record of every headless Service (the DNS table).
    pub fn dns_records(&self) -> Vec<DnsRecord> {
        crate::control::dns::records(&self.store)
    }

    /// Time of the next pending work item, if any.
    pub fn next_due(&self) -> Option<Millis> {
        self.queue.keys().next().map(|k| k.0)
    }

    /// Does all work due at or before `t`, then sets `now = t` (t ≥ now;
    /// an earlier `t` only does the work due now). One call simulates at
    /// most [`MAX_ADVANCE`] of work: with a longer jump (a crash loop and
    /// `sleep 100y`), work due beyond that horizon runs late, at the new
    /// `now`, instead of hanging the caller.
    pub fn advance_to(&mut self, t: Millis) {
        let horizon = self.now.saturating_add(MAX_ADVANCE).min(t);
        while let Some(due) = self.next_due() {
            if due > horizon {
                break;
            }
            self.run_instant(due.max(self.now));
        }
        self.now = self.now.max(t);
    }

    /// Does all work due at or before the current time (`advance_to(now)`).
    /// Every input does this first; call it before reading the store to see
    /// the cluster's immediate reaction to the last input.
    pub fn flush(&mut self) {
        self.advance_to(self.now);
    }

    /// Does the work of the next due instant; returns that instant, or
    /// `None` when nothing is pending.
    pub fn step(&mut self) -> Option<Millis> {
        let due = self.next_due()?.max(self.now);
        self.run_instant(due);
        Some(due)
    }

    /// No pending controller, kubelet, scheduler, volume or GC work.
    pub fn is_quiet(&self) -> bool {
        self.queue.is_empty()
    }

    /// Advances until quiet; `Err(())` if still busy after `timeout` ms
    /// (time has then advanced by `timeout`; timeouts beyond
    /// [`MAX_ADVANCE`] count as `MAX_ADVANCE`).
    #[allow(clippy::result_unit_err)]
    pub fn settle(&mut self, timeout: Millis) -> Result<(), ()> {
        let deadline = self.now.saturating_add(timeout.min(MAX_ADVANCE));
        while let Some(due) = self.next_due() {
            if due > deadline {
                self.advance_to(deadline);
                return Err(());
            }
            self.step();
        }
        Ok(())
    }

    /// Advances until `done(self)` holds (checked now and after every
    /// instant of work) or `timeout` ms pass (at most [`MAX_ADVANCE`]).
    /// Returns whether it held.
    pub fn run_until(&mut self, timeout: Millis, done: &mut dyn FnMut(&Engine) -> bool) -> bool {
        self.flush();
        let deadline = self.now.saturating_add(timeout.min(MAX_ADVANCE));
        loop {
            if done(self) {
                return true;
            }
            match self.next_due() {
                Some(due) if due <= deadline => {
                    self.step();
                }
                _ => {
                    self.advance_to(deadline);
                    return done(self);
                }
            }
        }
    }

    /// All trace records so far, in order.
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// Moves the trace out of the engine. The playground's time-travel
    /// checkpoints keep engines without their trace: a checkpoint's trace is
    /// always a prefix of the live one (same seed, same commands), so it is
    /// put back from there on restore instead of being stored once per
    /// checkpoint.
    pub fn take_records(&mut self) -> Vec<Record> {
        std::mem::take(&mut self.records)
    }

    /// Puts a trace back (see [`Engine::take_records`]).
    pub fn set_records(&mut self, records: Vec<Record>) {
        self.records = records;
    }

    /// Appends a script-level record (command/stdout/stderr) at `now`, so
    /// one ordered stream holds everything.
    pub fn push_record(&mut self, body: RecordBody) {
        self.records.push(Record { t: self.now, body });
    }

    /// The StatefulSet controller's current decisions and waits for `set`
    /// (from its most recent reconcile).
    pub fn explanations(&self, set: &str) -> Vec<Explanation> {
        self.explanations.get(set).cloned().unwrap_or_default()
    }

    /// `sim readiness pod/NAME fail` is in force for this pod (until
    /// `… pass`, or the pod object is replaced).
    pub fn readiness_failing(&self, pod: &str) -> bool {
        self.runtime.get(pod).is_some_and(|r| r.readiness_fail)
    }

    /// The behaviour currently configured for `image` (`sim image`).
    pub fn image_behaviour(&self, image: &str) -> ImageBehaviour {
        self.images.get(image).copied().unwrap_or_default()
    }
}
