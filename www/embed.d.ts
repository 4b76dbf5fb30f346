// Types for embed.js, the checkout widget's ES module.

/** Options of mount(); each mirrors one attribute of <checkout-widget>. */
export interface CheckoutOptions {
  /** ProcessOut invoice id, `iv_...` (attribute `invoice-id`). Required. */
  invoiceId?: string;
  /** Base URL of your checkout-proxy API (attribute `proxy-url`); default `/checkout`. */
  proxyUrl?: string;
  /** BCP 47 locale for texts and amounts (attribute `locale`); default: the browser's. */
  locale?: string;
  /** A saved payment source, `tok_...` (attribute `source`). */
  source?: string;
  /** Provider API base URL for card tokenization (attribute `api-url`). */
  apiUrl?: string;
  /** Public project id for card tokenization (attribute `project-id`). */
  projectId?: string;
  /**
   * URL of the card frame, where the customer types the card (attribute `card-frame-url`);
   * default: `card-frame.html` beside embed.js. Serve it from an origin other than your
   * page's, so your page's scripts cannot read the card (docs/card-frame.md).
   */
  cardFrameUrl?: string;
  /**
   * Offer "Save this card for next time" (off until the customer ticks it) when the invoice
   * has a customer (attribute `save-cards`, present and not `false`). The customer's saved
   * cards are listed whenever the invoice has one.
   */
  saveCards?: boolean | string;
}

/** Mounts a checkout into `element`. Mounting an element twice does nothing. */
export function mount(element: HTMLElement, options?: CheckoutOptions): Promise<void>;

/** `detail` of each event dispatched on the host element (they bubble and are composed). */
export interface CheckoutEventDetails {
  'checkout:ready': { invoice: { id: string; name: string; amount: string; currency: string } };
  'checkout:submit': Record<string, never>;
  'checkout:status': { status: string; transactionId: string | null };
  'checkout:error': { code: string; message: string; retryable: boolean };
}

/** The element `embed.js` defines; its attributes are the options' kebab-case names. */
export interface CheckoutWidgetElement extends HTMLElement {}

declare global {
  interface HTMLElementTagNameMap {
    'checkout-widget': CheckoutWidgetElement;
  }
  interface HTMLElementEventMap {
    'checkout:ready': CustomEvent<CheckoutEventDetails['checkout:ready']>;
    'checkout:submit': CustomEvent<CheckoutEventDetails['checkout:submit']>;
    'checkout:status': CustomEvent<CheckoutEventDetails['checkout:status']>;
    'checkout:error': CustomEvent<CheckoutEventDetails['checkout:error']>;
  }
}
