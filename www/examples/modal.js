// Example: the merchant shows the checkout inside its own modal <dialog>. The checkout's
// 3-D Secure dialog, also modal, opens above it (the browser's top layer keeps the order).
// ?invoice=<id>&source=<token> choose what the widget shows.
const params = new URLSearchParams(window.location.search);
const widget = document.getElementById('checkout');
widget.setAttribute('invoice-id', params.get('invoice') || 'iv_demoAmazingItemAUD');
if (params.get('source')) widget.setAttribute('source', params.get('source'));
document.getElementById('merchant-dialog').showModal();
