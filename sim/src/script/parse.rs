//! Script parsing (scripts-and-traces.md §1): one command per line, `#`
//! comments, `\` continuations, here-documents, bash word splitting (via the
//! `shlex` crate). Shell features a playground script cannot honour (pipes,
//! `;`, `&`, variables, redirections, subshells) are rejected with the line
//! and column, rather than misread.

use std::fmt;

/// A script that cannot be parsed: where and why. `Display` renders
/// `line 3, column 27: …`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line in the script.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// What is wrong, in plain words.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for ParseError {}

/// One command of a script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptCommand {
    /// 1-based line the command starts on.
    pub line: usize,
    /// 1-based last line (continuations and here-document included).
    pub end_line: usize,
    /// The command as typed (continuation lines and here-document included,
    /// joined with `\n`; a trailing comment is dropped).
    pub text: String,
    /// The words after shell splitting, here-document operator removed.
    pub words: Vec<String>,
    /// The here-document body, if any (what the command reads on stdin).
    pub stdin: Option<String>,
}

impl ScriptCommand {
    /// The first line of the command as typed (for short displays).
    pub fn head(&self) -> &str {
        self.text.lines().next().unwrap_or("")
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Quote {
    None,
    Single,
    Double,
}

struct Heredoc {
    delimiter: String,
    strip_tabs: bool,
}

/// Parses a whole script into commands.
pub fn parse_script(src: &str) -> Result<Vec<ScriptCommand>, ParseError> {
    let lines: Vec<&str> = src
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let start = i;
        // Logical line: characters with their (line, column) of origin.
        let mut chars: Vec<(char, usize, usize)> = Vec::new();
        let mut typed: Vec<String> = Vec::new();
        let mut quote = Quote::None;
        // Where the open quote is (line, column), for the error message.
        let mut quote_at = (0, 0);
        let mut heredoc: Option<Heredoc> = None;
        // Byte-free representation: the command text handed to shlex.
        let mut cmd = String::new();
        let mut in_comment = false;
        loop {
            let Some(line) = lines.get(i) else {
                let (l, c) = match quote {
                    Quote::None => chars.last().map_or((i, 1), |&(_, l, c)| (l, c)),
                    _ => quote_at,
                };
                let message = match quote {
                    Quote::Single => "unterminated quote (') at end of script".to_string(),
                    Quote::Double => "unterminated quote (\") at end of script".to_string(),
                    Quote::None => {
                        "the script ends right after a line-continuation backslash (\\)".to_string()
                    }
                };
                return Err(ParseError {
                    line: l,
                    column: c,
                    message,
                });
            };
            typed.push((*line).to_string());
            let row: Vec<char> = line.chars().collect();
            let mut col = 0;
            let mut continued = false;
            while col < row.len() {
                let c = row[col];
                let (ln, cn) = (i + 1, col + 1);
                if in_comment {
                    col += 1;
                    continue;
                }
                match quote {
                    Quote::Single => {
                        if c == '\'' {
                            quote = Quote::None;
                        }
                        cmd.push(c);
                    }
                    Quote::Double => match c {
                        '"' => {
                            quote = Quote::None;
                            cmd.push(c);
                        }
                        '\\' => {
                            if col + 1 == row.len() {
                                continued = true;
                            } else {
                                cmd.push(c);
                                cmd.push(row[col + 1]);
                                col += 1;
                            }
                        }
                        '$' | '`' => return Err(reject(ln, cn, c)),
                        _ => cmd.push(c),
                    },
                    Quote::None => match c {
                        '\'' => {
                            quote = Quote::Single;
                            quote_at = (ln, cn);
                            cmd.push(c);
                        }
                        '"' => {
                            quote = Quote::Double;
                            quote_at = (ln, cn);
                            cmd.push(c);
                        }
                        '\\' => {
                            if col + 1 == row.len() {
                                continued = true;
                            } else {
                                cmd.push(c);
                                cmd.push(row[col + 1]);
                                col += 1;
                            }
                        }
                        '#' if cmd.is_empty() || cmd.ends_with(char::is_whitespace) => {
                            in_comment = true
                        }
                        '<' if row.get(col + 1) == Some(&'<') => {
                            if heredoc.is_some() {
                                return Err(ParseError {
                                    line: ln,
                                    column: cn,
                                    message: "only one here-document per command is supported"
                                        .into(),
                                });
                            }
                            if row.get(col + 2) == Some(&'<') {
                                return Err(ParseError { line: ln, column: cn, message: "here-strings (<<<) are not supported; use a here-document (<<'EOF')".into() });
                            }
                            let mut j = col + 2;
                            let strip_tabs = row.get(j) == Some(&'-');
                            if strip_tabs {
                                j += 1;
                            }
                            while row.get(j).is_some_and(|c| *c == ' ' || *c == '\t') {
                                j += 1;
                            }
                            let (delimiter, end) =
                                heredoc_word(&row, j).ok_or_else(|| ParseError {
                                    line: ln,
                                    column: j + 1,
                                    message: "expected a here-document delimiter word after <<"
                                        .into(),
                                })?;
                            heredoc = Some(Heredoc {
                                delimiter,
                                strip_tabs,
                            });
                            cmd.push(' ');
                            col = end;
                            continue;
                        }
                        '|' | ';' | '&' | '$' | '`' | '(' | ')' | '>' | '<' => {
                            return Err(reject(ln, cn, c))
                        }
                        _ => cmd.push(c),
                    },
                }
                chars.push((c, ln, cn));
                col += 1;
            }
            i += 1;
            if continued {
                continue;
            }
            if quote != Quote::None {
                // A newline inside quotes is part of the word.
                cmd.push('\n');
                if i >= lines.len() {
                    let what = if quote == Quote::Single { "'" } else { "\"" };
                    return Err(ParseError {
                        line: quote_at.0,
                        column: quote_at.1,
                        message: format!("unterminated quote ({what})"),
                    });
                }
                continue;
            }
            break;
        }
        let cmd_lines = typed.len();
        let mut stdin = None;
        if let Some(h) = heredoc {
            let mut body = String::new();
            let mut found = false;
            while let Some(line) = lines.get(i) {
                typed.push((*line).to_string());
                i += 1;
                let l = if h.strip_tabs {
                    line.trim_start_matches('\t')
                } else {
                    line
                };
                if l == h.delimiter {
                    found = true;
                    break;
                }
                body.push_str(l);
                body.push('\n');
            }
            if !found {
                return Err(ParseError {
                    line: start + 1,
                    column: 1,
                    message: format!(
                        "here-document delimited by end-of-file (wanted '{}')",
                        h.delimiter
                    ),
                });
            }
            stdin = Some(body);
        }
        let trimmed = cmd.trim();
        if trimmed.is_empty() {
            if stdin.is_some() {
                return Err(ParseError {
                    line: start + 1,
                    column: 1,
                    message: "here-document without a command".into(),
                });
            }
            continue;
        }
        let words = shlex::split(trimmed).ok_or_else(|| ParseError {
            line: start + 1,
            column: 1,
            message: "cannot split the line into words (unbalanced quotes or a trailing backslash)"
                .into(),
        })?;
        // Drop a trailing comment from the command's last line.
        let mut text_lines = typed;
        if in_comment {
            if let Some(last) = cmd_lines.checked_sub(1).and_then(|k| text_lines.get_mut(k)) {
                *last = strip_comment(last);
            }
        }
        out.push(ScriptCommand {
            line: start + 1,
            end_line: i,
            text: text_lines.join("\n"),
            words,
            stdin,
        });
    }
    Ok(out)
}

/// Removes an unquoted `#` comment and trailing blanks from one line.
fn strip_comment(line: &str) -> String {
    let mut quote = Quote::None;
    let mut prev_blank = true;
    let mut escaped = false;
    for (idx, c) in line.char_indices() {
        if escaped {
            escaped = false;
            prev_blank = false;
            continue;
        }
        match (quote, c) {
            (Quote::None, '#') if prev_blank => return line[..idx].trim_end().to_string(),
            (Quote::None, '\'') => quote = Quote::Single,
            (Quote::None, '"') => quote = Quote::Double,
            (Quote::None | Quote::Double, '\\') => escaped = true,
            (Quote::Single, '\'') | (Quote::Double, '"') => quote = Quote::None,
            _ => {}
        }
        prev_blank = c.is_whitespace();
    }
    line.trim_end().to_string()
}

/// The delimiter word after `<<`: `EOF`, `'EOF'` or `"EOF"`; returns it and
/// the index just past it.
fn heredoc_word(row: &[char], start: usize) -> Option<(String, usize)> {
    let mut j = start;
    let mut word = String::new();
    while let Some(&c) = row.get(j) {
        match c {
            '\'' | '"' => {
                let close = row.get(j + 1..)?.iter().position(|&d| d == c)? + j + 1;
                word.extend(row.get(j + 1..close)?);
                j = close + 1;
            }
            c if c.is_whitespace() || matches!(c, '|' | ';' | '&' | '<' | '>' | '(' | ')') => break,
            c => {
                word.push(c);
                j += 1;
            }
        }
    }
    (!word.is_empty()).then_some((word, j))
}

fn reject(line: usize, column: usize, c: char) -> ParseError {
    let message = match c {
        '|' => "pipes (|) are not supported: one command per line".to_string(),
        ';' => "command lists (;) are not supported: put each command on its own line".to_string(),
        '&' => "background jobs and && / || chains (&) are not supported: one command per line".to_string(),
        '$' => "variables and command substitution ($) are not supported: write the value itself".to_string(),
        '`' => "command substitution (`) is not supported: write the value itself".to_string(),
        '(' | ')' => format!("subshells and grouping ({c}) are not supported; quote the word if it is text"),
        '>' => "output redirection (>) is not supported; inside a pod use kubectl exec POD -- sh -c 'echo TEXT > FILE'".to_string(),
        '<' => "input redirection (<) is not supported; use a here-document: kubectl apply -f - <<'EOF'".to_string(),
        _ => format!("unsupported character {c:?}"),
    };
    ParseError {
        line,
        column,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(src: &str) -> Vec<Vec<String>> {
        parse_script(src)
            .map(|v| v.into_iter().map(|c| c.words).collect())
            .unwrap_or_default()
    }

    #[test]
    fn splits_words_comments_and_continuations() {
        let src = "# heading\n\nkubectl get pods  # trailing\nkubectl patch sts web \\\n  -p '{\"spec\": {\"replicas\": 3}}'\n";
        let cmds = parse_script(src).unwrap_or_default();
        assert_eq!(cmds.len(), 2);
        assert_eq!(cmds[0].words, ["kubectl", "get", "pods"]);
        assert_eq!(cmds[0].line, 3);
        assert_eq!(cmds[0].text, "kubectl get pods");
        assert_eq!(
            cmds[1].words,
            [
                "kubectl",
                "patch",
                "sts",
                "web",
                "-p",
                "{\"spec\": {\"replicas\": 3}}"
            ]
        );
        assert_eq!((cmds[1].line, cmds[1].end_line), (4, 5));
        assert_eq!(
            words("echo \"a b\" 'c#d' e\\ f"),
            [["echo", "a b", "c#d", "e f"]]
        );
    }

    #[test]
    fn heredocs_with_any_delimiter() {
        let src =
            "kubectl apply -f - <<'EOF2'\na: 1\n---\nb: 2\nEOF2\nkubectl get sts\ncat <<X\nq\nX\n";
        let cmds = parse_script(src).unwrap_or_default();
        assert_eq!(cmds.len(), 3);
        assert_eq!(cmds[0].words, ["kubectl", "apply", "-f", "-"]);
        assert_eq!(cmds[0].stdin.as_deref(), Some("a: 1\n---\nb: 2\n"));
        assert_eq!(cmds[0].end_line, 5);
        assert_eq!(cmds[1].line, 6);
        assert_eq!(cmds[2].stdin.as_deref(), Some("q\n"));
    }

    #[test]
    fn rejects_shell_features_with_position() {
        let e = parse_script("kubectl get pods\nkubectl get pods | grep web").err();
        assert_eq!(e.as_ref().map(|e| (e.line, e.column)), Some((2, 18)));
        assert!(e.is_some_and(|e| e.message.contains("pipes")));
        for bad in [
            "a; b",
            "echo $X",
            "a && b",
            "sleep 1 &",
            "echo `x`",
            "echo (x)",
            "echo > f",
            "k apply -f - < f",
            "echo \"$HOME\"",
        ] {
            assert!(parse_script(bad).is_err(), "{bad}");
        }
        let e = parse_script("kubectl apply -f - <<EOF\nx: 1\n").err();
        assert!(e.is_some_and(|e| e.message.contains("wanted 'EOF'")));
        assert!(parse_script("echo 'abc").is_err());
        let e = parse_script("kubectl get pods \\").err();
        assert!(e.is_some_and(|e| e.message.contains("line-continuation")));
    }

    #[test]
    fn quoted_metacharacters_are_text() {
        assert_eq!(
            words("kubectl get pod -o jsonpath='{.items[*].metadata.name}' x|y"),
            Vec::<Vec<String>>::new()
        );
        assert_eq!(
            words("kubectl get pod -o 'jsonpath={.a}|$x;'"),
            [["kubectl", "get", "pod", "-o", "jsonpath={.a}|$x;"]]
        );
    }
}
