//! The program of ../descriptors, parsing into `serde_json::Value`.

use serde_json::Value;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(detail_path), Some(list_path)) = (args.next(), args.next()) else {
        return Err("usage: DETAIL.json LIST.json".into());
    };
    // The line measure.py edits between rebuilds.
    let edit = "edit 0";

    let uri = format!(
        "https://api.cloudflare.com/client/v4/accounts/{}/workers/workers/{}/versions/{}",
        "023e105f4ecef8ad9ca31a8372d0c353", "orders-api", "latest"
    );
    println!("{edit}: GET {uri}");
    let body: Value = serde_json::from_slice(&std::fs::read(detail_path)?)?;
    if body["success"] != Value::Bool(true) {
        return Err(format!("the API says: {}", body["errors"]).into());
    }
    let version = &body["result"];
    println!(
        "version {} #{} created {}",
        version["id"].as_str().unwrap_or("?"),
        version["number"],
        version["created_on"].as_str().unwrap_or("?")
    );
    for binding in version["bindings"].as_array().into_iter().flatten() {
        println!("  binding {}", binding["type"].as_str().unwrap_or("?"));
    }

    let body: Value = serde_json::from_slice(&std::fs::read(list_path)?)?;
    for item in body["result"]["items"].as_array().into_iter().flatten() {
        println!(
            "  version {} #{} created {}",
            item["id"].as_str().unwrap_or("?"),
            item["number"],
            item["metadata"]["created_on"].as_str().unwrap_or("?")
        );
    }
    Ok(())
}
