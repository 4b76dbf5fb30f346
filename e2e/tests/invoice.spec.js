// The demo merchant page shows the seeded invoice, loaded through the proxy from the sandbox.
const { test, expect } = require('@playwright/test');

/** Collects CSP violations and page errors so a test can assert there were none. */
function watchProblems(page) {
  const problems = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  return problems;
}

test('the demo page renders the seeded invoice under a strict CSP', async ({ page }) => {
  const problems = watchProblems(page);
  const response = await page.goto('/');
  const csp = response.headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).not.toContain('unsafe-inline');

  await expect(page.getByTestId('invoice-name')).toHaveText('Amazing item');
  await expect(page.getByTestId('invoice-total')).toHaveText(/4\.99/);
  expect(problems).toEqual([]);
});

test('Trusted Types are enforced on the page and in the card frame, and the checkout needs none', async ({ page }) => {
  const problems = watchProblems(page);
  const response = await page.goto('/');
  expect(response.headers()['content-security-policy']).toContain("require-trusted-types-for 'script'; trusted-types 'none'");
  await expect(page.getByTestId('invoice-total')).toHaveText(/4\.99/);
  const frame = page.frameLocator('iframe[data-testid=card-frame]');
  await expect(frame.locator('input').first()).toBeVisible();
  // The checkout and its frame rendered without a single report.
  expect([...problems]).toEqual([]);
  // Enforced, not only announced: writing HTML from a string throws in both documents, and
  // no policy can be made to get around it.
  const sinks = () => {
    const tries = {};
    try { document.createElement('div').innerHTML = '<b>x</b>'; tries.html = 'written'; } catch (e) { tries.html = e.name; }
    try { trustedTypes.createPolicy('x', {}); tries.policy = 'made'; } catch (e) { tries.policy = e.name; }
    return tries;
  };
  expect(await page.evaluate(sinks)).toEqual({ html: 'TypeError', policy: 'TypeError' });
  const cardFrame = page.frames().find((f) => f.url().includes('card-frame.html'));
  expect(await cardFrame.evaluate(sinks)).toEqual({ html: 'TypeError', policy: 'TypeError' });
});

test('the page picks the invoice and locale from its URL', async ({ page }) => {
  await page.goto('/?invoice=iv_demoBooksEUR&locale=fr-FR');
  await expect(page.getByTestId('invoice-name')).toHaveText('Livres');
  const total = await page.getByTestId('invoice-total').textContent();
  expect(total.replace(/[\u00a0\u202f]/g, ' ')).toBe('45,10 €');
});

test('JPY shows no decimals and KWD three', async ({ page }) => {
  await page.goto('/?invoice=iv_demoTeaSetJPY&locale=en-US');
  await expect(page.getByTestId('invoice-total')).toHaveText('¥6,550');
  await page.goto('/?invoice=iv_demoOudKWD&locale=en-US');
  await expect(page.getByTestId('invoice-total')).toHaveText(/^KWD\s27\.505$/);
});

test('a line\'s quantity is in the locale\'s digits, like its amounts', async ({ page }) => {
  await page.goto('/?invoice=iv_demoOudKWD&locale=ar-KW');
  const line = page.locator('.checkout__line-qty');
  // "12.250 KWD × 2" in Arabic: Arabic-Indic digits throughout, the quantity's included.
  await expect(line).toHaveText(/× ٢$/);
  expect(await line.textContent()).not.toMatch(/[0-9]/);
  await page.goto('/?invoice=iv_demoOudKWD&locale=en-US');
  await expect(page.locator('.checkout__line-qty')).toHaveText(/× 2$/);
});

test('an unknown invoice shows a clear error with a retry button', async ({ page }) => {
  await page.goto('/?invoice=iv_doesNotExist');
  const error = page.getByTestId('error');
  await expect(error).toHaveAttribute('data-error-code', 'resource.invoice.not-found');
  await expect(error).toContainText('could not be found');
  await expect(page.getByTestId('retry-button')).toBeVisible();
});

test('a hostile invoice name from the provider is shown as text, never run', async ({ page, request }) => {
  const sb = require('./sandbox');
  const name = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const invoice = await sb.createInvoice(request, { name, amount: '1.00', currency: 'EUR' });
  await page.goto(`/?invoice=${invoice.id}&locale=en-US`);
  await expect(page.getByTestId('invoice-name')).toHaveText(name);
  const found = await page.evaluate(() => {
    const root = document.getElementById('checkout').shadowRoot;
    return { img: root.querySelectorAll('img').length, script: root.querySelectorAll('script').length, pwned: window.__pwned ?? null };
  });
  expect(found).toEqual({ img: 0, script: 0, pwned: null });
});
