//! Calls to the merchant's proxy and the types they return.

use serde::Deserialize;

/// The display-safe invoice the proxy returns.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Invoice {
    /// Invoice id.
    pub id: String,
    /// What the customer is paying for.
    pub name: String,
    /// Decimal amount as sent by the provider, e.g. `"4.99"`.
    pub amount: String,
    /// ISO 4217 code.
    pub currency: String,
}

#[derive(Deserialize)]
struct InvoiceEnvelope {
    invoice: Invoice,
}

#[derive(Deserialize)]
struct ErrorBody {
    error_type: Option<String>,
    message: Option<String>,
}

/// Why the widget could not get what it needed from the proxy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// ProcessOut-style error type, e.g. `resource.invoice.not-found`.
    pub code: String,
    /// Explanation for developers (the UI shows a customer-facing text for `code`).
    pub message: String,
}

impl ApiError {
    fn network(message: impl Into<String>) -> Self {
        Self {
            code: "widget.network".into(),
            message: message.into(),
        }
    }
}

/// `GET {proxy}/invoices/{id}`. Non-2xx answers become errors explicitly (gloo-net does not).
pub async fn fetch_invoice(url: &str) -> Result<Invoice, ApiError> {
    let response = gloo_net::http::Request::get(url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|e| {
            ApiError::network(format!("the checkout service could not be reached: {e}"))
        })?;
    if !response.ok() {
        let status = response.status();
        let body: Option<ErrorBody> = response.json().await.ok();
        return Err(ApiError {
            code: body
                .as_ref()
                .and_then(|b| b.error_type.clone())
                .unwrap_or_else(|| format!("http.{status}")),
            message: body
                .and_then(|b| b.message)
                .unwrap_or_else(|| format!("the checkout service answered {status}")),
        });
    }
    response
        .json::<InvoiceEnvelope>()
        .await
        .map(|e| e.invoice)
        .map_err(|e| {
            ApiError::network(format!(
                "the checkout service sent an unreadable invoice: {e}"
            ))
        })
}
