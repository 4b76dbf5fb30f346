// Accessibility, keyboard, right-to-left and failure-path checks of the checkout widget, end to
// end: Debian's Chromium -> demo page -> checkout-proxy in sandbox mode.
//
// Every axe check is scoped to <checkout-widget> (the demo page around it is the merchant's,
// not ours) and uses the WCAG 2.1 A/AA rules. A failing check prints each violation (rule,
// impact, the offending nodes' HTML) so it can be fixed without re-running anything.
//
// Tests tagged @faults change the sandbox's global fault injection; playwright.config.js runs
// them in their own project after every other test, and they clear the faults afterwards.
const { test, expect } = require('@playwright/test');
const AxeBuilder = require('@axe-core/playwright').default;
const sb = require('./sandbox');

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const MAX_TABS = 10;

sb.watchEveryTest(test);

/** Readable summary of axe violations: rule, impact, help URL and each node's HTML. */
function describeViolations(violations) {
  return violations
    .map((v) => [
      `- ${v.id} (${v.impact}): ${v.help} [${v.helpUrl}]`,
      ...v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.html}\n      ${(n.failureSummary || '').replace(/\n/g, '\n      ')}`),
    ].join('\n'))
    .join('\n');
}

/**
 * Runs axe on the widget only, saves a screenshot as an artifact, and expects no violation.
 * With `frames`, axe must also have looked inside the card frame (sb.axeResults).
 */
async function expectNoA11yViolations(page, testInfo, name, { frames = false } = {}) {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  const results = await sb.axeResults(
    () => new AxeBuilder({ page }).include('checkout-widget').withTags(WCAG_TAGS),
    { frames },
  );
  const report = describeViolations(results.violations);
  if (results.violations.length) {
    // eslint-disable-next-line no-console
    console.log(`axe violations in state "${name}":\n${report}`);
    await testInfo.attach(`axe-${name}.txt`, { body: report, contentType: 'text/plain' });
  }
  expect(results.violations, `axe violations in state "${name}":\n${report}`).toEqual([]);
  // Guard against a vacuous pass: axe did look at the widget's content.
  expect(results.passes.length, `axe checked nothing in state "${name}"`).toBeGreaterThan(0);
}

test.describe('axe-core: no WCAG 2.1 A/AA violations', () => {
  test('card form showing every field error, in Arabic', async ({ page }, testInfo) => {
    await page.goto('/?invoice=iv_demoOudKWD&locale=ar-KW');
    await expect(sb.cardFrame(page).getByTestId('card-number')).toBeEditable();
    await page.getByTestId('pay-button').click();
    for (const id of ['card-number-error', 'card-expiry-error', 'card-cvc-error', 'card-name-error']) {
      await expect(sb.cardFrame(page).getByTestId(id)).not.toHaveText('');
    }
    await expect(sb.cardFrame(page).getByTestId('card-number')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('checkout')).toHaveAttribute('dir', 'rtl');
    // Labels and errors come from the Arabic pack.
    await expect(sb.cardFrame(page).getByLabel('رقم البطاقة', { exact: true })).toHaveAttribute('data-testid', 'card-number');
    await expect(sb.cardFrame(page).getByTestId('card-number-error')).toHaveText('يُرجى إدخال رقم بطاقتك.');
    await expectNoA11yViolations(page, testInfo, 'card-errors-ar', { frames: true });
  });

  test('a card typed and paid from the keyboard alone', async ({ page, request }, testInfo) => {
    const invoice = await sb.createInvoice(request);
    await page.goto(`/?invoice=${invoice.id}&locale=en-GB`);
    // The frame shows its form once the checkout has set it up. Before that it has nothing to
    // focus, and Tab lands on the frame's body (one run in eight): wait until it is shown.
    await expect(sb.cardFrame(page).getByTestId('card-number')).toBeVisible();
    // From the top of the page, Tab reaches the card number first: nothing on the page
    // before the checkout takes focus, and the frame's fields come first in the checkout.
    await page.keyboard.press('Tab');
    await expect(sb.cardFrame(page).getByTestId('card-number')).toBeFocused();
    await page.keyboard.type('4242424242424242');
    await page.keyboard.press('Tab');
    await expect(sb.cardFrame(page).getByTestId('card-expiry')).toBeFocused();
    await page.keyboard.type('1230');
    await page.keyboard.press('Tab');
    await page.keyboard.type('123');
    await page.keyboard.press('Tab');
    await expect(sb.cardFrame(page).getByTestId('card-name')).toBeFocused();
    await page.keyboard.type('Ada Lovelace');
    await expectNoA11yViolations(page, testInfo, 'card-filled', { frames: true });
    // Enter in a field submits the form, as in any web form.
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
    await expect(page.getByTestId('status')).toBeFocused();
  });

  test('loaded: itemised EUR invoice in fr-FR', async ({ page }, testInfo) => {
    await sb.openCheckout(page, { invoice: 'iv_demoBooksEUR', locale: 'fr-FR' });
    await expect(page.getByTestId('line-item').first()).toBeVisible();
    await expect(page.getByTestId('checkout')).toHaveAttribute('lang', 'fr-FR');
    await expectNoA11yViolations(page, testInfo, 'loaded-eur-fr');
  });

  test('before the wasm: the invoice name and total embed.js shows (Arabic, right to left)', async ({ page }, testInfo) => {
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/checkout-widget_bg.wasm', async (route) => { await held; await route.continue(); });
    await page.goto('/?invoice=iv_demoOudKWD&locale=ar-KW');
    await expect(page.getByTestId('invoice-total')).toBeVisible();
    await expect(page.locator('checkout-widget section')).toHaveAttribute('dir', 'rtl');
    await expectNoA11yViolations(page, testInfo, 'sketch-ar');
    release();
    await expect(page.getByTestId('pay-button')).toBeEnabled();
  });

  test('loaded: saved cards (one expired) and the save checkbox', async ({ page }, testInfo) => {
    await page.goto('/?invoice=iv_demoReturningCustomerEUR&locale=en-GB&save-cards=1');
    const saved = page.getByRole('group', { name: 'Saved cards' });
    await expect(saved.getByRole('radio', { name: /Expired/ })).toBeDisabled();
    // A saved card is chosen: neither the card form nor the offer to save a card shows.
    await expect(page.getByTestId('card-frame-box')).toBeHidden();
    await expect(page.getByTestId('save-card')).toBeHidden();
    await saved.getByRole('radio', { name: 'Use a new card' }).check();
    await expect(page.getByTestId('card-frame-box')).toBeVisible();
    await expect(page.getByRole('checkbox', { name: 'Save this card for next time' })).toBeVisible();
    await expectNoA11yViolations(page, testInfo, 'saved-cards');
  });

  test('loaded: JPY invoice', async ({ page }, testInfo) => {
    await sb.openCheckout(page, { invoice: 'iv_demoTeaSetJPY', locale: 'ja-JP' });
    await expect(page.getByTestId('invoice-total')).toBeVisible();
    await expectNoA11yViolations(page, testInfo, 'loaded-jpy');
  });

  test('success result', async ({ page, request }, testInfo) => {
    const invoice = await sb.createInvoice(request, { name: 'Axe success', amount: '12.34', currency: 'AUD' });
    await sb.openCheckout(page, { invoice: invoice.id, source: sb.TOKENS.success, locale: 'en-AU' });
    await page.getByTestId('pay-button').click();
    await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
    await expect(page.getByTestId('status')).toBeFocused();
    await expectNoA11yViolations(page, testInfo, 'result-success');
  });

  test('decline result', async ({ page, request }, testInfo) => {
    const invoice = await sb.createInvoice(request, { name: 'Axe decline', amount: '89.00', currency: 'AUD' });
    await sb.openCheckout(page, { invoice: invoice.id, source: sb.TOKENS.noMoney, locale: 'en-AU' });
    await page.getByTestId('pay-button').click();
    const status = page.getByTestId('status');
    await expect(status).toHaveAttribute('data-status', 'failed');
    await expect(status).toHaveAttribute('data-error-code', 'card.no-money');
    await expect(page.getByTestId('pay-button')).toBeEnabled();
    await expectNoA11yViolations(page, testInfo, 'result-decline');
  });

  test('pending state', async ({ page, request }, testInfo) => {
    const invoice = await sb.createInvoice(request, { name: 'Axe pending', amount: '640.00', currency: 'AUD' });
    // Hold the widget's polls so the pending state stays on screen while axe runs (the
    // sandbox completes the transaction about 2 s later).
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/checkout/transactions/**', async (route) => {
      await held;
      await route.continue().catch(() => {});
    });
    await sb.openCheckout(page, { invoice: invoice.id, source: sb.TOKENS.pending, locale: 'en-AU' });
    await page.getByTestId('pay-button').click();
    await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'pending');
    await expectNoA11yViolations(page, testInfo, 'pending');
    release();
    await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'completed', { timeout: 15_000 });
    await expectNoA11yViolations(page, testInfo, 'result-completed');
  });

  test('load error: unknown invoice', async ({ page }, testInfo) => {
    await page.goto('/?invoice=iv_doesNotExist&locale=en-US');
    const error = page.getByTestId('error');
    await expect(error).toHaveAttribute('data-error-code', 'resource.invoice.not-found');
    await expect(page.getByTestId('retry-button')).toBeVisible();
    await expectNoA11yViolations(page, testInfo, 'load-error');
  });

  // Proves the scoped check is not vacuous: a violation planted inside the widget is found
  // (and one planted outside it, on the merchant's page, is not).
  test('the check sees violations inside the widget only', async ({ page }) => {
    await sb.openCheckout(page, { invoice: 'iv_demoAmazingItemAUD', locale: 'en-AU' });
    await page.evaluate(() => {
      const inside = document.createElement('button');
      inside.id = 'planted-inside';
      document.querySelector('checkout-widget').shadowRoot.querySelector('section').appendChild(inside);
      const outside = document.createElement('button');
      outside.id = 'planted-outside';
      document.body.appendChild(outside);
    });
    const results = await new AxeBuilder({ page }).include('checkout-widget').withTags(WCAG_TAGS).analyze();
    // Inside a shadow root axe names the element by its path: host, then the element.
    const targets = results.violations.flatMap((v) => v.nodes.map((n) => `${v.id} ${n.target.flat().join(' ')}`));
    expect(targets).toEqual(['button-name #checkout #planted-inside']);
  });

  test('paying state (slow provider)', { tag: '@faults' }, async ({ page, request }, testInfo) => {
    try {
      const invoice = await sb.createInvoice(request, { name: 'Axe paying', amount: '39.90', currency: 'AUD' });
      await sb.openCheckout(page, { invoice: invoice.id, source: sb.TOKENS.success, locale: 'en-AU' });
      await sb.setFault(request, { mode: 'slow', count: 1, delay_ms: 2_000 });
      const button = page.getByTestId('pay-button');
      await button.click();
      await expect(button).toHaveAttribute('aria-busy', 'true');
      await expect(button).toBeDisabled();
      await expectNoA11yViolations(page, testInfo, 'paying');
      await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
    } finally {
      await sb.clearFaults(request);
    }
  });
});

/** Presses Tab until `target` has focus; fails after MAX_TABS presses. Returns the count. */
async function tabTo(page, target) {
  for (let presses = 1; presses <= MAX_TABS; presses += 1) {
    await page.keyboard.press('Tab');
    // The widget renders in its own shadow root: compare with that root's active element.
    if (await target.evaluate((el) => el === el.getRootNode().activeElement)) return presses;
  }
  const active = await page.evaluate(() => document.activeElement && document.activeElement.outerHTML.slice(0, 200));
  throw new Error(`${MAX_TABS} Tab presses did not reach the element; focus is on: ${active}`);
}

test.describe('keyboard only', () => {
  test('Tab to the pay button, Enter pays, the result gets focus', async ({ page, request }) => {
    const invoice = await sb.createInvoice(request, { name: 'Keyboard success', amount: '12.34', currency: 'AUD' });
    await sb.openCheckout(page, { invoice: invoice.id, source: sb.TOKENS.success, locale: 'en-AU' });
    // Focus starts on the page itself, as after a fresh load.
    await page.evaluate(() => { if (document.activeElement) document.activeElement.blur(); });
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);

    const button = page.getByTestId('pay-button');
    const presses = await tabTo(page, button);
    expect(presses).toBeLessThanOrEqual(MAX_TABS);
    await expect(button).toBeFocused();
    await page.keyboard.press('Enter');

    const status = page.getByTestId('status');
    await expect(status).toHaveAttribute('data-status', 'authorized');
    await expect(status).toBeFocused();
    await expect(page.locator('[aria-live="polite"]').getByTestId('status')).toBeVisible();
    const stored = await sb.getInvoice(request, invoice.id);
    expect(stored.transaction.status).toBe('authorized');
  });

  test('after a decline, Tab reaches the pay button again and Space starts a new attempt', async ({ page, request }) => {
    const invoice = await sb.createInvoice(request, { name: 'Keyboard decline', amount: '89.00', currency: 'AUD' });
    const sent = sb.watchAuthorize(page);
    await sb.openCheckout(page, { invoice: invoice.id, source: sb.TOKENS.noMoney, locale: 'en-AU' });
    await page.evaluate(() => { if (document.activeElement) document.activeElement.blur(); });

    const button = page.getByTestId('pay-button');
    await tabTo(page, button);
    await page.keyboard.press('Enter');

    const status = page.getByTestId('status');
    await expect(status).toHaveAttribute('data-status', 'failed');
    await expect(status).toHaveAttribute('data-error-code', 'card.no-money');
    await expect(status).toBeFocused();
    expect(sent).toHaveLength(1);

    // From the focused result, Tab goes forward to the pay button.
    await expect(button).toBeEnabled();
    await tabTo(page, button);
    await expect(button).toBeFocused();
    await page.keyboard.press('Space');

    await expect.poll(() => sent.length).toBe(2);
    // A new attempt uses a new idempotency key (the first one ended with a decline).
    expect(sent[1].headers['idempotency-key']).not.toBe(sent[0].headers['idempotency-key']);
    await expect(status).toHaveAttribute('data-status', 'failed');
    await expect(status).toBeFocused();
    const stored = await sb.getInvoice(request, invoice.id);
    const auths = sb.authorizations(await sb.getTransaction(request, stored.transaction_id));
    expect(auths).toHaveLength(2);
    expect(auths.every((a) => a.has_failed && a.error_code === 'card.no-money')).toBe(true);
  });
});

/** Replaces Arabic-Indic and Extended Arabic-Indic digits with ASCII ones. */
function asciiDigits(text) {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06F0));
}

test('Arabic (ar-KW): right to left, Arabic labels, KWD with three decimals', async ({ page }, testInfo) => {
  await sb.openCheckout(page, { invoice: 'iv_demoOudKWD', locale: 'ar-KW' });
  const section = page.getByTestId('checkout');
  await expect(section).toHaveAttribute('dir', 'rtl');
  await expect(section).toHaveAttribute('lang', 'ar-KW');

  const button = page.getByTestId('pay-button');
  await expect(button).toContainText(/[\u0600-\u06FF]/);

  // The amount as the browser's own Intl formats it for ar-KW (digits may be Arabic-Indic).
  const expected = await page.evaluate(() => new Intl.NumberFormat('ar-KW', { style: 'currency', currency: 'KWD' }).format('27.505'));
  const total = page.getByTestId('invoice-total');
  await expect(total).toHaveText(expected);
  await expect(button).toContainText(expected);
  // Whatever the digits, the amount has three decimals: 27.505 (separator ٫ or . or ,).
  const digits = asciiDigits(expected).replace(/[^0-9]/g, '');
  expect(digits).toBe('27505');
  expect(asciiDigits((await total.textContent()).trim())).toMatch(/27[^0-9]505/);

  await page.screenshot({ path: testInfo.outputPath('arabic-ar-KW.png'), fullPage: true });
  await expectNoA11yViolations(page, testInfo, 'loaded-kwd-ar');
});

test.describe('proxy or provider down', () => {
  test('the invoice load cannot reach the proxy: widget.network, retry shows the invoice', async ({ page }, testInfo) => {
    await page.route('**/checkout/invoices/**', (route) => route.abort('connectionrefused'));
    await page.goto('/?invoice=iv_demoAmazingItemAUD&locale=en-AU');
    const error = page.getByTestId('error');
    await expect(error).toHaveAttribute('data-error-code', 'widget.network');
    const retry = page.getByTestId('retry-button');
    await expect(retry).toBeEnabled();
    await expect(page.getByTestId('pay-button')).toHaveCount(0);
    await expectNoA11yViolations(page, testInfo, 'load-network-error');

    await page.unroute('**/checkout/invoices/**');
    await retry.click();
    await expect(page.getByTestId('invoice-total')).toContainText('4.99');
    await expect(page.getByTestId('error')).toHaveCount(0);
    expect(await sb.widgetEvents(page, 'checkout:ready')).toHaveLength(1);
  });

  // Issue 15: the outcome is unknown, so the widget first checks the invoice (up to 15 s)
  // before it shows the error with Retry.
  test('the provider answers 503: a retryable error with a retry button', { tag: '@faults' }, async ({ page, request }, testInfo) => {
    test.setTimeout(60_000);
    try {
      const invoice = await sb.createInvoice(request, { name: 'Provider down', amount: '19.99', currency: 'AUD' });
      await sb.openCheckout(page, { invoice: invoice.id, source: sb.TOKENS.success, locale: 'en-AU' });
      await sb.setFault(request, { mode: 'fail-503', count: 1 });
      await page.getByTestId('pay-button').click();

      await expect(page.getByTestId('pay-button')).toHaveText('Checking your payment…');
      const error = page.getByTestId('error');
      await expect(error).toHaveAttribute('data-error-code', /^(proxy\.upstream-unavailable|gateway\.timeout)$/, { timeout: 25_000 });
      await expect(error).toBeFocused();
      const retry = page.getByTestId('retry-button');
      await expect(retry).toBeEnabled();
      const errors = await sb.widgetEvents(page, 'checkout:error');
      expect(errors).toHaveLength(1);
      expect(errors[0].detail).toMatchObject({ retryable: true });
      await expectNoA11yViolations(page, testInfo, 'pay-error-503');

      // The fault is used up: the retry goes through.
      await retry.click();
      await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
      const stored = await sb.getInvoice(request, invoice.id);
      expect(sb.authorizations(await sb.getTransaction(request, stored.transaction_id))).toHaveLength(1);
    } finally {
      await sb.clearFaults(request);
    }
  });
});
