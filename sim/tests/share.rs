//! Share-state codec: roundtrip and hostile-input properties.

use proptest::prelude::*;
use sim::share::{decode, encode, ShareState};
use std::collections::BTreeMap;

fn state() -> impl Strategy<Value = ShareState> {
    (
        "(\\PC{0,40}\n){0,30}",
        any::<u64>(),
        any::<u64>(),
        proptest::collection::btree_map("[a-z]{1,8}", "\\PC{0,12}", 0..6),
    )
        .prop_map(
            |(script, seed, time_ms, view): (String, u64, u64, BTreeMap<String, String>)| {
                ShareState {
                    script,
                    seed,
                    time_ms,
                    view,
                }
            },
        )
}

proptest! {
    #[test]
    fn roundtrip(s in state()) {
        let f = encode(&s).unwrap();
        prop_assert!(f.starts_with("v1."));
        prop_assert!(f.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.'));
        prop_assert_eq!(decode(&f).unwrap(), s);
    }

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,200}") {
        if let Err(e) = decode(&s) {
            prop_assert!(e.to_string().starts_with("this link is damaged or from a newer version: "));
        }
        let with_prefix = format!("v1.{s}");
        let _ = decode(&with_prefix);
    }

    #[test]
    fn corrupting_a_valid_fragment_never_panics(s in state(), pos in any::<usize>(), c in "[A-Za-z0-9_-]") {
        let f = encode(&s).unwrap();
        let mut bytes: Vec<char> = f.chars().collect();
        let i = 3 + pos % (bytes.len() - 3).max(1);
        if i < bytes.len() {
            bytes[i] = c.chars().next().unwrap();
        }
        let damaged: String = bytes.into_iter().collect();
        // Either it still decodes to some state, or it reports a clear error.
        if let Err(e) = decode(&damaged) {
            prop_assert!(!e.detail.is_empty());
        }
        // Truncation too.
        let _ = decode(&f[..f.len() / 2]);
    }
}

#[test]
fn default_state_roundtrips_and_is_short() {
    let f = encode(&ShareState::default()).unwrap();
    assert!(f.len() < 80, "{f}");
    assert_eq!(decode(&f).unwrap(), ShareState::default());
}
