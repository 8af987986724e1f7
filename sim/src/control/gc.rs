//! The garbage collector (§11.5, §17): deletes objects whose owners are all
//! gone (background), drops references to vanished owners when other owners
//! remain, and runs the `foregroundDeletion` and `orphan` finalizers of
//! deleting owners. It emits no events — its work shows as change records.

use crate::api::*;
use crate::engine::api_server::{FOREGROUND, ORPHAN};
use crate::engine::{DeleteOptions, Engine};

impl Engine {
    /// The owner with `uid` is gone: check each of its dependents.
    pub(crate) fn gc_owner_gone(&mut self, uid: &str) {
        let deps: Vec<(Kind, String)> = self
            .idx
            .dependents
            .get(uid)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default();
        for (k, n) in deps {
            self.gc_object(k, &n);
        }
    }

    /// Deletes the object when every owner is gone; with some owners left,
    /// removes the dangling references.
    pub(crate) fn gc_object(&mut self, kind: Kind, name: &str) {
        let Some(meta) = self.meta_of(kind, name) else {
            return;
        };
        if meta.owner_references.is_empty() {
            return;
        }
        let gone: Vec<String> = meta
            .owner_references
            .iter()
            .filter(|r| {
                self.idx
                    .uids
                    .get(&r.uid)
                    .is_none_or(|(k, n)| k.as_str() != r.kind || *n != r.name)
            })
            .map(|r| r.uid.clone())
            .collect();
        if gone.is_empty() {
            return;
        }
        if gone.len() == meta.owner_references.len() {
            if !meta.is_terminating() {
                let _ = self.delete_object(kind, name, DeleteOptions::default());
            }
        } else {
            self.modify_meta(kind, name, |m| {
                m.owner_references.retain(|r| !gone.contains(&r.uid))
            });
        }
    }

    /// Runs the `orphan` / `foregroundDeletion` finalizer of a deleting
    /// owner (§17.2, §17.3).
    pub(crate) fn gc_owner_finalizers(&mut self, kind: Kind, name: &str) {
        let Some(meta) = self.meta_of(kind, name) else {
            return;
        };
        if !meta.is_terminating() {
            return;
        }
        let uid = meta.uid.clone();
        let orphan = meta.finalizers.iter().any(|f| f == ORPHAN);
        let foreground = meta.finalizers.iter().any(|f| f == FOREGROUND);
        let deps: Vec<(Kind, String)> = self
            .idx
            .dependents
            .get(&uid)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default();
        if orphan {
            for (k, n) in &deps {
                self.modify_meta(*k, n, |m| m.owner_references.retain(|r| r.uid != uid));
            }
            self.modify_meta(kind, name, |m| m.finalizers.retain(|f| f != ORPHAN));
            return;
        }
        if foreground {
            if deps.is_empty() {
                self.modify_meta(kind, name, |m| m.finalizers.retain(|f| f != FOREGROUND));
                return;
            }
            for (k, n) in deps {
                let live = self.meta_of(k, &n).is_some_and(|m| !m.is_terminating());
                if live {
                    let _ = self.delete_object(k, &n, DeleteOptions::default());
                }
            }
        }
    }
}
