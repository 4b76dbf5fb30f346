// Example: a merchant's own web component puts the checkout inside its shadow root.
// ?invoice=<id>&source=<token>&locale=<tag> choose what the widget shows.
const params = new URLSearchParams(window.location.search);
const cart = document.getElementById('cart');
const shadow = cart.attachShadow({ mode: 'open' });
const heading = document.createElement('p');
heading.textContent = 'Your cart';
const widget = document.createElement('checkout-widget');
widget.setAttribute('invoice-id', params.get('invoice') || 'iv_demoAmazingItemAUD');
widget.setAttribute('proxy-url', '/checkout');
// Cards are tokenized at the sandbox, which stands in for ProcessOut's API here.
widget.setAttribute('project-id', 'test-proj_checkoutSandbox');
widget.setAttribute('api-url', '/sandbox');
for (const name of ['source', 'locale']) {
  if (params.get(name)) widget.setAttribute(name, params.get(name));
}
shadow.append(heading, widget);
