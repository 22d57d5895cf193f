//! Reads a `getWorkerVersion` body and a legacy list body (the paths are
//! the two arguments) and prints what they say, with worker-versions'
//! descriptors.

use worker_versions::operations::{GetWorkerVersion, WorkerVersionsListVersions};
use worker_versions::{Auth, DEFAULT_BASE_URL, Endpoint};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(detail_path), Some(list_path)) = (args.next(), args.next()) else {
        return Err("usage: DETAIL.json LIST.json".into());
    };
    // The line measure.py edits between rebuilds.
    let edit = "edit 0";

    let get = GetWorkerVersion::new("023e105f4ecef8ad9ca31a8372d0c353", "orders-api", "latest");
    let request = get.to_request(DEFAULT_BASE_URL, &Auth::api_token("token"))?;
    println!("{edit}: {} {}", request.method(), request.uri());
    let version = get.parse_response(200, &std::fs::read(detail_path)?)?.result;
    println!(
        "version {} #{} created {}",
        version.id, version.number, version.created_on
    );
    for binding in version.bindings.iter().flatten() {
        println!("  binding {}", binding.tag());
    }

    let list = WorkerVersionsListVersions::new("023e105f4ecef8ad9ca31a8372d0c353", "orders-api");
    let response = list.parse_response(200, &std::fs::read(list_path)?)?;
    for item in response.result.items.iter().flatten() {
        let created = item.metadata.as_ref().and_then(|m| m.created_on.as_deref());
        println!(
            "  version {} #{} created {}",
            item.id.as_deref().unwrap_or("?"),
            item.number.as_ref().map_or_else(|| "?".to_owned(), ToString::to_string),
            created.unwrap_or("?")
        );
    }
    Ok(())
}
