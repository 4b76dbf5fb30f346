// Issue 20: the npm package, used the way a merchant's front end uses any dependency. The
// tarball `make package` builds (scripts/package.cjs, from the same release build the other
// tests run) is installed into a fresh React app (fixtures/vite-app) with npm, built with
// `vite build`, served with `vite preview`, and pays an invoice in Chromium: once through
// <checkout-widget> in JSX and once through mount() in an effect. Nothing is copied by hand:
// the wasm and the language pack must come out of the bundler.
const { test, expect } = require('@playwright/test');
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const sb = require('./sandbox');

const PORT = Number(process.env.E2E_PORT || 18080);
const PROXY = `http://127.0.0.1:${PORT}`;
// The widget's files and card frame: the proxy's second listener, another origin.
const ASSETS = `http://127.0.0.1:${PORT + 20}`;
const APP_PORT = PORT + 30;
const APP = `http://127.0.0.1:${APP_PORT}`;
const ROOT = path.resolve(__dirname, '..', '..');
const DIST = process.env.E2E_STATIC_DIR || path.join(ROOT, 'dist');
const WORK = path.join(ROOT, 'target', 'e2e-package');
const APP_DIR = path.join(WORK, 'vite-app');

// One app for the file: building it is the slow part (npm and vite, about 20 s).
test.describe.configure({ mode: 'serial' });
sb.watchEveryTest(test);

let server;
let manifest;

function run(command, args, cwd, env = {}) {
  return execFileSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', stdio: 'pipe' });
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  fs.rmSync(WORK, { recursive: true, force: true });
  // The package of the build under test, then a fresh copy of the app that installs it.
  run('node', [path.join(ROOT, 'scripts', 'package.cjs'), DIST, WORK], ROOT);
  const tarball = path.join(WORK, 'checkout-widget.tgz');
  fs.cpSync(path.join(__dirname, '..', 'fixtures', 'vite-app'), APP_DIR, { recursive: true });
  const npm = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
  run('npm', ['ci', ...npm], APP_DIR);
  run('npm', ['install', ...npm, tarball], APP_DIR);
  manifest = JSON.parse(fs.readFileSync(path.join(APP_DIR, 'node_modules', 'checkout-widget', 'package.json'), 'utf8'));
  run('npx', ['vite', 'build'], APP_DIR);
  server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(APP_PORT), '--strictPort'], {
    cwd: APP_DIR,
    env: { ...process.env, CHECKOUT_PROXY_ORIGIN: PROXY },
    stdio: 'ignore',
    detached: true,
  });
  await expect.poll(async () => {
    try { return (await fetch(`${APP}/`)).status; } catch (_) { return 0; }
  }, { timeout: 30_000 }).toBe(200);
});

test.afterAll(() => {
  // vite preview runs under npx: stop the whole process group.
  if (server) try { process.kill(-server.pid); } catch (_) { /* already gone */ }
});

async function typeCard(page) {
  const frame = sb.cardFrame(page);
  await frame.getByTestId('card-number').click();
  await frame.getByTestId('card-number').pressSequentially('4242424242424242');
  await frame.getByTestId('card-expiry').pressSequentially('1230');
  await frame.getByTestId('card-cvc').pressSequentially('737');
  await frame.getByTestId('card-name').fill('Ada Lovelace');
}

/** Every response the page got, as [url, status]. */
function watchResponses(page) {
  const seen = [];
  page.on('response', (response) => seen.push([response.url(), response.status()]));
  return seen;
}

test('the tarball is versioned with the crate, declares its exports and types, and runs nothing on install', () => {
  const cargo = fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8');
  const version = cargo.split('[workspace.package]')[1].match(/^version\s*=\s*"([^"]+)"/m)[1];
  expect(manifest.version).toBe(version);
  expect(manifest.exports['.']).toEqual({ types: './embed.d.ts', default: './embed.js' });
  expect(manifest.scripts, 'no install scripts').toBeUndefined();
  const installed = path.join(APP_DIR, 'node_modules', 'checkout-widget');
  const files = fs.readdirSync(installed, { recursive: true }).map(String);
  for (const want of ['embed.js', 'embed.d.ts', 'card-frame.html']) expect(files).toContain(want);
  expect(files.filter((f) => f.endsWith('.wasm'))).toHaveLength(1);
  expect(files.filter((f) => /i18n\/[a-zA-Z-]+\.json$/.test(f)).length, 'every language pack').toBe(fs.readdirSync(path.join(ROOT, 'www', 'i18n')).length);
  expect(files.filter((f) => /\.(br|gz)$/.test(f)), 'no compressed companions').toEqual([]);
  expect(files.some((f) => /index\.html|demo\.js|examples/.test(f)), 'nothing of the demo').toBe(false);
});

test('its TypeScript types resolve through the exports and refuse a misspelt option', () => {
  // fixtures/vite-app/types/check.ts: typed events on the tag, mount's options, and one
  // @ts-expect-error that fails the check if the types stop catching a wrong option name.
  let errors = '';
  try {
    run('npx', ['tsc', '-p', '.'], APP_DIR);
  } catch (error) {
    errors = `${error.stdout || ''}${error.stderr || ''}` || String(error);
  }
  expect(errors, 'tsc reports no error').toBe('');
});

for (const how of ['element', 'mount']) {
  test(`a React app built with Vite pays with the widget through ${how === 'element' ? '<checkout-widget>' : 'mount()'}`, async ({ page, request }) => {
    const invoice = await sb.createInvoice(request, { name: `Vite ${how}`, amount: '21.50', currency: 'EUR' });
    const responses = watchResponses(page);
    await page.goto(`${APP}/?${new URLSearchParams({ invoice: invoice.id, how, assets: ASSETS, locale: 'fr-FR' })}`);
    const host = page.getByTestId(how === 'element' ? 'element-checkout' : 'mounted-checkout');
    await expect(host.getByTestId('pay-button')).toBeEnabled();
    // The French pack: the label comes from the pack the bundler emitted.
    await expect(host.getByTestId('pay-button')).toContainText('Payer');

    // The wasm and the pack came out of the Vite build, from the app's own origin.
    const fromApp = responses.filter(([url, status]) => url.startsWith(`${APP}/assets/`) && status === 200).map(([url]) => url);
    expect(fromApp.filter((url) => url.endsWith('.wasm')), 'the wasm, emitted by vite').toHaveLength(1);
    expect(fromApp.filter((url) => /fr[-.\w]*\.json$/.test(url)), 'the French pack, emitted by vite').toHaveLength(1);
    expect(responses.filter(([, status]) => status >= 400), 'no request failed').toEqual([]);

    await typeCard(page);
    await host.getByTestId('pay-button').click();
    await expect(host.getByTestId('status')).toHaveAttribute('data-status', 'authorized');
    // What reached the provider: one authorization of this invoice.
    const paid = await sb.getInvoice(request, invoice.id);
    expect(paid.transaction_id, 'a transaction').toMatch(/^tr_/);
    const transaction = await sb.getTransaction(request, paid.transaction_id);
    expect(sb.authorizations(transaction)).toHaveLength(1);
  });
}
