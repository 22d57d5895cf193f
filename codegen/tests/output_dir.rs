//! Writing the generated tree into a folder removes only what an earlier
//! run of the generator wrote there.

#![allow(clippy::expect_used, reason = "a test: a broken expectation panics")]

use std::path::Path;

#[test]
fn only_generated_files_are_ever_removed() {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/constructs/string_enum.json");
    let generated = worker_versions_codegen::generate(&schema).expect("the construct generates");
    let dir = std::env::temp_dir().join(format!("wv-output-dir-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("types")).expect("a temporary folder");
    let banner = worker_versions_codegen::emit::BANNER;
    // Hand-written code, and a file an earlier run wrote that this one does
    // not.
    std::fs::write(dir.join("lib.rs"), "pub fn mine() {}\n").expect("write");
    std::fs::write(dir.join("types/hand.rs"), "pub struct Mine;\n").expect("write");
    std::fs::write(
        dir.join("types/gone.rs"),
        format!("{banner}\npub struct Gone;\n"),
    )
    .expect("write");
    generated.write_to(&dir).expect("the tree is written");
    assert!(
        dir.join("lib.rs").exists(),
        "a hand-written file was removed"
    );
    assert!(
        dir.join("types/hand.rs").exists(),
        "a hand-written file was removed"
    );
    assert!(
        !dir.join("types/gone.rs").exists(),
        "a stale generated file was kept"
    );
    assert!(dir.join("mod.rs").exists());
    assert!(
        generated.differences(&dir).is_empty(),
        "{:?}",
        generated.differences(&dir)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
