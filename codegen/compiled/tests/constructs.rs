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

#[test]
fn an_operation_without_a_failure_response_still_reads_the_apis_error() {
    use worker_versions::{ApiErrorKind, Endpoint as _, Inspect as _, Operation};
    use worker_versions_constructs::operation_without_failure_response::operations::{
        GET_THING, GetThing,
    };

    let body = br#"{"success": false, "errors": [{"code": 10007, "message": "not found"}], "result": null}"#;
    let error = GetThing::new("t1").parse_response(404, body).unwrap_err();
    assert!(
        matches!(error.kind, ApiErrorKind::Rejected { .. }),
        "{error}"
    );
    assert!(error.has_code(10007), "{error}");

    // Decoded by the registry, the body is kept whole as its members, all
    // of them reported as not understood.
    let operation: &Operation = &GET_THING;
    let decoded = operation.decode(404, body).unwrap();
    assert_eq!(decoded.type_name, "UnknownMembers");
    let failure = GetThing::new("t1").decode_failure(404, body).unwrap();
    assert_eq!(failure.len(), 3);
    assert_eq!(failure.unrecognized().len(), 3);
    assert_eq!(
        decoded.to_json_text(),
        r#"{"success":false,"errors":[{"code": 10007, "message": "not found"}],"result":null}"#
    );

    let ok = br#"{"success": true, "result": {"id": "t1"}}"#;
    let thing = GetThing::new("t1").parse_response(200, ok).unwrap();
    assert_eq!(thing.result.id.as_deref(), Some("t1"));
}
