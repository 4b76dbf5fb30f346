// Demo page only: ?invoice=<id>&locale=<tag>&source=<token>&save-cards=1 choose what the widget shows.
// `invoice_id` is what a provider adds to the invoice's return URL when it sends the
// customer back after a full-page 3-D Secure step. The page's <checkout-widget> has no
// invoice-id of its own: embed.js mounts it when this script sets one, last, after the
// other attributes (the default invoice when the address names none). Both scripts load
// async, so neither waits for the page's first paint.
const params = new URLSearchParams(window.location.search);
if (document.readyState == 'loading') await new Promise((done) => document.addEventListener('DOMContentLoaded', done));
const widget = document.getElementById('checkout');
for (const [param, attribute] of [['locale', 'locale'], ['source', 'source'], ['save-cards', 'save-cards']]) {
  const value = params.get(param);
  if (value) widget.setAttribute(attribute, value);
}
widget.setAttribute('invoice-id', params.get('invoice_id') || params.get('invoice') || 'iv_demoAmazingItemAUD');
