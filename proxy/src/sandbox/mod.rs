//! An embedded, ProcessOut-compatible sandbox: same paths, JSON shapes and error types as
//! the seeds describe, so the proxy talks to it over real HTTP exactly as to ProcessOut.

mod seed;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use base64::Engine;
use serde_json::{json, Value};

use crate::api_error::ApiError;
use crate::secret::Secret;

pub use seed::SEEDED_INVOICE_IDS;

/// The sandbox's state: its credentials and the objects created so far.
#[derive(Clone)]
pub struct Sandbox {
    project_id: String,
    private_key: Secret,
    invoices: Arc<RwLock<HashMap<String, Value>>>,
}

impl Sandbox {
    /// A sandbox with the seeded demo invoices, accepting `project_id`:`private_key`.
    pub fn new(project_id: &str, private_key: &Secret) -> Self {
        let invoices = seed::invoices(project_id)
            .into_iter()
            .filter_map(|iv| Some((iv.get("id")?.as_str()?.to_string(), iv)))
            .collect();
        Self {
            project_id: project_id.to_string(),
            private_key: private_key.clone(),
            invoices: Arc::new(RwLock::new(invoices)),
        }
    }

    /// Routes mounted at `/sandbox`.
    pub fn routes(self) -> Router {
        Router::new()
            .route("/invoices/{invoice_id}", get(get_invoice))
            .with_state(self)
    }

    /// Checks HTTP Basic credentials as ProcessOut does: project id and private key.
    fn authenticate(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        let given = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Basic "))
            .and_then(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok())
            .and_then(|raw| String::from_utf8(raw).ok());
        let expected = format!("{}:{}", self.project_id, self.private_key.expose());
        match given {
            Some(given) if given == expected => Ok(()),
            _ => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "request.authentication.invalid",
                "The API credentials could not be verified.",
            )),
        }
    }
}

async fn get_invoice(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path(invoice_id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    sandbox.authenticate(&headers)?;
    let invoices = sandbox
        .invoices
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    match invoices.get(&invoice_id) {
        Some(invoice) => Ok(Json(json!({ "success": true, "invoice": invoice }))),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "resource.invoice.not-found",
            "The invoice could not be found.",
        )),
    }
}
