//! The baseline: what a hand-written client would use for the same
//! responses. Plain `#[derive(Deserialize, Serialize)]`, unknown members
//! dropped, absent members skipped on encode, bindings an internally tagged
//! enum (`#[serde(tag = "type")]`) of the kinds the payloads use.

use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize, Serialize)]
pub struct ApiMessage {
    pub code: i64,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documentation_url: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct ScriptVersionListResponse {
    pub success: bool,
    pub errors: Vec<ApiMessage>,
    pub messages: Vec<ApiMessage>,
    pub result: ScriptVersionList,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct ScriptVersionList {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<ScriptVersion>>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct ScriptVersion {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<ScriptVersionMetadata>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotations: Option<VersionAnnotations>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionSource {
    Unknown,
    Api,
    Wrangler,
    Terraform,
    Dash,
    CfCli,
    DashTemplate,
    Integration,
    QuickEditor,
    Playground,
    Workersci,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct ScriptVersionMetadata {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modified_on: Option<String>,
    #[serde(rename = "hasPreview", skip_serializing_if = "Option::is_none")]
    pub has_preview_camel: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_preview: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<VersionSource>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct VersionAnnotations {
    #[serde(rename = "workers/message", skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(rename = "workers/tag", skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    #[serde(
        rename = "workers/triggered_by",
        skip_serializing_if = "Option::is_none"
    )]
    pub triggered_by: Option<String>,
    #[serde(
        rename = "workers/rollback_from",
        skip_serializing_if = "Option::is_none"
    )]
    pub rollback_from: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct ScriptVersionDetailResponse {
    pub success: bool,
    pub errors: Vec<ApiMessage>,
    pub messages: Vec<ApiMessage>,
    pub result: ScriptVersionDetail,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct ScriptVersionDetail {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<ScriptVersionMetadata>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotations: Option<VersionAnnotations>,
    pub resources: ScriptVersionResources,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct ScriptVersionResources {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bindings: Option<Vec<Binding>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub script: Option<ScriptInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub script_runtime: Option<ScriptRuntime>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct ScriptInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handlers: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_deployed_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub named_handlers: Option<Vec<NamedHandler>>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct NamedHandler {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handlers: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UsageModel {
    Standard,
    Bundled,
    Unbound,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct ScriptRuntime {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compatibility_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compatibility_flags: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limits: Option<Limits>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub migration_tag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage_model: Option<UsageModel>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct Limits {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu_ms: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subrequests: Option<i64>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum R2Jurisdiction {
    Eu,
    Fedramp,
}

/// The binding kinds the payloads use, with their fields.
#[derive(Debug, Deserialize, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Binding {
    KvNamespace {
        name: String,
        namespace_id: String,
    },
    DurableObjectNamespace {
        name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        class_name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        environment: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        namespace_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        script_name: Option<String>,
    },
    Service {
        name: String,
        service: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        environment: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        entrypoint: Option<String>,
    },
    R2Bucket {
        name: String,
        bucket_name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        jurisdiction: Option<R2Jurisdiction>,
    },
    PlainText {
        name: String,
        text: String,
    },
    SecretText {
        name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
    D1 {
        name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        database_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<String>,
    },
    Queue {
        name: String,
        queue_name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        delivery_delay: Option<i64>,
    },
    Ai {
        name: String,
    },
    AnalyticsEngine {
        name: String,
        dataset: String,
    },
    Hyperdrive {
        name: String,
        id: String,
    },
    Vectorize {
        name: String,
        index_name: String,
    },
    VersionMetadata {
        name: String,
    },
    Workflow {
        name: String,
        workflow_name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        class_name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        script_name: Option<String>,
    },
    Browser {
        name: String,
    },
}

#[derive(Debug, Deserialize, Serialize)]
pub struct WorkerVersionListResponse {
    pub success: bool,
    pub errors: Vec<ApiMessage>,
    pub messages: Vec<ApiMessage>,
    pub result: Vec<Version>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_info: Option<ResultInfo>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct ResultInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_pages: Option<u64>,
}

/// `Placement` is an untagged union in the schema; derive's equivalent is
/// `#[serde(untagged)]`, which buffers the object too.
#[derive(Debug, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Placement {
    Targeted { mode: String, region: String },
    Region { region: String },
    Hostname { hostname: String },
    Host { host: String },
    Smart { mode: String },
}

/// The new API's version, with the members the payloads use.
#[derive(Debug, Deserialize, Serialize)]
pub struct Version {
    pub id: String,
    pub number: i64,
    pub created_on: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotations: Option<VersionAnnotations>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compatibility_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compatibility_flags: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub main_module: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startup_time_ms: Option<i64>,
    pub urls: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage_model: Option<UsageModel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limits: Option<Limits>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placement: Option<Placement>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bindings: Option<Vec<Binding>>,
}
