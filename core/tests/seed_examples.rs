//! Every JSON example from the seeds (and the hand-written examples of shapes
//! the seeds only name), parsed with the wire types and checked field by field.

use checkout_core::limits::{
    invoice_limit_violations, validate_metadata, validate_statement_descriptor,
};
use checkout_core::wire::{
    decode_reply, AuthorizeResponse, Card, CustomerActionKind, EventData, Invoice, InvoiceResponse,
    Reply, TransactionResponse,
};
use checkout_core::{
    Breakdown, Currency, ErrorCode, MessageKey, Money, MoneyError, Retry, TransactionStatus,
};
use serde::de::DeserializeOwned;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn success<T: DeserializeOwned>(name: &str) -> T {
    match decode_reply::<T>(&fixture(name)) {
        Ok(Reply::Success(body)) => body,
        Ok(Reply::Failure(error)) => panic!("{name}: unexpected error body {error:?}"),
        Err(error) => panic!("{name}: {error}"),
    }
}

fn invoice(name: &str) -> Invoice {
    let response: InvoiceResponse = success(name);
    // The elided examples drop `success` along with other fields.
    assert_ne!(response.success, Some(false), "{name}");
    response
        .invoice
        .unwrap_or_else(|| panic!("{name}: no invoice"))
}

fn aud(text: &str) -> Money {
    Money::parse("expected", text, "AUD".parse().unwrap()).unwrap()
}

#[test]
fn seed001_invoice_create_response() {
    let invoice = invoice("seed001_invoice_create.json");
    assert_eq!(
        invoice.id.as_deref(),
        Some("iv_0kJ1i4d06uViosJjCKpUHzKeauffMom4")
    );
    assert_eq!(
        invoice.project_id.as_deref(),
        Some("proj_gAO1Uu0ysZJvDuUpOGPkUBeE3pGalk3x")
    );
    assert_eq!(
        invoice.customer_id.as_deref(),
        Some("cust_CgdhFgj5QEv5I8dx6tHxVVrgxBDDzAgc")
    );
    assert_eq!(
        invoice.transaction_id.as_deref(),
        Some("tr_qQI20QnTYPXK1MALJNfkOCjK8nycUObl")
    );
    assert_eq!(invoice.subscription_id, None);
    assert_eq!(invoice.token_id, None);
    assert!(invoice.details.is_empty());
    assert_eq!(invoice.name.as_deref(), Some("Amazing item"));
    assert_eq!(
        invoice.statement_descriptor.as_deref(),
        Some("amazing item")
    );
    assert_eq!(invoice.sandbox, Some(true));
    assert_eq!(invoice.require_backend_capture, None);
    assert_eq!(
        invoice.created_at.as_deref(),
        Some("2022-07-07T09:25:12.680256Z")
    );
    assert!(invoice.metadata.is_empty() && invoice.gateway_data.is_empty());

    let amount = invoice.parsed_amount().unwrap();
    assert_eq!(amount, aud("4.99"));
    assert_eq!(amount.to_wire_string(), "4.99");
    assert_eq!(amount.to_minor_units(), Ok(499));

    let risk = invoice.risk.as_ref().unwrap();
    assert_eq!(
        (risk.score.as_ref(), risk.is_legit, risk.skip_gateway_rules),
        (None, None, None)
    );
    let device = invoice.device.as_ref().unwrap();
    assert_eq!((device.id.as_ref(), device.channel.as_ref()), (None, None));
    let shipping = invoice.shipping.as_ref().unwrap();
    assert_eq!(shipping.amount.as_ref().map(|a| a.as_str()), Some("0"));
    assert_eq!(shipping.country_code, None);
    let tax = invoice.tax.as_ref().unwrap();
    assert_eq!((tax.amount.as_ref(), tax.rate.as_ref()), (None, None));

    let breakdown = Breakdown::from_invoice(&invoice).unwrap();
    assert!(breakdown.reconciles);
    assert!(!breakdown.itemised);
    assert_eq!(breakdown.total, aud("4.99"));
    assert_eq!(breakdown.subtotal, aud("4.99"));
    assert!(breakdown.tax.is_zero() && breakdown.shipping.is_zero());

    assert!(validate_statement_descriptor("amazing item").is_ok());
    assert_eq!(invoice_limit_violations(&invoice), vec![]);

    // What we write back is what we read.
    let again: Invoice = serde_json::from_value(serde_json::to_value(&invoice).unwrap()).unwrap();
    assert_eq!(again, invoice);
}

#[test]
fn seed001_invoice_find_response_matches_the_created_one() {
    let found = invoice("seed001_invoice_find.json");
    let created = invoice("seed001_invoice_create.json");
    assert_eq!(found.id, created.id);
    assert_eq!(found.parsed_amount(), created.parsed_amount());
    assert_eq!(found.name, created.name);
}

#[test]
fn seed000_invoice_create_response_with_order_id() {
    let invoice = invoice("seed000_invoice_create.json");
    assert_eq!(invoice.order_id.as_deref(), Some("000001"));
    assert_eq!(invoice.parsed_currency().map(Currency::code), Ok("AUD"));
    assert_eq!(invoice.parsed_amount(), Ok(aud("4.99")));
    assert_eq!(invoice.challenge_indicator, None);
    assert!(Breakdown::from_invoice(&invoice).unwrap().reconciles);
}

#[test]
fn seed001_expanded_customer_is_ignored_and_missing_amount_is_reported() {
    let invoice = invoice("seed001_invoice_expanded_customer.json");
    assert_eq!(
        invoice.customer_id.as_deref(),
        Some("cust_CgdhFgj5QEv5I8dx6tHxVVrgxBDDzAgc")
    );
    assert!(invoice.details.is_empty());
    // The documentation elides the amount here; the accessor says so by name.
    assert_eq!(
        invoice.parsed_amount(),
        Err(MoneyError::Missing {
            field: "currency".into()
        })
    );
}

#[test]
fn seed001_customer_list_page() {
    let page: serde_json::Value = success("seed001_customer_list.json");
    assert_eq!(page["count"], 10);
    assert_eq!(page["has_more"], true);
    assert_eq!(page["total_count"], 642);
    assert_eq!(page["customers"].as_array().map(Vec::len), Some(2));
}

#[test]
fn seed001_transaction_captured_event() {
    let event: EventData =
        serde_json::from_slice(&fixture("seed001_event_transaction_captured.json")).unwrap();
    assert_eq!(event.name.as_deref(), Some("transaction.captured"));
    assert_eq!(event.sandbox, Some(false));
    let transaction = event.transaction.unwrap();
    assert_eq!(
        transaction.id.as_deref(),
        Some("tr_WZIEktoQtzflmfv4aJA645Qwj3JzaVGa")
    );
    assert_eq!(
        transaction.invoice_id.as_deref(),
        Some("iv_CKL1LOXGZ71wYAqGCyfDFhDTR3MGPkLY")
    );

    let status = transaction.status.clone().unwrap();
    assert_eq!(status, TransactionStatus::Completed);
    assert!(status.is_final() && status.is_success());
    assert_eq!(status.message_key(), MessageKey::StatusCompleted);
    assert_eq!(transaction.error_code, None);
    assert_eq!(
        (transaction.authorized, transaction.captured),
        (Some(true), Some(true))
    );
    assert_eq!(transaction.gateway_name.as_deref(), Some("stripe"));

    let eur: Currency = "EUR".parse().unwrap();
    let amount = transaction.parsed_amount().unwrap();
    assert_eq!(amount, Money::parse("x", "22.99", eur).unwrap());
    assert_eq!(amount.to_minor_units(), Ok(2299));
    assert_eq!(transaction.authorized_money(), Ok(Some(amount)));
    assert_eq!(transaction.captured_money(), Ok(Some(amount)));
    assert_eq!(transaction.available_money(), Ok(Some(amount)));
    assert_eq!(transaction.refunded_money(), Ok(Some(Money::zero(eur))));

    let card = transaction.card.unwrap();
    assert_eq!(card.last_4_digits.as_deref(), Some("4242"));
    assert_eq!(card.iin.as_deref(), Some("424242"));
    assert_eq!((card.exp_month, card.exp_year), (Some(10), Some(2018)));
    assert_eq!(card.scheme.as_deref(), Some("visa"));
    assert_eq!(card.kind.as_deref(), Some("credit"));
    assert_eq!(card.cvc_check.as_deref(), Some("passed"));
    assert_eq!(card.avs_check.as_deref(), Some("unknown"));
    assert_eq!(card.name, None);

    // The event's invoice is an older shape ("price"/"total", no "amount").
    let nested = transaction.invoice.unwrap();
    assert_eq!(nested.name.as_deref(), Some("T-Shirt Size M"));
    assert_eq!(nested.parsed_currency().map(Currency::code), Ok("USD"));
    assert_eq!(
        nested.parsed_amount(),
        Err(MoneyError::Missing {
            field: "amount".into()
        })
    );
    assert!(matches!(
        Breakdown::from_invoice(&nested),
        Err(checkout_core::BreakdownError::Money(
            MoneyError::Missing { .. }
        ))
    ));
}

#[test]
fn seed001_ingestion_request_amounts_and_card() {
    let body: serde_json::Value =
        serde_json::from_slice(&fixture("seed001_ingest_transactions.json")).unwrap();
    let transaction = &body["transactions"][0];
    let currency = Currency::parse("currency", transaction["currency"].as_str().unwrap()).unwrap();
    let operation = &transaction["new_operation"];
    let amount = Money::parse("amount", operation["amount"].as_str().unwrap(), currency).unwrap();
    assert_eq!(amount.to_minor_units(), Ok(1290));
    assert_eq!(amount.to_wire_string(), "12.90");

    let card: Card = serde_json::from_value(operation["card"].clone()).unwrap();
    assert_eq!((card.exp_month, card.exp_year), (Some(12), Some(2020)));
    assert_eq!(card.last_4_digits.as_deref(), Some("4242"));
    assert_eq!(
        card.metadata.get("custom_field").map(String::as_str),
        Some("with whatever data you want")
    );
    assert!(validate_metadata("metadata", &card.metadata).is_ok());
}

#[test]
fn example_authorize_response_with_customer_action() {
    let response: AuthorizeResponse = success("example_authorize_customer_action.json");
    let action = response.customer_action.unwrap();
    assert_eq!(action.kind, Some(CustomerActionKind::Url));
    assert_eq!(
        action.value.as_deref(),
        Some("https://checkout.example.invalid/3ds/iv_example3ds")
    );
    assert_eq!(action.metadata, None);
    let transaction = response.transaction.unwrap();
    let status = transaction.status.clone().unwrap();
    assert_eq!(status, TransactionStatus::Pending);
    assert!(!status.is_final());
    assert_eq!(
        transaction.parsed_amount().unwrap().to_minor_units(),
        Ok(12050)
    );
}

#[test]
fn example_validation_error_body() {
    let error = match decode_reply::<InvoiceResponse>(&fixture("example_error_validation.json")) {
        Ok(Reply::Failure(error)) => error,
        other => panic!("expected an error body, got {other:?}"),
    };
    assert!(!error.success);
    assert_eq!(error.code(), ErrorCode::RequestValidationError);
    assert_eq!(error.invalid_fields.len(), 1);
    assert_eq!(error.invalid_fields[0].name.as_deref(), Some("amount"));
    let advice = error.code().advice();
    assert_eq!(advice.retry, Retry::NewAttempt);
    assert_eq!(advice.message_key, MessageKey::ErrorInvalidDetails);
}

#[test]
fn example_declined_transaction() {
    let response: TransactionResponse = success("example_transaction_declined.json");
    let transaction = response.transaction.unwrap();
    assert_eq!(transaction.status, Some(TransactionStatus::Failed));
    let code = transaction.error_code.clone().unwrap();
    assert_eq!(code, ErrorCode::CardNoMoney);
    assert!(code.advice().use_another_card);
    assert_eq!(code.message_key().as_str(), "error.card_no_money");
    let amount = transaction.parsed_amount().unwrap();
    assert_eq!(amount.to_minor_units(), Ok(1500));
    assert_eq!(amount.to_display_string(), "1500");
    let card = transaction.card.unwrap();
    assert_eq!((card.exp_month, card.exp_year), (Some(4), Some(2031)));
}
