//! Card tokenization and ProcessOut's sandbox test cards.

use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use checkout_core::ErrorCode;
use serde_json::{json, Map, Value};

use super::{ids, parse_body, Sandbox, StoredCard};
use crate::error::SandboxError;

/// What the sandbox does when a card is used to authorize.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// Authorized straight away.
    Authorize,
    /// Declined with this error code.
    Decline(&'static ErrorCode),
    /// 3-D Secure challenge, then authorized or failed depending on the challenge outcome.
    Challenge,
    /// 3-D Secure fingerprint, then frictionless success.
    FingerprintThenAuthorize,
    /// Frictionless 3-D Secure without a fingerprint.
    Frictionless,
    /// 3-D Secure fingerprint, then failure.
    FingerprintThenFail,
    /// `pending`, becoming `completed` after [`super::PENDING_DELAY`].
    PendingThenComplete,
    /// The challenge, sent as a `url` customer action (shown in a frame, like `redirect`).
    UrlChallenge,
    /// An app-based challenge (`challenge-mobile`), which a browser cannot perform.
    MobileChallenge,
    /// The challenge as a `url` action with `metadata.no_iframe`: the whole page goes to the
    /// issuer, which authorizes and sends the customer to the invoice's `return_url`.
    UrlChallengeNoIframe,
}

/// The card number that goes `pending` and completes a few seconds later.
pub const PENDING_CARD: &str = "4000000000000309";

/// Every documented test card and what it does. Numbers not listed authorize.
// One card per line, like the table in docs/api.md.
#[rustfmt::skip]
pub const TEST_CARDS: &[(&str, Behaviour)] = &[
    ("4242424242424242", Behaviour::Authorize),
    ("4000056655665556", Behaviour::Authorize),
    ("4012888888881881", Behaviour::Authorize),
    ("5555555555554444", Behaviour::Authorize),
    ("5200828282828210", Behaviour::Authorize),
    ("5105105105105100", Behaviour::Authorize),
    ("378282246310005", Behaviour::Authorize),
    ("371449635398431", Behaviour::Authorize),
    ("6011111111111117", Behaviour::Authorize),
    ("3530111333300000", Behaviour::Authorize),
    ("4000000000000002", Behaviour::Decline(&ErrorCode::CardDeclined)),
    ("4000000000002180", Behaviour::Decline(&ErrorCode::CardDoNotHonor)),
    ("4000000000002198", Behaviour::Decline(&ErrorCode::CardPossibleFraud)),
    ("4000000000002206", Behaviour::Decline(&ErrorCode::CardNoMoney)),
    ("4000000000002214", Behaviour::Decline(&ErrorCode::CardExpired)),
    ("4000000000002222", Behaviour::Decline(&ErrorCode::CardStolen)),
    ("4000000000002230", Behaviour::Decline(&ErrorCode::CardFailedCvc)),
    ("4000000000002248", Behaviour::Decline(&ErrorCode::CardFailedAvs)),
    ("4000000000002255", Behaviour::Decline(&ErrorCode::CardNotAuthorized)),
    ("4000000000000101", Behaviour::Challenge),
    ("4000000000000119", Behaviour::UrlChallenge),
    ("4000000000000127", Behaviour::MobileChallenge),
    ("4000000000000135", Behaviour::UrlChallengeNoIframe),
    ("4000000000003063", Behaviour::FingerprintThenAuthorize),
    ("4000000000003055", Behaviour::Frictionless),
    ("4000000000003220", Behaviour::FingerprintThenFail),
    (PENDING_CARD, Behaviour::PendingThenComplete),
];

/// The behaviour of `number`.
pub fn behaviour(number: &str) -> Behaviour {
    TEST_CARDS
        .iter()
        .find(|(n, _)| *n == number)
        .map(|(_, b)| *b)
        .unwrap_or(Behaviour::Authorize)
}

/// The processor's text for a decline code (for developers, not customers).
pub fn decline_message(code: &ErrorCode) -> &'static str {
    match code {
        ErrorCode::CardDoNotHonor => "The card issuer refused the payment (do not honor).",
        ErrorCode::CardPossibleFraud => "The card issuer suspects fraud.",
        ErrorCode::CardNoMoney => "The card has insufficient funds.",
        ErrorCode::CardExpired => "The card has expired.",
        ErrorCode::CardStolen => "The card was reported stolen.",
        ErrorCode::CardFailedCvc => "The CVC check failed.",
        ErrorCode::CardFailedAvs => "The address verification failed.",
        ErrorCode::CardNotAuthorized => "The card is not authorized for this payment.",
        ErrorCode::CardFailed3ds => "The 3-D Secure authentication failed.",
        _ => "The card was declined.",
    }
}

/// The saved, reusable customer token for a test card: `tok_test<number>`.
pub fn saved_token_number(token: &str) -> Option<&'static str> {
    let number = token.strip_prefix("tok_test")?;
    TEST_CARDS
        .iter()
        .find(|(n, _)| *n == number)
        .map(|(n, _)| *n)
}

/// The card behind a fixed test token `tok_test<number>`: its id and its public object
/// (expiry 12/2030, reusable), the same wherever the token is read or paid with.
pub fn saved_test_card(project_id: &str, number: &str) -> (String, Value) {
    let card_id = format!("card_savedTest{number}");
    let card = card_object(
        project_id,
        &card_id,
        number,
        12,
        2030,
        Some("Saved test card"),
        true,
    );
    (card_id, card)
}

/// Luhn checksum, so typos are caught the way a real tokenizer catches them.
pub fn luhn_valid(number: &str) -> bool {
    if !(12..=19).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = number
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let d = d * 2;
                if d > 9 {
                    d - 9
                } else {
                    d
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

fn scheme(number: &str) -> &'static str {
    match number.as_bytes().first() {
        Some(b'4') => "visa",
        Some(b'5') | Some(b'2') => "mastercard",
        Some(b'3') if number.starts_with("34") || number.starts_with("37") => "american express",
        Some(b'3') if number.starts_with("35") => "jcb",
        Some(b'3') => "diners club",
        Some(b'6') => "discover",
        _ => "unknown",
    }
}

/// Stable per card number, as ProcessOut's is per project, without revealing the number.
fn fingerprint(number: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    number.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// The public Card object for `number` (never the number or CVC themselves).
pub fn card_object(
    project_id: &str,
    id: &str,
    number: &str,
    exp_month: i64,
    exp_year: i64,
    name: Option<&str>,
    cvc_given: bool,
) -> Value {
    let last4 = number.get(number.len().saturating_sub(4)..).unwrap_or("");
    let iin = number.get(..6).unwrap_or("");
    json!({
        "id": id,
        "project_id": project_id.trim_start_matches("test-"),
        "scheme": scheme(number),
        "co_scheme": null,
        "preferred_scheme": null,
        "type": "credit",
        "bank_name": "Sandbox Bank",
        "brand": null,
        "category": "consumer",
        "iin": iin,
        "last_4_digits": last4,
        "fingerprint": fingerprint(number),
        "exp_month": exp_month,
        "exp_year": exp_year.to_string(),
        "cvc_check": if cvc_given { "passed" } else { "unavailable" },
        "avs_check": "unavailable",
        "token_type": null,
        "name": name,
        "ip_address": null,
        "user_agent": null,
        "header_accept": null,
        "app_color_depth": null,
        "app_java_enabled": null,
        "app_language": null,
        "app_screen_height": null,
        "app_screen_width": null,
        "app_timezone_offset": null,
        "expires_soon": false,
        "metadata": {},
        "sandbox": true,
        "created_at": ids::now_rfc3339(),
    })
}

/// The text of a card field: a string or a number (JSON), trimmed; `None` when absent, null
/// or empty. Any other JSON value is refused with `code` rather than dropped, so a CVC sent
/// as an object is not silently a card without CVC.
fn field(
    body: &Map<String, Value>,
    name: &str,
    code: ErrorCode,
) -> Result<Option<String>, SandboxError> {
    let text = match body.get(name) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => {
            return Err(SandboxError::new(
                StatusCode::BAD_REQUEST,
                code,
                format!("{name} must be text or a number."),
            ))
        }
    };
    Ok(Some(text).filter(|s| !s.is_empty()))
}

fn invalid(code: ErrorCode, message: &str) -> SandboxError {
    SandboxError::new(StatusCode::BAD_REQUEST, code, message)
}

/// How long a browser may keep the answer to [`preflight`], in seconds: ten minutes, as the
/// proxy's own CORS answers (Chromium caps it at two hours anyway).
pub const PREFLIGHT_MAX_AGE: &str = "600";

/// `OPTIONS /cards`: the CORS preflight of a browser about to post a card from a page (or
/// card frame) of any origin, as ProcessOut.js does from merchant pages. The card is sent
/// with `Authorization` (Basic: the public project id) and `Content-Type: application/json`,
/// both outside what a browser sends cross-origin without asking, so both are allowed, for
/// `POST` only. A preflight carries no credentials and changes nothing.
pub async fn preflight() -> Response {
    (
        StatusCode::NO_CONTENT,
        [
            (header::ACCESS_CONTROL_ALLOW_METHODS, "POST"),
            (
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                "authorization, content-type",
            ),
            (header::ACCESS_CONTROL_MAX_AGE, PREFLIGHT_MAX_AGE),
        ],
    )
        .into_response()
}

/// Every answer of `/cards` (the token, an error, the preflight) may be read by a page of any
/// origin: tokenization is public, like ProcessOut's own API, and what protects it is the
/// project id being the only credential it takes (the private key never reaches a browser).
/// `*` rather than the request's origin: no cookie is involved, and the answer does not vary.
pub async fn open_to_any_origin(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

/// `POST /cards`: tokenizes a card. Authenticated with the project id alone, as a browser
/// using ProcessOut.js would be (the private key is also accepted).
pub async fn tokenize(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, SandboxError> {
    sandbox.authenticate_public(&headers)?;
    let body = parse_body(&headers, &body)?;
    if let Some(error_type) = sandbox.inner.faults.take_tokenize() {
        return Err(invalid(
            error_type,
            "The card was refused by the sandbox (injected fault).",
        ));
    }
    let number: String = field(&body, "number", ErrorCode::CardInvalidNumber)?
        .ok_or_else(|| invalid(ErrorCode::CardMissingNumber, "The card number is missing."))?
        .chars()
        .filter(|c| *c != ' ')
        .collect();
    if !luhn_valid(&number) {
        return Err(invalid(
            ErrorCode::CardInvalidNumber,
            "The card number is not valid.",
        ));
    }
    let exp_month = field(&body, "exp_month", ErrorCode::CardInvalidExpiryMonth)?
        .and_then(|m| m.parse::<i64>().ok())
        .filter(|m| (1..=12).contains(m))
        .ok_or_else(|| {
            invalid(
                ErrorCode::CardInvalidExpiryMonth,
                "exp_month must be a month number from 1 to 12.",
            )
        })?;
    let exp_year = field(&body, "exp_year", ErrorCode::CardInvalidExpiryYear)?
        .and_then(|y| y.parse::<i64>().ok())
        .map(|y| if y < 100 { y + 2000 } else { y })
        .filter(|y| (2000..=2100).contains(y))
        .ok_or_else(|| {
            invalid(
                ErrorCode::CardInvalidExpiryYear,
                "exp_year must be a year such as 2030.",
            )
        })?;
    let cvc = field(&body, "cvc2", ErrorCode::CardInvalidCvc)?;
    if let Some(cvc) = &cvc {
        if !(3..=4).contains(&cvc.len()) || !cvc.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid(
                ErrorCode::CardInvalidCvc,
                "cvc2 must be 3 or 4 digits.",
            ));
        }
    }
    let name = field(&body, "name", ErrorCode::CardInvalidName)?;
    if name.as_ref().is_some_and(|n| n.chars().count() > 255) {
        return Err(invalid(
            ErrorCode::CardInvalidName,
            "name must be at most 255 characters.",
        ));
    }
    let id = ids::new_id("card");
    let public = card_object(
        &sandbox.inner.project_id,
        &id,
        &number,
        exp_month,
        exp_year,
        name.as_deref(),
        cvc.is_some(),
    );
    tracing::info!(card = %checkout_core::secret::mask(&id), "sandbox tokenized a card");
    sandbox.store().cards.insert(
        id,
        StoredCard {
            number,
            single_use: true,
            used: false,
            public: public.clone(),
        },
    );
    Ok(Json(json!({ "success": true, "card": public })))
}

/// `GET /cards/{card_id}`, including the device data recorded by authorizations.
pub async fn get_card(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path(card_id): Path<String>,
) -> Result<Json<Value>, SandboxError> {
    sandbox.authenticate(&headers)?;
    let store = sandbox.store();
    let card = store.cards.get(&card_id).ok_or_else(|| {
        SandboxError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::ResourceCardNotFound,
            "The card could not be found.",
        )
    })?;
    Ok(Json(json!({ "success": true, "card": card.public })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_test_card_passes_luhn() {
        for (number, _) in TEST_CARDS {
            assert!(luhn_valid(number), "{number}");
        }
        assert!(!luhn_valid("4242424242424241"));
        assert!(!luhn_valid("42424242abcd4242"));
    }

    #[test]
    fn saved_tokens_exist_for_test_cards_only() {
        assert_eq!(
            saved_token_number("tok_test4242424242424242"),
            Some("4242424242424242")
        );
        assert_eq!(saved_token_number("tok_test4242424242424241"), None);
        assert_eq!(saved_token_number("tok_4242424242424242"), None);
    }
}
