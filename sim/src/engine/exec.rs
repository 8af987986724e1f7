//! `kubectl exec` file operations: a tiny in-pod filesystem. Paths under a
//! container's volumeMount of a PVC volume are stored with the bound
//! PersistentVolume (they survive pod replacement and vanish with the PV);
//! other paths belong to the pod's uid (lost on replacement).

use super::Engine;
use crate::api::*;

/// Top-level directories every container image has.
const STANDARD_DIRS: &[&str] = &[
    "/bin", "/dev", "/etc", "/home", "/proc", "/root", "/sys", "/tmp", "/usr", "/var",
];

/// Normalizes a path: absolute, no `.`/empty segments, `..` resolved.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    format!("/{}", parts.join("/"))
}

fn under(path: &str, dir: &str) -> Option<String> {
    if dir == "/" {
        return Some(path.to_string());
    }
    if path == dir {
        return Some("/".into());
    }
    path.strip_prefix(dir)
        .filter(|r| r.starts_with('/'))
        .map(str::to_string)
}

impl Engine {
    fn exec_pod(&self, pod: &str) -> Result<&Pod, String> {
        let p = self.store.pods.get(pod).ok_or_else(|| {
            ApiError::NotFound {
                kind: Kind::Pod,
                name: pod.to_string(),
            }
            .to_string()
        })?;
        let running = p.status.phase.as_deref() == Some("Running")
            && self.runtime.get(pod).is_some_and(|r| r.running)
            && p.spec
                .node_name
                .as_deref()
                .is_some_and(|n| self.node_is_ready(n));
        if !running {
            let c = p
                .spec
                .containers
                .first()
                .map(|c| c.name.as_str())
                .unwrap_or("");
            return Err(format!(
                "error: unable to upgrade connection: container not found ({c:?})"
            ));
        }
        Ok(p)
    }

    /// PVC mounts of the pod's first container: (mount path, volume key).
    fn mounts(&self, p: &Pod) -> Vec<(String, String)> {
        let Some(c) = p.spec.containers.first() else {
            return Vec::new();
        };
        c.volume_mounts
            .iter()
            .filter_map(|m| {
                let v = p.spec.volumes.iter().find(|v| v.name == m.name)?;
                let claim = &v.persistent_volume_claim.as_ref()?.claim_name;
                let pv = self.store.pvcs.get(claim)?.spec.volume_name.clone()?;
                Some((normalize(&m.mount_path), format!("pv/{pv}")))
            })
            .collect()
    }

    /// The volume key and in-volume path for `path` in pod `p`.
    fn locate(&self, p: &Pod, path: &str) -> (String, String) {
        let path = normalize(path);
        let mut best: Option<(String, String)> = None;
        for (mount, key) in self.mounts(p) {
            if let Some(rel) = under(&path, &mount) {
                if best.as_ref().is_none_or(|(m, _)| mount.len() > m.len()) {
                    best = Some((mount, key));
                    let _ = rel;
                }
            }
        }
        match best {
            Some((mount, key)) => (key, under(&path, &mount).unwrap_or_else(|| "/".into())),
            None => (format!("pod/{}", p.metadata.uid), path),
        }
    }

    fn is_dir(&self, p: &Pod, path: &str) -> bool {
        let path = normalize(path);
        if path == "/" || STANDARD_DIRS.iter().any(|d| under(d, &path).is_some()) {
            return true;
        }
        if self
            .mounts(p)
            .iter()
            .any(|(m, _)| under(m, &path).is_some())
        {
            return true;
        }
        let (key, rel) = self.locate(p, &path);
        self.files
            .get(&key)
            .is_some_and(|f| f.keys().any(|k| k != &rel && under(k, &rel).is_some()))
    }

    pub(crate) fn exec_write_file(
        &mut self,
        pod: &str,
        path: &str,
        text: &str,
        append: bool,
    ) -> Result<(), String> {
        let p = self.exec_pod(pod)?.clone();
        let norm = normalize(path);
        if self.is_dir(&p, &norm) {
            return Err(format!("sh: can't create {path}: Is a directory"));
        }
        let (key, rel) = self.locate(&p, &norm);
        let files = self.files.entry(key).or_default();
        let line = format!("{text}\n");
        if append {
            files.entry(rel).or_default().push_str(&line);
        } else {
            files.insert(rel, line);
        }
        Ok(())
    }

    pub(crate) fn exec_read_file(&self, pod: &str, path: &str) -> Result<String, String> {
        let p = self.exec_pod(pod)?;
        let (key, rel) = self.locate(p, path);
        if let Some(content) = self.files.get(&key).and_then(|f| f.get(&rel)) {
            return Ok(content.clone());
        }
        if self.is_dir(p, path) {
            return Err("cat: read error: Is a directory".into());
        }
        Err(format!(
            "cat: can't open '{path}': No such file or directory"
        ))
    }

    pub(crate) fn exec_list_dir(&self, pod: &str, dir: &str) -> Result<Vec<String>, String> {
        let p = self.exec_pod(pod)?;
        let norm = normalize(dir);
        let (key, rel) = self.locate(p, &norm);
        if self.files.get(&key).is_some_and(|f| f.contains_key(&rel)) {
            return Ok(vec![dir.to_string()]);
        }
        if !self.is_dir(p, &norm) {
            return Err(format!("ls: {dir}: No such file or directory"));
        }
        let mut out = std::collections::BTreeSet::new();
        let first = |r: &str| {
            r.trim_start_matches('/')
                .split('/')
                .next()
                .unwrap_or("")
                .to_string()
        };
        if let Some(files) = self.files.get(&key) {
            for k in files.keys() {
                if let Some(r) = under(k, &rel).filter(|r| r != "/") {
                    out.insert(first(&r));
                }
            }
        }
        let mut dirs: Vec<String> = STANDARD_DIRS.iter().map(|d| d.to_string()).collect();
        dirs.extend(self.mounts(p).into_iter().map(|(m, _)| m));
        for d in dirs {
            if let Some(r) = under(&d, &norm).filter(|r| r != "/") {
                out.insert(first(&r));
            }
        }
        out.remove("");
        Ok(out.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(
            normalize("/usr/share//nginx/html/"),
            "/usr/share/nginx/html"
        );
        assert_eq!(normalize("a/../b/./c"), "/b/c");
        assert_eq!(under("/usr/share/x", "/usr/share"), Some("/x".into()));
        assert_eq!(under("/usr/sharex", "/usr/share"), None);
        assert_eq!(under("/usr", "/"), Some("/usr".into()));
    }
}
