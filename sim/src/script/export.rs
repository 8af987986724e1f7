//! `stsplay export`: a playground script as a bash script for a real
//! cluster. Everything is kept verbatim except `sim` lines, which become
//! comments describing the manual equivalent.

use super::parse::{parse_script, ParseError};
use super::sim_verbs::manual_equivalent;

/// Converts a script; fails only when the script does not parse.
pub fn export_script(src: &str) -> Result<String, ParseError> {
    let cmds = parse_script(src)?;
    let lines: Vec<&str> = src.split('\n').collect();
    let mut out = String::from("#!/usr/bin/env bash\n# Exported from StatefulSet Playground: run against a real cluster (namespace default).\n# `sim` steps have no kubectl equivalent; they are comments saying what to do by hand.\n");
    let mut i = 0; // 0-based line index
    for c in &cmds {
        while i + 1 < c.line {
            out.push_str(lines.get(i).copied().unwrap_or(""));
            out.push('\n');
            i += 1;
        }
        if c.words.first().map(String::as_str) == Some("sim") {
            let text = c
                .text
                .lines()
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ")
                .replace(" \\ ", " ");
            out.push_str(&format!(
                "# {text} — on a real cluster: {}\n",
                manual_equivalent(&c.words)
            ));
        } else if let Some(ms) = ms_sleep(&c.words) {
            // GNU sleep has no `ms` suffix: `sleep 1617ms` would fail in bash.
            out.push_str(&format!("sleep {}\n", super::duration::sleep_arg(ms)));
        } else {
            for k in (c.line - 1)..c.end_line {
                out.push_str(lines.get(k).copied().unwrap_or(""));
                out.push('\n');
            }
        }
        i = c.end_line;
    }
    while i < lines.len() {
        let l = lines.get(i).copied().unwrap_or("");
        if !(i + 1 == lines.len() && l.is_empty()) {
            out.push_str(l);
            out.push('\n');
        }
        i += 1;
    }
    Ok(out)
}

/// `sleep Nms` (the playground's own unit): its length in milliseconds.
fn ms_sleep(words: &[String]) -> Option<u64> {
    match words {
        [cmd, arg] if cmd == "sleep" && arg.ends_with("ms") => super::duration::parse_sleep(arg),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sim_lines_become_comments() {
        let src =
            "# hi\nkubectl apply -f - <<EOF\na: 1\nEOF\nsim readiness pod/web-0 fail\nsleep 5\n";
        let out = export_script(src).unwrap_or_default();
        assert!(out.starts_with("#!/usr/bin/env bash\n"));
        assert!(out.contains("# hi\nkubectl apply -f - <<EOF\na: 1\nEOF\n"));
        assert!(out.contains("# sim readiness pod/web-0 fail — on a real cluster: make the readiness probe fail, e.g. kubectl exec web-0 -- rm /usr/share/nginx/html/index.html\n"));
        assert!(out.ends_with("sleep 5\n"));
        // GNU sleep rejects `ms`: decimal seconds instead, other units kept.
        let out = export_script("sleep 1617ms\nsleep 2m\nsleep 40ms\n").unwrap_or_default();
        assert!(
            out.ends_with("sleep 1.617\nsleep 2m\nsleep 0.04\n"),
            "{out}"
        );
        assert!(export_script("a | b").is_err());
    }
}
