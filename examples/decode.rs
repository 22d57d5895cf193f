//! Decodes a saved response of any Worker Versions operation.
//!
//! ```text
//! cargo run --example decode -- --operation OPERATION_ID [--status CODE] FILE
//! ```
//!
//! The body is decoded as the operation's success type for a 2XX status
//! (default 200) and as its failure type otherwise. On success the decoded
//! value is printed on stdout, encoded back as JSON, and every member,
//! enum value or union alternative that was kept without being understood
//! is listed on stderr with its JSON path; the exit status is 0. A body that
//! does not decode gives one line on stderr naming the operation, the JSON
//! path of the first mismatch and what was expected, and exit status 1.
//! Bad arguments or an unknown operation give a usage message and exit
//! status 2.

use std::io::Write as _;
use std::process::ExitCode;

use worker_versions::{Operation, operations};

fn usage(problem: &str) -> ExitCode {
    let ids: Vec<&str> = operations::ALL.iter().map(|op| op.id).collect();
    eprintln!("error: {problem}");
    eprintln!("usage: decode --operation OPERATION_ID [--status CODE] FILE");
    eprintln!("known operations: {}", ids.join(", "));
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
            "-h" | "--help" => return usage("help requested"),
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
    let Some(op) = Operation::find(&id) else {
        return usage(&format!("unknown operation `{id}`"));
    };
    let Some(file) = file else {
        return usage("FILE is required");
    };
    let body = match std::fs::read(&file) {
        Ok(body) => body,
        Err(e) => {
            eprintln!("error: cannot read {file}: {e}");
            return ExitCode::from(2);
        }
    };
    match op.decode(status, &body) {
        Ok(decoded) => {
            for item in decoded.unrecognized() {
                eprintln!("kept {item}");
            }
            match decoded
                .to_json()
                .and_then(|json| serde_json::to_string_pretty(&json))
            {
                // A closed pipe (`| head`) is not a failure of the decode.
                Ok(text) => match writeln!(std::io::stdout().lock(), "{text}") {
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                        eprintln!("error: cannot write the decoded body: {e}");
                        ExitCode::FAILURE
                    }
                    _ => ExitCode::SUCCESS,
                },
                Err(e) => {
                    eprintln!("{}: cannot encode the decoded body: {e}", op.id);
                    ExitCode::FAILURE
                }
            }
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
