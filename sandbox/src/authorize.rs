//! Authorizing an invoice: resolving the source (a card token, a saved token or a 3-D Secure
//! result), the test card's behaviour, and the customer actions of 3-D Secure.

use axum::http::StatusCode;
use base64::Engine;
use checkout_core::secret::mask;
use checkout_core::ErrorCode;
use serde_json::{json, Value};

use super::call::{Call, Outcome};
use super::cards::{self, Behaviour};
use super::records::{new_transaction, push_operation, set, str_field, Source};
use super::{ids, Resource, Sandbox, Store, StoredCard, ThreeDs};
use crate::error::SandboxError;

/// Statuses meaning the invoice is already paid or being paid: a new authorization would
/// charge the customer twice.
const PAID_STATUSES: [&str; 4] = ["authorized", "pending", "pending-capture", "completed"];

/// The Card attributes the sandbox records from an authorization's `device`.
pub const DEVICE_CARD_FIELDS: [&str; 9] = [
    "app_color_depth",
    "app_java_enabled",
    "app_language",
    "app_screen_height",
    "app_screen_width",
    "app_timezone_offset",
    "user_agent",
    "header_accept",
    "ip_address",
];

/// Resolves `source` to a card, enforcing single use of `card_` tokens.
fn resolve_source(
    sandbox: &Sandbox,
    store: &mut Store,
    invoice_id: &str,
    source: &str,
) -> Result<Source, SandboxError> {
    if source.starts_with("card_") {
        let card = store
            .cards
            .get_mut(source)
            .ok_or_else(|| SandboxError::not_found(Resource::Card))?;
        if card.single_use && card.used {
            return Err(SandboxError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::RequestSourceCardAlreadyUsed,
                "This card token was already used; card tokens are single-use. Tokenize the card again.",
            ));
        }
        card.used = true;
        return Ok(Source {
            card_id: source.to_string(),
            number: card.number.clone(),
            token_id: None,
            three_ds: None,
        });
    }
    if source.starts_with("tok_") && !source.starts_with("tok_test") {
        // A customer token pays with the card it was made from. When the invoice names a
        // customer, the token must be theirs (seed 001, Invoice.token): another customer's
        // token is answered as not found, so its existence is not revealed.
        let invoice_customer = store
            .invoices
            .get(invoice_id)
            .and_then(|iv| str_field(iv, "customer_id"))
            .map(str::to_string);
        let card_id = store
            .tokens
            .get(source)
            .filter(|t| {
                invoice_customer
                    .as_ref()
                    .is_none_or(|c| *c == t.customer_id)
            })
            .map(|t| t.card_id.clone())
            .ok_or_else(|| SandboxError::not_found(Resource::Token))?;
        let number = store
            .cards
            .get(&card_id)
            .map(|c| c.number.clone())
            .ok_or_else(|| SandboxError::not_found(Resource::Token))?;
        return Ok(Source {
            card_id,
            number,
            token_id: Some(source.to_string()),
            three_ds: None,
        });
    }
    if source.starts_with("tok_") {
        let number = cards::saved_token_number(source)
            .ok_or_else(|| SandboxError::not_found(Resource::Token))?;
        let (card_id, public) = cards::saved_test_card(&sandbox.inner.project_id, number);
        if !store.cards.contains_key(&card_id) {
            let card = StoredCard {
                number: number.to_string(),
                single_use: false,
                used: false,
                public,
            };
            store.cards.insert(card_id.clone(), card);
        }
        return Ok(Source {
            card_id,
            number: number.to_string(),
            token_id: Some(source.to_string()),
            three_ds: None,
        });
    }
    if let Some(token) = source.strip_prefix("gway_req_") {
        let timed_out = fingerprint_timeout_reference(token);
        let reference = timed_out.as_deref().unwrap_or(token);
        let step = store
            .three_ds
            .get_mut(reference)
            .filter(|step| step.invoice_id == invoice_id)
            // Like an unknown card or token: the source names nothing this invoice has.
            .ok_or_else(|| SandboxError::not_found(Resource::ThreeDsStep))?;
        if step.consumed {
            return Err(SandboxError::validation(
                "source: this 3-D Secure result was already used",
            ));
        }
        // A fingerprint that timed out counts as taken; any other step must be completed.
        let passed = match (step.outcome, &timed_out) {
            (Some(passed), _) => passed,
            (None, Some(_)) if !step.challenge => true,
            (None, _) => {
                return Err(SandboxError::validation(
                    "source: the 3-D Secure step has not been completed yet",
                ))
            }
        };
        step.consumed = true;
        let (card_id, token_id, challenge) =
            (step.card_id.clone(), step.token_id.clone(), step.challenge);
        let number = store
            .cards
            .get(&card_id)
            .map(|c| c.number.clone())
            .ok_or_else(|| SandboxError::not_found(Resource::Card))?;
        return Ok(Source {
            card_id,
            number,
            token_id,
            three_ds: Some((challenge, passed)),
        });
    }
    Err(SandboxError::validation(
        "source must be a card token (card_...), a customer token (tok_...) or a 3-D Secure result (gway_req_...)",
    ))
}

/// Authorizes `invoice_id` with a completed 3-D Secure step, as the gateway does itself
/// after a full-page redirect; the outcome is recorded on the invoice's transaction.
pub(crate) fn authorize_after_redirect(
    sandbox: &Sandbox,
    invoice_id: &str,
    reference: &str,
) -> Result<(), SandboxError> {
    let mut store = sandbox.store();
    let request = json!({ "source": format!("gway_req_{reference}") });
    let call = Call {
        sandbox,
        invoice_id,
        request: &request,
        base: "",
    };
    authorize_invoice(&call, &mut store).map(drop)
}

/// The step a fingerprint-timeout result names. A client whose fingerprint page did not
/// answer in time sends `gway_req_` + base64 of `{"url": <the action's URL>, "body":
/// "{ \"threeDS2FingerprintTimeout\": true }", ...}`; the sandbox reads the step's reference
/// from the URL and goes on as if the fingerprint had been taken.
fn fingerprint_timeout_reference(token: &str) -> Option<String> {
    let raw = base64::engine::general_purpose::STANDARD
        .decode(token)
        .ok()?;
    let result: Value = serde_json::from_slice(&raw).ok()?;
    let body = result.get("body")?.as_str()?;
    let timed_out = serde_json::from_str::<Value>(body)
        .ok()?
        .get("threeDS2FingerprintTimeout")
        .and_then(Value::as_bool)?;
    let url = result.get("url")?.as_str()?;
    let (_, reference) = url.rsplit_once("/3ds/fingerprint/")?;
    (timed_out && !reference.is_empty()).then(|| reference.to_string())
}

/// Writes the browser and request data the merchant sent onto the card and the invoice.
fn record_device(store: &mut Store, card_id: &str, invoice_id: &str, device: &Value) {
    if !device.is_object() {
        return;
    }
    if let Some(card) = store.cards.get_mut(card_id) {
        for field in DEVICE_CARD_FIELDS {
            if let Some(value) = device.get(field) {
                set(&mut card.public, field, value.clone());
            }
        }
    }
    if let Some(invoice) = store.invoices.get_mut(invoice_id) {
        set(
            invoice,
            "device",
            json!({
                "id": null,
                "channel": "web",
                "ip_address": device.get("ip_address"),
            }),
        );
    }
}

/// Authorizes `invoice_id` with the request's `source`: the test card decides the outcome.
pub(crate) fn authorize_invoice(
    call: &Call<'_>,
    store: &mut Store,
) -> Result<Outcome, SandboxError> {
    let Call {
        sandbox,
        invoice_id,
        request,
        base,
    } = *call;
    let invoice = store
        .invoices
        .get(invoice_id)
        .cloned()
        .ok_or_else(|| SandboxError::not_found(Resource::Invoice))?;
    let source = str_field(request, "source")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| SandboxError::validation("source is required"))?;
    let existing = str_field(&invoice, "transaction_id")
        .and_then(|id| store.transactions.get(id))
        .cloned();
    if let Some(transaction) = &existing {
        if PAID_STATUSES.contains(&str_field(transaction, "status").unwrap_or("")) {
            tracing::info!(
                invoice_id,
                "sandbox refused a second authorization of a paid invoice"
            );
            return Ok(Outcome::ok(json!({
                "success": true,
                "transaction": transaction,
                "customer_action": null,
            })));
        }
    }
    let source = resolve_source(sandbox, store, invoice_id, source)?;
    tracing::info!(invoice_id, card = %mask(&source.card_id), "sandbox authorizing");
    record_device(
        store,
        &source.card_id,
        invoice_id,
        request.get("device").unwrap_or(&Value::Null),
    );
    let mut transaction = existing.unwrap_or_else(|| new_transaction(&invoice, &ids::new_id("tr")));
    let transaction_id = str_field(&transaction, "id")
        .unwrap_or_default()
        .to_string();
    if let Some(invoice) = store.invoices.get_mut(invoice_id) {
        set(invoice, "transaction_id", json!(transaction_id));
    }
    set(&mut transaction, "card_id", json!(source.card_id));
    set(&mut transaction, "token_id", json!(source.token_id));

    let behaviour = cards::behaviour(&source.number);
    let mut customer_action = Value::Null;
    let mut complete_later = None;
    let result: Result<&str, &ErrorCode> = match (source.three_ds, behaviour) {
        (Some((challenge, passed)), _) => {
            // A fingerprint has no customer decision: its result is the card's.
            let passed = if challenge {
                passed
            } else {
                behaviour != Behaviour::FingerprintThenFail
            };
            let failed = (!passed).then_some(&ErrorCode::CardFailed3ds);
            push_operation(&mut transaction, "three_d_s_check", Some(&source), failed);
            set(
                &mut transaction,
                "three_d_s_status",
                json!(if passed { "success" } else { "failed" }),
            );
            if passed {
                Ok("authorized")
            } else {
                Err(&ErrorCode::CardFailed3ds)
            }
        }
        (None, Behaviour::MobileChallenge) => {
            customer_action = json!({
                "type": "challenge-mobile",
                "value": format!("sandbox-mobile-challenge-{}", ids::new_id("3ds")),
                "metadata": {},
            });
            push_operation(&mut transaction, "three_d_s_check", Some(&source), None);
            set(&mut transaction, "three_d_s_status", json!("pending"));
            Ok("waiting")
        }
        (None, Behaviour::Challenge)
        | (None, Behaviour::UrlChallenge)
        | (None, Behaviour::UrlChallengeNoIframe)
        | (None, Behaviour::FingerprintThenAuthorize)
        | (None, Behaviour::FingerprintThenFail) => {
            let challenge = matches!(
                behaviour,
                Behaviour::Challenge | Behaviour::UrlChallenge | Behaviour::UrlChallengeNoIframe
            );
            let reference = ids::new_id("3ds");
            let reference = reference.trim_start_matches("3ds_").to_string();
            store.three_ds.insert(
                reference.clone(),
                ThreeDs {
                    invoice_id: invoice_id.to_string(),
                    card_id: source.card_id.clone(),
                    token_id: source.token_id.clone(),
                    challenge,
                    outcome: None,
                    consumed: false,
                },
            );
            let (kind, page) = match behaviour {
                Behaviour::UrlChallenge | Behaviour::UrlChallengeNoIframe => ("url", "challenge"),
                _ if challenge => ("redirect", "challenge"),
                _ => ("fingerprint", "fingerprint"),
            };
            customer_action = json!({
                "type": kind,
                "value": format!("{base}/3ds/{page}/{reference}"),
                "metadata": {
                    "reference": reference,
                    "complete_url": format!("{base}/3ds/{reference}/complete"),
                },
            });
            if behaviour == Behaviour::UrlChallengeNoIframe {
                set(&mut customer_action["metadata"], "no_iframe", json!("true"));
            }
            push_operation(&mut transaction, "three_d_s_check", Some(&source), None);
            set(&mut transaction, "three_d_s_status", json!("pending"));
            Ok("waiting")
        }
        (None, Behaviour::Decline(code)) => Err(code),
        (None, Behaviour::Frictionless) => {
            push_operation(&mut transaction, "three_d_s_check", Some(&source), None);
            set(&mut transaction, "three_d_s_status", json!("success"));
            Ok("authorized")
        }
        (None, Behaviour::PendingThenComplete) => {
            complete_later = Some(transaction_id.clone());
            Ok("pending")
        }
        (None, Behaviour::Authorize) => Ok("authorized"),
    };
    let outcome = match result {
        Ok("waiting") => {
            set(&mut transaction, "status", json!("waiting"));
            Outcome::ok(json!({
                "success": true,
                "transaction": transaction,
                "customer_action": customer_action,
            }))
        }
        Ok(status) => {
            push_operation(&mut transaction, "authorization", Some(&source), None);
            set(&mut transaction, "status", json!(status));
            set(&mut transaction, "authorized", json!(true));
            let amount = transaction.get("amount").cloned().unwrap_or(Value::Null);
            set(&mut transaction, "authorized_amount", amount);
            set(&mut transaction, "error_code", Value::Null);
            set(&mut transaction, "error_message", Value::Null);
            Outcome {
                complete_later,
                ..Outcome::ok(json!({
                    "success": true,
                    "transaction": transaction,
                    "customer_action": null,
                }))
            }
        }
        Err(code) => {
            push_operation(&mut transaction, "authorization", Some(&source), Some(code));
            set(&mut transaction, "status", json!("failed"));
            set(&mut transaction, "error_code", json!(code.as_str()));
            set(
                &mut transaction,
                "error_message",
                json!(cards::decline_message(code)),
            );
            Outcome::error(SandboxError::new(
                StatusCode::PAYMENT_REQUIRED,
                code.clone(),
                cards::decline_message(code),
            ))
        }
    };
    store.transactions.insert(transaction_id, transaction);
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_timeout_result_names_its_step() {
        let body = r#"{ "threeDS2FingerprintTimeout": true }"#;
        let result = json!({
            "url": "http://127.0.0.1:1/sandbox/3ds/fingerprint/abc123",
            "headers": {"Content-Type": "application/json"},
            "body": body,
        });
        let token = base64::engine::general_purpose::STANDARD.encode(result.to_string());
        assert_eq!(
            fingerprint_timeout_reference(&token).as_deref(),
            Some("abc123")
        );
        let other = json!({"url": "http://x/sandbox/3ds/fingerprint/abc123", "body": "{}"});
        let token = base64::engine::general_purpose::STANDARD.encode(other.to_string());
        assert_eq!(fingerprint_timeout_reference(&token), None);
        assert_eq!(fingerprint_timeout_reference("abc123"), None);
    }
}
