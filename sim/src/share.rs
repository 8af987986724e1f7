//! The share-state codec: a playground moment (script, seed, time, view
//! options) ⇄ a short string for the URL fragment (experience.md, "Share,
//! embed, export").
//!
//! Format, version 1: `v1.` followed by base64url (RFC 4648 §5, no padding) of
//! the raw-deflate-compressed JSON object
//! `{"script":…,"seed":…,"time_ms":…,"view":{…}}`.
//!
//! Decoding treats its input as hostile: it never panics, refuses fragments
//! longer than [`MAX_FRAGMENT_CHARS`], stops inflating at
//! [`MAX_DECOMPRESSED_BYTES`], and bounds the script's length and line count
//! and the number of view options. Every failure is a [`ShareError`] whose
//! message starts with `this link is damaged or from a newer version: `.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Prefix of every version-1 fragment.
pub const PREFIX_V1: &str = "v1.";
/// Longest fragment (after an optional leading `#`) accepted for decoding.
pub const MAX_FRAGMENT_CHARS: usize = 400 * 1024;
/// Most bytes inflation may produce (a "zip bomb" stops here).
pub const MAX_DECOMPRESSED_BYTES: usize = 256 * 1024;
/// Longest script accepted, in bytes.
pub const MAX_SCRIPT_BYTES: usize = 200 * 1024;
/// Most script lines accepted.
pub const MAX_SCRIPT_LINES: usize = 5_000;
/// Most view options accepted.
pub const MAX_VIEW_ENTRIES: usize = 64;
/// Longest key or value of a view option, in bytes.
pub const MAX_VIEW_TEXT: usize = 256;

/// One shareable moment of the playground.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareState {
    /// The command log as a script (scripts-and-traces.md §1).
    pub script: String,
    /// The seed of the deterministic random source (`sim seed N`).
    pub seed: u64,
    /// Virtual time the view shows, in milliseconds.
    pub time_ms: u64,
    /// Presentation options (panel layout, speed, theme, selected lesson…).
    #[serde(default)]
    pub view: BTreeMap<String, String>,
}

/// Why a fragment or a stored entry could not be restored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareError {
    /// What exactly was wrong, in plain words.
    pub detail: String,
}

impl ShareError {
    fn new(detail: impl Into<String>) -> ShareError {
        ShareError {
            detail: detail.into(),
        }
    }
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "this link is damaged or from a newer version: {}",
            self.detail
        )
    }
}

impl std::error::Error for ShareError {}

impl ShareState {
    /// Checks the limits that [`decode`] enforces, so that whatever
    /// [`encode`] produces can be decoded again.
    pub fn check_limits(&self) -> Result<(), ShareError> {
        if self.script.len() > MAX_SCRIPT_BYTES {
            return Err(ShareError::new(format!(
                "the script is {} bytes long; at most {MAX_SCRIPT_BYTES} are allowed",
                self.script.len()
            )));
        }
        let lines = self.script.lines().count();
        if lines > MAX_SCRIPT_LINES {
            return Err(ShareError::new(format!(
                "the script has {lines} lines; at most {MAX_SCRIPT_LINES} are allowed"
            )));
        }
        if self.view.len() > MAX_VIEW_ENTRIES {
            return Err(ShareError::new(format!(
                "{} view options; at most {MAX_VIEW_ENTRIES} are allowed",
                self.view.len()
            )));
        }
        if let Some((k, _)) = self
            .view
            .iter()
            .find(|(k, v)| k.len() > MAX_VIEW_TEXT || v.len() > MAX_VIEW_TEXT)
        {
            let shown: String = k.chars().take(32).collect();
            return Err(ShareError::new(format!(
                "view option {shown:?} is longer than {MAX_VIEW_TEXT} bytes"
            )));
        }
        Ok(())
    }
}

/// Encodes a state as a fragment string (`v1.…`, without the `#`).
/// Fails only when the state exceeds the limits [`decode`] enforces.
pub fn encode(state: &ShareState) -> Result<String, ShareError> {
    state.check_limits()?;
    let json = serde_json::to_vec(state).map_err(|e| ShareError::new(e.to_string()))?;
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    let mut out = String::with_capacity(PREFIX_V1.len() + packed.len() * 4 / 3 + 4);
    out.push_str(PREFIX_V1);
    base64url_encode(&packed, &mut out);
    Ok(out)
}

/// Decodes a fragment (with or without the leading `#`). Never panics.
pub fn decode(fragment: &str) -> Result<ShareState, ShareError> {
    let s = fragment.strip_prefix('#').unwrap_or(fragment).trim();
    if s.is_empty() {
        return Err(ShareError::new("it is empty"));
    }
    if s.len() > MAX_FRAGMENT_CHARS {
        return Err(ShareError::new(format!(
            "it is {} characters long; at most {MAX_FRAGMENT_CHARS} are allowed",
            s.len()
        )));
    }
    let Some(body) = s.strip_prefix(PREFIX_V1) else {
        let version: String = s.split('.').next().unwrap_or("").chars().take(16).collect();
        return Err(if s.contains('.') && version.starts_with('v') {
            ShareError::new(format!(
                "format version {version:?} is not known to this playground (it reads v1)"
            ))
        } else {
            ShareError::new("it does not start with \"v1.\"")
        });
    };
    let packed = base64url_decode(body)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_DECOMPRESSED_BYTES)
        .map_err(|e| {
            if matches!(e.status, miniz_oxide::inflate::TINFLStatus::HasMoreOutput) {
                ShareError::new(format!(
                    "it unpacks to more than {MAX_DECOMPRESSED_BYTES} bytes"
                ))
            } else {
                ShareError::new("the compressed data is corrupt")
            }
        })?;
    let state: ShareState = serde_json::from_slice(&json)
        .map_err(|e| ShareError::new(format!("its contents are not a playground state ({e})")))?;
    state.check_limits()?;
    Ok(state)
}

/// A command and the virtual time (ms) it was issued at — one entry of the
/// playground's command log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimedCommand {
    /// Virtual time of the command.
    pub t: u64,
    /// The command as typed (a here-document body included).
    pub text: String,
}

/// Writes a command log as a script: the commands in order, with a
/// `sleep` line wherever virtual time passed between two of them (and
/// before the first one, if it was not at 0). Running it with `stsplay`
/// reproduces the session (scripts-and-traces.md §4).
pub fn log_to_script(log: &[TimedCommand]) -> String {
    let mut out = String::new();
    let mut t = 0u64;
    for c in log {
        if c.t > t {
            let gap = c.t - t;
            let arg = crate::script::duration::sleep_arg(gap);
            out.push_str(&format!("sleep {arg}\n"));
            t = c.t;
        }
        out.push_str(c.text.trim_end_matches('\n'));
        out.push('\n');
    }
    out
}

/// Reads a script back into a command log: `sleep` lines move the clock,
/// every other command is stamped with the current time. The inverse of
/// [`log_to_script`] for logs it wrote.
pub fn script_to_log(script: &str) -> Result<Vec<TimedCommand>, ShareError> {
    let cmds = crate::script::parse_script(script)
        .map_err(|e| ShareError::new(format!("its script does not parse ({e})")))?;
    let mut t = 0u64;
    let mut log = Vec::with_capacity(cmds.len());
    for c in cmds {
        if c.words.first().map(String::as_str) == Some("sleep") && c.words.len() == 2 {
            if let Some(ms) = c
                .words
                .get(1)
                .and_then(|w| crate::script::duration::parse_sleep(w))
            {
                t = t.saturating_add(ms);
                continue;
            }
        }
        log.push(TimedCommand { t, text: c.text });
    }
    Ok(log)
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64url without padding (RFC 4648 §5).
fn base64url_encode(bytes: &[u8], out: &mut String) {
    for chunk in bytes.chunks(3) {
        let b0 = chunk.first().copied().unwrap_or(0) as u32;
        let b1 = chunk.get(1).copied().unwrap_or(0) as u32;
        let b2 = chunk.get(2).copied().unwrap_or(0) as u32;
        let n = (b0 << 16) | (b1 << 8) | b2;
        let chars = chunk.len() + 1;
        for i in 0..chars {
            let idx = ((n >> (18 - 6 * i)) & 63) as usize;
            out.push(ALPHABET.get(idx).map(|&c| c as char).unwrap_or('A'));
        }
    }
}

fn sextet(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' | b'+' => 62,
        b'_' | b'/' => 63,
        _ => return None,
    } as u32)
}

/// Decodes base64url; tolerates `=` padding and the standard `+/` alphabet
/// (links pass through many hands).
fn base64url_decode(s: &str) -> Result<Vec<u8>, ShareError> {
    let trimmed = s.trim_end_matches('=');
    let bytes = trimmed.as_bytes();
    if bytes.len() % 4 == 1 {
        return Err(ShareError::new("its encoded data has been cut short"));
    }
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n: u32 = 0;
        for (i, &c) in chunk.iter().enumerate() {
            let v = sextet(c).ok_or_else(|| {
                ShareError::new(format!(
                    "it contains the character {:?}, which links do not use",
                    c as char
                ))
            })?;
            n |= v << (18 - 6 * i);
        }
        let produced = chunk.len() - 1;
        for i in 0..produced {
            out.push(((n >> (16 - 8 * i)) & 0xff) as u8);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ShareState {
        let mut view = BTreeMap::new();
        view.insert("theme".into(), "dark".into());
        view.insert("speed".into(), "2".into());
        ShareState {
            script: "kubectl scale sts web --replicas=5\nsim readiness pod/web-0 fail\n".into(),
            seed: 42,
            time_ms: 12_345,
            view,
        }
    }

    #[test]
    fn roundtrip_keeps_everything() {
        let s = sample();
        let f = encode(&s).unwrap();
        assert!(f.starts_with("v1."));
        assert!(f
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.'));
        assert_eq!(decode(&f).unwrap(), s);
        assert_eq!(decode(&format!("#{f}")).unwrap(), s);
    }

    #[test]
    fn compresses_a_repetitive_script() {
        let script = "kubectl scale sts web --replicas=5\n".repeat(200);
        let s = ShareState {
            script: script.clone(),
            ..Default::default()
        };
        let f = encode(&s).unwrap();
        assert!(
            f.len() < script.len() / 10,
            "fragment {} bytes for {} bytes of script",
            f.len(),
            script.len()
        );
    }

    #[test]
    fn base64url_matches_rfc4648_vectors() {
        for (raw, enc) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            let mut out = String::new();
            base64url_encode(raw.as_bytes(), &mut out);
            assert_eq!(out, enc);
            assert_eq!(base64url_decode(enc).unwrap(), raw.as_bytes());
        }
        let mut out = String::new();
        base64url_encode(&[0xfb, 0xff], &mut out);
        assert_eq!(out, "-_8");
    }

    #[test]
    fn garbage_gives_clear_errors() {
        for bad in [
            "",
            "#",
            "hello",
            "v1.",
            "v1.@@@@",
            "v1.A",
            "v1.AAAA",
            "v2.AAAA",
            "v1.Zm9vYmFy",
        ] {
            let e = decode(bad).unwrap_err();
            assert!(
                e.to_string()
                    .starts_with("this link is damaged or from a newer version: "),
                "{bad}: {e}"
            );
        }
        assert!(decode("v2.abc").unwrap_err().detail.contains("v2"));
    }

    #[test]
    fn refuses_a_zip_bomb() {
        let huge = vec![b' '; MAX_DECOMPRESSED_BYTES * 4];
        let packed = miniz_oxide::deflate::compress_to_vec(&huge, 9);
        let mut f = String::from(PREFIX_V1);
        base64url_encode(&packed, &mut f);
        let e = decode(&f).unwrap_err();
        assert!(e.detail.contains("unpacks to more than"), "{e}");
    }

    #[test]
    fn refuses_too_many_lines_both_ways() {
        let s = ShareState {
            script: "sleep 1\n".repeat(MAX_SCRIPT_LINES + 1),
            ..Default::default()
        };
        assert!(encode(&s).is_err());
        // A hand-made fragment over the line limit is refused on decode too.
        let json = serde_json::to_vec(&s).unwrap();
        let mut f = String::from(PREFIX_V1);
        base64url_encode(&miniz_oxide::deflate::compress_to_vec(&json, 6), &mut f);
        assert!(decode(&f).unwrap_err().detail.contains("lines"));
    }

    #[test]
    fn log_script_roundtrip() {
        let log = vec![
            TimedCommand {
                t: 0,
                text: "kubectl scale sts web --replicas=5".into(),
            },
            TimedCommand {
                t: 0,
                text: "kubectl apply -f - <<'EOF'\nkind: Service\nEOF".into(),
            },
            TimedCommand {
                t: 2500,
                text: "sim readiness pod/web-0 fail".into(),
            },
            TimedCommand {
                t: 62500,
                text: "kubectl delete pod web-1".into(),
            },
        ];
        let script = log_to_script(&log);
        assert!(script.contains("\nsleep 2.5\nsim readiness"), "{script}");
        assert!(script.contains("\nsleep 60\nkubectl delete"), "{script}");
        assert_eq!(script_to_log(&script).unwrap(), log);
        assert!(script_to_log("kubectl get pods | grep web").is_err());
    }

    #[test]
    fn wrong_json_shape_is_reported() {
        let mut f = String::from(PREFIX_V1);
        base64url_encode(
            &miniz_oxide::deflate::compress_to_vec(br#"{"script":5}"#, 6),
            &mut f,
        );
        assert!(decode(&f)
            .unwrap_err()
            .detail
            .contains("not a playground state"));
    }
}
