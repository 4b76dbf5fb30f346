// The checkout widget's entry point. Load it as a module and every <checkout-widget>
// element on the page (including inside shadow roots) becomes a checkout; or call
// mount(element, options) yourself. A file, not an inline script, so the page can keep a
// strict Content-Security-Policy. A release build moves the files this one names (the glue,
// checkout.css, i18n/) into a content-hashed directory and rewrites the three URLs below
// (scripts/hash-assets.cjs); this file keeps its stable URL. Every URL is written
// `new URL('./...', import.meta.url)`, the form a bundler (Vite) follows to emit the file from
// the npm package (make package).
import init from './checkout-widget.js';

// The wasm module publishes its mount function under this well-known symbol when it starts.
const ready = init().then(() => globalThis[Symbol.for('checkout-widget.mount')]);
// The widget renders into its own shadow root, which links this stylesheet. Asked for now,
// beside the wasm, so the checkout's first paint is already styled: fetched only when the
// wasm has started, it came about 140 ms after the invoice on a phone link, which showed
// unstyled meanwhile.
const stylesheet = new URL('./checkout.css', import.meta.url).href;
const hint = Object.assign(document.createElement('link'), { rel: 'preload', as: 'style', href: stylesheet });
document.head.append(hint);
// The card is typed in this frame, of the origin that serves these files (docs/card-frame.md).
const cardFrame = new URL('./card-frame.html', import.meta.url).href;

// Languages with a text pack (English is built in). The page's locale picks one (its
// language; Chinese by script, so zh-TW gets zh-Hant; Intl.Locale reads iw as he and in as
// id; nn and no get nb), which is fetched in parallel with the wasm module. Any other
// language fetches nothing and speaks English. The pack names its direction ("dir").
const PACKS = 'fr es de pt it nl pl sv da nb fi tr cs ru uk ja zh-Hans zh-Hant ko hi id ar he'.split(' ');
const packs = new Map();

function translations(element, options) {
  let lang;
  try {
    const locale = (options.locale || element.getAttribute('locale') || navigator.language || 'en').trim().replace(/_/g, '-');
    // The first Intl.NumberFormat of a page loads the locale's number data: about 35 ms of
    // main thread on a phone. Made here, while the wasm is still on the wire, the widget's
    // own formatters find it loaded (docs/speed.md).
    new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
    const { language, script } = new Intl.Locale(locale).maximize();
    lang = (language == 'zh' ? `zh-${script}` : language).replace(/^n[no]$/, 'nb');
  } catch {}
  if (!PACKS.includes(lang)) return undefined;
  if (!packs.has(lang)) {
    // A pack that fails to load leaves the checkout in English rather than broken.
    packs.set(lang, fetch(new URL(`./i18n/${lang}.json`, import.meta.url))
      .then((response) => (response.ok ? response.json() : null))
      .catch(() => null));
  }
  return packs.get(lang);
}

// Starts the invoice request at once, in parallel with compiling the wasm module; the
// widget uses the answer for its first load. The widget checks the id again.
function prefetch(element, options) {
  const id = options.invoiceId || element.getAttribute('invoice-id');
  if (!id || element.hasAttribute('data-checkout-mounted')) return undefined;
  const proxy = (options.proxyUrl || element.getAttribute('proxy-url') || '/checkout').replace(/\/+$/, '');
  const request = fetch(`${proxy}/invoices/${encodeURIComponent(id.trim())}`, { headers: { Accept: 'application/json' } })
    .then(async (response) => ({ status: response.status, text: await response.text() }));
  // The widget reports a failure itself; this only keeps an unused rejection quiet.
  request.catch(() => {});
  return request;
}

/**
 * Mounts a checkout into `element`. Options mirror the element's attributes:
 * invoiceId, proxyUrl, locale, source, apiUrl, projectId, cardFrameUrl, saveCards. Mounting twice
 * does nothing.
 */
export async function mount(element, options = {}) {
  const prefetched = prefetch(element, options);
  const pack = translations(element, options);
  const mountWasm = await ready;
  const cardFrameUrl = options.cardFrameUrl || element.getAttribute('card-frame-url') || cardFrame;
  mountWasm(element, { ...options, cardFrameUrl, stylesheet, prefetched, translations: pack && await pack });
}

class CheckoutWidget extends HTMLElement {
  connectedCallback() {
    mount(this).catch((error) => console.error('checkout-widget:', error));
  }
}

if (!customElements.get('checkout-widget')) {
  customElements.define('checkout-widget', CheckoutWidget);
}
