//! An invoice amount finer than its currency's minor unit (`4.995` USD, `10.5` JPY) cannot be
//! shown or charged without rounding: on the ProcessOut path, as on the others, the invoice is
//! refused (502 `proxy.upstream-invalid-response`, the answer cannot be used exactly), and the
//! emulator records no authorization.

mod common;

use common::*;

#[tokio::test]
async fn an_invoice_finer_than_the_minor_unit_is_refused_never_rounded() {
    let server = sandbox_server().await;
    let card = tokenize(&server, "4242424242424242").await;
    // The sandbox, like ProcessOut, takes the amount as the string it was given.
    for (amount, currency) in [("4.995", "USD"), ("10.5", "JPY")] {
        let invoice = new_invoice(&server, amount, currency).await;
        let stored = sandbox_get(&server, &format!("/invoices/{invoice}")).await;
        assert_eq!(stored["invoice"]["amount"], amount, "{stored}");

        let response = client()
            .get(format!("{}/checkout/invoices/{invoice}", server.url()))
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, 502, "{amount} {currency}: {body}");
        assert_eq!(body["error_type"], "proxy.upstream-invalid-response");
        let message = body["message"].as_str().unwrap();
        assert!(
            message.contains("invoice.amount")
                && message.contains(amount)
                && message.contains("cannot be charged exactly"),
            "{message}"
        );
        assert!(body.get("invoice").is_none(), "{body}");

        let (status, body) = authorize(&server, &invoice, &card, &format!("k-{currency}")).await;
        assert_eq!(status, 502, "{amount} {currency}: {body}");
        assert_eq!(body["error_type"], "proxy.upstream-invalid-response");
        assert!(body.get("transaction").is_none(), "{body}");
        let after = sandbox_get(
            &server,
            &format!("/invoices/{invoice}?expand[]=transaction"),
        )
        .await;
        assert!(
            after["invoice"]["transaction_id"].is_null(),
            "the emulator recorded an authorization: {after}"
        );
    }
    // Trailing zeros carry no value: 4.990 USD is 4.99 and is paid as such.
    let invoice = new_invoice(&server, "4.990", "USD").await;
    let (status, body) = authorize(&server, &invoice, &card, "k-exact").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["transaction"]["status"], "authorized", "{body}");
}
