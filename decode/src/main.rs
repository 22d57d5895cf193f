//! Decodes a saved response of any Worker Versions operation: the crate's
//! main job.
//!
//! ```text
//! cargo run -p worker-versions-decode -- --operation OPERATION_ID [--status CODE] FILE
//! ```
//!
//! `FILE` may be `-` for standard input. The body is decoded as the
//! operation's success type for a 2XX status (default 200) and as its
//! failure type otherwise.
//!
//! On success the body is printed on stdout, indented, with its members in
//! the order they came (after checking that encoding the decoded value
//! gives back the same JSON; when it cannot, the crate's own encoding is
//! printed instead). Each member, enum value or union alternative that was
//! kept without being understood is listed on stderr with its JSON path,
//! then one summary line names the operation, the type and how much was
//! kept that way (or says that everything was understood); the exit status
//! is 0.
//!
//! A body that does not decode gives one line on stderr naming the
//! operation, the JSON path of the first mismatch and what was expected,
//! and exit status 1; so does a 2XX body that says `"success": false`,
//! with the API's error codes and messages. Bad arguments or an unknown operation give a usage
//! message and exit status 2; `--help` prints the usage on stdout and exits
//! with 0.

use std::io::{Read as _, Write as _};
use std::process::ExitCode;

use worker_versions::{Decoded, Operation, operations};

const USAGE: &str = "usage: decode --operation OPERATION_ID [--status CODE] FILE  (FILE may be - for standard input)";

fn usage_text() -> String {
    let ids: Vec<&str> = operations::ALL.iter().map(|op| op.id).collect();
    format!("{USAGE}\nknown operations: {}", ids.join(", "))
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}");
    eprintln!("{}", usage_text());
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut operation = None;
    let mut status: u16 = 200;
    let mut file = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--operation" => match args.next() {
                Some(id) => operation = Some(id),
                None => return usage("--operation needs an operation id"),
            },
            "--status" => match args.next().map(|s| s.parse::<u16>()) {
                Some(Ok(code)) if (100..=599).contains(&code) => status = code,
                _ => return usage("--status needs an HTTP status code (100-599)"),
            },
            "-h" | "--help" => {
                println!(
                    "Decodes a saved Worker Versions response and reports what was kept.\n{}",
                    usage_text()
                );
                return ExitCode::SUCCESS;
            }
            flag if flag.starts_with("--") => return usage(&format!("unknown option `{flag}`")),
            path => {
                if file.replace(path.to_owned()).is_some() {
                    return usage("give exactly one FILE");
                }
            }
        }
    }
    let Some(id) = operation else {
        return usage("--operation is required");
    };
    let Some(op) = worker_versions::operations::find(&id) else {
        return usage(&format!("unknown operation `{id}`"));
    };
    let Some(file) = file else {
        return usage("FILE is required");
    };
    let read = if file == "-" {
        let mut body = Vec::new();
        std::io::stdin().read_to_end(&mut body).map(|_| body)
    } else {
        std::fs::read(&file)
    };
    let body = match read {
        Ok(body) => body,
        Err(e) => {
            eprintln!("error: cannot read {file}: {e}");
            return ExitCode::from(2);
        }
    };
    // `"success": false` with a 2XX status is the API's error, not a body
    // that fails to decode.
    if (200..300).contains(&status)
        && let Some(error) = op.api_error(status, &body)
    {
        eprintln!("{error}");
        return ExitCode::FAILURE;
    }
    match op.decode(status, &body) {
        Ok(decoded) => report(op, &decoded, &body),
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn report(op: &Operation, decoded: &Decoded, body: &[u8]) -> ExitCode {
    let encoded = decoded.to_json_text();
    // The body's own member order, when the decoded value encodes back to
    // the same JSON (it does for anything serde_json can compare; beyond
    // its range or depth, the crate's encoding is shown).
    let same = matches!(
        (
            serde_json::from_slice::<serde_json::Value>(body),
            serde_json::from_str::<serde_json::Value>(&encoded),
        ),
        (Ok(a), Ok(b)) if a == b
    );
    let shown = if same { body } else { encoded.as_bytes() };
    let mut out = indent(shown);
    out.push('\n');
    // A closed pipe (`| head`) is not a failure of the decode.
    if let Err(e) = std::io::stdout().lock().write_all(out.as_bytes())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write the decoded body: {e}");
        return ExitCode::FAILURE;
    }

    let kept = decoded.unrecognized();
    for item in &kept {
        eprintln!("kept {item}");
    }
    let summary = match kept.len() {
        0 => "everything understood".to_owned(),
        1 => "1 thing kept without being understood (listed above)".to_owned(),
        n => format!("{n} things kept without being understood (listed above)"),
    };
    eprintln!(
        "{}: HTTP {} body decoded as `{}`: {summary}",
        op.id, decoded.status, decoded.type_name
    );
    ExitCode::SUCCESS
}

/// Indents JSON text two spaces a level, keeping every token as written
/// (member order, number spelling, string escapes).
fn indent(json: &[u8]) -> String {
    let text = String::from_utf8_lossy(json);
    let mut out = String::with_capacity(text.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = text.trim().chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                // Skip the whitespace inside to see whether it is empty.
                while chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
                    chars.next();
                }
                if matches!(chars.peek(), Some('}' | ']')) {
                    if let Some(close) = chars.next() {
                        out.push(close);
                    }
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_ascii_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}
