// Embedding: the custom element inside a merchant's own shadow root, two widgets on one
// page (one from HTML, one from mount()), mount() twice, and theming through CSS variables.
const { test, expect } = require('@playwright/test');
const sb = require('./sandbox');

test('inside a merchant shadow root the widget renders, is styled and pays', async ({ page, request }) => {
  const problems = sb.watchProblems(page);
  const invoice = await sb.createInvoice(request, { name: 'Shadow lamp', amount: '19.90', currency: 'AUD' });
  await page.goto(`/examples/shadow.html?invoice=${invoice.id}&source=${sb.TOKENS.success}&locale=en-AU`);

  await expect(page.getByTestId('invoice-name')).toHaveText('Shadow lamp');
  // The widget lives two shadow roots deep: the merchant's, then its own.
  const depth = await page.evaluate(() => {
    const host = document.getElementById('cart').shadowRoot.querySelector('checkout-widget');
    return { own: !!host.shadowRoot, link: !!host.shadowRoot.querySelector('link[rel=stylesheet]') };
  });
  expect(depth).toEqual({ own: true, link: true });
  const button = page.getByTestId('pay-button');
  // The stylesheet reached the shadow tree: the button has the accent background.
  await expect(button).toHaveCSS('background-color', 'rgb(11, 92, 173)');
  await button.click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
  await expect(page.getByTestId('status')).toBeFocused();
  expect(problems).toEqual([]);
});

test('two widgets on one page keep their own invoices and state', async ({ page, request }) => {
  const first = await sb.createInvoice(request, { name: 'First thing', amount: '5.00', currency: 'USD' });
  const second = await sb.createInvoice(request, { name: 'Second thing', amount: '7.50', currency: 'EUR' });
  await page.goto(`/examples/two.html?first=${first.id}&second=${second.id}&source=${sb.TOKENS.success}`);

  const widgets = page.locator('checkout-widget, #second');
  const one = page.locator('#first');
  const two = page.locator('#second');
  await expect(one.getByTestId('invoice-name')).toHaveText('First thing');
  await expect(two.getByTestId('invoice-name')).toHaveText('Second thing');
  await expect(two.getByTestId('invoice-total')).toHaveText(/7,50/);
  expect(await widgets.count()).toBe(2);

  await two.getByTestId('pay-button').click();
  await expect(two.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
  // The other checkout is untouched and still payable.
  await expect(one.getByTestId('pay-button')).toBeEnabled();
  await expect(one.getByTestId('status')).toHaveCount(0);
  expect((await sb.getInvoice(request, first.id)).transaction_id ?? null).toBeNull();
});

test('an element inserted before its invoice-id mounts when the id is set, once', async ({ page, request }) => {
  const invoice = await sb.createInvoice(request, { name: 'Late id', amount: '3.00', currency: 'EUR' });
  await page.goto('/?invoice=iv_demoAmazingItemAUD&locale=en-GB');
  await expect(page.getByTestId('pay-button')).toBeEnabled();
  await page.evaluate(() => {
    const late = document.createElement('checkout-widget');
    late.id = 'late';
    for (const [name, value] of [['proxy-url', '/checkout'], ['project-id', 'test-proj_checkoutSandbox'], ['api-url', '/sandbox'], ['locale', 'en-GB']]) {
      late.setAttribute(name, value);
    }
    document.querySelector('main').append(late);
  });
  const late = page.locator('#late');
  // Connected without an id: nothing is mounted, nothing is asked of the proxy.
  await page.waitForTimeout(200);
  await expect(late.getByTestId('checkout')).toHaveCount(0);
  await page.evaluate((id) => document.getElementById('late').setAttribute('invoice-id', id), invoice.id);
  await expect(late.getByTestId('invoice-name')).toHaveText('Late id');
  await expect(late.getByTestId('pay-button')).toBeEnabled();
  // Another id later does not mount a second checkout.
  await page.evaluate(() => document.getElementById('late').setAttribute('invoice-id', 'iv_demoTeaSetJPY'));
  await page.waitForTimeout(300);
  await expect(late.getByTestId('checkout')).toHaveCount(1);
  await expect(late.getByTestId('invoice-name')).toHaveText('Late id');
});

test('mount() twice on one element mounts one checkout', async ({ page }) => {
  await page.goto('/examples/two.html');
  await expect(page.locator('#second').getByTestId('invoice-name')).toHaveText('Livres');
  const count = await page.evaluate(async () => {
    const { mount } = await import('/embed.js');
    const element = document.getElementById('second');
    await mount(element, { invoiceId: 'iv_demoBooksEUR' });
    await mount(element, { invoiceId: 'iv_demoBooksEUR' });
    return element.shadowRoot.querySelectorAll('[data-testid=checkout]').length;
  });
  expect(count).toBe(1);
});

test('the checkout is styled from its first frame: embed.js asks for the stylesheet beside the wasm', async ({ page, request }) => {
  const invoice = await sb.createInvoice(request, { name: 'Styled lamp', amount: '19.90', currency: 'AUD' });
  // A slow link, drawn out: the wasm takes 800 ms, the stylesheet 400 ms. Asked for only when
  // the checkout mounts, the stylesheet would come 400 ms after the invoice was on screen.
  const slow = (ms) => async (route) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await route.continue();
  };
  await page.route('**/checkout-widget_bg.wasm', slow(800));
  await page.route('**/checkout.css', slow(400));
  // What the customer sees in the first frame that shows the total: is it in the checkout's
  // bold (600, from checkout.css), or in the browser's default (400)?
  await page.addInitScript(() => {
    const find = (root) => {
      const hit = root.querySelector('[data-testid="invoice-total"]');
      if (hit) return hit;
      for (const el of root.querySelectorAll('*')) {
        const inner = el.shadowRoot && find(el.shadowRoot);
        if (inner) return inner;
      }
      return null;
    };
    const tick = () => {
      const total = document.documentElement && find(document);
      if (total && total.textContent.trim()) {
        window.firstTotalWeight = getComputedStyle(total).fontWeight;
        return;
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  // shadow.html has no preload hints of its own: the stylesheet's early start is embed.js's.
  await page.goto(`/examples/shadow.html?invoice=${invoice.id}&locale=en-AU`);
  await expect(page.getByTestId('invoice-total')).toHaveText('$19.90');
  expect(await page.evaluate(() => window.firstTotalWeight)).toBe('600');
});

test('until the wasm renders, embed.js shows the invoice name and total, as the widget then shows them', async ({ page, request }) => {
  const invoice = await sb.createInvoice(request, { name: 'Sketched lamp', amount: '1234.50', currency: 'EUR' });
  // The wasm is held back until the test lets it go.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/checkout-widget_bg.wasm', async (route) => { await held; await route.continue(); });
  await page.goto(`/?invoice=${invoice.id}&locale=de-DE`);
  const total = page.getByTestId('invoice-total');
  // Shown from the early answer, in the checkout's locale and styles, before any checkout.
  await expect(total).toHaveText('1.234,50 €');
  await expect(page.getByText('Sketched lamp')).toBeVisible();
  await expect(page.getByTestId('checkout')).toHaveCount(0);
  expect(await total.evaluate((el) => getComputedStyle(el).fontWeight)).toBe('600');
  const row = total.locator('xpath=..');
  await expect(row.locator('dt')).toHaveText('Gesamtbetrag');
  // The widget's own render replaces it with the same text, and nothing of it is left.
  release();
  await expect(page.getByTestId('pay-button')).toBeEnabled();
  await expect(total).toHaveText('1.234,50 €');
  await expect(total).toHaveCount(1);
  await expect(page.getByText('Sketched lamp')).toHaveCount(1);
});

test('an invoice the widget cannot show is not sketched: the error shows, never a total', async ({ page }) => {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/checkout-widget_bg.wasm', async (route) => { await held; await route.continue(); });
  const answered = page.waitForResponse((r) => r.url().includes('/checkout/invoices/iv_doesNotExist'));
  await page.goto('/?invoice=iv_doesNotExist&locale=en-GB');
  await answered;
  await page.waitForTimeout(300);
  await expect(page.getByTestId('invoice-total')).toHaveCount(0);
  release();
  await expect(page.getByTestId('error')).toBeVisible();
  await expect(page.getByTestId('invoice-total')).toHaveCount(0);
});

test('merchants theme the widget with --checkout-* custom properties', async ({ page }) => {
  await page.goto('/?invoice=iv_demoAmazingItemAUD');
  const button = page.getByTestId('pay-button');
  await expect(button).toHaveCSS('background-color', 'rgb(11, 92, 173)');
  // Set from script through the CSSOM (the page's CSP forbids inline styles).
  await page.evaluate(() => document.getElementById('checkout').style.setProperty('--checkout-accent', 'rgb(160, 20, 60)'));
  await expect(button).toHaveCSS('background-color', 'rgb(160, 20, 60)');
});

test('only the language pack the checkout speaks is fetched; without it the checkout speaks English', async ({ page }) => {
  const packs = [];
  page.on('request', (req) => {
    // A release build keeps the packs under the build's hash directory (/<hash>/i18n/).
    if (/\/i18n\/[a-z]+\.json$/.test(req.url())) {
      packs.push(new URL(req.url()).pathname.replace(/^\/[0-9a-f]{8}\//, '/'));
    }
  });
  await page.goto('/?invoice=iv_demoBooksEUR&locale=de-DE');
  await expect(page.getByTestId('pay-button')).toContainText('Bezahlen');
  expect(packs).toEqual(['/i18n/de.json']);

  // English needs no pack.
  packs.length = 0;
  await page.goto('/?invoice=iv_demoBooksEUR&locale=en-GB');
  await expect(page.getByTestId('pay-button')).toContainText('Pay');
  expect(packs).toEqual([]);

  // A pack that cannot be loaded leaves a working checkout, in English.
  await page.route('**/i18n/*.json', (route) => route.abort());
  await page.goto('/?invoice=iv_demoBooksEUR&locale=es-ES');
  await expect(page.getByTestId('pay-button')).toContainText('Pay');
  await expect(sb.cardFrame(page).getByTestId('card-number')).toBeEditable();
});
