//! Nothing to use: this package holds the HTTP integration test
//! (`tests/http_integration.rs`) and turns on `worker-versions`' `codegen`
//! feature for the workspace.
