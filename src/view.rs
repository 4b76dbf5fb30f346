//! The widget's components. They stay thin: data comes from `api`, text from `format`.

use leptos::prelude::*;

use crate::api::{self, ApiError, Invoice};
use crate::format::format_money;
use crate::options::WidgetOptions;

/// One checkout: loads the invoice through the proxy and shows it.
#[component]
pub fn Checkout(
    /// Validated options from the host element.
    options: WidgetOptions,
    /// Locale to format with (the attribute's, else the browser's).
    locale: String,
) -> impl IntoView {
    let url = options.invoice_url();
    let invoice = LocalResource::new(move || {
        let url = url.clone();
        async move { api::fetch_invoice(&url).await }
    });
    let locale = StoredValue::new(locale);
    view! {
        <section class="checkout" data-testid="checkout">
            <Transition fallback=|| {
                view! { <p class="checkout__loading" data-testid="loading">"Loading your invoice…"</p> }
            }>
                {move || {
                    invoice
                        .get()
                        .map(|result| match result {
                            Ok(inv) => view! { <InvoiceSummary invoice=inv locale=locale.get_value()/> }.into_any(),
                            Err(err) => view! { <LoadError error=err on_retry=move || invoice.refetch()/> }.into_any(),
                        })
                }}
            </Transition>
        </section>
    }
}

/// The invoice's name and total. Invoice fields are rendered as text nodes only.
#[component]
pub fn InvoiceSummary(
    /// The display-safe invoice.
    invoice: Invoice,
    /// Locale for the total.
    locale: String,
) -> impl IntoView {
    let total = format_money(&invoice.amount, &invoice.currency, &locale);
    view! {
        <div class="checkout__invoice">
            <h2 class="checkout__name" data-testid="invoice-name">{invoice.name}</h2>
            <p class="checkout__total">
                <span class="checkout__total-label">"Total"</span>
                " "
                <span class="checkout__total-amount" data-testid="invoice-total">{total}</span>
            </p>
        </div>
    }
}

/// A load failure with a retry button.
#[component]
pub fn LoadError(
    /// What went wrong.
    error: ApiError,
    /// Called when the customer asks to try again.
    on_retry: impl Fn() + 'static,
) -> impl IntoView {
    let text = match error.code.as_str() {
        "resource.invoice.not-found" => "This invoice could not be found.",
        "widget.network" | "proxy.upstream-unavailable" | "gateway.timeout" => {
            "The checkout service is not reachable right now."
        }
        _ => "The invoice could not be loaded.",
    };
    view! {
        <div class="checkout__error" role="alert" data-testid="error" data-error-code=error.code.clone()>
            <p>{text}</p>
            <button type="button" class="checkout__retry" data-testid="retry-button" on:click=move |_| on_retry()>
                "Try again"
            </button>
        </div>
    }
}
