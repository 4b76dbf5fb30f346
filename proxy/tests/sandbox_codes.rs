//! The sandbox's emulators and the proxy's adapters agree: every test card's decline, as an
//! emulator words it, reads back in the proxy as that card's code, and sandbox ids pass the
//! proxy's id check. These tests need both crates, so they live here rather than in
//! checkout-sandbox (which must not depend on the proxy).

use checkout_proxy::provider::invoiss::transform::message_code;
use checkout_proxy::provider::orders::transform::error_code;
use checkout_proxy::sandbox::cards::{self, Behaviour};
use checkout_proxy::sandbox::{invoiss, new_id, orders};

#[test]
fn every_invoiss_decline_reads_back_as_its_card_code() {
    for (_, behaviour) in cards::TEST_CARDS {
        if let Behaviour::Decline(code) = behaviour {
            assert_eq!(
                message_code(invoiss::decline_message(code)),
                (*code).clone(),
                "{code}"
            );
        }
    }
}

#[test]
fn every_orders_decline_reads_back_as_its_card_code() {
    for (_, behaviour) in cards::TEST_CARDS {
        if let Behaviour::Decline(code) = behaviour {
            assert_eq!(
                error_code(Some(orders::status_code(code))),
                (*code).clone(),
                "{code}"
            );
        }
    }
}

#[test]
fn sandbox_ids_are_distinct_and_well_formed() {
    let a = new_id("card");
    let b = new_id("card");
    assert_ne!(a, b);
    assert!(checkout_proxy::routes::valid_id(&a, "card"), "{a}");
}
