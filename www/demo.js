// Demo page only: ?invoice=<id>&locale=<tag>&source=<token>&save-cards=1 choose what the widget shows.
// `invoice_id` is what a provider adds to the invoice's return URL when it sends the
// customer back after a full-page 3-D Secure step. Loaded async (it need not wait for the
// page's first paint), it sets the attributes and then loads embed.js, which the page hints
// (modulepreload) so it is on its way meanwhile. A merchant's page, which writes its
// attributes itself, loads embed.js async directly.
if (document.readyState == 'loading') await new Promise((done) => document.addEventListener('DOMContentLoaded', done));
const params = new URLSearchParams(window.location.search);
const widget = document.getElementById('checkout');
for (const [param, attribute] of [['invoice', 'invoice-id'], ['invoice_id', 'invoice-id'], ['locale', 'locale'], ['source', 'source'], ['save-cards', 'save-cards']]) {
  const value = params.get(param);
  if (widget && value) widget.setAttribute(attribute, value);
}
await import(document.querySelector('link[rel=modulepreload][href$="/embed.js"]').href);
