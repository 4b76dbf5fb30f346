// The floor of the speed benchmark (scripts/speed-bench.js): the least a page can do to
// show an invoice's name and total: one fetch through the proxy, Intl, two text nodes.
const params = new URLSearchParams(window.location.search);
const id = params.get('invoice') || 'iv_demoAmazingItemAUD';
const response = await fetch(`/checkout/invoices/${id}`, { headers: { Accept: 'application/json' } });
const { invoice } = await response.json();
const name = document.createElement('h2');
name.textContent = invoice.name;
const total = document.createElement('p');
total.dataset.testid = 'invoice-total';
total.textContent = new Intl.NumberFormat(params.get('locale') || navigator.language, {
  style: 'currency',
  currency: invoice.currency,
}).format(invoice.amount);
document.getElementById('invoice').append(name, total);
