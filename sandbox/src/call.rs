//! One payment call on an invoice (authorize, capture, void) as the code doing the work
//! sees it, and what it produced. Shared by [`super::payments`] (the calls' frame),
//! [`super::authorize`] and [`super::transactions`], which sit below it.

use axum::http::StatusCode;
use serde_json::Value;

use super::Sandbox;
use crate::error::SandboxError;

/// What a payment call produced: status, body, and a transaction to complete later.
pub(crate) struct Outcome {
    pub(crate) status: StatusCode,
    pub(crate) body: Value,
    pub(crate) complete_later: Option<String>,
}

impl Outcome {
    pub(crate) fn ok(body: Value) -> Self {
        Self {
            status: StatusCode::OK,
            body,
            complete_later: None,
        }
    }

    pub(crate) fn error(error: SandboxError) -> Self {
        Self {
            status: error.status,
            body: error.body_json(),
            complete_later: None,
        }
    }
}

/// One payment call on an invoice, as the code doing the work sees it.
pub(crate) struct Call<'a> {
    /// The sandbox, for its project id.
    pub(crate) sandbox: &'a Sandbox,
    /// The invoice the call is about.
    pub(crate) invoice_id: &'a str,
    /// The request body.
    pub(crate) request: &'a Value,
    /// The sandbox's URL as the caller reached it, for customer action pages.
    pub(crate) base: &'a str,
}
