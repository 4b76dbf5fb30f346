// Issue 15: exactly-once payments. A customer is charged once, never twice, and never told
// "declined" when the money may have moved. Every test counts the authorizations the
// provider (the sandbox) recorded for the invoice and reads the widget's final status.
// Tests that inject sandbox faults carry @faults (faults are global to a proxy).
const { test, expect } = require('@playwright/test');
const sb = require('./sandbox');

const PORT = Number(process.env.E2E_PORT || 18080);
// The second proxy instance (playwright.config.js): live mode against the first one's sandbox.
const SECOND_PROXY = `http://127.0.0.1:${PORT + 3}`;
const AUTHORIZE_PATH = /\/checkout\/invoices\/[^/]+\/authorize$/;
const CHALLENGE_CARD = '4000000000000101';
const VISA = '4242424242424242';

sb.watchEveryTest(test);

const cardNumber = (page) => sb.cardFrame(page).getByTestId('card-number');

/** Opens the typed-card checkout of a fresh invoice. */
async function openWithCard(page, request, name) {
  const invoice = await sb.createInvoice(request, { name, amount: '25.00', currency: 'AUD' });
  await page.goto(`/?${new URLSearchParams({ invoice: invoice.id, locale: 'en-AU' })}`);
  await expect(page.getByTestId('pay-button')).toBeEnabled();
  await expect(cardNumber(page)).toBeEditable();
  return invoice;
}

async function typeCard(page, number) {
  await cardNumber(page).click();
  await cardNumber(page).pressSequentially(number);
  await sb.cardFrame(page).getByTestId('card-expiry').click();
  await sb.cardFrame(page).getByTestId('card-expiry').pressSequentially('1230');
  await sb.cardFrame(page).getByTestId('card-cvc').click();
  await sb.cardFrame(page).getByTestId('card-cvc').pressSequentially('123');
  await sb.cardFrame(page).getByTestId('card-name').fill('Ada Lovelace');
}

/** The authorizations the provider recorded for the invoice (0 without a transaction). */
async function authorizationCount(request, invoiceId) {
  const stored = await sb.getInvoice(request, invoiceId);
  if (!stored.transaction_id) return 0;
  return sb.authorizations(await sb.getTransaction(request, stored.transaction_id)).length;
}

/** The widget never reported a decline: no failed status event, no failed status shown. */
async function expectNoDecline(page) {
  const statuses = (await sb.widgetEvents(page, 'checkout:status')).map((e) => e.detail.status);
  expect(statuses).not.toContain('failed');
  await expect(page.locator('[data-testid=status][data-status=failed]')).toHaveCount(0);
}

/** Ends with the payment authorized, shown once, with the card still typed in (not cleared). */
async function expectAuthorizedOnce(page, request, invoice) {
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized', { timeout: 20_000 });
  await expectNoDecline(page);
  expect(await authorizationCount(request, invoice.id)).toBe(1);
  const stored = await sb.getInvoice(request, invoice.id);
  expect((await sb.widgetEvents(page, 'checkout:status')).map((e) => e.detail)).toEqual([
    { status: 'authorized', transactionId: stored.transaction_id },
  ]);
}

test.describe('an answer lost after the provider committed', () => {
  test('drop-response: the widget checks the invoice and shows authorized, one authorization @faults', async ({ page, request }) => {
    const invoice = await openWithCard(page, request, 'Lost answer');
    const sent = sb.watchAuthorize(page);
    await typeCard(page, VISA);
    await sb.setFault(request, { mode: 'drop-response', count: 1 });
    try {
      await page.getByTestId('pay-button').click();
      // The outcome is unknown: the widget says it is checking, not that it failed.
      await expect(page.getByTestId('pay-button')).toHaveText('Checking your payment…');
      await expect(cardNumber(page)).toBeDisabled();
      await expectAuthorizedOnce(page, request, invoice);
    } finally {
      await sb.clearFaults(request);
    }
    // Settled by looking the invoice up: nothing was sent again.
    expect(sent).toHaveLength(1);
    await expect(cardNumber(page)).not.toHaveValue('');
    expect(await page.evaluate((id) => sessionStorage.getItem(`checkout-widget.attempt.${id}`), invoice.id)).toBeNull();
  });

  const faults = [
    ['provider 500 without an error type after commit', { authorize: { mode: 'fail-500-after-commit' } }],
    ['provider 200 that is not JSON after commit', { authorize: { mode: 'garbage-200-after-commit' } }],
    ['a balancer 503 HTML page', { balancer: { mode: 'html-503', count: 1 } }],
    ['a balancer 200 that is not JSON', { balancer: { mode: 'garbage-200', count: 1 } }],
  ];
  for (const [what, fault] of faults) {
    test(`${what}: no decline, card kept, one authorization, authorized @faults`, async ({ page, request }) => {
      const invoice = await openWithCard(page, request, what);
      await typeCard(page, VISA);
      await sb.sandboxCall(request, 'POST', '/_faults', fault);
      try {
        await page.getByTestId('pay-button').click();
        await expectAuthorizedOnce(page, request, invoice);
      } finally {
        await sb.clearFaults(request);
      }
      await expect(cardNumber(page)).not.toHaveValue('');
      await expect(page.getByTestId('error')).toHaveCount(0);
    });
  }

  test('nothing found in time: unconfirmed, then Retry resends the same attempt byte for byte @faults', async ({ page, request }) => {
    test.setTimeout(60_000);
    const invoice = await openWithCard(page, request, 'Unconfirmed');
    const sent = sb.watchAuthorize(page);
    await typeCard(page, VISA);
    // The provider is down: nothing is authorized, so the invoice never shows a payment.
    await sb.setFault(request, { mode: 'fail-503', count: 1 });
    try {
      await page.getByTestId('pay-button').click();
      await expect(page.getByTestId('pay-button')).toHaveText('Checking your payment…');
      const error = page.getByTestId('error');
      await expect(error).toContainText('We could not confirm your payment. You will not be charged twice', { timeout: 25_000 });
      await expectNoDecline(page);
      await expect(cardNumber(page)).toBeDisabled();
      await expect(cardNumber(page)).not.toHaveValue('');
      expect(await authorizationCount(request, invoice.id)).toBe(0);
      await page.getByTestId('retry-button').click();
      await expectAuthorizedOnce(page, request, invoice);
    } finally {
      await sb.clearFaults(request);
    }
    expect(sent).toHaveLength(2);
    expect(sent[1].headers['idempotency-key']).toBe(sent[0].headers['idempotency-key']);
    expect(sent[1].request.postData()).toBe(sent[0].request.postData());
  });
});

test.describe('the attempt survives the page', () => {
  test('reload while authorize is running: the widget checks and shows authorized, one authorization @faults', async ({ page, request }) => {
    const invoice = await openWithCard(page, request, 'Reloaded');
    const sent = sb.watchAuthorize(page);
    await typeCard(page, VISA);
    await sb.setFault(request, { mode: 'slow', count: 1, delay_ms: 3_000 });
    try {
      const out = page.waitForRequest((r) => r.method() === 'POST' && AUTHORIZE_PATH.test(new URL(r.url()).pathname));
      await page.getByTestId('pay-button').click();
      await out;
      const kept = await page.evaluate((id) => sessionStorage.getItem(`checkout-widget.attempt.${id}`), invoice.id);
      expect(kept).toContain(sent[0].headers['idempotency-key']);
      // Only the token is kept, never the card number or the CVC.
      expect(kept).not.toContain(VISA);
      expect(JSON.parse(kept).s).toMatch(/^card_/);
      await page.reload();
      await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized', { timeout: 20_000 });
    } finally {
      await sb.clearFaults(request);
    }
    expect(sent).toHaveLength(1);
    expect(await authorizationCount(request, invoice.id)).toBe(1);
    expect(await page.evaluate((id) => sessionStorage.getItem(`checkout-widget.attempt.${id}`), invoice.id)).toBeNull();
  });

  test('reload after the 3-D Secure challenge opened: the attempt resumes, no second authorization', async ({ page, request }) => {
    test.setTimeout(60_000);
    const invoice = await openWithCard(page, request, 'Reloaded challenge');
    const sent = sb.watchAuthorize(page);
    await typeCard(page, CHALLENGE_CARD);
    await page.getByTestId('pay-button').click();
    await expect(page.getByTestId('threeds-dialog')).toBeVisible();
    await page.reload();
    // The waiting transaction is not this attempt's answer: the widget checks, then offers
    // Retry with the same attempt (the card fields are empty after the reload: not needed).
    const retry = page.getByTestId('retry-button');
    await expect(retry).toBeVisible({ timeout: 25_000 });
    await expectNoDecline(page);
    await retry.click();
    await expect(page.getByTestId('threeds-dialog')).toBeVisible();
    await page.frameLocator('[data-testid=threeds-frame]').getByTestId('issuer-complete').click();
    await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
    const keys = sent.map((s) => s.headers['idempotency-key']);
    // Round 0 again with the same key and token (a replay), then round 1.
    expect(keys).toEqual([keys[0], keys[0], `${keys[0]}-1`]);
    expect(sent[1].request.postData()).toBe(sent[0].request.postData());
    expect(await authorizationCount(request, invoice.id)).toBe(1);
  });
});

test('two tabs pay the same invoice one after the other: one authorization, the second shows the first result', async ({ context, request }) => {
  const invoice = await sb.createInvoice(request, { name: 'Two tabs', amount: '30.00', currency: 'AUD' });
  const open = async () => {
    const page = await context.newPage();
    await sb.recordWidgetEvents(page);
    await sb.openCheckout(page, { invoice: invoice.id, source: sb.TOKENS.success, locale: 'en-AU' });
    return page;
  };
  const first = await open();
  const second = await open();
  await first.getByTestId('pay-button').click();
  await expect(first.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
  await second.getByTestId('pay-button').click();
  await expect(second.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
  await expectNoDecline(second);
  const stored = await sb.getInvoice(request, invoice.id);
  for (const page of [first, second]) {
    expect((await sb.widgetEvents(page, 'checkout:status')).map((e) => e.detail)).toEqual([
      { status: 'authorized', transactionId: stored.transaction_id },
    ]);
  }
  expect(await authorizationCount(request, invoice.id)).toBe(1);
});

test('two proxy instances, requests alternating, the first authorize answer lost: one authorization', async ({ page, request }) => {
  const invoice = await openWithCard(page, request, 'Two proxies');
  const used = [];
  let n = 0;
  let authorizeCalls = 0;
  await page.route('**/checkout/**', async (route) => {
    const url = new URL(route.request().url());
    const target = n % 2 === 0 ? `http://127.0.0.1:${PORT}` : SECOND_PROXY;
    n += 1;
    used.push(target);
    // Real HTTP to either instance; the widget only ever sees its own origin.
    const response = await route.fetch({ url: `${target}${url.pathname}${url.search}` });
    if (route.request().method() === 'POST' && AUTHORIZE_PATH.test(url.pathname) && authorizeCalls++ === 0) {
      // The payment happened behind this instance; its answer never reaches the browser.
      await route.abort('connectionreset');
      return;
    }
    await route.fulfill({ response });
  });
  await typeCard(page, VISA);
  await page.getByTestId('pay-button').click();
  await expectAuthorizedOnce(page, request, invoice);
  expect(new Set(used).size).toBe(2);
});

test('a definite decline still empties the card, and the next attempt has a new key', async ({ page, request }) => {
  const invoice = await openWithCard(page, request, 'Declined');
  const sent = sb.watchAuthorize(page);
  await typeCard(page, '4000000000002206');
  await page.getByTestId('pay-button').click();
  const status = page.getByTestId('status');
  await expect(status).toHaveAttribute('data-status', 'failed');
  await expect(cardNumber(page)).toHaveValue('');
  await expect(cardNumber(page)).toBeEditable();
  await typeCard(page, VISA);
  await page.getByTestId('pay-button').click();
  await expect(status).toHaveAttribute('data-status', 'authorized');
  expect(sent).toHaveLength(2);
  expect(sent[1].headers['idempotency-key']).not.toBe(sent[0].headers['idempotency-key']);
  // The declined authorization and the one that went through: one charge.
  const stored = await sb.getInvoice(request, invoice.id);
  const ops = sb.authorizations(await sb.getTransaction(request, stored.transaction_id));
  expect(ops.map((op) => !op.has_failed)).toEqual([false, true]);
});
