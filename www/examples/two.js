// Example: one widget declared in HTML, a second mounted from script with mount().
// ?first=<invoice>&second=<invoice>&source=<token> choose the invoices and the saved source.
import { mount } from '/embed.js';

const params = new URLSearchParams(window.location.search);
const first = document.getElementById('first');
first.setAttribute('invoice-id', params.get('first') || 'iv_demoTeaSetJPY');
if (params.get('source')) first.setAttribute('source', params.get('source'));
mount(document.getElementById('second'), {
  invoiceId: params.get('second') || 'iv_demoBooksEUR',
  locale: 'fr-FR',
  source: params.get('source') || undefined,
  // Without a saved source the customer types a card, tokenized at the sandbox.
  projectId: 'test-proj_checkoutSandbox',
  apiUrl: '/sandbox',
});
