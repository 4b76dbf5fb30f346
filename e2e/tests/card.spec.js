// Issue 7: the customer types a card; the widget tokenizes it with the provider using only
// the public project id, then authorizes through the proxy with the single-use card token.
// The demo page tokenizes at the sandbox (`api-url="/sandbox"`), which stands in for
// ProcessOut's API; the merchant's proxy is everything under /checkout.
const fs = require('node:fs');
const path = require('node:path');
const { test, expect } = require('@playwright/test');
const sb = require('./sandbox');

const PROJECT_BASIC = `Basic ${Buffer.from('test-proj_checkoutSandbox:').toString('base64')}`;
const PROXY_LOG = path.join(__dirname, '..', 'artifacts', 'logs', `proxy-${process.env.E2E_PORT || 18080}.log`);

/** A Luhn-valid Visa number no other test uses, so log and traffic checks are specific. */
function freshVisa() {
  const digits = ['4', ...Array.from({ length: 14 }, () => String(Math.floor(Math.random() * 10)))];
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return digits.join('') + String((10 - (sum % 10)) % 10);
}

/** Every request the page sends, with its body, for traffic assertions. */
function recordTraffic(page) {
  const sent = [];
  page.on('request', (req) => {
    sent.push({ url: req.url(), method: req.method(), headers: req.headers(), body: req.postData() || '' });
  });
  return sent;
}

const card = (page) => ({
  number: sb.cardFrame(page).getByTestId('card-number'),
  expiry: sb.cardFrame(page).getByTestId('card-expiry'),
  cvc: sb.cardFrame(page).getByTestId('card-cvc'),
  name: sb.cardFrame(page).getByTestId('card-name'),
});

async function openCardCheckout(page, invoice, locale = 'en-AU') {
  await page.goto(`/?${new URLSearchParams({ invoice, locale })}`);
  await expect(page.getByTestId('pay-button')).toBeEnabled();
  await expect(sb.cardFrame(page).getByTestId('card-number')).toBeEditable();
}

/** Types like a customer, one key at a time, so the formatting runs as it would. */
async function typeCard(page, { number, expiry = '1230', cvc = '123', name = 'Ada Lovelace' }) {
  const f = card(page);
  await f.number.click();
  await f.number.pressSequentially(number);
  await f.expiry.click();
  await f.expiry.pressSequentially(expiry);
  await f.cvc.click();
  await f.cvc.pressSequentially(cvc);
  await f.name.fill(name);
}

sb.watchEveryTest(test);

test('fields carry autocomplete, numeric keyboards, labels and test ids', async ({ page, request }) => {
  const invoice = await sb.createInvoice(request);
  await openCardCheckout(page, invoice.id);
  const expected = [
    ['card-number', 'cc-number', 'numeric', 'Card number'],
    ['card-expiry', 'cc-exp', 'numeric', 'Expiry date (MM/YY)'],
    ['card-cvc', 'cc-csc', 'numeric', 'Security code'],
    ['card-name', 'cc-name', 'text', 'Name on card'],
  ];
  for (const [testid, autocomplete, inputmode, label] of expected) {
    const input = sb.cardFrame(page).getByTestId(testid);
    await expect(input).toHaveAttribute('autocomplete', autocomplete);
    await expect(input).toHaveAttribute('inputmode', inputmode);
    // The accessible name comes from a real <label for>.
    await expect(sb.cardFrame(page).getByLabel(label, { exact: true })).toHaveAttribute('data-testid', testid);
  }
});

test('the number is grouped per brand as it is typed, and a pasted number with dashes works', async ({ page, request }) => {
  const invoice = await sb.createInvoice(request);
  await openCardCheckout(page, invoice.id);
  const f = card(page);
  // Into the field as a customer gets there, by clicking it (not a script's focus()).
  await f.number.click();
  await f.number.pressSequentially('4242424242424242');
  await expect(f.number).toHaveValue('4242 4242 4242 4242');
  await f.number.fill('');
  await f.number.pressSequentially('378282246310005');
  await expect(f.number).toHaveValue('3782 822463 10005');
  // A paste arrives as one input event.
  await f.number.fill('');
  await f.number.focus();
  await page.keyboard.insertText('5555-5555-5555-4444');
  await expect(f.number).toHaveValue('5555 5555 5555 4444');
  await f.expiry.pressSequentially('1230');
  await expect(f.expiry).toHaveValue('12/30');
  await f.cvc.pressSequentially('12345');
  await expect(f.cvc).toHaveValue('123');
});

test('4242 4242 4242 4242 is tokenized with the project id alone, then authorized through the proxy', async ({ page, request }) => {
  const invoice = await sb.createInvoice(request, { name: 'Card payment', amount: '12.34', currency: 'AUD' });
  const traffic = recordTraffic(page);
  await openCardCheckout(page, invoice.id);
  await typeCard(page, { number: '4242424242424242' });
  await page.getByTestId('pay-button').click();

  const status = page.getByTestId('status');
  await expect(status).toHaveAttribute('data-status', 'authorized');
  await expect(status).toBeFocused();
  // Nothing to change once paid.
  await expect(card(page).number).toBeDisabled();
  await expect(card(page).name).toBeDisabled();

  const tokenize = traffic.filter((r) => r.method === 'POST' && new URL(r.url).pathname === '/sandbox/cards');
  expect(tokenize).toHaveLength(1);
  expect(tokenize[0].headers.authorization).toBe(PROJECT_BASIC);
  expect(JSON.parse(tokenize[0].body)).toEqual({
    number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc2: '123', name: 'Ada Lovelace',
  });

  const authorize = traffic.filter((r) => r.method === 'POST' && /\/checkout\/invoices\/[^/]+\/authorize$/.test(r.url));
  expect(authorize).toHaveLength(1);
  const source = JSON.parse(authorize[0].body).source;
  expect(source).toMatch(/^card_/);

  const stored = await sb.getInvoice(request, invoice.id);
  const transaction = await sb.getTransaction(request, stored.transaction_id);
  expect(transaction.status).toBe('authorized');
  expect(transaction.card_id).toBe(source);
  const storedCard = await sb.getCard(request, source);
  expect(storedCard.last_4_digits).toBe('4242');
});

test('4000 0000 0000 2206 is declined for funds; the form is ready for another card, which pays', async ({ page, request }) => {
  const invoice = await sb.createInvoice(request);
  const traffic = recordTraffic(page);
  await openCardCheckout(page, invoice.id);
  await typeCard(page, { number: '4000000000002206' });
  await page.getByTestId('pay-button').click();

  const status = page.getByTestId('status');
  await expect(status).toHaveAttribute('data-status', 'failed');
  await expect(status).toHaveAttribute('data-error-code', 'card.no-money');
  await expect(status).toContainText('insufficient funds');
  const f = card(page);
  await expect(f.number).toBeEditable();
  await expect(f.number).toHaveValue('');
  await expect(f.cvc).toHaveValue('');
  await expect(f.name).toHaveValue('Ada Lovelace');

  await typeCard(page, { number: '4242424242424242', name: 'Ada Lovelace' });
  await page.getByTestId('pay-button').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');

  // Two attempts: two tokens (single-use) and two idempotency keys.
  const authorize = traffic.filter((r) => r.method === 'POST' && /\/authorize$/.test(r.url));
  expect(authorize).toHaveLength(2);
  const [first, second] = authorize.map((r) => JSON.parse(r.body).source);
  expect(first).toMatch(/^card_/);
  expect(second).toMatch(/^card_/);
  expect(second).not.toBe(first);
  expect(authorize[1].headers['idempotency-key']).not.toBe(authorize[0].headers['idempotency-key']);
});

test('an invalid number shows its error on leaving the field and blocks submission', async ({ page, request }) => {
  const invoice = await sb.createInvoice(request);
  const traffic = recordTraffic(page);
  await openCardCheckout(page, invoice.id);
  const f = card(page);
  await f.number.click();
  await f.number.pressSequentially('4242424242424241');
  // No error while the customer is still typing.
  await expect(sb.cardFrame(page).getByTestId('card-number-error')).toHaveText('');
  await f.expiry.click();
  const error = sb.cardFrame(page).getByTestId('card-number-error');
  await expect(error).toHaveText('Your card number is not valid.');
  await expect(error).toHaveAttribute('aria-live', 'polite');
  await expect(f.number).toHaveAttribute('aria-invalid', 'true');
  await expect(f.number).toHaveAttribute('aria-describedby', await error.getAttribute('id'));

  await f.expiry.pressSequentially('1230');
  await f.cvc.pressSequentially('123');
  await f.name.fill('Ada Lovelace');
  await page.getByTestId('pay-button').click();
  await expect(f.number).toBeFocused();
  await expect(page.getByTestId('pay-button')).toBeEnabled();
  expect(traffic.filter((r) => r.method === 'POST')).toEqual([]);
  expect(await sb.widgetEvents(page, 'checkout:submit')).toEqual([]);

  // Fixing the number clears the error as soon as it is right.
  await f.number.fill('');
  await f.number.pressSequentially('4242424242424242');
  await expect(error).toHaveText('');
  await expect(f.number).toHaveAttribute('aria-invalid', 'false');
});

test('an empty form reports every field on Pay; an expiry in the past is refused', async ({ page, request }) => {
  const invoice = await sb.createInvoice(request);
  await openCardCheckout(page, invoice.id, 'fr-FR');
  await page.getByTestId('pay-button').click();
  await expect(sb.cardFrame(page).getByTestId('card-number-error')).toHaveText('Saisissez le numéro de votre carte.');
  await expect(sb.cardFrame(page).getByTestId('card-number')).toBeFocused();
  for (const id of ['card-expiry-error', 'card-cvc-error', 'card-name-error']) {
    await expect(sb.cardFrame(page).getByTestId(id)).not.toHaveText('');
  }
  const expiry = sb.cardFrame(page).getByTestId('card-expiry');
  await expiry.fill('');
  await expiry.pressSequentially('0120');
  await sb.cardFrame(page).getByTestId('card-cvc').click();
  await expect(sb.cardFrame(page).getByTestId('card-expiry-error')).toHaveText(/dépassée/);
});

test('the card number never reaches the proxy: not in its traffic, its logs, or any event', async ({ page, request }) => {
  const number = freshVisa();
  const grouped = number.replace(/(\d{4})(?=\d)/g, '$1 ');
  const invoice = await sb.createInvoice(request);
  const traffic = recordTraffic(page);
  await openCardCheckout(page, invoice.id);
  await typeCard(page, { number, cvc: '987' });
  await expect(card(page).number).toHaveValue(grouped);
  await page.getByTestId('pay-button').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');

  // The number did leave the browser, to the tokenizer only ...
  const carrying = traffic.filter((r) => r.body.includes(number));
  expect(carrying.map((r) => new URL(r.url).pathname)).toEqual(['/sandbox/cards']);
  // ... and none of the proxy's traffic carries it, in any form.
  const proxyTraffic = traffic.filter((r) => new URL(r.url).pathname.startsWith('/checkout'));
  expect(proxyTraffic.length).toBeGreaterThanOrEqual(2);
  for (const r of proxyTraffic) {
    for (const form of [number, grouped, number.slice(0, 12)]) {
      expect(r.url + r.body).not.toContain(form);
    }
  }
  // Events tell the page what happened, never with the card.
  const events = JSON.stringify(await sb.widgetEvents(page));
  expect(events).toContain('authorized');
  expect(events).not.toContain(number.slice(0, 12));

  // The proxy's and the sandbox's log (one process): the authorization is there, the card is not.
  const stored = await sb.getInvoice(request, invoice.id);
  // The log reaches its file through a pipe, a moment after the answer reaches the browser.
  await expect
    .poll(() => fs.readFileSync(PROXY_LOG, 'utf8'))
    .toContain(`/checkout/invoices/${invoice.id}/authorize`);
  const log = fs.readFileSync(PROXY_LOG, 'utf8');
  expect(log).toContain('/sandbox/cards');
  expect(log).toContain('sandbox tokenized a card');
  expect(stored.transaction_id).toMatch(/^tr_/);
  for (const form of [number, grouped, number.slice(0, 12), '987"']) {
    expect(log).not.toContain(form);
  }
});

test('a refusal from the provider lands on the field it names @faults', async ({ page, request }) => {
  const invoice = await sb.createInvoice(request);
  await openCardCheckout(page, invoice.id);
  await typeCard(page, { number: '4242424242424242' });
  await sb.sandboxCall(request, 'POST', '/_faults', { tokenize: { error_type: 'card.invalid-cvc', count: 1 } });
  try {
    await page.getByTestId('pay-button').click();
    await expect(sb.cardFrame(page).getByTestId('card-cvc-error')).toHaveText("Your card's security code is not valid.");
    await expect(sb.cardFrame(page).getByTestId('card-cvc')).toBeFocused();
    await expect(sb.cardFrame(page).getByTestId('card-cvc')).toHaveAttribute('aria-invalid', 'true');
    // No status: the attempt ended before any authorization, and Pay works again.
    await expect(page.getByTestId('status')).toHaveCount(0);
    await expect(page.getByTestId('pay-button')).toBeEnabled();
  } finally {
    await sb.clearFaults(request);
  }
  await page.getByTestId('pay-button').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
});
