// Helpers shared by the end-to-end tests: talk to the proxy's sandbox (docs/api.md) with its
// public sandbox credentials, and watch what the widget does in the page.
const { expect } = require('@playwright/test');

const PROJECT_ID = 'test-proj_checkoutSandbox';
const PRIVATE_KEY = 'key_sandbox_checkoutWidgetDemoKey0001';
const AUTH = `Basic ${Buffer.from(`${PROJECT_ID}:${PRIVATE_KEY}`).toString('base64')}`;

const TOKENS = {
  success: 'tok_test4242424242424242',
  noMoney: 'tok_test4000000000002206',
  pending: 'tok_test4000000000000309',
};

/** Calls the sandbox and returns the parsed JSON body, failing the test on an unexpected status. */
async function sandboxCall(request, method, path, body, expectedStatus = 200) {
  const response = await request.fetch(`/sandbox${path}`, {
    method,
    headers: { Authorization: AUTH, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    data: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  expect(response.status(), `${method} /sandbox${path} answered ${text}`).toBe(expectedStatus);
  return JSON.parse(text);
}

/** Creates a fresh, unpaid invoice (a paid invoice cannot be paid again). */
async function createInvoice(request, { name = 'E2E item', amount = '12.34', currency = 'AUD' } = {}) {
  const body = await sandboxCall(request, 'POST', '/invoices', { name, amount, currency });
  expect(body.success).toBe(true);
  expect(body.invoice.id).toMatch(/^iv_/);
  return body.invoice;
}

async function getInvoice(request, id) {
  return (await sandboxCall(request, 'GET', `/invoices/${id}?expand[]=transaction`)).invoice;
}

async function getTransaction(request, id) {
  return (await sandboxCall(request, 'GET', `/transactions/${id}`)).transaction;
}

async function getCard(request, id) {
  return (await sandboxCall(request, 'GET', `/cards/${id}`)).card;
}

function authorizations(transaction) {
  return (transaction.operations || []).filter((op) => op.type === 'authorization');
}

async function setFault(request, authorize) {
  await sandboxCall(request, 'POST', '/_faults', { authorize });
}

async function clearFaults(request) {
  await sandboxCall(request, 'DELETE', '/_faults');
}

/** Records every `checkout:*` event the widget dispatches into `window.__checkoutEvents`. */
async function recordWidgetEvents(page) {
  await page.addInitScript(() => {
    window.__checkoutEvents = [];
    for (const name of ['checkout:ready', 'checkout:submit', 'checkout:status', 'checkout:error']) {
      // Capture on the document: the events bubble (and are composed) from the host element.
      document.addEventListener(name, (event) => {
        window.__checkoutEvents.push({
          type: event.type,
          target: event.target && event.target.id,
          detail: JSON.parse(JSON.stringify(event.detail ?? null)),
        });
      }, true);
    }
  });
}

async function widgetEvents(page, type) {
  const events = await page.evaluate(() => window.__checkoutEvents);
  return type ? events.filter((e) => e.type === type) : events;
}

/** Collects the authorize requests the page sends, with their headers and parsed bodies. */
function watchAuthorize(page) {
  const sent = [];
  page.on('request', (req) => {
    if (req.method() === 'POST' && /\/checkout\/invoices\/[^/]+\/authorize$/.test(new URL(req.url()).pathname)) {
      sent.push({
        headers: req.headers(),
        allHeaders: () => req.allHeaders(),
        body: req.postDataJSON(),
        request: req,
      });
    }
  });
  return sent;
}

/** Page errors and console errors, to assert the widget did not crash. */
function watchProblems(page) {
  const problems = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  return problems;
}

/**
 * The hooks most specs share: every test records the widget's events, and fails if the
 * page threw (a panic in the wasm would show up there).
 */
function watchEveryTest(test) {
  let problems = [];
  test.beforeEach(async ({ page }) => {
    problems = watchProblems(page);
    await recordWidgetEvents(page);
  });
  test.afterEach(async () => {
    expect(problems, 'the widget must not throw').toEqual([]);
  });
}

/** Opens the demo page on `invoiceId` paying with `source`, and waits for the invoice. */
async function openCheckout(page, { invoice, source, locale }) {
  const params = new URLSearchParams({ invoice });
  if (locale) params.set('locale', locale);
  if (source) params.set('source', source);
  await page.goto(`/?${params}`);
  await expect(page.getByTestId('pay-button')).toBeEnabled();
}

// Tests enter the card frame with a click before they type, as a customer does (or Tab).
// Typing alone makes Playwright focus the field from a script inside the frame, which Chromium
// may refuse in a cross-origin frame the page has not focused yet: the keys then go to the
// page, and the field stays empty (seen in CI, one test in seventy, under load).
/**
 * The card frame of the page's checkout (card-frame.html, served from the widget's origin):
 * the document where the card fields are. `scope` narrows it to one checkout.
 */
function cardFrame(page, scope = page) {
  return scope.frameLocator('iframe[data-testid=card-frame]');
}

/** True when axe's results include nodes inside a frame (their target names the frame first). */
function axeSawAFrame(results) {
  return ['passes', 'violations', 'incomplete']
    .some((kind) => results[kind].some((rule) => rule.nodes.some((node) => node.target.length > 1)));
}

/**
 * Runs axe (`build` returns a configured AxeBuilder) and returns its results. With
 * `frames`, the card frame must have been looked into: @axe-core/playwright gives each frame
 * one second to take axe's script and silently leaves out a frame that took longer (a busy
 * machine), so the run is repeated, up to three times, until the frame is in the results;
 * a run that never saw it fails.
 */
async function axeResults(build, { frames = false } = {}) {
  let results;
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    results = await build().analyze();
    if (!frames || axeSawAFrame(results)) return results;
  }
  expect(axeSawAFrame(results), 'axe looked inside the card frame (three runs left it out)').toBe(true);
  return results;
}

module.exports = {
  axeResults,
  cardFrame,
  TOKENS,
  sandboxCall,
  createInvoice,
  getInvoice,
  getTransaction,
  getCard,
  authorizations,
  setFault,
  clearFaults,
  recordWidgetEvents,
  widgetEvents,
  watchAuthorize,
  watchProblems,
  watchEveryTest,
  openCheckout,
};
