//! The checkout's shared understanding of ProcessOut: what an invoice costs and
//! what a transaction's status or error means.
//!
//! The widget (WebAssembly) and the merchant proxy (native) both link this
//! crate so they agree to the last digit. It is pure logic: no I/O, no clock,
//! no randomness, and no panics on input — a panic in WebAssembly takes the
//! whole widget down, so every fallible step returns a typed error instead.
//!
//! * [`money`] — [`Currency`] and [`Money`]: decimal amounts with their ISO 4217 currency.
//! * [`wire`] — serde types for ProcessOut's invoices, transactions, cards,
//!   authorisation responses and error bodies.
//! * [`breakdown`] — lines, subtotal, tax, shipping and total, with an explicit
//!   flag when they do not add up.
//! * [`status`] — the 15 transaction statuses: final? success? which message?
//! * [`error_code`] — error codes: retry? another card? which message?
//! * [`message`] — the stable message keys and their English defaults.
//! * [`outcome`] — what an answer means for the attempt: final, retry with the same attempt, or fix the input.
//! * [`limits`] — ProcessOut's field limits as validation functions.
//! * [`device`] — 3-D Secure 2 browser data: normalisation for the widget, validation for the proxy.
//! * [`card`] — card number, expiry, CVC and name validation, brand detection, formatting.
//! * [`frame`] — the messages between the checkout and its card frame.
//! * [`saved`] — a customer's saved cards (tokens) as the widget may show them.
//!
//! ```
//! use checkout_core::{Breakdown, ErrorCode, TransactionStatus};
//! use checkout_core::wire::InvoiceResponse;
//!
//! let body = r#"{"success": true, "invoice": {"amount": "4.99", "currency": "AUD"}}"#;
//! let invoice = serde_json::from_str::<InvoiceResponse>(body).unwrap().invoice.unwrap();
//! let breakdown = Breakdown::from_invoice(&invoice).unwrap();
//! assert_eq!(breakdown.total.to_display_string(), "4.99");
//!
//! assert!(TransactionStatus::parse("completed").is_success());
//! assert_eq!(ErrorCode::parse("card.expired").message_key().english(),
//!            "Your card has expired. Please use another card.");
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::float_arithmetic,
        clippy::arithmetic_side_effects
    )
)]

pub mod breakdown;
pub mod card;
pub mod contract;
pub mod device;
pub mod error_code;
pub mod frame;
pub mod json_money;
pub mod limits;
pub mod message;
pub mod money;
pub mod outcome;
pub mod saved;
pub mod secret;
pub mod status;
mod string_enum;
pub mod wire;

pub use breakdown::{Breakdown, BreakdownError, BreakdownLine, Difference, TaxBasis};
pub use contract::ErrorBody;
pub use error_code::{ErrorAdvice, ErrorCode, ErrorOrigin, Retry};
pub use limits::LimitError;
pub use message::MessageKey;
pub use money::{AmountProblem, Currency, Money, MoneyError};
pub use status::TransactionStatus;
pub use wire::{AuthorizeResponse, Invoice, Transaction};
