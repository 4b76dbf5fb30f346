// Demo page only: ?invoice=<id>&locale=<tag>&source=<token> choose what the widget shows.
// Runs before embed.js (module scripts execute in document order).
const params = new URLSearchParams(window.location.search);
const widget = document.getElementById('checkout');
for (const [param, attribute] of [['invoice', 'invoice-id'], ['locale', 'locale'], ['source', 'source']]) {
  const value = params.get(param);
  if (widget && value) widget.setAttribute(attribute, value);
}
