//! Nothing to use: this package holds the HTTP integration test
//! (`tests/http_integration.rs`).
