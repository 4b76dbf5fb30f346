// Speed benchmark: median time from navigation start to the invoice total being visible,
// for the widget's demo page and for a minimal plain-JavaScript page doing the same fetch
// and render (www/examples/plain.html, the floor). Each run uses a fresh browser context
// (cold HTTP cache); pages alternate so drift affects both alike. Also the bytes a first load
// transfers (response bodies as sent, compressed where the server compressed them, plus
// headers), per page, and for the widget's page the bytes of its files uncompressed.
// Run: node scripts/speed-bench.js [runs]   (after `trunk build --release`)
const path = require('node:path');
const { spawn } = require('node:child_process');
const root = path.resolve(__dirname, '..');
const { chromium } = require(path.join(root, 'e2e', 'node_modules', 'playwright-core'));

const runs = Number(process.argv[2] || 21);
const port = Number(process.env.BENCH_PORT || 18099);
const base = `http://127.0.0.1:${port}`;
const pages = {
  widget: '/?invoice=iv_demoAmazingItemAUD&locale=en-AU',
  plain: '/examples/plain.html?invoice=iv_demoAmazingItemAUD&locale=en-AU',
};

// Records, in the page, when an element with data-testid="invoice-total" first has text,
// looking through open shadow roots; checked every animation frame on both pages alike.
const probe = `(() => {
  const find = (root) => {
    const hit = root.querySelector('[data-testid="invoice-total"]');
    if (hit && hit.textContent.trim()) return hit;
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) { const inner = find(el.shadowRoot); if (inner) return inner; }
    }
    return null;
  };
  const tick = () => {
    if (document.documentElement && find(document)) { window.__totalVisibleAt = performance.now(); return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** What the finished requests of one page load cost on the wire. */
async function bytesOf(requests) {
  const total = { bodies: 0, headers: 0, decoded: 0, requests: requests.length, encodings: '' };
  const encodings = new Set();
  for (const request of requests) {
    const sizes = await request.sizes();
    total.bodies += sizes.responseBodySize;
    total.headers += sizes.responseHeadersSize + sizes.requestHeadersSize;
    const response = await request.response();
    if (response) {
      total.decoded += (await response.body().catch(() => Buffer.alloc(0))).length;
      encodings.add((await response.headerValue('content-encoding')) || 'identity');
    }
  }
  total.encodings = [...encodings].sort().join(', ');
  return total;
}

async function waitForProxy() {
  for (let i = 0; i < 100; i += 1) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch (_) { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the proxy did not start');
}

(async () => {
  const release = path.join(root, 'target', 'release', 'checkout-proxy');
  const debug = path.join(root, 'target', 'debug', 'checkout-proxy');
  const binary = process.env.BENCH_PROXY_BIN || (require('node:fs').existsSync(release) ? release : debug);
  const proxy = spawn(binary, [], {
    env: { ...process.env, CHECKOUT_LISTEN: `127.0.0.1:${port}`, CHECKOUT_STATIC_DIR: path.join(root, 'dist'), RUST_LOG: 'warn' },
    stdio: 'ignore',
  });
  try {
    await waitForProxy();
    const browser = await chromium.launch({
      executablePath: process.env.CHROME_BIN || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const times = { widget: [], plain: [] };
    const transferred = {};
    for (let i = 0; i < runs + 1; i += 1) {
      for (const [name, url] of Object.entries(pages)) {
        const context = await browser.newContext();
        await context.addInitScript(probe);
        const page = await context.newPage();
        const finished = [];
        page.on('requestfinished', (request) => finished.push(request));
        await page.goto(base + url);
        await page.waitForFunction(() => window.__totalVisibleAt !== undefined, null, { timeout: 10000 });
        const at = await page.evaluate(() => window.__totalVisibleAt);
        if (i === 0) transferred[name] = await bytesOf(finished);
        if (i > 0) times[name].push(at); // the first round warms the server and the disk cache
        await context.close();
      }
    }
    await browser.close();
    const w = median(times.widget);
    const p = median(times.plain);
    console.log(`runs per page: ${runs}`);
    console.log(`widget: median ${w.toFixed(1)} ms to the total (min ${Math.min(...times.widget).toFixed(1)})`);
    console.log(`plain JS floor: median ${p.toFixed(1)} ms (min ${Math.min(...times.plain).toFixed(1)})`);
    console.log(`ratio widget / floor: ${(w / p).toFixed(2)}x (aim <= 1.5x)`);
    for (const [name, bytes] of Object.entries(transferred)) {
      console.log(`${name}: a first load transfers ${bytes.bodies} B of bodies + ${bytes.headers} B of headers `
        + `in ${bytes.requests} requests (${bytes.decoded} B decoded; encodings: ${bytes.encodings})`);
    }
  } finally {
    proxy.kill();
  }
})().catch((err) => { console.error(err); process.exitCode = 1; });
