//! Endpoint descriptors: everything needed to make a request and read its
//! response, with whatever HTTP client the program already uses.
//!
//! Each operation has a generated descriptor in [`crate::operations`]
//! (for example [`crate::operations::GetWorkerVersion`]) implementing
//! [`Endpoint`]. A descriptor gives its method, path, query string, headers
//! and body, turns into an `http::Request<Vec<u8>>`, and parses the
//! response into the success type or an [`ApiError`].

pub(crate) mod error;
pub(crate) mod multipart;
mod path;

use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue};
use http::{HeaderMap, Method};
use serde::de::DeserializeOwned;

pub use error::{ApiError, ApiErrorKind, ResponseMessage, parse as parse_response};
pub use multipart::{ModuleNameError, ModulePart, Multipart, upload_form};
pub use path::{PathParameterError, encode_segment};

use crate::Operation;

/// The Cloudflare API's base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.cloudflare.com/client/v4";

/// How a request authenticates.
#[derive(Clone, PartialEq, Eq)]
pub enum Auth {
    /// An API token, sent as `Authorization: Bearer <token>`.
    ApiToken(String),
    /// A global API key and the account's email, sent as `X-Auth-Key` and
    /// `X-Auth-Email`.
    ApiKey {
        /// The account's email address.
        email: String,
        /// The global API key.
        key: String,
    },
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Auth::ApiToken(_) => f.write_str("ApiToken(<redacted>)"),
            Auth::ApiKey { email, .. } => f
                .debug_struct("ApiKey")
                .field("email", email)
                .field("key", &format_args!("<redacted>"))
                .finish(),
        }
    }
}

impl Auth {
    /// Authenticates with an API token.
    pub fn api_token(token: impl Into<String>) -> Self {
        Auth::ApiToken(token.into())
    }

    /// Authenticates with a global API key and email.
    pub fn api_key(email: impl Into<String>, key: impl Into<String>) -> Self {
        Auth::ApiKey {
            email: email.into(),
            key: key.into(),
        }
    }

    /// Adds the authentication headers. A value that cannot be a header
    /// (a line break in a token, say) is an error, never a panic.
    pub fn apply(&self, headers: &mut HeaderMap) -> Result<(), RequestError> {
        let mut set = |name: HeaderName, value: String| -> Result<(), RequestError> {
            let mut value =
                HeaderValue::try_from(value).map_err(|_| RequestError::InvalidHeader {
                    name: name.as_str().to_owned(),
                })?;
            value.set_sensitive(true);
            headers.insert(name, value);
            Ok(())
        };
        match self {
            Auth::ApiToken(token) => set(AUTHORIZATION, format!("Bearer {token}")),
            Auth::ApiKey { email, key } => {
                set(HeaderName::from_static("x-auth-email"), email.clone())?;
                set(HeaderName::from_static("x-auth-key"), key.clone())
            }
        }
    }
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestBody {
    /// No body.
    Empty,
    /// A JSON document.
    Json(Vec<u8>),
    /// A `multipart/form-data` form.
    Multipart(Multipart),
}

impl RequestBody {
    /// The `Content-Type` it is sent with, if it has a body.
    pub fn content_type(&self) -> Option<String> {
        match self {
            RequestBody::Empty => None,
            RequestBody::Json(_) => Some("application/json".to_owned()),
            RequestBody::Multipart(form) => Some(form.content_type()),
        }
    }

    /// The bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        match self {
            RequestBody::Empty => Vec::new(),
            RequestBody::Json(bytes) => bytes,
            RequestBody::Multipart(form) => form.body,
        }
    }
}

/// A request that cannot be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum RequestError {
    /// A path parameter would not stay one path segment.
    PathParameter(PathParameterError),
    /// The body could not be encoded.
    Body(serde_json::Error),
    /// A header value holds characters a header cannot.
    InvalidHeader {
        /// The header's name.
        name: String,
    },
    /// The base URL and path do not form a URI.
    InvalidUri(http::Error),
    /// A module cannot be sent under its name.
    Module(ModuleNameError),
}

impl std::fmt::Display for RequestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RequestError::PathParameter(e) => e.fmt(f),
            RequestError::Body(e) => write!(f, "cannot encode the request body: {e}"),
            RequestError::InvalidHeader { name } => write!(
                f,
                "the `{name}` header value contains characters a header cannot hold"
            ),
            RequestError::InvalidUri(e) => {
                write!(f, "the base URL and path do not form a valid URI: {e}")
            }
            RequestError::Module(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RequestError::PathParameter(e) => Some(e),
            RequestError::Body(e) => Some(e),
            RequestError::InvalidUri(e) => Some(e),
            RequestError::Module(e) => Some(e),
            RequestError::InvalidHeader { .. } => None,
        }
    }
}

impl From<ModuleNameError> for RequestError {
    fn from(e: ModuleNameError) -> Self {
        RequestError::Module(e)
    }
}

impl From<PathParameterError> for RequestError {
    fn from(e: PathParameterError) -> Self {
        RequestError::PathParameter(e)
    }
}

/// An operation's request, ready for any HTTP client.
///
/// Generated for every operation; see [`crate::operations`].
///
/// ```
/// use worker_versions::operations::DeleteWorkerVersion;
/// use worker_versions::{ApiErrorKind, Auth, DEFAULT_BASE_URL, Endpoint};
///
/// let delete = DeleteWorkerVersion::new("023e105f4ecef8ad9ca31a8372d0c353", "my worker", "latest");
/// let request = delete.to_request(DEFAULT_BASE_URL, &Auth::api_token("token"))?;
/// assert_eq!(request.method(), "DELETE");
/// assert_eq!(
///     request.uri(),
///     "https://api.cloudflare.com/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/workers/workers/my%20worker/versions/latest"
/// );
/// assert_eq!(request.headers()["authorization"], "Bearer token");
///
/// // Send `request` with any client, then hand back the status and body.
/// let body = br#"{"success": false, "errors": [{"code": 10007, "message": "version not found"}], "messages": [], "result": null}"#;
/// let error = delete.parse_response(404, body).unwrap_err();
/// assert!(error.has_code(10007));
/// assert_eq!(error.to_string(), "deleteWorkerVersion: HTTP 404: [10007] version not found");
/// # Ok::<(), worker_versions::RequestError>(())
/// ```
pub trait Endpoint {
    /// The body of a successful response.
    type Success: DeserializeOwned + crate::__private::Decode;
    /// The body of an error response.
    type Failure: DeserializeOwned + crate::__private::Decode;

    /// The operation this request is for.
    const OPERATION: &'static Operation;

    /// The path with its parameters filled in, each percent-encoded as one
    /// segment.
    fn path(&self) -> Result<String, RequestError>;

    /// The query string without the `?`; empty when no parameter is set.
    fn query(&self) -> String;

    /// The body.
    fn body(&self) -> Result<RequestBody, RequestError>;

    /// The HTTP method.
    fn method(&self) -> Method {
        Method::from_bytes(Self::OPERATION.method.as_bytes()).unwrap_or(Method::GET)
    }

    /// The path template, e.g. `/accounts/{account_id}/workers/workers/{worker_id}/versions`.
    fn path_template(&self) -> &'static str {
        Self::OPERATION.path_template
    }

    /// The path and, if any, the query string.
    fn path_and_query(&self) -> Result<String, RequestError> {
        Ok(join_path_and_query(self.path()?, &self.query()))
    }

    /// The headers the request needs, without authentication.
    fn headers(&self, body: &RequestBody) -> Result<HeaderMap, RequestError> {
        request_headers(body)
    }

    /// The whole request, against `base_url` (for example
    /// [`DEFAULT_BASE_URL`]), authenticated with `auth`.
    fn to_request(
        &self,
        base_url: &str,
        auth: &Auth,
    ) -> Result<http::Request<Vec<u8>>, RequestError> {
        let body = self.body()?;
        let headers = self.headers(&body)?;
        build_request(
            self.method(),
            base_url,
            &self.path_and_query()?,
            headers,
            body,
            auth,
        )
    }

    /// Decodes an error response into the operation's typed failure body,
    /// for callers that want more than [`ApiError`] carries (for example
    /// the per-class details of an exports reconciliation failure).
    ///
    /// The generated descriptors implement it with a decoder compiled in
    /// this crate, so calling it instantiates nothing in the caller's.
    fn decode_failure(
        &self,
        status: u16,
        body: &[u8],
    ) -> Result<Self::Failure, crate::DecodeError> {
        crate::decode_body(Self::OPERATION, status, body)
    }

    /// Reads a response: the success body for a 2XX status, otherwise (or
    /// when a 2XX body says `"success": false`) an [`ApiError`].
    ///
    /// The generated descriptors implement it with a decoder compiled in
    /// this crate, so calling it instantiates nothing in the caller's.
    fn parse_response(&self, status: u16, body: &[u8]) -> Result<Self::Success, ApiError> {
        error::parse::<Self::Success>(Self::OPERATION, status, body)
    }

    /// Reads an `http::Response`, as [`Endpoint::parse_response`] reads a
    /// status and body: for clients built on the `http` crate (hyper,
    /// reqwest's `http` conversions, axum's test helpers).
    ///
    /// ```
    /// use worker_versions::operations::DeleteWorkerVersion;
    /// use worker_versions::{Endpoint, http};
    ///
    /// let delete = DeleteWorkerVersion::new("account", "my-worker", "latest");
    /// let response = http::Response::builder()
    ///     .status(200)
    ///     .body(r#"{"success": true, "errors": [], "messages": [], "result": null}"#)
    ///     .unwrap();
    /// assert!(delete.parse_http_response(response)?.errors.is_empty());
    /// # Ok::<(), worker_versions::ApiError>(())
    /// ```
    fn parse_http_response<B: AsRef<[u8]>>(
        &self,
        response: http::Response<B>,
    ) -> Result<Self::Success, ApiError> {
        self.parse_response(response.status().as_u16(), response.body().as_ref())
    }
}

/// `path?query`, or the path alone when the query is empty.
fn join_path_and_query(mut path: String, query: &str) -> String {
    if !query.is_empty() {
        path.push('?');
        path.push_str(query);
    }
    path
}

/// The headers every request carries: `Accept`, and the body's
/// `Content-Type`. Not generic, so the trait's default methods stay thin
/// wherever they are instantiated.
fn request_headers(body: &RequestBody) -> Result<HeaderMap, RequestError> {
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    if let Some(content_type) = body.content_type() {
        let value =
            HeaderValue::try_from(content_type).map_err(|_| RequestError::InvalidHeader {
                name: CONTENT_TYPE.as_str().to_owned(),
            })?;
        headers.insert(CONTENT_TYPE, value);
    }
    Ok(headers)
}

/// Puts a request together: URI from `base_url` and the path, the headers
/// with authentication added, and the body.
fn build_request(
    method: Method,
    base_url: &str,
    path_and_query: &str,
    mut headers: HeaderMap,
    body: RequestBody,
    auth: &Auth,
) -> Result<http::Request<Vec<u8>>, RequestError> {
    let uri = format!("{}{path_and_query}", base_url.trim_end_matches('/'));
    auth.apply(&mut headers)?;
    let mut request = http::Request::builder()
        .method(method)
        .uri(uri)
        .body(body.into_bytes())
        .map_err(RequestError::InvalidUri)?;
    *request.headers_mut() = headers;
    Ok(request)
}

/// A list request that can ask for the page after a response.
///
/// ```
/// use worker_versions::operations::ListWorkerVersions;
/// use worker_versions::{Endpoint, Paginated};
///
/// let first = ListWorkerVersions::new("account", "my-worker").per_page(2);
/// let page = |n: u32, total: u32| {
///     let version = r#"{"id": "v", "number": 1, "created_on": "2025-01-01T00:00:00Z", "urls": []}"#;
///     format!(r#"{{"success": true, "errors": [], "messages": [], "result": [{version}, {version}],
///                 "result_info": {{"page": {n}, "per_page": 2, "total_pages": {total}}}}}"#)
/// };
/// let response = first.parse_response(200, page(1, 2).as_bytes()).unwrap();
/// let second = first.next_page(&response).expect("a second page");
/// assert_eq!(second.page, Some(2));
/// let response = second.parse_response(200, page(2, 2).as_bytes()).unwrap();
/// assert!(second.next_page(&response).is_none(), "page 2 of 2 is the last");
/// ```
pub trait Paginated: Endpoint + Sized {
    /// The request for the next page, or `None` when `response` was the
    /// last page (it held no items, or it was the last of `total_pages`).
    fn next_page(&self, response: &Self::Success) -> Option<Self>;
}

/// The next page number: none after an empty page, or after the last page
/// when the response says how many there are.
pub fn next_page_number(
    current: Option<i64>,
    items: usize,
    total_pages: Option<u64>,
) -> Option<i64> {
    if items == 0 {
        return None;
    }
    let page = current.unwrap_or(1).max(1);
    if let Some(total) = total_pages
        && u64::try_from(page).is_ok_and(|p| p >= total)
    {
        return None;
    }
    page.checked_add(1)
}

/// Builds a query string; unset parameters are left out.
#[derive(Debug, Default)]
pub struct QueryBuilder {
    query: String,
}

impl QueryBuilder {
    /// Adds `name=value`, percent-encoding both.
    pub fn push(&mut self, name: &str, value: &str) {
        if !self.query.is_empty() {
            self.query.push('&');
        }
        self.query
            .extend(percent_encoding::utf8_percent_encode(name, path::QUERY));
        self.query.push('=');
        self.query
            .extend(percent_encoding::utf8_percent_encode(value, path::QUERY));
    }

    /// The query string.
    pub fn finish(self) -> String {
        self.query
    }
}
