//! Decodes one `getWorkerVersion` response body from standard input and
//! prints a summary.

use std::io::Read as _;

use worker_versions::types::WorkerVersionResponse;

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
