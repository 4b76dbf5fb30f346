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
// The widget renders into its own shadow root, which links this stylesheet. The root is made
// when the element connects, so the stylesheet is asked for beside the wasm and the first
// paint is styled: fetched only when the wasm had started, it came about 140 ms after the
// invoice on a phone link, which showed unstyled meanwhile.
const stylesheet = new URL('./checkout.css', import.meta.url).href;
// The card is typed in this frame, of the origin that serves these files (docs/card-frame.md).
const cardFrame = new URL('./card-frame.html', import.meta.url).href;

// Languages with a text pack (English is built in). The page's locale picks one (its
// language; Chinese by script, so zh-TW gets zh-Hant; Intl.Locale reads iw as he and in as
// id; nn and no get nb), which is fetched in parallel with the wasm module. Any other
// language fetches nothing and speaks English. The pack names its direction ("dir").
const PACKS = 'fr es de pt it nl pl sv da nb fi tr cs ru uk ja zh-Hans zh-Hant ko hi id ar he'.split(' ');
const packs = new Map();

function translations(tag) {
  let lang;
  try {
    const locale = tag.replace(/_/g, '-');
    // Only Chinese needs its script guessed (zh-TW is zh-Hant); maximize() loads data for it.
    const parsed = new Intl.Locale(locale);
    const { language, script } = parsed.language == 'zh' ? parsed.maximize() : parsed;
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
function prefetch(element) {
  const id = element.getAttribute('invoice-id');
  if (!id) return undefined;
  const proxy = (element.getAttribute('proxy-url') || '/checkout').replace(/\/+$/, '');
  // A plain GET, as a page's <link rel=preload as=fetch> of it makes: that answer is then used.
  const request = fetch(`${proxy}/invoices/${encodeURIComponent(id.trim())}`)
    .then(async (response) => ({ status: response.status, text: await response.text() }));
  // The widget reports a failure itself; this only keeps an unused rejection quiet.
  request.catch(() => {});
  return request;
}

// The position of "Total" in a language pack (src/i18n/keys.json; a test holds them together).
const TOTAL_AT = 64;

// The checkout's own shadow root, which links the stylesheet, and the element it renders into;
// none when the host already has a shadow root (the checkout then renders into the host).
function shadowRoot(element) {
  try {
    const shadow = element.attachShadow({ mode: 'open' });
    const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: stylesheet });
    const into = document.createElement('div');
    shadow.append(link, into);
    // The sheet is usually parsed (link.sheet) well before its load event, which waits for a
    // busy main thread: looked at first, so the sketch does not wait for the event.
    const loaded = new Promise((done) => { link.onload = link.onerror = done; });
    return { into, styled: () => link.sheet || loaded };
  } catch {}
}

// Until the wasm renders, the invoice's name and total, from the early answer, once it and the
// stylesheet are in: on a phone link the wasm's last byte comes well after the invoice
// (docs/speed.md). The proxy's breakdown total goes to Intl.NumberFormat as decimal text, in
// the checkout's locale and the invoice's currency, as the widget formats it, so the widget's
// first render replaces this with the same text. An answer the widget would not show as an
// invoice shows nothing here. This Intl.NumberFormat, the page's first, also loads the
// locale's number data (about 35 ms of main thread on a phone) before the widget needs it.
async function sketch(root, request, locale, pack) {
  try {
    const [answer, texts] = await Promise.all([request, pack]);
    await root.styled();
    const { invoice } = JSON.parse(answer.text);
    const { total } = invoice.breakdown;
    if (root.mounted || answer.status != 200 || typeof total != 'string') return;
    const amount = new Intl.NumberFormat(locale, { style: 'currency', currency: invoice.currency }).format(total);
    const make = (tag, className, ...children) => {
      const made = Object.assign(document.createElement(tag), { className });
      made.append(...children);
      return made;
    };
    const shown = make('dd', '', amount);
    shown.dataset.testid = 'invoice-total';
    const section = make('section', 'checkout', make('div', 'checkout__invoice',
      make('h2', 'checkout__name', invoice.name || ''),
      make('dl', 'checkout__summary', make('div', 'checkout__row checkout__row--total',
        make('dt', '', texts?.[TOTAL_AT] || 'Total'), shown))));
    Object.assign(section, { lang: locale, dir: texts?.[0] || 'ltr' });
    root.into.append(section);
  } catch {}
}

/**
 * Mounts a checkout into `element`. Options mirror the element's attributes:
 * invoiceId, proxyUrl, locale, source, apiUrl, projectId, cardFrameUrl, saveCards. Mounting twice
 * does nothing.
 */
export async function mount(element, options = {}) {
  if (element.checkoutMounted) return;
  element.checkoutMounted = true;
  // Each option becomes its attribute (invoiceId: invoice-id; true: present, false: left as is).
  for (const key of ['invoiceId', 'proxyUrl', 'locale', 'source', 'apiUrl', 'projectId', 'cardFrameUrl', 'saveCards']) {
    const value = options[key];
    if (value != null && value !== false) element.setAttribute(key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), value === true ? '' : value);
  }
  if (!element.hasAttribute('card-frame-url')) element.setAttribute('card-frame-url', cardFrame);
  // The checkout's locale, as the widget reads it.
  const locale = (element.getAttribute('locale') || '').trim() || navigator.language;
  const prefetched = prefetch(element);
  const pack = translations(locale);
  const root = shadowRoot(element);
  if (root && prefetched) sketch(root, prefetched, locale, pack);
  const mountWasm = await ready;
  const texts = pack && await pack;
  if (root) {
    // The sketch goes in the same task as the widget's first render: no frame without a total.
    root.mounted = true;
    root.into.replaceChildren();
  }
  mountWasm(element, { root: root && root.into, prefetched, translations: texts });
}

// An element mounts once it is in a document and has an invoice-id: a page may set the id after
// inserting the element (or load this file before its own script sets it).
class CheckoutWidget extends HTMLElement {
  static observedAttributes = ['invoice-id'];

  connectedCallback() {
    this.attributeChangedCallback();
  }

  attributeChangedCallback() {
    if (this.isConnected && this.getAttribute('invoice-id')) {
      mount(this).catch((error) => console.error('checkout-widget:', error));
    }
  }
}

if (!customElements.get('checkout-widget')) {
  customElements.define('checkout-widget', CheckoutWidget);
}
