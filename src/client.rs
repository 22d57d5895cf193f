//! A thin async client on reqwest (with rustls), for programs that have
//! no HTTP client of their own. Behind the `client` feature; the rest of
//! the crate depends on no HTTP client.

use std::fmt;

use futures_util::Stream;

use crate::{ApiError, Auth, DEFAULT_BASE_URL, Endpoint, Paginated, RequestError};

/// Sends descriptors (see [`crate::operations`]) and reads their answers.
///
/// ```no_run
/// use futures_util::TryStreamExt as _;
/// use worker_versions::operations::{GetWorkerVersion, ListWorkerVersions};
/// use worker_versions::{Auth, Client};
///
/// # async fn run() -> Result<(), worker_versions::ClientError> {
/// let client = Client::new(Auth::api_token("…"));
/// let version = client
///     .send(&GetWorkerVersion::new("account-id", "my-worker", "latest"))
///     .await?
///     .result;
/// println!("latest is #{}", version.number);
///
/// // Every page of a list, one response at a time.
/// let mut pages = std::pin::pin!(client.pages(ListWorkerVersions::new("account-id", "my-worker")));
/// while let Some(page) = pages.try_next().await? {
///     println!("{} versions", page.result.len());
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    auth: Auth,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for [`DEFAULT_BASE_URL`], authenticated with `auth`.
    pub fn new(auth: Auth) -> Self {
        Self::with_http_client(reqwest::Client::new(), auth)
    }

    /// A client on a `reqwest::Client` configured by the caller (timeouts,
    /// proxies, a user agent).
    pub fn with_http_client(http: reqwest::Client, auth: Auth) -> Self {
        Client {
            http,
            base_url: DEFAULT_BASE_URL.to_owned(),
            auth,
        }
    }

    /// Sends requests to `base_url` instead (a mock server, a proxy).
    #[must_use]
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Sends `endpoint`'s request and reads the answer: the success body,
    /// or the API's error.
    pub async fn send<E: Endpoint>(&self, endpoint: &E) -> Result<E::Success, ClientError> {
        let request = endpoint.to_request(&self.base_url, &self.auth)?;
        let request = reqwest::Request::try_from(request).map_err(ClientError::Transport)?;
        let response = self
            .http
            .execute(request)
            .await
            .map_err(ClientError::Transport)?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(ClientError::Transport)?;
        Ok(endpoint.parse_response(status, &body)?)
    }

    /// Every page of a list, starting with `first`: each response in turn,
    /// until the one after which [`Paginated::next_page`] says there is no
    /// other. The first error ends the stream.
    pub fn pages<'a, E: Paginated + 'a>(
        &'a self,
        first: E,
    ) -> impl Stream<Item = Result<E::Success, ClientError>> + 'a {
        futures_util::stream::try_unfold(Some(first), move |request| async move {
            let Some(request) = request else {
                return Ok(None);
            };
            let page = self.send(&request).await?;
            let next = request.next_page(&page);
            Ok(Some((page, next)))
        })
    }
}

/// Why a request through [`Client`] failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum ClientError {
    /// The request could not be built.
    Request(RequestError),
    /// It could not be sent, or its answer not read.
    Transport(reqwest::Error),
    /// The API answered with an error, or with a body that does not decode.
    Api(ApiError),
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Request(e) => e.fmt(f),
            ClientError::Transport(e) => write!(f, "the request did not complete: {e}"),
            ClientError::Api(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ClientError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClientError::Request(e) => Some(e),
            ClientError::Transport(e) => Some(e),
            ClientError::Api(e) => Some(e),
        }
    }
}

impl From<RequestError> for ClientError {
    fn from(e: RequestError) -> Self {
        ClientError::Request(e)
    }
}

impl From<ApiError> for ClientError {
    fn from(e: ApiError) -> Self {
        ClientError::Api(e)
    }
}
