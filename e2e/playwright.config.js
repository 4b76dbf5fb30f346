// End-to-end tests: Debian's headless Chromium against a real checkout-proxy in sandbox
// mode, which Playwright starts before the tests and stops after them.
const path = require('node:path');
const { defineConfig } = require('@playwright/test');

const port = Number(process.env.E2E_PORT || 18080);
const root = path.resolve(__dirname, '..');
const proxyBinary = process.env.E2E_PROXY_BIN || path.join(root, 'target', 'debug', 'checkout-proxy');
// Everything the proxy (and the sandbox inside it) logs is also written here, so tests can
// assert what never appears in a log line (card numbers, keys).
const logFor = (p) => path.join(__dirname, 'artifacts', 'logs', `proxy-${p}.log`);
// Proxies for the other providers: Invoiss (seed 003) and the orders payment API (seed 004).
const invoissPort = port + 1;
const ordersPort = port + 2;
// A second ProcessOut proxy in live mode against the first one's sandbox
// (tests/exactly-once.spec.js): two instances of one merchant's proxy, no shared state.
const secondPort = port + 3;
// A plain static server on another port: another origin, for pages that must not be trusted.
const otherOriginPort = port + 10;
// The main proxy's second listener (CHECKOUT_ASSETS_LISTEN): the origin of the widget's files
// and card frame, which the pages name (issue 17), as `make demo` serves them on 8081.
const assetsPort = port + 20;

/** A checkout-proxy on `p`, its output also written to artifacts/logs/proxy-<p>.log. */
function proxyServer(p, env) {
  const log = logFor(p);
  return {
    command: `mkdir -p "${path.dirname(log)}" && "${proxyBinary}" 2>&1 | tee "${log}"`,
    url: `http://127.0.0.1:${p}/healthz`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      CHECKOUT_LISTEN: `127.0.0.1:${p}`,
      // The mode is never guessed (docs/api.md): every proxy here is a sandbox unless it says otherwise.
      CHECKOUT_MODE: 'sandbox',
      // The whole suite pays from one address (127.0.0.1), about 53 authorizations in its
      // busiest minute against the default 60: room so a faster machine cannot turn a test
      // into a 429. The limits themselves are proven in proxy/tests/rate_limit.rs.
      CHECKOUT_AUTHORIZE_RATE_PER_MINUTE: '600',
      CHECKOUT_STATIC_DIR: process.env.E2E_STATIC_DIR || path.join(root, 'dist'),
      RUST_LOG: 'info',
      ...env,
    },
  };
}

module.exports = defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 30_000,
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROME_BIN || '/usr/bin/chromium',
      args: [
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  // The sandbox's fault injection is global to the proxy: tests tagged @faults run in their
  // own project, after every other test has finished, so no other test's authorization can
  // consume an injected fault (or be slowed or broken by one).
  projects: [
    { name: 'chromium', grepInvert: /@faults/ },
    // Sandbox faults are global to the proxy: tests that inject them run one at a time, or
    // one test's fault is consumed by another's payment.
    { name: 'faults', grep: /@faults/, dependencies: ['chromium'], workers: 1 },
  ],
  // The ProcessOut proxy, then one proxy per other provider (tests/providers.spec.js), each
  // in sandbox mode against its own emulator.
  webServer: [
    // The widget's files and card frame from a second origin: the same proxy, another port.
    proxyServer(port, { CHECKOUT_ASSETS_LISTEN: `127.0.0.1:${assetsPort}` }),
    proxyServer(invoissPort, { CHECKOUT_PROVIDER: 'invoiss' }),
    proxyServer(ordersPort, { CHECKOUT_PROVIDER: 'orders' }),
    // The sandbox's public credentials (proxy/src/config/mod.rs SANDBOX_*): live mode, real HTTP.
    proxyServer(secondPort, {
      CHECKOUT_MODE: 'live',
      PROCESSOUT_PROJECT_ID: 'test-proj_checkoutSandbox',
      PROCESSOUT_PRIVATE_KEY: 'key_sandbox_checkoutWidgetDemoKey0001',
      PROCESSOUT_API_URL: `http://127.0.0.1:${port}/sandbox`,
    }),
    {
      command: `python3 -m http.server ${otherOriginPort} --bind 127.0.0.1 --directory "${path.join(__dirname, 'fixtures', 'other-origin')}"`,
      url: `http://127.0.0.1:${otherOriginPort}/forge.html`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
