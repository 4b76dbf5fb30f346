// Speed benchmark: median time from navigation start to the invoice total being visible,
// for the widget's demo page and for a minimal plain-JavaScript page doing the same fetch
// and render (www/examples/plain.html, the floor). Each run uses a fresh browser context
// (cold HTTP cache); pages alternate so drift affects both alike. Also the bytes a first load
// transfers (response bodies as sent, compressed where the server compressed them, plus
// headers), per page, and for the widget's page the bytes of its files uncompressed.
// Two link profiles, measured side by side in one run: the local link as it is, and a
// customer's phone (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, CPU slowed 4x, set
// through the DevTools protocol on each page). The widget is served as in the demo: its files
// and card frame from a second origin (CHECKOUT_ASSETS_LISTEN, port + 1).
// Run: node scripts/speed-bench.js [runs] [out.md]   (after `trunk build --release`); with
// out.md the figures are also written there as a Markdown table.
const path = require('node:path');
const { spawn } = require('node:child_process');
const root = path.resolve(__dirname, '..');
const { chromium } = require(path.join(root, 'e2e', 'node_modules', 'playwright-core'));

const runs = Number(process.argv[2] || 21);
const out = process.argv[3];
const PROFILES = {
  local: null,
  phone: { latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8, cpu: 4 },
};
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
    env: {
      ...process.env,
      CHECKOUT_MODE: process.env.CHECKOUT_MODE || 'sandbox',
      CHECKOUT_LISTEN: `127.0.0.1:${port}`,
      CHECKOUT_ASSETS_LISTEN: `127.0.0.1:${port + 1}`,
      CHECKOUT_STATIC_DIR: path.join(root, 'dist'),
      RUST_LOG: 'warn',
    },
    stdio: 'ignore',
  });
  try {
    await waitForProxy();
    const browser = await chromium.launch({
      executablePath: process.env.CHROME_BIN || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const results = {};
    for (const [profile, link] of Object.entries(PROFILES)) {
      const times = { widget: [], plain: [] };
      const transferred = {};
      for (let i = 0; i < runs + 1; i += 1) {
        for (const [name, url] of Object.entries(pages)) {
          const context = await browser.newContext();
          await context.addInitScript(probe);
          const page = await context.newPage();
          if (link) {
            const cdp = await context.newCDPSession(page);
            await cdp.send('Network.enable');
            await cdp.send('Network.emulateNetworkConditions', {
              offline: false,
              latency: link.latency,
              downloadThroughput: link.downloadThroughput,
              uploadThroughput: link.uploadThroughput,
            });
            await cdp.send('Emulation.setCPUThrottlingRate', { rate: link.cpu });
          }
          const finished = [];
          page.on('requestfinished', (request) => finished.push(request));
          await page.goto(base + url);
          await page.waitForFunction(() => window.__totalVisibleAt !== undefined, null, { timeout: 30000 });
          const at = await page.evaluate(() => window.__totalVisibleAt);
          if (i === 0) transferred[name] = await bytesOf(finished);
          if (i > 0) times[name].push(at); // the first round warms the server and the disk cache
          await context.close();
        }
      }
      results[profile] = { times, transferred };
    }
    await browser.close();
    const lines = [`runs per page and profile: ${runs} (medians; pages alternate in one run)`, ''];
    lines.push('| profile | widget: time to total | plain page (floor) | ratio | widget: bytes sent by then | plain: bytes sent by then |');
    lines.push('| --- | --- | --- | --- | --- | --- |');
    for (const [profile, { times, transferred }] of Object.entries(results)) {
      const w = median(times.widget);
      const p = median(times.plain);
      const bytes = (t) => `${t.bodies} B bodies + ${t.headers} B headers, ${t.requests} requests`;
      lines.push(`| ${profile} | ${w.toFixed(0)} ms | ${p.toFixed(0)} ms | ${(w / p).toFixed(2)}x | ${bytes(transferred.widget)} | ${bytes(transferred.plain)} |`);
    }
    lines.push('', 'Encodings seen: ' + Object.values(results).flatMap((r) => Object.values(r.transferred).map((t) => t.encodings)).filter((v, i, a) => a.indexOf(v) === i).join('; '));
    console.log(lines.join('\n'));
    if (out) {
      const when = new Date().toISOString().slice(0, 10);
      // Notes written by hand after the figures (from the first "## " heading on) are kept.
      const fs = require('node:fs');
      const previous = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
      const notesAt = previous.indexOf('\n## ');
      const notes = notesAt >= 0 ? previous.slice(notesAt) : '';
      fs.writeFileSync(out, `# Speed figures\n\nMeasured by \`make bench\` (scripts/speed-bench.js) on ${when}: from navigation start to the invoice total on screen, cold cache, the demo page against www/examples/plain.html. The phone profile is 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up and the CPU slowed 4x (Chromium's DevTools emulation, applied to the page; the card frame, a frame of another origin, is not throttled and is not on the way to the total). The bytes are those of the requests finished when the total is on screen (a phone's total now shows before the wasm has arrived; `make size` gives every file's size).\n\n${lines.join('\n')}\n${notes}`);
    }
  } finally {
    proxy.kill();
  }
})().catch((err) => { console.error(err); process.exitCode = 1; });
