//! Embedding (experience.md, "Share, embed, export"): query parameters that
//! turn the playground into a compact widget for an iframe in a
//! documentation page.
//!
//! | parameter | meaning |
//! | --- | --- |
//! | `embed` | compact layout (no header; stage first) |
//! | `script=` | the scenario: a share fragment (`v1.…`) or URL-encoded script text |
//! | `lesson=ID` (`step=N`) | open this lesson (at step N, 1-based) |
//! | `autoplay` (`=0`) | start playing (an embed starts paused otherwise, except with `controls=none`, which has no Play button) |
//! | `controls=full\|minimal\|none` | which controls show (default `full`; `minimal` = time bar only) |
//! | `theme=light\|dark` | force a theme (else the system's) |
//!
//! The app is served under any sub-path (Trunk `--public-url`): nothing here
//! builds absolute paths; links are made from `location.pathname`.

/// Which controls an embed shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Controls {
    /// Everything (the default).
    Full,
    /// The time bar only.
    Minimal,
    /// Nothing but the picture.
    None,
}

/// Options read from the page's query string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedOptions {
    /// `?embed` present.
    pub embed: bool,
    /// `script=` value (decoded from the URL; still a fragment or script text).
    pub script: Option<String>,
    /// `lesson=` id.
    pub lesson: Option<String>,
    /// `step=` (1-based in the URL, stored 0-based).
    pub step: usize,
    /// `autoplay` present (or not an embed).
    pub autoplay: bool,
    /// `controls=`.
    pub controls: Controls,
    /// `theme=light|dark`.
    pub theme: Option<String>,
}

impl Default for EmbedOptions {
    fn default() -> Self {
        EmbedOptions {
            embed: false,
            script: None,
            lesson: None,
            step: 0,
            autoplay: true,
            controls: Controls::Full,
            theme: None,
        }
    }
}

/// Decodes `%XX` escapes and `+` (as space) of a query component; invalid
/// escapes are kept literally, invalid UTF-8 is replaced.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = b
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                if let Some(v) = hex {
                    out.push(v);
                    i += 3;
                    continue;
                }
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Encodes a query or data-URL component (RFC 3986 unreserved kept).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Parses `location.search` (with or without the leading `?`).
pub fn parse_query(search: &str) -> EmbedOptions {
    let mut o = EmbedOptions::default();
    let mut autoplay = None;
    for pair in search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = percent_decode(v);
        match percent_decode(k).as_str() {
            "embed" => o.embed = !matches!(v.as_str(), "0" | "false"),
            "script" if !v.is_empty() => o.script = Some(v),
            "lesson" if !v.is_empty() => o.lesson = Some(v),
            "step" => o.step = v.parse::<usize>().unwrap_or(1).saturating_sub(1),
            "autoplay" => autoplay = Some(!matches!(v.as_str(), "0" | "false")),
            "controls" => {
                o.controls = match v.as_str() {
                    "none" => Controls::None,
                    "minimal" => Controls::Minimal,
                    _ => Controls::Full,
                }
            }
            "theme" if matches!(v.as_str(), "light" | "dark") => o.theme = Some(v),
            _ => {}
        }
    }
    // An embed waits for the reader unless asked to play; the full app plays.
    // `controls=none` has no Play button to press, so it plays unless told
    // `autoplay=0`.
    o.autoplay = !o.embed || autoplay.unwrap_or(o.controls == Controls::None);
    o
}

/// The page's options (parsed once per call from `location.search`).
pub fn current() -> EmbedOptions {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    parse_query(&search)
}

/// Applies the layout options to `<html>` before the first render:
/// `data-theme`, and classes `embed` (`embed-lesson`), `controls-minimal` /
/// `controls-none`.
pub fn apply_layout(o: &EmbedOptions) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    if let Some(t) = &o.theme {
        let _ = root.set_attribute("data-theme", t);
    }
    let mut classes = Vec::new();
    if o.embed {
        classes.push("embed");
        // An embedded lesson puts its narration above the lanes (teach.css).
        if o.lesson.is_some() {
            classes.push("embed-lesson");
        }
    }
    match o.controls {
        Controls::Minimal => classes.push("controls-minimal"),
        Controls::None => classes.push("controls-none"),
        Controls::Full => {}
    }
    if !classes.is_empty() {
        let old = root.get_attribute("class").unwrap_or_default();
        let joined = if old.is_empty() {
            classes.join(" ")
        } else {
            format!("{old} {}", classes.join(" "))
        };
        let _ = root.set_attribute("class", &joined);
    }
}

/// The page's own address without query and fragment (works under any
/// sub-path: `https://host/docs/playground/`).
pub fn base_url() -> String {
    web_sys::window()
        .map(|w| {
            let l = w.location();
            format!(
                "{}{}",
                l.origin().unwrap_or_default(),
                l.pathname().unwrap_or_default()
            )
        })
        .unwrap_or_default()
}

/// An iframe snippet embedding `fragment` (a share fragment).
pub fn iframe_snippet(base: &str, fragment: &str) -> String {
    format!(
        "<iframe src=\"{base}?embed&amp;controls=minimal&amp;script={}\" title=\"StatefulSet Playground\" width=\"100%\" height=\"520\" style=\"border:0\" loading=\"lazy\"></iframe>",
        percent_encode(fragment)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_embed_parameters() {
        let o = parse_query(
            "?embed&lesson=ordered-creation&step=3&controls=minimal&theme=dark&script=v1.abc",
        );
        assert!(o.embed);
        assert!(!o.autoplay);
        assert_eq!(o.lesson.as_deref(), Some("ordered-creation"));
        assert_eq!(o.step, 2);
        assert_eq!(o.controls, Controls::Minimal);
        assert_eq!(o.theme.as_deref(), Some("dark"));
        assert_eq!(o.script.as_deref(), Some("v1.abc"));
        assert!(parse_query("?embed&autoplay").autoplay);
        assert!(parse_query("?embed&controls=none").autoplay);
        assert!(!parse_query("?embed&controls=none&autoplay=0").autoplay);
        assert!(!parse_query("?embed&controls=minimal").autoplay);
        assert!(parse_query("").autoplay);
        assert_eq!(parse_query("?theme=purple").theme, None);
    }

    #[test]
    fn percent_roundtrip() {
        let s = "kubectl scale sts web --replicas=5\n# ünïcode & = ?";
        assert_eq!(percent_decode(&percent_encode(s)), s);
        assert_eq!(percent_decode("a+b%2"), "a b%2");
    }
}
