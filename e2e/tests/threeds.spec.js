// Issue 8: 3-D Secure customer actions, end to end. The sandbox plays the issuer: its pages
// post ProcessOut-shaped results to the checkout's exact origin. Each test reads back what
// the proxy was sent and what the sandbox recorded.
const { test, expect } = require('@playwright/test');
const sb = require('./sandbox');

const OTHER_ORIGIN = `http://127.0.0.1:${Number(process.env.E2E_PORT || 18080) + 10}`;
const CHALLENGE = 'tok_test4000000000000101';
const FINGERPRINT_THEN_FRICTIONLESS = 'tok_test4000000000003063';
const FINGERPRINT_THEN_FAIL = 'tok_test4000000000003220';

sb.watchEveryTest(test);

/** Every authorize request the page sends: idempotency key and source. */
function watchRounds(page) {
  return sb.watchAuthorize(page);
}

const rounds = (sent) => sent.map((r) => ({ key: r.headers['idempotency-key'], source: r.body.source }));

async function payWith(page, request, source) {
  const invoice = await sb.createInvoice(request);
  await sb.openCheckout(page, { invoice: invoice.id, source, locale: 'en-GB' });
  await page.getByTestId('pay-button').click();
  return invoice;
}

const issuer = (page) => page.frameLocator('[data-testid=threeds-frame]');

test('a challenge completed in the dialog authorizes, with one key per round and no history entry', async ({ page, request }) => {
  const sent = watchRounds(page);
  const invoice = await sb.createInvoice(request);
  await sb.openCheckout(page, { invoice: invoice.id, source: CHALLENGE, locale: 'en-GB' });
  const historyBefore = await page.evaluate(() => window.history.length);
  await page.getByTestId('pay-button').click();

  const dialog = page.getByTestId('threeds-dialog');
  await expect(dialog).toBeVisible();
  // A native modal dialog (top layer), EMV window size 02 on a desktop viewport.
  expect(await dialog.evaluate((d) => d.open && d.matches(':modal'))).toBe(true);
  const frame = page.getByTestId('threeds-frame');
  const box = await frame.boundingBox();
  expect([Math.round(box.width), Math.round(box.height)]).toEqual([390, 400]);
  await expect(frame).toHaveAttribute('title', 'Confirm the payment with your bank');
  await issuer(page).getByTestId('issuer-complete').click();

  const status = page.getByTestId('status');
  await expect(status).toHaveAttribute('data-status', 'authorized');
  await expect(page.getByTestId('three-d-s-status')).toHaveAttribute('data-three-d-s-status', 'success');
  await expect(page.getByTestId('three-d-s-status')).toHaveText('Verified by your bank (3-D Secure).');
  await expect(dialog).toHaveCount(0);
  expect(await page.evaluate(() => window.history.length)).toBe(historyBefore);

  const r = rounds(sent);
  expect(r).toHaveLength(2);
  expect(r[0].source).toBe(CHALLENGE);
  expect(r[1].key).toBe(`${r[0].key}-1`);
  expect(r[1].source).toMatch(/^gway_req_/);
  const stored = await sb.getInvoice(request, invoice.id);
  const transaction = await sb.getTransaction(request, stored.transaction_id);
  expect(transaction.status).toBe('authorized');
  expect(transaction.three_d_s_status).toBe('success');
  expect(sb.authorizations(transaction)).toHaveLength(1);
});

test('a typed 4000 0000 0000 0101 goes through its challenge too', async ({ page, request }) => {
  const invoice = await sb.createInvoice(request);
  await page.goto(`/?invoice=${invoice.id}&locale=en-GB`);
  await sb.cardFrame(page).getByTestId('card-number').click();
  await sb.cardFrame(page).getByTestId('card-number').pressSequentially('4000000000000101');
  await sb.cardFrame(page).getByTestId('card-expiry').pressSequentially('1230');
  await sb.cardFrame(page).getByTestId('card-cvc').pressSequentially('123');
  await sb.cardFrame(page).getByTestId('card-name').fill('Ada Lovelace');
  await page.getByTestId('pay-button').click();
  await issuer(page).getByTestId('issuer-complete').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
});

test('a `url` customer action opens the same dialog', async ({ page, request }) => {
  const sent = watchRounds(page);
  await payWith(page, request, 'tok_test4000000000000119');
  await expect(page.getByTestId('threeds-dialog')).toBeVisible();
  await issuer(page).getByTestId('issuer-complete').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
  expect(rounds(sent)).toHaveLength(2);
});

test('a `url` action with no_iframe takes the whole page to the issuer and back through the return URL', async ({ page, request }) => {
  const origin = `http://127.0.0.1:${Number(process.env.E2E_PORT || 18080)}`;
  const source = 'tok_test4000000000000135';
  // The shop's return URL; the provider adds invoice_id=<id> when it sends the customer back.
  const created = await sb.sandboxCall(request, 'POST', '/invoices', {
    name: 'Redirected', amount: '21.00', currency: 'EUR', return_url: `${origin}/?locale=en-GB&source=${source}`,
  });
  const invoice = created.invoice;
  const checkoutUrl = `${origin}/?locale=en-GB&source=${source}&invoice=${invoice.id}`;
  const sent = watchRounds(page);
  await page.goto(checkoutUrl);
  await expect(page.getByTestId('pay-button')).toBeEnabled();
  await page.getByTestId('pay-button').click();
  await expect(page).toHaveURL(/\/sandbox\/3ds\/challenge\//);
  await page.getByTestId('issuer-complete').click();
  await expect(page).toHaveURL(new RegExp(`invoice_id=${invoice.id}$`));
  // Back in the shop: the paid invoice shows its status, not a second Pay button.
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
  await expect(page.getByTestId('three-d-s-status')).toHaveAttribute('data-three-d-s-status', 'success');
  await expect(page.getByTestId('pay-button')).toHaveCount(0);
  expect(rounds(sent)).toHaveLength(1);
  const transaction = await sb.getTransaction(request, (await sb.getInvoice(request, invoice.id)).transaction_id);
  expect(transaction.status).toBe('authorized');
  expect(sb.authorizations(transaction)).toHaveLength(1);
});

test('an app-based challenge is refused with a clear message, and no frame opens', async ({ page, request }) => {
  await payWith(page, request, 'tok_test4000000000000127');
  const error = page.getByTestId('error');
  await expect(error).toHaveAttribute('data-error-code', 'widget.customer-action-unsupported');
  await expect(error).toContainText('mobile app');
  await expect(page.getByTestId('threeds-dialog')).toHaveCount(0);
  await expect(page.getByTestId('threeds-fingerprint')).toHaveCount(0);
});

test('a failed challenge is explained as card.failed-3ds', async ({ page, request }) => {
  await payWith(page, request, CHALLENGE);
  await issuer(page).getByTestId('issuer-fail').click();
  const status = page.getByTestId('status');
  await expect(status).toHaveAttribute('data-status', 'failed');
  await expect(status).toHaveAttribute('data-error-code', 'card.failed-3ds');
  await expect(status).toContainText('Your bank could not verify this payment');
  await expect(page.getByTestId('three-d-s-status')).toHaveAttribute('data-three-d-s-status', 'failed');
  await expect(page.getByTestId('threeds-dialog')).toHaveCount(0);
});

test('Cancel and Escape close the challenge as customer.canceled; nothing is charged', async ({ page, request }) => {
  const sent = watchRounds(page);
  const invoice = await payWith(page, request, CHALLENGE);
  await expect(page.getByTestId('threeds-dialog')).toBeVisible();
  await page.getByTestId('threeds-cancel').click();
  const error = page.getByTestId('error');
  await expect(error).toHaveAttribute('data-error-code', 'customer.canceled');
  await expect(error).toContainText('You cancelled the payment');
  await expect(page.getByTestId('threeds-dialog')).toHaveCount(0);
  expect((await sb.widgetEvents(page, 'checkout:error')).at(-1).detail.code).toBe('customer.canceled');

  // A new attempt (new key) reaches the challenge again; Escape cancels it the same way.
  await page.getByTestId('pay-button').click();
  await expect(page.getByTestId('threeds-dialog')).toBeVisible();
  await expect(issuer(page).getByTestId('issuer-complete')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('error')).toHaveAttribute('data-error-code', 'customer.canceled');
  await expect(page.getByTestId('threeds-dialog')).toHaveCount(0);

  const r = rounds(sent);
  expect(r).toHaveLength(2);
  expect(r[1].key).not.toBe(r[0].key);
  const transaction = await sb.getTransaction(request, (await sb.getInvoice(request, invoice.id)).transaction_id);
  expect(sb.authorizations(transaction)).toHaveLength(0);
});

test('focus stays inside the challenge dialog', async ({ page, request }) => {
  await payWith(page, request, CHALLENGE);
  await expect(issuer(page).getByTestId('issuer-complete')).toBeVisible();
  const inDialog = () => page.evaluate(() => {
    const host = document.getElementById('checkout');
    const active = host.shadowRoot && host.shadowRoot.activeElement;
    return Boolean(active && active.closest('dialog'));
  });
  let seenInDialog = 0;
  for (let i = 0; i < 8; i += 1) {
    await page.keyboard.press('Tab');
    // Focus is in the dialog (its Cancel button or inside the issuer's frame), or has left
    // the document for the browser's own controls; never on the page behind the dialog.
    const where = await page.evaluate(() => document.activeElement && document.activeElement.tagName);
    expect(['CHECKOUT-WIDGET', 'BODY']).toContain(where);
    if (await inDialog()) seenInDialog += 1;
  }
  expect(seenInDialog).toBeGreaterThan(0);
  await page.getByTestId('threeds-cancel').click();
});

test('4000 0000 0000 3063: a fingerprint in a hidden frame, then frictionless', async ({ page, request }) => {
  const sent = watchRounds(page);
  const fingerprintPages = [];
  page.on('request', (req) => {
    if (req.url().includes('/sandbox/3ds/fingerprint/')) fingerprintPages.push(req.url());
  });
  let dialogs = 0;
  await page.exposeFunction('__dialogOpened', () => { dialogs += 1; });
  await payWith(page, request, FINGERPRINT_THEN_FRICTIONLESS);
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
  await expect(page.getByTestId('three-d-s-status')).toHaveAttribute('data-three-d-s-status', 'success');
  expect(fingerprintPages).toHaveLength(1);
  await expect(page.getByTestId('threeds-fingerprint')).toHaveCount(0);
  expect(dialogs).toBe(0);
  const r = rounds(sent);
  expect(r.map((x) => x.key)).toEqual([r[0].key, `${r[0].key}-1`]);
  expect(r[1].source).toMatch(/^gway_req_/);
});

test('4000 0000 0000 3220: the fingerprint leads to a failed authentication', async ({ page, request }) => {
  await payWith(page, request, FINGERPRINT_THEN_FAIL);
  const status = page.getByTestId('status');
  await expect(status).toHaveAttribute('data-status', 'failed');
  await expect(status).toHaveAttribute('data-error-code', 'card.failed-3ds');
});

test('a forged result from another origin, or from the page itself, is ignored', async ({ page, request, context }) => {
  const sent = watchRounds(page);
  await payWith(page, request, CHALLENGE);
  await expect(issuer(page).getByTestId('issuer-complete')).toBeVisible();
  // Count what reaches the window, so the test knows the forgeries were delivered.
  await page.evaluate(() => {
    window.__forged = 0;
    window.addEventListener('message', (e) => { if (e.data && e.data.data === 'gway_req_forged') window.__forged += 1; });
  });
  const popupPromise = context.waitForEvent('page');
  await page.evaluate((url) => { window.open(url, 'forger'); }, `${OTHER_ORIGIN}/forge.html`);
  const popup = await popupPromise;
  await expect(popup).toHaveTitle(/sent (1\d|[2-9]\d)/);
  // Same origin as the issuer, but not from the issuer's frame.
  await page.evaluate(() => window.postMessage({ namespace: 'processout.checkout', action: 'redirect', data: 'gway_req_forged' }, '*'));
  await expect.poll(() => page.evaluate(() => window.__forged)).toBeGreaterThan(5);
  await expect(page.getByTestId('threeds-dialog')).toBeVisible();
  expect(rounds(sent)).toHaveLength(1);

  await issuer(page).getByTestId('issuer-complete').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
  const r = rounds(sent);
  expect(r).toHaveLength(2);
  expect(r.map((x) => x.source)).not.toContain('gway_req_forged');
  await popup.close();
});

test('the challenge opens above a merchant page that shows the checkout in its own modal dialog', async ({ page, request }) => {
  const invoice = await sb.createInvoice(request);
  await page.goto(`/examples/modal.html?invoice=${invoice.id}&source=${CHALLENGE}`);
  await expect(page.locator('#merchant-dialog')).toBeVisible();
  await page.getByTestId('pay-button').click();
  await expect(page.getByTestId('threeds-dialog')).toBeVisible();
  // The topmost element at the dialog's centre is the issuer's frame, and a click lands there.
  const top = await page.evaluate(() => {
    const root = document.getElementById('checkout').shadowRoot;
    const dialog = root.querySelector('[data-testid=threeds-dialog]');
    const r = dialog.getBoundingClientRect();
    const hit = root.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit && hit.getAttribute('data-testid');
  });
  expect(top).toBe('threeds-frame');
  expect(await page.locator('#merchant-dialog').evaluate((d) => d.open)).toBe(true);
  await issuer(page).getByTestId('issuer-complete').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
});

test('on a small screen the challenge fills the viewport', async ({ page, request }) => {
  await page.setViewportSize({ width: 360, height: 640 });
  await payWith(page, request, CHALLENGE);
  const box = await page.getByTestId('threeds-dialog').boundingBox();
  expect([Math.round(box.width), Math.round(box.height)]).toEqual([360, 640]);
  await page.getByTestId('threeds-cancel').click();
});

test('a fingerprint that never answers times out after 10 s with ProcessOut\'s timeout result @faults', async ({ page, request }) => {
  test.setTimeout(60_000);
  const sent = watchRounds(page);
  await sb.sandboxCall(request, 'POST', '/_faults', { fingerprint: { mode: 'silent', count: 1 } });
  try {
    const started = Date.now();
    await payWith(page, request, FINGERPRINT_THEN_FRICTIONLESS);
    await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized', { timeout: 25_000 });
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(10_000);
    const r = rounds(sent);
    expect(r).toHaveLength(2);
    const result = JSON.parse(Buffer.from(r[1].source.replace(/^gway_req_/, ''), 'base64').toString('utf8'));
    expect(result.url).toMatch(/\/sandbox\/3ds\/fingerprint\//);
    expect(JSON.parse(result.body)).toEqual({ threeDS2FingerprintTimeout: true });
  } finally {
    await sb.clearFaults(request);
  }
});

// Issue 15: an unknown outcome is first checked against the invoice. A round-1 answer lost
// after the authorization happened is found that way (no Retry needed); one lost before it
// happened (the provider down) leaves the invoice waiting, so after checking the widget
// offers Retry, which resumes that round.
test('an answer lost after the challenge is found by checking the invoice, one authorization @faults', async ({ page, request }) => {
  const sent = watchRounds(page);
  const invoice = await payWith(page, request, CHALLENGE);
  await expect(issuer(page).getByTestId('issuer-complete')).toBeVisible();
  // The round-1 authorization happens, but its answer never reaches the widget.
  await sb.setFault(request, { mode: 'drop-response', count: 1 });
  try {
    await issuer(page).getByTestId('issuer-complete').click();
    await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
    await expect(page.getByTestId('threeds-dialog')).toHaveCount(0);
  } finally {
    await sb.clearFaults(request);
  }
  const r = rounds(sent);
  expect(r.map((x) => x.key)).toEqual([r[0].key, `${r[0].key}-1`]);
  const transaction = await sb.getTransaction(request, (await sb.getInvoice(request, invoice.id)).transaction_id);
  expect(sb.authorizations(transaction)).toHaveLength(1);
});

test('an answer lost after the challenge: Retry resumes that round with the same key and result @faults', async ({ page, request }) => {
  test.setTimeout(60_000);
  const sent = watchRounds(page);
  const invoice = await payWith(page, request, CHALLENGE);
  await expect(issuer(page).getByTestId('issuer-complete')).toBeVisible();
  // The round-1 request fails at the provider: nothing is authorized, the outcome is unknown.
  await sb.setFault(request, { mode: 'fail-503', count: 1 });
  try {
    await issuer(page).getByTestId('issuer-complete').click();
    const retry = page.getByTestId('retry-button');
    await expect(retry).toBeVisible({ timeout: 25_000 });
    await expect(page.getByTestId('threeds-dialog')).toHaveCount(0);
    await retry.click();
    await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
  } finally {
    await sb.clearFaults(request);
  }
  const r = rounds(sent);
  expect(r.map((x) => x.key)).toEqual([r[0].key, `${r[0].key}-1`, `${r[0].key}-1`]);
  expect(r[2].source).toBe(r[1].source);
  expect(r[1].source).toMatch(/^gway_req_/);
  const transaction = await sb.getTransaction(request, (await sb.getInvoice(request, invoice.id)).transaction_id);
  expect(sb.authorizations(transaction)).toHaveLength(1);
});
