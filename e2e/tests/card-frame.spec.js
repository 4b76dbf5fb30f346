// The card frame on its own (issue 17): card-frame.html from the proxy's origin, framed by a
// stand-in host on another origin (fixtures/other-origin/frame-host.html) that speaks the
// contract of core/src/frame.rs by hand. What the checkout does with the frame is
// card-isolation.spec.js; this is what the frame itself promises any host: the handshake and
// nothing else, the card to the provider and only its summary to the host, its fields,
// errors, keyboard, theme, direction and height, and a connect-src that keeps the card from
// any other URL.
const { test, expect } = require('@playwright/test');
const AxeBuilder = require('@axe-core/playwright').default;
const sb = require('./sandbox');

const PORT = Number(process.env.E2E_PORT || 18080);
// The proxy: it serves card-frame.html and, in sandbox mode, the provider's API.
const BASE = `http://127.0.0.1:${PORT}`;
const FRAME = `${BASE}/card-frame.html`;
const API = `${BASE}/sandbox`;
// The stand-in host's origin, and a third one (the same server by another name).
const HOST = `http://127.0.0.1:${PORT + 10}`;
const THIRD = `http://localhost:${PORT + 10}`;
const F = '\u001f';
const VISA = '4242424242424242';
const CVC = '737';

/** Fails the test if the host page or the frame throws. */
let problems = [];
test.beforeEach(({ page }) => {
  problems = sb.watchProblems(page);
});
test.afterEach(() => {
  expect(problems, 'neither the host nor the frame may throw').toEqual([]);
});

/** Opens the stand-in host on the frame and waits for the frame's hello. */
async function openHost(page, query = {}) {
  await page.goto(`${HOST}/frame-host.html?${new URLSearchParams({ frame: FRAME, ...query })}`);
  if (query.hash === undefined) await expect.poll(() => messages(page, 'window')).toHaveLength(1);
  return page.frameLocator('#frame');
}

/** The contract's messages the host got, as [type, ...fields]. */
function messages(page, via) {
  return page.evaluate((v) => window.host.messages(v), via);
}

/** Waits for the first message of `type` on the port and returns its fields. */
async function answer(page, type) {
  await expect.poll(async () => (await messages(page, 'port')).some((m) => m[0] === type), `a ${type} message`).toBe(true);
  return (await messages(page, 'port')).find((m) => m[0] === type);
}

/** The handshake's second half (init with a port), then waits for the frame's ready. */
async function init(page, options = {}) {
  await page.evaluate((o) => window.host.init(o), { api: API, ...options });
  await answer(page, 'ready');
}

async function send(page, ...fields) {
  await page.evaluate((text) => window.host.send(text), ['ckf1', ...fields].join(F));
}

async function typeCard(frame, number = VISA) {
  await frame.getByTestId('card-number').click();
  await frame.getByTestId('card-number').pressSequentially(number);
  await frame.getByTestId('card-expiry').pressSequentially('1230');
  await frame.getByTestId('card-cvc').pressSequentially(CVC);
  await frame.getByTestId('card-name').fill('Ada Lovelace');
}

/** Every request to a tokenize endpoint, from any frame of the page. */
function watchCards(page) {
  const seen = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.endsWith('/cards')) seen.push(r);
  });
  return seen;
}

test('the handshake, then tokenize: the provider gets the card, the host its summary only', async ({ page, request }) => {
  const cards = watchCards(page);
  const toProxy = [];
  page.on('request', (r) => { if (r.url().includes('/checkout/')) toProxy.push(r.url()); });
  const frame = await openHost(page);
  const nonce = await page.evaluate(() => window.host.nonce);
  // The hello came from the frame's window, from its origin, with the nonce of its URL.
  const [hello] = await page.evaluate(() => window.host.received);
  expect(hello).toEqual({ via: 'window', from: 'frame', origin: BASE, data: `ckf1${F}hello${F}${nonce}` });
  // Nothing shows before the init.
  await expect(frame.locator('form')).toBeHidden();
  await init(page);
  await expect(frame.getByLabel('Card number')).toBeVisible();
  await expect(frame.getByTestId('card-number')).toHaveAttribute('autocomplete', 'cc-number');
  expect(await frame.locator('html').evaluate(() => document.title)).toBe('Card details');

  await typeCard(frame);
  await expect(frame.getByTestId('card-number')).toHaveValue('4242 4242 4242 4242');
  await send(page, 'tokenize', '7');
  const [, id, token, brand, last4, month, year] = await answer(page, 'tokenized');
  expect({ id, brand, last4, month, year }).toEqual({ id: '7', brand: 'visa', last4: '4242', month: '12', year: '2030' });
  expect(token).toMatch(/^card_[A-Za-z0-9]+$/);

  // One POST, as the widget's own tokenize sent it: public project id, ProcessOut's fields.
  expect(cards).toHaveLength(1);
  const [post] = cards;
  expect(post.method()).toBe('POST');
  expect(post.url()).toBe(`${API}/cards`);
  const headers = await post.allHeaders();
  expect(headers.authorization).toBe(`Basic ${Buffer.from('test-proj_checkoutSandbox:').toString('base64')}`);
  expect(headers['content-type']).toBe('application/json');
  expect(post.postDataJSON()).toEqual({ number: VISA, exp_month: 12, exp_year: 2030, cvc2: CVC, name: 'Ada Lovelace' });
  // The host got no more than the last four digits; tokenizing paid nothing.
  // The nonce is left out: 32 random hex digits hold "737" about once in 140 runs (seen).
  const fields = (await page.evaluate(() => window.host.received))
    .flatMap((m) => String(m.data).split(F))
    .filter((f) => f !== nonce);
  expect(fields.filter((f) => f.includes('42424242') || f.includes(CVC))).toEqual([]);
  expect(toProxy).toEqual([]);
  // The sandbox holds the card the frame sent.
  const card = await sb.getCard(request, token);
  expect(card.last_4_digits).toBe('4242');
  expect(card.exp_month).toBe(12);
  expect(String(card.exp_year)).toBe('2030');
  expect(card.name).toBe('Ada Lovelace');
});

test('without a valid origin and nonce in its URL the frame says nothing', async ({ page }) => {
  const nonce = 'a'.repeat(32);
  for (const hash of [
    `n=${nonce}`,
    `o=${encodeURIComponent(HOST)}&n=short`,
    `o=${encodeURIComponent(`${HOST}/path`)}&n=${nonce}`,
    `o=*&n=${nonce}`,
  ]) {
    const frame = await openHost(page, { hash });
    await expect(frame.locator('form')).toBeAttached();
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => window.host.received), hash).toEqual([]);
  }
});

test('lookalike messages on the window, from the parent or a third origin, change nothing', async ({ page }) => {
  const cards = watchCards(page);
  const frame = await openHost(page);
  const nonce = await page.evaluate(() => window.host.nonce);
  // From the frame's parent, at the right origin, but not as the contract says: a wrong
  // nonce, no port, two ports, not text, a request that belongs on the port.
  const forge = (api) => page.evaluate(([a, f]) => {
    window.forgedAnswers = window.forgedAnswers || [];
    const port = () => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => window.forgedAnswers.push(event.data);
      return channel.port2;
    };
    const { host } = window;
    host.forge(host.initText({ api: a, nonce: 'someone_elses_nonce_0000' }), [port()]);
    host.forge(host.initText({ api: a }));
    host.forge(host.initText({ api: a }), [port(), port()]);
    host.forge({ text: host.initText({ api: a }) }, [port()]);
    host.forge(`ckf1${f}tokenize${f}1`, [port()]);
    host.forge(`ckf1${f}lock${f}1`);
  }, [api, F]);
  const third = async () => {
    const before = await page.evaluate(() => window.host.received.filter((m) => m.data && m.data.forger === 'sent').length);
    await page.evaluate((src) => window.host.addFrame(src), `${THIRD}/frame-forge.html?${new URLSearchParams({ n: nonce, api: API })}`);
    await expect.poll(() => page.evaluate(() => window.host.received.filter((m) => m.data && m.data.forger === 'sent').length)).toBe(before + 1);
  };
  await forge(API);
  // A page of a third origin beside it, with the right nonce and a port of its own.
  await third();
  await page.waitForTimeout(300);
  await expect(frame.locator('form')).toBeHidden();

  // The real init still gets through, and is the one that counts.
  await init(page, { lang: 'en-GB' });
  await typeCard(frame);
  await forge(API);
  await third();
  await page.waitForTimeout(300);
  await expect(frame.locator('html')).toHaveAttribute('lang', 'en-GB');
  await expect(frame.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(frame.getByTestId('card-number')).toBeEditable();
  expect(await page.evaluate(() => window.forgedAnswers)).toEqual([]);
  const forger = await page.evaluate(() => window.host.received.filter((m) => m.data && m.data.forger).map((m) => m.data.forger));
  expect(forger).toEqual(['sent', 'sent']);
  expect(cards).toHaveLength(0);
  // The host's port still works.
  await send(page, 'tokenize', '3');
  await answer(page, 'tokenized');
  expect(cards).toHaveLength(1);
});

test('Enter in a field asks the host to pay; the frame sends nothing itself', async ({ page }) => {
  const cards = watchCards(page);
  const frame = await openHost(page);
  await init(page);
  await typeCard(frame);
  await frame.getByTestId('card-name').press('Enter');
  await answer(page, 'submit');
  await frame.getByTestId('card-expiry').press('Enter');
  await expect.poll(async () => (await messages(page, 'port')).filter((m) => m[0] === 'submit')).toHaveLength(2);
  expect(cards).toHaveLength(0);
});

test('autofill: all four fields set at once end formatted, complete and checked right', async ({ page }) => {
  const frame = await openHost(page);
  await init(page);
  await frame.locator('form').evaluate((form) => {
    const values = { 'card-number': '4242424242424242', 'card-expiry': '12/2030', 'card-cvc': '737', 'card-name': 'Ada Lovelace' };
    for (const [id, value] of Object.entries(values)) form.querySelector(`#${id}`).value = value;
    for (const id of Object.keys(values)) form.querySelector(`#${id}`).dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect(frame.getByTestId('card-number')).toHaveValue('4242 4242 4242 4242');
  await expect(frame.getByTestId('card-expiry')).toHaveValue('12/30');
  await expect.poll(async () => (await messages(page, 'port')).filter((m) => m[0] === 'state').pop()).toEqual(['state', '0', '0', '1']);
  await send(page, 'check', '4');
  expect(await answer(page, 'checked')).toEqual(['checked', '4', '']);
});

test('Tab and Shift+Tab cross the frame\'s edge natively, in field order', async ({ page }) => {
  const frame = await openHost(page);
  await init(page);
  await page.locator('#before').focus();
  for (const id of ['card-number', 'card-expiry', 'card-cvc', 'card-name']) {
    await page.keyboard.press('Tab');
    await expect(frame.getByTestId(id)).toBeFocused();
  }
  await page.keyboard.press('Tab');
  await expect(page.locator('#after')).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(frame.getByTestId('card-name')).toBeFocused();
  for (const id of ['card-cvc', 'card-expiry', 'card-number']) {
    await page.keyboard.press('Shift+Tab');
    await expect(frame.getByTestId(id)).toBeFocused();
  }
  await page.keyboard.press('Shift+Tab');
  await expect(page.locator('#before')).toBeFocused();
  // Focus came in and left twice; moving between the frame's fields said nothing. Polled:
  // the frame posts the last "left" after the host's field has taken focus (seen once).
  const states = async () => (await messages(page, 'port')).filter((m) => m[0] === 'state').map((m) => m[1]);
  await expect.poll(states).toEqual(['1', '0', '1', '0']);
});

test('the host\'s theme reaches the frame\'s styles', async ({ page }) => {
  const frame = await openHost(page);
  await init(page, {
    theme: [
      ['--checkout-accent', 'rgb(1, 2, 3)'],
      ['--checkout-font', 'monospace'],
      ['--checkout-input-border', 'rgb(4, 5, 6)'],
      ['--checkout-radius', '3px'],
      ['--checkout-danger', 'rgb(150, 0, 0)'],
    ],
  });
  const style = await frame.getByTestId('card-number').evaluate((input) => {
    const root = getComputedStyle(document.documentElement);
    const own = getComputedStyle(input);
    return {
      accent: root.getPropertyValue('--checkout-accent').trim(),
      font: getComputedStyle(document.body).fontFamily,
      border: own.borderTopColor,
      radius: own.borderTopLeftRadius,
    };
  });
  expect(style).toEqual({ accent: 'rgb(1, 2, 3)', font: 'monospace', border: 'rgb(4, 5, 6)', radius: '3px' });
  await send(page, 'check', '1');
  await expect(frame.getByTestId('card-number-error')).toHaveCSS('color', 'rgb(150, 0, 0)');
  await expect(frame.getByTestId('card-number')).toHaveCSS('border-top-color', 'rgb(150, 0, 0)');
});

test('in Arabic the frame is right to left: texts, title and layout', async ({ page }) => {
  const frame = await openHost(page);
  await init(page, {
    lang: 'ar-KW',
    dir: 'rtl',
    texts: [
      ['label.CardDetails', 'بيانات البطاقة'],
      ['label.CardNumber', 'رقم البطاقة'],
      ['label.CardExpiry', 'تاريخ الانتهاء (MM/YY)'],
      ['card.number.missing', 'يُرجى إدخال رقم بطاقتك.'],
    ],
  });
  const html = frame.locator('html');
  await expect(html).toHaveAttribute('dir', 'rtl');
  await expect(html).toHaveAttribute('lang', 'ar-KW');
  expect(await frame.locator('html').evaluate(() => document.title)).toBe('بيانات البطاقة');
  await expect(frame.locator('legend')).toHaveText('بيانات البطاقة');
  await expect(frame.getByLabel('رقم البطاقة', { exact: true })).toHaveAttribute('data-testid', 'card-number');
  // A text the host did not send is core's English.
  await expect(frame.getByLabel('Security code', { exact: true })).toHaveAttribute('data-testid', 'card-cvc');
  // Right-aligned: a label's text starts at its input's right edge, expiry is right of the CVC.
  const box = (selector) => frame.locator(selector).evaluate((el) => {
    if (el.tagName !== 'LABEL') return el.getBoundingClientRect().toJSON();
    const text = document.createRange();
    text.selectNodeContents(el);
    return text.getBoundingClientRect().toJSON();
  });
  const [label, number, expiry, cvc] = await Promise.all(['label[for=card-number]', '#card-number', '#card-expiry', '#card-cvc'].map(box));
  expect(Math.abs(label.right - number.right)).toBeLessThan(1);
  expect(label.left).toBeGreaterThan(number.left + 1);
  expect(expiry.left).toBeGreaterThan(cvc.right);
  await send(page, 'check', '2');
  await expect(frame.getByTestId('card-number-error')).toHaveText('يُرجى إدخال رقم بطاقتك.');
  await expect(frame.getByTestId('card-cvc-error')).toHaveText('Enter your card\'s security code.');
});

test('errors grow the frame, which the host sizes to fit: no scrollbar', async ({ page }) => {
  const frame = await openHost(page);
  await init(page);
  const heights = async () => (await messages(page, 'port')).filter((m) => m[0] === 'height').map((m) => Number(m[1]));
  await expect.poll(heights).not.toEqual([]);
  const [first] = await heights();
  const fits = () => frame.locator('html').evaluate((html) => html.scrollHeight <= html.clientHeight);
  await expect.poll(fits).toBe(true);
  await send(page, 'check', '1');
  await expect(frame.getByTestId('card-number-error')).toHaveText('Enter your card number.');
  await expect.poll(async () => Math.max(...await heights())).toBeGreaterThan(first);
  await expect.poll(fits).toBe(true);
  // The errors' own texts are inside the frame's visible area.
  const bottom = await frame.getByTestId('card-name-error').evaluate((p) => p.getBoundingClientRect().bottom);
  expect(bottom).toBeLessThanOrEqual(Number(await page.locator('#frame').getAttribute('height')));
});

test('the host\'s requests: check, lock, clear, show and focus', async ({ page }) => {
  const frame = await openHost(page);
  await init(page);
  await frame.getByTestId('card-number').click();
  await frame.getByTestId('card-number').pressSequentially('4242424242424241');
  await frame.getByTestId('card-name').fill('Ada Lovelace');
  // The host focuses the frame first, as a cross-origin frame may move focus only inside
  // itself while it has focus.
  await page.locator('#frame').focus();
  await send(page, 'check', '5');
  expect(await answer(page, 'checked')).toEqual(['checked', '5', 'number']);
  await expect(frame.getByTestId('card-number-error')).toHaveText('Your card number is not valid.');
  await expect(frame.getByTestId('card-number')).toHaveAttribute('aria-invalid', 'true');
  await expect(frame.getByTestId('card-expiry-error')).toHaveText('Enter your card\'s expiry date.');
  await expect(frame.getByTestId('card-name-error')).toHaveText('');
  await expect(frame.getByTestId('card-number')).toBeFocused();
  // A wrong card is not sent: tokenize answers with the field.
  await send(page, 'tokenize', '6');
  expect(await answer(page, 'failed')).toEqual(['failed', '6', 'card.invalid', 'number']);

  await send(page, 'lock', '1');
  await expect(frame.getByTestId('card-name')).toBeDisabled();
  await send(page, 'lock', '0');
  await expect(frame.getByTestId('card-name')).toBeEditable();
  await send(page, 'clear');
  await expect(frame.getByTestId('card-number')).toHaveValue('');
  await expect(frame.getByTestId('card-number-error')).toHaveText('');
  await expect(frame.getByTestId('card-number')).toHaveAttribute('aria-invalid', 'false');
  await expect(frame.getByTestId('card-name')).toHaveValue('Ada Lovelace');
  await page.locator('#frame').focus();
  await send(page, 'show', 'cvc', 'card.cvc.invalid');
  await expect(frame.getByTestId('card-cvc-error')).toHaveText('Your card\'s security code is not valid.');
  await expect(frame.getByTestId('card-cvc')).toBeFocused();
  await send(page, 'focus', 'last');
  await expect(frame.getByTestId('card-name')).toBeFocused();
});

test('no WCAG 2.1 A/AA violation in the frame, empty or showing every error', async ({ page }, testInfo) => {
  const frame = await openHost(page);
  await init(page, { lang: 'fr-FR', texts: [['label.CardNumber', 'Numéro de carte']] });
  for (const state of ['empty', 'errors']) {
    if (state === 'errors') {
      await send(page, 'check', '1');
      await expect(frame.getByTestId('card-name-error')).not.toHaveText('');
    }
    const results = await sb.axeResults(
      () => new AxeBuilder({ page }).include('#frame').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']),
      { frames: true },
    );
    const report = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n');
    await testInfo.attach(`axe-${state}.txt`, { body: report || 'none', contentType: 'text/plain' });
    expect(results.violations, report).toEqual([]);
    // axe did look inside the frame: its labels passed.
    const labelled = results.passes.find((p) => p.id === 'label');
    expect(labelled && labelled.nodes.length, `axe checked the frame's fields (${state})`).toBe(4);
  }
});

test('the frame\'s connect-src keeps the card from a URL outside it', async ({ page }) => {
  const frame = await openHost(page);
  // A loopback URL the contract accepts, but another origin than the provider's.
  const elsewhere = `http://localhost:${PORT}/sandbox`;
  await init(page, { api: elsewhere });
  await frame.locator('html').evaluate(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.violations.push([e.effectiveDirective, e.blockedURI]));
  });
  const answered = [];
  page.on('response', (r) => { if (r.url().endsWith('/cards')) answered.push(r.url()); });
  await typeCard(frame);
  await send(page, 'tokenize', '9');
  expect(await answer(page, 'failed')).toEqual(['failed', '9', 'widget.network', '']);
  const violations = await frame.locator('html').evaluate(() => window.violations);
  expect(violations).toHaveLength(1);
  expect(violations[0][0]).toBe('connect-src');
  expect(violations[0][1]).toMatch(new RegExp(`^http://localhost:${PORT}`));
  expect(answered).toEqual([]);
});

test('a card the provider refuses for a field: the error shows there @faults', async ({ page, request }) => {
  await sb.sandboxCall(request, 'POST', '/_faults', { tokenize: { error_type: 'card.invalid-cvc', count: 1 } });
  try {
    const frame = await openHost(page);
    await init(page);
    await typeCard(frame);
    await page.locator('#frame').focus();
    await send(page, 'tokenize', '8');
    expect(await answer(page, 'failed')).toEqual(['failed', '8', 'card.invalid-cvc', 'cvc']);
    await expect(frame.getByTestId('card-cvc-error')).toHaveText('Your card\'s security code is not valid.');
    await expect(frame.getByTestId('card-cvc')).toBeFocused();
    // Corrected, the next tokenize goes through.
    await frame.getByTestId('card-cvc').fill('123');
    await send(page, 'tokenize', '9');
    await answer(page, 'tokenized');
  } finally {
    await sb.clearFaults(request);
  }
});
