//! Decodes one `getWorkerVersion` response body from standard input and
//! prints a summary, with plain `#[derive]` structs (the bench baselines).

use std::io::Read as _;

#[allow(dead_code, reason = "shared with the decode benches; not every type is used here")]
#[path = "../../../common/plain.rs"]
mod plain;

#[derive(serde::Deserialize)]
#[allow(dead_code, reason = "decoded, not all read")]
struct WorkerVersionResponse {
    success: bool,
    errors: Vec<plain::ApiMessage>,
    messages: Vec<plain::ApiMessage>,
    result: plain::Version,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut body = Vec::new();
    std::io::stdin().read_to_end(&mut body)?;
    let response: WorkerVersionResponse = serde_json::from_slice(&body)?;
    let version = &response.result;
    println!(
        "version {} #{}: {} bindings, created {}",
        version.id,
        version.number,
        version.bindings.as_ref().map_or(0, Vec::len),
        version.created_on
    );
    Ok(())
}
