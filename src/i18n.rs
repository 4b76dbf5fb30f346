//! Customer-facing texts. Status and error messages are keyed by checkout-core's
//! [`MessageKey`]; the widget's own labels by [`Label`]. A language without a text falls back
//! to English, so a missing translation never shows a blank.

use checkout_core::MessageKey;

/// Languages the widget speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
}

impl Lang {
    /// Picks the language for a BCP 47 tag by its primary subtag; English otherwise.
    pub fn from_locale(_locale: &str) -> Self {
        Lang::En
    }

    /// Text direction for the `dir` attribute.
    pub fn dir(self) -> &'static str {
        "ltr"
    }
}

/// The widget's own labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// Heading of the items list.
    Items,
    /// "Subtotal".
    Subtotal,
    /// "Tax".
    Tax,
    /// "Shipping".
    Shipping,
    /// "Total".
    Total,
    /// Quantity prefix, as in "× 2".
    Quantity,
    /// "Discount".
    Discount,
    /// Loading the invoice.
    Loading,
    /// A payment is being processed.
    Processing,
    /// Pay button, followed by the formatted total.
    Pay,
    /// Retry button.
    TryAgain,
    /// The items, tax and shipping do not add up to the total.
    DoesNotReconcile,
    /// Transaction reference label.
    Reference,
    /// The invoice could not be found.
    InvoiceNotFound,
    /// The checkout service is unreachable.
    ServiceUnavailable,
    /// The invoice could not be loaded or read.
    InvoiceUnreadable,
    /// No payment method was configured on the page.
    NoPaymentSource,
}

/// The text of a status or error message.
pub fn message(_lang: Lang, key: MessageKey) -> &'static str {
    key.english()
}

/// The text of a label.
pub fn label(_lang: Lang, label: Label) -> &'static str {
    match label {
        Label::Items => "Items",
        Label::Subtotal => "Subtotal",
        Label::Tax => "Tax",
        Label::Shipping => "Shipping",
        Label::Total => "Total",
        Label::Quantity => "×",
        Label::Discount => "Discount",
        Label::Loading => "Loading your invoice…",
        Label::Processing => "Processing your payment…",
        Label::Pay => "Pay",
        Label::TryAgain => "Try again",
        Label::DoesNotReconcile => {
            "The items, tax and shipping listed do not add up to the total. The total is the amount you will pay."
        }
        Label::Reference => "Reference",
        Label::InvoiceNotFound => "This invoice could not be found.",
        Label::ServiceUnavailable => "The checkout service is not reachable right now.",
        Label::InvoiceUnreadable => "This invoice could not be read.",
        Label::NoPaymentSource => "No payment method is set up for this checkout.",
    }
}
