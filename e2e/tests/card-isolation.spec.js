// Issue 17: the card is typed in the card frame, a document of the widget's own origin
// (http://127.0.0.1:<port + 20>, the proxy's second listener), which no script of the
// merchant's page (http://127.0.0.1:<port>) can read. These tests run the real widget on the
// demo page and attack it the way a compromised page would.
const { test, expect } = require('@playwright/test');
const sb = require('./sandbox');

const PORT = Number(process.env.E2E_PORT || 18080);
const ASSETS = `http://127.0.0.1:${PORT + 20}`;
const OTHER_ORIGIN = `http://127.0.0.1:${PORT + 10}`;
const VISA = '4242424242424242';
const CVC = '737';

sb.watchEveryTest(test);

/** Opens the demo page's typed-card checkout for a fresh invoice, from `base`. */
async function open(page, request, { base = '', locale = 'en-GB' } = {}) {
  const invoice = await sb.createInvoice(request, { name: 'Isolated card', amount: '19.99', currency: 'EUR' });
  await page.goto(`${base}/?${new URLSearchParams({ invoice: invoice.id, locale })}`);
  await expect(page.getByTestId('pay-button')).toBeEnabled();
  // Visible, not only editable: the frame shows its form once the checkout has set it up, and
  // a script's events before that (the autofill test's) would meet a frame not yet listening.
  await expect(sb.cardFrame(page).getByTestId('card-number')).toBeVisible();
  await expect(sb.cardFrame(page).getByTestId('card-number')).toBeEditable();
  return invoice;
}

async function typeCard(page, number = VISA, cvc = CVC) {
  const frame = sb.cardFrame(page);
  await frame.getByTestId('card-number').click();
  await frame.getByTestId('card-number').pressSequentially(number);
  await frame.getByTestId('card-expiry').pressSequentially('1230');
  await frame.getByTestId('card-cvc').pressSequentially(cvc);
  await frame.getByTestId('card-name').fill('Ada Lovelace');
}

/**
 * A skimmer, as a compromised tag on the merchant's page would run it: every keyboard,
 * input, change and paste event on the document (capture phase, composed paths included),
 * and every input value it can reach by walking the document, every shadow root and every
 * frame whose document it can open, twenty times a second.
 */
function installSkimmer() {
  if (window.top !== window) return;
  const seen = [];
  window.__skimmed = seen;
  const note = (what) => { if (what) seen.push(String(what)); };
  for (const type of ['keydown', 'keypress', 'keyup', 'input', 'beforeinput', 'change', 'paste']) {
    document.addEventListener(type, (event) => {
      note(event.key);
      note(event.data);
      for (const target of event.composedPath()) note(target && target.value);
    }, true);
  }
  window.__walks = 0;
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if ('value' in el) note(el.value);
      // Proof that the walk reaches inside the checkout: its button's text.
      if (el.tagName === 'BUTTON') note(el.textContent);
      if (el.shadowRoot) walk(el.shadowRoot);
      if (el.tagName === 'IFRAME') {
        try { if (el.contentDocument) walk(el.contentDocument); } catch (_) { note('blocked'); }
      }
    }
  };
  setInterval(() => { window.__walks += 1; walk(document); }, 50);
}

test('a skimmer on the page reads no digit of the card, and no request of the page carries it; the card pays', async ({ page, request }) => {
  await page.addInitScript(installSkimmer);
  const fromPage = [];
  page.on('request', (r) => {
    if (r.frame() === page.mainFrame()) fromPage.push(`${r.url()} ${r.postData() || ''}`);
  });
  const invoice = await open(page, request);
  const walksBefore = await page.evaluate(() => window.__walks);
  await typeCard(page);
  await sb.cardFrame(page).getByTestId('card-name').press('Enter');
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');

  const skimmed = await page.evaluate(() => window.__skimmed.join('\n'));
  // The skimmer did run while the card was typed and paid (every 50 ms; a count, not a
  // duration, so a fast machine passes too) and did reach into the checkout's shadow root
  // (its pay button).
  expect(await page.evaluate(() => window.__walks) - walksBefore).toBeGreaterThanOrEqual(2);
  expect(skimmed).toContain('Pay');
  for (const digit of '0123456789') {
    expect(skimmed.split('\n').filter((s) => s === digit), `digit ${digit} keyed`).toEqual([]);
  }
  for (const secret of [VISA, '4242 4242', CVC, '4242']) {
    expect(skimmed).not.toContain(secret);
  }
  // The page's own requests (the proxy's API among them) carry neither number nor CVC.
  expect(fromPage.some((r) => r.includes('/authorize'))).toBe(true);
  for (const r of fromPage) {
    expect(r).not.toContain(VISA);
    expect(r).not.toContain(`"cvc2":"${CVC}"`);
  }
  // The provider did get the card: from the frame, once.
  const stored = await sb.getInvoice(request, invoice.id);
  const transaction = await sb.getTransaction(request, stored.transaction_id);
  expect(sb.authorizations(transaction)).toHaveLength(1);
  expect((await sb.getCard(request, transaction.card_id)).last_4_digits).toBe('4242');
});

test('the frame is of the widget\'s origin, and the page cannot open its document', async ({ page, request }) => {
  await open(page, request);
  const frame = page.frames().find((f) => f.url().includes('card-frame.html'));
  expect(new URL(frame.url()).origin).toBe(ASSETS);
  const reach = await page.evaluate(() => {
    const iframe = document.querySelector('checkout-widget').shadowRoot.querySelector('iframe');
    try { return iframe.contentDocument === null ? 'null' : 'open'; } catch (_) { return 'blocked'; }
  });
  expect(reach).not.toBe('open');
});

test('lookalike messages from the page and from a frame of a third origin change nothing', async ({ page, request }) => {
  await open(page, request);
  const frame = sb.cardFrame(page);
  const box = page.getByTestId('card-frame-box');
  const heightBefore = await page.getByTestId('card-frame').evaluate((f) => f.getBoundingClientRect().height);
  const forge = async () => page.evaluate(([other]) => {
    const F = '\u001f';
    const iframe = document.querySelector('checkout-widget').shadowRoot.querySelector('iframe');
    const nonce = new URL(iframe.src).hash.match(/n=([^&]+)/)[1];
    const lookalikes = [
      `ckf1${F}hello${F}${nonce}`,
      `ckf1${F}submit`,
      `ckf1${F}height${F}9`,
      `ckf1${F}state${F}1${F}1${F}1`,
      `ckf1${F}tokenized${F}1${F}card_forged${F}visa${F}4242${F}12${F}2030`,
      { type: 'submit' },
    ];
    // To the checkout, from the page itself.
    for (const m of lookalikes) window.postMessage(m, '*');
    // To the frame, from its parent (the page), through a port of the page's own: a second
    // init, with the real nonce, that would turn the frame's answers to the page.
    const channel = new MessageChannel();
    window.__answers = [];
    channel.port1.onmessage = (e) => window.__answers.push(e.data);
    const init = ['ckf1', 'init', nonce, 'de', 'rtl', 'http://127.0.0.1:1/steal', 'p', '', '', '0'].join(F);
    iframe.contentWindow.postMessage(init, '*', [channel.port2]);
    channel.port1.postMessage(`ckf1${F}tokenize${F}1`);
    iframe.contentWindow.postMessage(`ckf1${F}clear`, '*');
    iframe.contentWindow.postMessage(`ckf1${F}lock${F}1`, '*');
    // A frame of a third origin posts the same to the page.
    const third = document.createElement('iframe');
    third.src = `${other}/forge.html`;
    document.body.append(third);
  }, [OTHER_ORIGIN]);
  await frame.getByTestId('card-number').click();
  await frame.getByTestId('card-number').pressSequentially(VISA);
  await forge();
  // Give every forgery time to arrive.
  await page.waitForTimeout(500);
  // Nothing changed: no payment started, the fields are as typed and enabled, the frame is
  // still English and left to right, nobody answered the page's port, the height is the
  // frame's own.
  await expect(page.getByTestId('status')).toHaveCount(0);
  await expect(page.getByTestId('pay-button')).toBeEnabled();
  expect(await sb.widgetEvents(page, 'checkout:submit')).toEqual([]);
  await expect(frame.getByTestId('card-number')).toHaveValue('4242 4242 4242 4242');
  await expect(frame.getByTestId('card-number')).toBeEditable();
  await expect(frame.locator('html')).toHaveAttribute('dir', 'ltr');
  expect(await page.evaluate(() => window.__answers)).toEqual([]);
  expect(await box.getAttribute('data-complete')).toBeNull();
  const heightAfter = await page.getByTestId('card-frame').evaluate((f) => f.getBoundingClientRect().height);
  expect(heightAfter).toBe(heightBefore);
  // And the real checkout still pays.
  await frame.getByTestId('card-expiry').pressSequentially('1230');
  await frame.getByTestId('card-cvc').pressSequentially(CVC);
  await frame.getByTestId('card-name').fill('Ada Lovelace');
  await page.getByTestId('pay-button').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
});

test('autofill fills the four fields at once: formatted, complete, and it pays', async ({ page, request }) => {
  await open(page, request);
  const frame = sb.cardFrame(page);
  // What a browser's autofill does: every value set, then an input event per field.
  await frame.locator('form').evaluate((form) => {
    const values = { 'card-number': '4242424242424242', 'card-expiry': '12/30', 'card-cvc': '737', 'card-name': 'Ada Lovelace' };
    for (const [id, value] of Object.entries(values)) form.querySelector(`[data-testid=${id}]`).value = value;
    for (const id of Object.keys(values)) {
      form.querySelector(`[data-testid=${id}]`).dispatchEvent(new Event('input', { bubbles: true }));
    }
  });
  await expect(frame.getByTestId('card-number')).toHaveValue('4242 4242 4242 4242');
  await expect(page.getByTestId('card-frame-box')).toHaveAttribute('data-complete', '');
  await page.getByTestId('pay-button').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
});

test('Tab and Shift+Tab go from the frame\'s fields to the pay button and back', async ({ page, request }) => {
  await open(page, request);
  const frame = sb.cardFrame(page);
  // The customer clicks into the number (not a script's focus()), then only uses the keyboard.
  await frame.getByTestId('card-number').click();
  await expect(frame.getByTestId('card-number')).toBeFocused();
  for (const id of ['card-expiry', 'card-cvc', 'card-name']) {
    await page.keyboard.press('Tab');
    await expect(frame.getByTestId(id)).toBeFocused();
  }
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('pay-button')).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(frame.getByTestId('card-name')).toBeFocused();
  for (const id of ['card-cvc', 'card-expiry', 'card-number']) {
    await page.keyboard.press('Shift+Tab');
    await expect(frame.getByTestId(id)).toBeFocused();
  }
});

test('errors appear inside the frame, which grows to show them: no scrollbar, nothing clipped', async ({ page, request }) => {
  await open(page, request);
  const frame = sb.cardFrame(page);
  const iframe = page.getByTestId('card-frame');
  const before = await iframe.evaluate((f) => f.getBoundingClientRect().height);
  await page.getByTestId('pay-button').click();
  await expect(frame.getByTestId('card-number-error')).toHaveText('Enter your card number.');
  await expect(frame.getByTestId('card-number')).toBeFocused();
  await expect(page.getByTestId('card-frame-box')).toHaveAttribute('data-invalid', '');
  // Focus went to the frame's first field in error.
  await expect.poll(() => iframe.evaluate((f) => f.getBoundingClientRect().height)).toBeGreaterThanOrEqual(before);
  const fits = await frame.locator('html').evaluate((html) => html.scrollHeight <= window.innerHeight);
  expect(fits).toBe(true);
  // Nothing was sent anywhere.
  expect(await sb.widgetEvents(page, 'checkout:submit')).toEqual([]);
});

test('the frame takes the checkout\'s theme, language and direction', async ({ page, request }) => {
  await page.addInitScript(() => {
    // The merchant's page only (init scripts run in every frame).
    if (window.top !== window) return;
    document.addEventListener('DOMContentLoaded', () => {
      const widget = document.querySelector('checkout-widget');
      widget.style.setProperty('--checkout-accent', 'rgb(1, 2, 3)');
      // Used as a border colour, so the page itself loads nothing from it.
      widget.style.setProperty('--checkout-border', 'url(https://example.invalid/x.png)');
    });
  });
  await open(page, request, { locale: 'ar-KW' });
  const frame = sb.cardFrame(page);
  await expect(frame.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(frame.locator('html')).toHaveAttribute('lang', 'ar-KW');
  await expect(frame.getByLabel('رقم البطاقة', { exact: true })).toHaveAttribute('data-testid', 'card-number');
  const theme = await frame.locator('html').evaluate((html) => {
    const style = getComputedStyle(html);
    return { accent: style.getPropertyValue('--checkout-accent').trim(), border: style.getPropertyValue('--checkout-border').trim() };
  });
  expect(theme.accent).toBe('rgb(1, 2, 3)');
  // A value that would load something is not passed on.
  expect(theme.border).not.toContain('url(');
  // The iframe's title is translated too.
  await expect(page.getByTestId('card-frame')).toHaveAttribute('title', /\S/);
  await expect(page.getByTestId('card-frame')).not.toHaveAttribute('title', 'Card details');
});

test('served from the page\'s own origin, the frame works and the console says the card is not isolated', async ({ page, request }) => {
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await open(page, request, { base: ASSETS });
  const frame = page.frames().find((f) => f.url().includes('card-frame.html'));
  expect(new URL(frame.url()).origin).toBe(ASSETS);
  await typeCard(page);
  await page.getByTestId('pay-button').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
  const same = warnings.filter((w) => w.includes('card frame is served from this page\'s own origin'));
  expect(same).toHaveLength(1);
});

test('on the isolated demo page there is no such warning', async ({ page, request }) => {
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await open(page, request);
  expect(warnings.filter((w) => w.includes('card frame'))).toEqual([]);
});

test('a saved source never loads the card frame', async ({ page, request }) => {
  const frames = [];
  page.on('request', (r) => { if (r.url().includes('card-frame')) frames.push(r.url()); });
  const invoice = await sb.createInvoice(request);
  await page.goto(`/?invoice=${invoice.id}&source=${sb.TOKENS.success}`);
  await expect(page.getByTestId('pay-button')).toBeEnabled();
  await expect(page.getByTestId('card-frame')).toHaveCount(0);
  expect(frames).toEqual([]);
});

test('the pay button does not move when the frame arrives: its height is reserved', async ({ page, request }) => {
  const invoice = await sb.createInvoice(request);
  // The frame's page is held until the checkout has been measured without it, however slow
  // the machine: the checkout is seen before the frame and after it.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/card-frame.html*', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`/?invoice=${invoice.id}&locale=en-GB`);
  await expect(page.getByTestId('pay-button')).toBeVisible();
  await expect(page.getByTestId('card-frame-box')).toHaveAttribute('data-frame', 'loading');
  const before = await page.getByTestId('pay-button').boundingBox();
  release();
  await expect(page.getByTestId('card-frame-box')).toHaveAttribute('data-frame', 'ready');
  await expect(sb.cardFrame(page).getByTestId('card-number')).toBeEditable();
  const after = await page.getByTestId('pay-button').boundingBox();
  expect(after.y).toBe(before.y);
});
