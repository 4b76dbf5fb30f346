//! The widget's own labels, and their English texts (compiled in; other languages come in
//! packs).

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
    /// The outcome of a payment is unknown and the widget is looking it up.
    Checking,
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
    /// The invoice could not be read.
    InvoiceUnreadable,
    /// Legend of the card fields.
    CardDetails,
    /// Card number field.
    CardNumber,
    /// Expiry field, with its format.
    CardExpiry,
    /// Security code field.
    CardCvc,
    /// Cardholder name field.
    CardName,
    /// Title of the 3-D Secure dialog and frames.
    ThreeDsTitle,
    /// Cancel button (of the 3-D Secure dialog).
    Cancel,
    /// The issuer verified the payment with 3-D Secure.
    ThreeDsPassed,
    /// The issuer did not verify the payment.
    ThreeDsFailed,
    /// Legend of the customer's saved cards.
    SavedCards,
    /// The choice to type another card.
    NewCard,
    /// Checkbox: save the typed card for the next payment.
    SaveCard,
    /// Before a saved card's expiry date (MM/YY).
    Expires,
    /// A saved card that has expired.
    Expired,
    /// A saved card that cannot pay.
    Unusable,
}

impl Label {
    /// Every label, in declaration order.
    pub const ALL: &'static [Label] = &[
        Label::Items,
        Label::Subtotal,
        Label::Tax,
        Label::Shipping,
        Label::Total,
        Label::Quantity,
        Label::Discount,
        Label::Loading,
        Label::Processing,
        Label::Checking,
        Label::Pay,
        Label::TryAgain,
        Label::DoesNotReconcile,
        Label::Reference,
        Label::InvoiceNotFound,
        Label::ServiceUnavailable,
        Label::InvoiceUnreadable,
        Label::CardDetails,
        Label::CardNumber,
        Label::CardExpiry,
        Label::CardCvc,
        Label::CardName,
        Label::ThreeDsTitle,
        Label::Cancel,
        Label::ThreeDsPassed,
        Label::ThreeDsFailed,
        Label::SavedCards,
        Label::NewCard,
        Label::SaveCard,
        Label::Expires,
        Label::Expired,
        Label::Unusable,
    ];
}

impl Label {
    /// The label's key in a language pack, e.g. `label.Items`.
    pub fn key(self) -> &'static str {
        match self {
            Label::Items => "label.Items",
            Label::Subtotal => "label.Subtotal",
            Label::Tax => "label.Tax",
            Label::Shipping => "label.Shipping",
            Label::Total => "label.Total",
            Label::Quantity => "label.Quantity",
            Label::Discount => "label.Discount",
            Label::Loading => "label.Loading",
            Label::Processing => "label.Processing",
            Label::Checking => "label.Checking",
            Label::Pay => "label.Pay",
            Label::TryAgain => "label.TryAgain",
            Label::DoesNotReconcile => "label.DoesNotReconcile",
            Label::Reference => "label.Reference",
            Label::InvoiceNotFound => "label.InvoiceNotFound",
            Label::ServiceUnavailable => "label.ServiceUnavailable",
            Label::InvoiceUnreadable => "label.InvoiceUnreadable",
            Label::CardDetails => "label.CardDetails",
            Label::CardNumber => "label.CardNumber",
            Label::CardExpiry => "label.CardExpiry",
            Label::CardCvc => "label.CardCvc",
            Label::CardName => "label.CardName",
            Label::ThreeDsTitle => "label.ThreeDsTitle",
            Label::Cancel => "label.Cancel",
            Label::ThreeDsPassed => "label.ThreeDsPassed",
            Label::ThreeDsFailed => "label.ThreeDsFailed",
            Label::SavedCards => "label.SavedCards",
            Label::NewCard => "label.NewCard",
            Label::SaveCard => "label.SaveCard",
            Label::Expires => "label.Expires",
            Label::Expired => "label.Expired",
            Label::Unusable => "label.Unusable",
        }
    }
}

impl Label {
    /// The English text, used when the language's pack has none.
    pub(super) fn english(self) -> &'static str {
        match self {
            Label::Items => "Items",
            Label::Subtotal => "Subtotal",
            Label::Tax => "Tax",
            Label::Shipping => "Shipping",
            Label::Total => "Total",
            Label::Quantity => "×",
            Label::Discount => "Discount",
            Label::Loading => "Loading your invoice…",
            Label::Processing => "Processing your payment…",
            Label::Checking => "Checking your payment…",
            Label::Pay => "Pay",
            Label::TryAgain => "Try again",
            Label::DoesNotReconcile => {
                "The items, tax and shipping listed do not add up to the total. The total is the amount you will pay."
            }
            Label::Reference => "Reference",
            Label::InvoiceNotFound => "This invoice could not be found.",
            Label::ServiceUnavailable => "The checkout service is not reachable right now.",
            Label::InvoiceUnreadable => "This invoice could not be read.",
            Label::CardDetails => "Card details",
            Label::CardNumber => "Card number",
            Label::CardExpiry => "Expiry date (MM/YY)",
            Label::CardCvc => "Security code",
            Label::CardName => "Name on card",
            Label::ThreeDsTitle => "Confirm the payment with your bank",
            Label::Cancel => "Cancel",
            Label::ThreeDsPassed => "Verified by your bank (3-D Secure).",
            Label::ThreeDsFailed => "Not verified by your bank (3-D Secure).",
            Label::SavedCards => "Saved cards",
            Label::NewCard => "Use a new card",
            Label::SaveCard => "Save this card for next time",
            Label::Expires => "expires",
            Label::Expired => "Expired",
            Label::Unusable => "Not available",
        }
    }
}
