// Demo page only: ?invoice=<id>&locale=<tag>&source=<token>&save-cards=1 choose what the widget shows.
// `invoice_id` is what a provider adds to the invoice's return URL when it sends the
// customer back after a full-page 3-D Secure step. Runs before embed.js (module scripts
// execute in document order).
const params = new URLSearchParams(window.location.search);
const widget = document.getElementById('checkout');
for (const [param, attribute] of [['invoice', 'invoice-id'], ['invoice_id', 'invoice-id'], ['locale', 'locale'], ['source', 'source'], ['save-cards', 'save-cards']]) {
  const value = params.get(param);
  if (widget && value) widget.setAttribute(attribute, value);
}
