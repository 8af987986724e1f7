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
//! [`Engine::step`], [`Engine::settle`], [`Engine::run_until`]. Before an
//! input is applied, all work due at or before `now` has been done.
//!
//! **Outputs**: the object store ([`Engine::store`]), trace records in
//! order ([`Engine::records`]), and the StatefulSet controller's
//! explanations ([`Engine::explanations`]).
//!
//! Same config + same inputs ⇒ same outputs, byte for byte.

use crate::api::*;
use crate::explain::Explanation;
use crate::trace::{Record, RecordBody};
use std::collections::BTreeMap;

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
}

impl Default for Config {
    fn default() -> Self {
        Config { seed: 1, nodes: 3, timing: Timing::default(), max_replicas: 10_000 }
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
    /// Events in the order they were recorded.
    pub events: Vec<Event>,
}

/// The simulated cluster. Cheap to clone (checkpoints for time travel).
#[derive(Clone, Debug)]
pub struct Engine {
    config: Config,
    now: Millis,
    store: Store,
    records: Vec<Record>,
}

impl Engine {
    /// A cluster with `config.nodes` Ready nodes and nothing else.
    pub fn new(config: Config) -> Engine {
        Engine { config, now: 0, store: Store::default(), records: Vec::new() }
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
        let _ = (kind, name);
        todo!("engine core")
    }

    /// Every object of a kind, sorted by name (events by time).
    pub fn list(&self, kind: Kind) -> Vec<Object> {
        let _ = kind;
        todo!("engine core")
    }

    /// POST: defaulting (§1.2), validation (§2), uid/generation/timestamps.
    /// Returns the stored object. A rejected call changes nothing.
    pub fn create(&mut self, obj: Object) -> Result<Object, ApiError> {
        let _ = obj;
        todo!("engine core")
    }

    /// PUT: replaces metadata (labels, annotations) and spec; status is
    /// kept. Validation and immutability (§2.4); `generation` bumps when the
    /// spec changes. Returns the stored object.
    pub fn update(&mut self, obj: Object) -> Result<Object, ApiError> {
        let _ = obj;
        todo!("engine core")
    }

    /// DELETE with options (graceful pods, cascading sets, §17).
    pub fn delete(&mut self, kind: Kind, name: &str, opts: DeleteOptions) -> Result<(), ApiError> {
        let _ = (kind, name, opts);
        todo!("engine core")
    }

    /// `sim readiness pod/NAME pass|fail`.
    pub fn set_readiness(&mut self, pod: &str, pass: bool) -> Result<(), ApiError> {
        let _ = (pod, pass);
        todo!("engine core")
    }

    /// `sim crash pod/NAME`.
    pub fn crash(&mut self, pod: &str) -> Result<(), ApiError> {
        let _ = pod;
        todo!("engine core")
    }

    /// `sim evict pod/NAME`: phase Failed, reason Evicted (§5.6).
    pub fn evict(&mut self, pod: &str) -> Result<(), ApiError> {
        let _ = pod;
        todo!("engine core")
    }

    /// `sim node NODE down|up`.
    pub fn set_node_ready(&mut self, node: &str, ready: bool) -> Result<(), ApiError> {
        let _ = (node, ready);
        todo!("engine core")
    }

    /// `kubectl cordon|uncordon NODE`.
    pub fn cordon(&mut self, node: &str, unschedulable: bool) -> Result<(), ApiError> {
        let _ = (node, unschedulable);
        todo!("engine core")
    }

    /// `kubectl drain NODE`: cordon, then evict (gracefully delete) its pods.
    /// Returns the names of the pods evicted.
    pub fn drain(&mut self, node: &str) -> Result<Vec<String>, ApiError> {
        let _ = node;
        todo!("engine core")
    }

    /// `sim image IMAGE ok|pull-error|never-ready|crash`.
    pub fn set_image_behaviour(&mut self, image: &str, behaviour: ImageBehaviour) {
        let _ = (image, behaviour);
        todo!("engine core")
    }

    /// `sim pvc NAME hold|release`.
    pub fn hold_pvc(&mut self, pvc: &str, hold: bool) -> Result<(), ApiError> {
        let _ = (pvc, hold);
        todo!("engine core")
    }

    /// `sim seed N`.
    pub fn reseed(&mut self, seed: u64) {
        self.config.seed = seed;
    }

    /// `kubectl exec POD -- sh -c 'echo TEXT > FILE'` (`append` for `>>`).
    /// Files under a PVC mount live in the PVC; others die with the pod.
    pub fn exec_write(&mut self, pod: &str, path: &str, text: &str, append: bool) -> Result<(), String> {
        let _ = (pod, path, text, append);
        todo!("engine core")
    }

    /// `kubectl exec POD -- cat FILE`.
    pub fn exec_read(&self, pod: &str, path: &str) -> Result<String, String> {
        let _ = (pod, path);
        todo!("engine core")
    }

    /// `kubectl exec POD -- ls DIR`.
    pub fn exec_ls(&self, pod: &str, dir: &str) -> Result<Vec<String>, String> {
        let _ = (pod, dir);
        todo!("engine core")
    }

    /// Resolves a name as cluster DNS would from namespace `default`
    /// (`web-0.nginx`, `nginx`, full FQDNs). `None` = NXDOMAIN.
    pub fn dns_lookup(&self, name: &str) -> Option<Vec<DnsRecord>> {
        let _ = name;
        todo!("engine core")
    }

    /// Every per-pod record of every headless Service (the DNS table).
    pub fn dns_records(&self) -> Vec<DnsRecord> {
        todo!("engine core")
    }

    /// Time of the next pending work item, if any.
    pub fn next_due(&self) -> Option<Millis> {
        todo!("engine core")
    }

    /// Does all work due at or before `t`, then sets `now = t` (t ≥ now).
    pub fn advance_to(&mut self, t: Millis) {
        let _ = t;
        todo!("engine core")
    }

    /// Does the work of the next due instant; returns that instant, or
    /// `None` when nothing is pending.
    pub fn step(&mut self) -> Option<Millis> {
        todo!("engine core")
    }

    /// No pending controller, kubelet, scheduler, volume or GC work.
    pub fn is_quiet(&self) -> bool {
        todo!("engine core")
    }

    /// Advances until quiet; `Err(())` if still busy after `timeout` ms
    /// (time has then advanced by `timeout`).
    pub fn settle(&mut self, timeout: Millis) -> Result<(), ()> {
        let _ = timeout;
        todo!("engine core")
    }

    /// Advances until `done(self)` holds (checked now and after every
    /// instant of work) or `timeout` ms pass. Returns whether it held.
    pub fn run_until(&mut self, timeout: Millis, done: &mut dyn FnMut(&Engine) -> bool) -> bool {
        let _ = (timeout, done);
        todo!("engine core")
    }

    /// All trace records so far, in order.
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// Appends a script-level record (command/stdout/stderr) at `now`, so
    /// one ordered stream holds everything.
    pub fn push_record(&mut self, body: RecordBody) {
        self.records.push(Record { t: self.now, body });
    }

    /// The StatefulSet controller's current decisions and waits for `set`
    /// (from its most recent reconcile).
    pub fn explanations(&self, set: &str) -> Vec<Explanation> {
        let _ = set;
        todo!("engine core")
    }
}
