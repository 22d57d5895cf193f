//! The program of ../descriptors, with `#[derive]` structs of the members
//! it reads.

use serde::Deserialize;

#[derive(Deserialize)]
struct Envelope<T> {
    success: bool,
    #[serde(default)]
    errors: Vec<serde_json::Value>,
    result: Option<T>,
}

#[derive(Deserialize)]
struct Version {
    id: String,
    number: u64,
    created_on: String,
    #[serde(default)]
    bindings: Vec<Binding>,
}

#[derive(Deserialize)]
struct Binding {
    r#type: String,
}

#[derive(Deserialize)]
struct List {
    #[serde(default)]
    items: Vec<ListItem>,
}

#[derive(Deserialize)]
struct ListItem {
    id: Option<String>,
    number: Option<u64>,
    metadata: Option<Metadata>,
}

#[derive(Deserialize)]
struct Metadata {
    created_on: Option<String>,
}

fn result<T>(envelope: Envelope<T>) -> Result<T, Box<dyn std::error::Error>> {
    match envelope.result {
        Some(result) if envelope.success => Ok(result),
        _ => Err(format!("the API says: {:?}", envelope.errors).into()),
    }
}

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
    let version: Version = result(serde_json::from_slice(&std::fs::read(detail_path)?)?)?;
    println!(
        "version {} #{} created {}",
        version.id, version.number, version.created_on
    );
    for binding in &version.bindings {
        println!("  binding {}", binding.r#type);
    }

    let list: List = result(serde_json::from_slice(&std::fs::read(list_path)?)?)?;
    for item in &list.items {
        println!(
            "  version {} #{} created {}",
            item.id.as_deref().unwrap_or("?"),
            item.number.map_or_else(|| "?".to_owned(), |n| n.to_string()),
            item.metadata
                .as_ref()
                .and_then(|m| m.created_on.as_deref())
                .unwrap_or("?")
        );
    }
    Ok(())
}
