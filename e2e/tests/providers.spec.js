// Issue 9: the same widget pays through every provider. playwright.config.js starts one
// proxy per provider, each in sandbox mode against its own emulator: Invoiss (seed 003) on
// E2E_PORT + 1 and the orders payment API (seed 004) on E2E_PORT + 2. Every test creates its
// own order (a paid order cannot be paid again) and reads back what the emulator recorded,
// so a widget that only *looks* right cannot pass.
const { test, expect } = require('@playwright/test');
const sb = require('./sandbox');

const PORT = Number(process.env.E2E_PORT || 18080);
const INVOISS = {
  base: `http://127.0.0.1:${PORT + 1}`,
  // The emulators' public sandbox credentials (proxy/src/config.rs).
  auth: 'invoiss_sandbox_checkoutWidgetDemoToken0001',
};
const ORDERS = {
  base: `http://127.0.0.1:${PORT + 2}`,
  auth: 'Bearer orders_sandbox_checkoutWidgetDemoToken0001',
};
const AUTHORIZE_PATH = /\/checkout\/invoices\/[^/]+\/authorize$/;

/** Provider ids in a widget id, as proxy/src/provider/ids.rs writes them. */
function widgetId(prefix, ids) {
  const encoded = ids.map((id) => id
    .replace(/Z/g, 'ZZ')
    .replace(/_/g, 'Zu')
    .replace(/-/g, 'Zh')
    .replace(/\./g, 'Zd'));
  return `${prefix}_${encoded.join('Zp')}`;
}

/** The one provider id inside a widget id. */
function providerId(prefix, widget) {
  const escapes = { Z: 'Z', u: '_', h: '-', d: '.' };
  const encoded = widget.slice(prefix.length + 1);
  let out = '';
  for (let i = 0; i < encoded.length; i += 1) {
    if (encoded[i] === 'Z') {
      i += 1;
      out += escapes[encoded[i]];
    } else {
      out += encoded[i];
    }
  }
  return out;
}

/** Calls an emulator; `body` is raw JSON text, so amounts go as the numbers written. */
async function emulatorCall(request, provider, method, path, body, expectedStatus = 200) {
  const response = await request.fetch(`${provider.base}/sandbox${path}`, {
    method,
    headers: { Authorization: provider.auth, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    data: body,
  });
  const text = await response.text();
  expect(response.status(), `${method} ${path} answered ${text}`).toBe(expectedStatus);
  return { json: JSON.parse(text), text };
}

async function newInvoissOrder(request, title, total) {
  const body = `{"title": "${title}", "currency": "USD", "grandTotal": ${total},
    "lineItems": [{"name": "${title}", "quantity": 1, "price": ${total}}]}`;
  const { json } = await emulatorCall(request, INVOISS, 'POST', '/invoiss/public/orders', body);
  expect(json.order.id).toMatch(/^order_/);
  return json.order.id;
}

async function invoissOrder(request, id) {
  return (await emulatorCall(request, INVOISS, 'GET', `/invoiss/public/orders/${id}`)).json.order;
}

async function newOrder(request, name, amount, currency) {
  const body = `{"name": "${name}", "currency": "${currency}", "amount": ${amount},
    "line_items": [{"name": "${name}", "quantity": 1, "unit_price": ${amount}}]}`;
  const { json } = await emulatorCall(request, ORDERS, 'POST', '/orders/orders', body);
  expect(json.id).toMatch(/^ord_/);
  return json.id;
}

async function payment(request, id) {
  return emulatorCall(request, ORDERS, 'GET', `/orders/payments/${id}`);
}

async function paymentsFor(request, orderId) {
  const { json } = await emulatorCall(request, ORDERS, 'GET', '/orders/payments?size=100');
  return json.items.filter((p) => p.subject === orderId);
}

sb.watchEveryTest(test);

test.describe('Invoiss', () => {
  test.use({ baseURL: INVOISS.base });

  test('a saved card pays a fresh order: completed, one payment, order paid', async ({ page, request }) => {
    const orderId = await newInvoissOrder(request, 'Trail shoes', '12.34');
    const invoice = widgetId('iv', [orderId]);
    const sent = sb.watchAuthorize(page);
    await sb.openCheckout(page, { invoice, source: sb.TOKENS.success, locale: 'en-US' });
    await expect(page.getByTestId('invoice-total')).toContainText('12.34');

    await page.getByTestId('pay-button').click();
    const status = page.getByTestId('status');
    await expect(status).toHaveAttribute('data-status', 'completed');
    await expect(status).not.toHaveAttribute('data-error-code', /.+/);
    await expect(page.getByTestId('pay-button')).toHaveCount(0);

    expect(sent).toHaveLength(1);
    const key = sent[0].headers['idempotency-key'];
    // The attempt's key is Invoiss's paymentId; the widget's transaction id carries it.
    const transactionId = widgetId('tr', [`pay_${key}`]);
    expect(await sb.widgetEvents(page, 'checkout:status')).toEqual([
      { type: 'checkout:status', target: 'checkout', detail: { status: 'completed', transactionId } },
    ]);
    expect((await invoissOrder(request, orderId)).status).toBe('PAID');
  });

  test('a card without funds is declined with the funds message; the order stays unpaid', async ({ page, request }) => {
    const orderId = await newInvoissOrder(request, 'Rain jacket', '89.00');
    await sb.openCheckout(page, { invoice: widgetId('iv', [orderId]), source: sb.TOKENS.noMoney, locale: 'en-US' });
    await page.getByTestId('pay-button').click();

    const status = page.getByTestId('status');
    await expect(status).toHaveAttribute('data-status', 'failed');
    await expect(status).toHaveAttribute('data-error-code', 'card.no-money');
    await expect(status).toContainText('Your card has insufficient funds. Please use another card.');
    expect((await sb.widgetEvents(page, 'checkout:status')).map((e) => e.detail)).toEqual([
      { status: 'failed', transactionId: null },
    ]);
    // A decline ends the attempt; a new one may start.
    await expect(page.getByTestId('pay-button')).toBeEnabled();
    expect((await invoissOrder(request, orderId)).status).toBe('UNPAID');
  });

  test('the seed example order and the demo invoices open', async ({ page }) => {
    await sb.openCheckout(page, { invoice: 'iv_orderZu123456', locale: 'en-US' });
    await expect(page.getByTestId('invoice-total')).toContainText('100.00');
    await sb.openCheckout(page, { invoice: 'iv_demoAmazingItemAUD', locale: 'en-AU' });
    await expect(page.getByTestId('invoice-total')).toContainText('4.99');
  });
});

test.describe('orders payment API', () => {
  test.use({ baseURL: ORDERS.base });

  test('a saved card pays a fresh order: succeeded, one payment with the exact amount', async ({ page, request }) => {
    const orderId = await newOrder(request, 'Kettle', '10.23', 'USD');
    const sent = sb.watchAuthorize(page);
    await sb.openCheckout(page, { invoice: widgetId('iv', [orderId]), source: sb.TOKENS.success, locale: 'en-US' });
    await expect(page.getByTestId('invoice-total')).toContainText('10.23');

    await page.getByTestId('pay-button').click();
    const status = page.getByTestId('status');
    await expect(status).toHaveAttribute('data-status', 'completed');
    await expect(page.getByTestId('pay-button')).toHaveCount(0);
    expect(sent).toHaveLength(1);

    const [event] = await sb.widgetEvents(page, 'checkout:status');
    expect(event.detail.status).toBe('completed');
    const { json, text } = await payment(request, providerId('tr', event.detail.transactionId));
    expect(json).toMatchObject({
      current_state: 'succeeded', subject: orderId, currency: 'USD', payment_method: sb.TOKENS.success,
    });
    // The amount went through as the decimal it is, never as a float.
    expect(text).toContain('"amount":10.23');
    expect(await paymentsFor(request, orderId)).toHaveLength(1);
  });

  test('a card without funds fails with status_code passed through', async ({ page, request }) => {
    const orderId = await newOrder(request, 'Canoe', '640.00', 'EUR');
    const sent = sb.watchAuthorize(page);
    await sb.openCheckout(page, { invoice: widgetId('iv', [orderId]), source: sb.TOKENS.noMoney, locale: 'en-GB' });
    const answer = page.waitForResponse((r) => AUTHORIZE_PATH.test(new URL(r.url()).pathname));
    await page.getByTestId('pay-button').click();

    const status = page.getByTestId('status');
    await expect(status).toHaveAttribute('data-status', 'failed');
    await expect(status).toHaveAttribute('data-error-code', 'card.no-money');
    await expect(status).toContainText('Your card has insufficient funds. Please use another card.');
    const body = await (await answer).json();
    expect(body).toMatchObject({ success: false, error_type: 'card.no-money' });
    expect(body.message).toContain('(status_code: insufficient_funds)');
    expect(sent).toHaveLength(1);

    const [failed] = await paymentsFor(request, orderId);
    expect(failed).toMatchObject({ current_state: 'failed', status_code: 'insufficient_funds' });
    await expect(page.getByTestId('pay-button')).toBeEnabled();
  });

  test('a processing payment is polled until it succeeds', async ({ page, request }) => {
    const orderId = await newOrder(request, 'Tent', '250.00', 'AUD');
    await sb.openCheckout(page, { invoice: widgetId('iv', [orderId]), source: sb.TOKENS.pending, locale: 'en-AU' });
    await page.getByTestId('pay-button').click();

    const status = page.getByTestId('status');
    await expect(status).toHaveAttribute('data-status', 'pending');
    await expect(page.getByTestId('pay-button')).toHaveCount(0);
    await expect(status).toHaveAttribute('data-status', 'completed', { timeout: 15_000 });
    const payments = await paymentsFor(request, orderId);
    expect(payments).toHaveLength(1);
    expect(payments[0].current_state).toBe('succeeded');
  });

  test('two orders are paid together with one payment', async ({ page, request }) => {
    const first = await newOrder(request, 'Book', '9.90', 'EUR');
    const second = await newOrder(request, 'Pen', '2.25', 'EUR');
    await sb.openCheckout(page, { invoice: widgetId('iv', [first, second]), source: sb.TOKENS.success, locale: 'en-GB' });
    await expect(page.getByTestId('invoice-total')).toContainText('12.15');
    await page.getByTestId('pay-button').click();
    await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'completed');
    const [paid] = await paymentsFor(request, first);
    expect(paid.amount).toBe(12.15);
    expect(await paymentsFor(request, second)).toHaveLength(0); // `subject` names the first order
  });
});
