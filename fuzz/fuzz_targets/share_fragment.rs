//! The share-fragment decoder. Input that starts with `{` is packed as a
//! well-formed `v1.` fragment (deflate + base64url) so that the inflater
//! limits and the JSON layer are reached; anything else is the fragment
//! text itself (prefix, length and base64 checks). Whatever decodes must
//! re-encode to an equal state.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sim::share::{decode, encode};

fn b64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let text = if data.first() == Some(&b'{') {
        format!(
            "v1.{}",
            b64url(&miniz_oxide::deflate::compress_to_vec(data, 6))
        )
    } else {
        String::from_utf8_lossy(data).into_owned()
    };
    if let Ok(state) = decode(&text) {
        // What the page does next with a decoded link.
        let _ = sim::share::script_to_log(&state.script);
        let again = encode(&state).expect("a decoded state re-encodes");
        assert_eq!(decode(&again).ok(), Some(state));
    }
});
