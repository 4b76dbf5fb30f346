// Issue 20 (part 1): saved cards. A returning customer pays with a saved card in one click;
// saving a typed card makes exactly one token and one authorization; another customer's card
// can be neither listed nor used; a 3-D Secure challenge on a saved card still runs; an
// expired saved card is shown disabled with its reason. Each test reads back what the sandbox
// recorded: the customer's tokens and the invoice's authorizations.
const { test, expect } = require('@playwright/test');
const sb = require('./sandbox');

sb.watchEveryTest(test);

async function newCustomer(request) {
  return (await sb.sandboxCall(request, 'POST', '/customers', { first_name: 'Ada', last_name: 'Lovelace' })).customer.id;
}

/** Tokenizes `number` with the browser's (public) credentials and saves it for `customer`. */
async function saveCard(request, customer, number) {
  const response = await request.post('/sandbox/cards', {
    headers: { Authorization: `Basic ${Buffer.from('test-proj_checkoutSandbox:').toString('base64')}` },
    form: { number, exp_month: '12', exp_year: '2030', cvc2: '123', name: 'Ada Lovelace' },
  });
  expect(response.status()).toBe(200);
  const card = (await response.json()).card.id;
  return (await sb.sandboxCall(request, 'POST', `/customers/${customer}/tokens`, { source: card })).token.id;
}

async function tokensOf(request, customer) {
  return (await sb.sandboxCall(request, 'GET', `/customers/${customer}/tokens`)).tokens;
}

async function customerInvoice(request, customer) {
  const body = await sb.sandboxCall(request, 'POST', '/invoices', {
    name: 'Saved-card item', amount: '12.34', currency: 'EUR', customer_id: customer,
  });
  return body.invoice.id;
}

async function authorizationsOf(request, invoice) {
  const stored = await sb.getInvoice(request, invoice);
  if (!stored.transaction_id) return { transaction: null, count: 0 };
  const transaction = await sb.getTransaction(request, stored.transaction_id);
  return { transaction, count: sb.authorizations(transaction).length };
}

const savedCards = (page) => page.getByTestId('saved-cards');

test('a returning customer pays with a saved card in one click', async ({ page, request }) => {
  const customer = await newCustomer(request);
  const token = await saveCard(request, customer, '4242424242424242');
  const invoice = await customerInvoice(request, customer);
  const sent = sb.watchAuthorize(page);
  // The saved cards come with the invoice: the widget asks the proxy once.
  const asked = [];
  page.on('request', (r) => { if (r.url().includes('/checkout/invoices/')) asked.push(new URL(r.url()).pathname); });
  await page.goto(`/?invoice=${invoice}&locale=en-GB`);
  const visa = savedCards(page).getByRole('radio', { name: 'Visa •••• 4242, expires 12/30' });
  await expect(visa).toBeChecked();
  expect(asked.filter((p) => p.includes(invoice))).toEqual([`/checkout/invoices/${invoice}`]);
  // The card form is not needed: one click on Pay.
  await expect(page.frameLocator('iframe[data-testid=card-frame]').getByTestId('card-number')).toBeHidden();
  await page.getByTestId('pay-button').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
  expect(sent.map((r) => r.body.source)).toEqual([token]);
  expect(sent[0].body.save).toBeUndefined();
  const { transaction, count } = await authorizationsOf(request, invoice);
  expect(count).toBe(1);
  expect(transaction.token_id).toBe(token);
  expect(await tokensOf(request, customer)).toHaveLength(1);
});

test('saving a typed card makes exactly one token and one authorization', async ({ page, request }) => {
  const customer = await newCustomer(request);
  const invoice = await customerInvoice(request, customer);
  const sent = sb.watchAuthorize(page);
  await page.goto(`/?invoice=${invoice}&locale=en-GB&save-cards=1`);
  await expect(page.getByTestId('pay-button')).toBeEnabled();
  const save = page.getByRole('checkbox', { name: 'Save this card for next time' });
  await expect(save).not.toBeChecked();
  await expect(savedCards(page)).toHaveCount(0);
  const frame = sb.cardFrame(page);
  await frame.getByTestId('card-number').pressSequentially('5555555555554444');
  await frame.getByTestId('card-expiry').pressSequentially('1230');
  await frame.getByTestId('card-cvc').pressSequentially('123');
  await frame.getByTestId('card-name').fill('Ada Lovelace');
  await save.check();
  await page.getByTestId('pay-button').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
  expect(sent).toHaveLength(1);
  expect(sent[0].body.source).toMatch(/^card_/);
  expect(sent[0].body.save).toBe(true);
  const tokens = await tokensOf(request, customer);
  expect(tokens).toHaveLength(1);
  const { transaction, count } = await authorizationsOf(request, invoice);
  expect(count).toBe(1);
  expect(transaction.token_id).toBe(tokens[0].id);

  // The next invoice offers the saved card.
  const next = await customerInvoice(request, customer);
  await page.goto(`/?invoice=${next}&locale=en-GB`);
  await expect(savedCards(page).getByRole('radio', { name: 'Mastercard •••• 4444, expires 12/30' })).toBeChecked();
});

test('without save-cards no checkbox is offered, and an unsaved card makes no token', async ({ page, request }) => {
  const customer = await newCustomer(request);
  const invoice = await customerInvoice(request, customer);
  await page.goto(`/?invoice=${invoice}&locale=en-GB`);
  await expect(page.getByTestId('pay-button')).toBeEnabled();
  await expect(page.getByTestId('save-card')).toHaveCount(0);
  const frame = sb.cardFrame(page);
  await frame.getByTestId('card-number').pressSequentially('4242424242424242');
  await frame.getByTestId('card-expiry').pressSequentially('1230');
  await frame.getByTestId('card-cvc').pressSequentially('123');
  await frame.getByTestId('card-name').fill('Ada Lovelace');
  await page.getByTestId('pay-button').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
  expect(await tokensOf(request, customer)).toHaveLength(0);
});

test("another customer's card can be neither listed nor used; nothing is charged", async ({ page, request }) => {
  const [alice, bob] = [await newCustomer(request), await newCustomer(request)];
  const bobs = await saveCard(request, bob, '4242424242424242');
  const invoice = await customerInvoice(request, alice);
  await page.goto(`/?invoice=${invoice}&locale=en-GB`);
  await expect(page.getByTestId('pay-button')).toBeEnabled();
  await expect(savedCards(page)).toHaveCount(0);
  const listed = await request.get(`/checkout/invoices/${invoice}/saved-sources`);
  expect(await listed.json()).toEqual({ success: true, saved_sources: [] });
  const used = await request.post(`/checkout/invoices/${invoice}/authorize`, {
    headers: { 'Idempotency-Key': 'bobs-card', 'Content-Type': 'application/json' },
    data: JSON.stringify({ source: bobs, device: { app_color_depth: 24, app_java_enabled: false, app_language: 'en-GB', app_screen_height: 900, app_screen_width: 1440, app_timezone_offset: 0, user_agent: 'e2e' } }),
  });
  expect(used.status()).toBe(404);
  expect((await used.json()).error_type).toBe('resource.token.not-found');
  expect((await authorizationsOf(request, invoice)).transaction).toBeNull();
});

test('a 3-D Secure challenge on a saved card still runs', async ({ page, request }) => {
  const customer = await newCustomer(request);
  const token = await saveCard(request, customer, '4000000000000101');
  const invoice = await customerInvoice(request, customer);
  const sent = sb.watchAuthorize(page);
  await page.goto(`/?invoice=${invoice}&locale=en-GB`);
  await expect(savedCards(page).getByRole('radio', { name: /•••• 0101/ })).toBeChecked();
  await page.getByTestId('pay-button').click();
  await expect(page.getByTestId('threeds-dialog')).toBeVisible();
  await page.frameLocator('[data-testid=threeds-frame]').getByTestId('issuer-complete').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
  expect(sent.map((r) => r.body.source)).toEqual([token, expect.stringMatching(/^gway_req_/)]);
  const { transaction, count } = await authorizationsOf(request, invoice);
  expect(count).toBe(1);
  expect(transaction.three_d_s_status).toBe('success');
});

test('an expired saved card is shown disabled with the reason; the usable one is chosen', async ({ page }) => {
  await page.goto('/?invoice=iv_demoReturningCustomerEUR&locale=en-GB');
  const list = savedCards(page);
  await expect(page.getByRole('group', { name: 'Saved cards' })).toBeVisible();
  await expect(list.getByRole('radio', { name: 'Visa •••• 4242, expires 12/30' })).toBeChecked();
  const expired = list.getByRole('radio', { name: 'Mastercard •••• 4444, expires 01/24 (Expired)' });
  await expect(expired).toBeDisabled();
  // Keyboard: the customer can move to "Use a new card", which shows the card form.
  await list.getByRole('radio', { name: 'Visa •••• 4242, expires 12/30' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(list.getByRole('radio', { name: 'Use a new card' })).toBeChecked();
  await expect(sb.cardFrame(page).getByTestId('card-number')).toBeVisible();
});
