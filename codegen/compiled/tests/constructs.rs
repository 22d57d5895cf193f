//! The compiled constructs at work: what the snapshots show, run.

#![allow(clippy::unwrap_used, reason = "a test: a broken expectation panics")]

use worker_versions::Endpoint as _;
use worker_versions_constructs::query_enum_renamed::operations::{GetThing, GetThingStatus};
use worker_versions_constructs::query_enum_renamed::types::{Thing, ThingCategory};

#[test]
fn renamed_enum_values_keep_their_json_text() {
    let cases = [
        ("other", GetThingStatus::OtherValue),
        ("Other!", GetThingStatus::OtherBang),
        ("active", GetThingStatus::Active),
    ];
    for (text, variant) in cases {
        assert_eq!(GetThingStatus::from(text), variant);
        assert_eq!(variant.as_str(), text);
        let auth = worker_versions::Auth::ApiToken("t".to_owned());
        let request = GetThing::new()
            .status(variant)
            .to_request("https://api.example.com", &auth)
            .unwrap();
        let query = request.uri().query().unwrap_or_default().to_owned();
        let expected = format!("status={}", text.replace('!', "%21"));
        assert_eq!(query, expected);
    }
    assert_eq!(
        GetThingStatus::from("archived"),
        GetThingStatus::Other("archived".to_owned())
    );
}

#[test]
fn a_component_type_decodes_and_encodes_back() {
    let body = r#"{"category":"web","extra":[1,2]}"#;
    let thing = Thing::from_slice(body.as_bytes()).unwrap();
    assert_eq!(thing.category, ThingCategory::Web);
    assert_eq!(serde_json::to_string(&thing).unwrap(), body);
}
