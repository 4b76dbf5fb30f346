//! 3-D Secure customer actions: what the issuer asks for when authorize answers with a
//! `customer_action`, carried out in the browser.
//!
//! - `fingerprint`: a hidden iframe on the action's URL; its result comes back as a message.
//!   After [`FINGERPRINT_TIMEOUT_MS`] without one, the widget goes on with the timeout result
//!   ProcessOut's own clients send.
//! - `redirect` (the challenge), and `url` unless `metadata.no_iframe` is `"true"`: an
//!   iframe in a native `<dialog>` opened with `showModal()`, so it sits in the top layer
//!   above anything the page shows and keeps focus inside; Escape or Cancel give
//!   `customer.canceled`.
//! - `url` with `no_iframe`: the whole page goes to the URL; the invoice's return URL
//!   brings the customer back.
//! - `fingerprint-mobile`, `challenge-mobile`: app-based steps a browser cannot perform.
//!
//! Messages are accepted only from the action URL's origin and from the frame the widget
//! opened, and only in ProcessOut's shape `{namespace: "processout.checkout", action, data,
//! errorCode, errorMessage}`; anything else is ignored. The rules are plain functions,
//! tested natively; the DOM part stays small.

mod action;
mod messages;
mod step;

pub use action::{round_key, Action};
pub use messages::{interpret, origin_of, NAMESPACE};
pub use step::{begin, Started, Step};

/// Most 3-D Secure steps one payment attempt may take before the widget gives up.
pub const MAX_ROUNDS: u32 = 5;
/// How long the widget waits for a fingerprint's result.
pub const FINGERPRINT_TIMEOUT_MS: i32 = 10_000;
