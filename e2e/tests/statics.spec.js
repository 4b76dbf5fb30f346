// Statics like a CDN, as Chromium meets them: the release build's hashed files arrive
// compressed and are kept for a year; embed.js, the stable entry, is revalidated.
const { test, expect } = require('@playwright/test');

const HASHED = /^\/[0-9a-f]{8}\//;

test('a first load gets the hashed widget files compressed and cacheable for a year', async ({ page, request }) => {
  const responses = [];
  page.on('response', (response) => responses.push(response));
  // The widget's shadow root links its stylesheet once it renders: wait for that too.
  const stylesheet = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/checkout.css'));
  // And the card frame its files (the frame is of the widget's origin, a second listener).
  const frameFiles = ['/card-frame.js', '/card-frame.css'].map((end) => page.waitForResponse((r) => new URL(r.url()).pathname.endsWith(end)));
  await page.goto('/?invoice=iv_demoBooksEUR&locale=de-DE');
  await expect(page.getByTestId('pay-button')).toContainText('Bezahlen');
  await stylesheet;
  await Promise.all(frameFiles);

  const hashed = responses.filter((r) => HASHED.test(new URL(r.url()).pathname));
  test.skip(hashed.length === 0, 'a debug build keeps stable names (run after trunk build --release)');
  const paths = hashed.map((r) => new URL(r.url()).pathname.replace(HASHED, '/')).sort();
  // The widget's files, and the card frame's (its page stays at a stable URL, below).
  expect(paths).toEqual(['/card-frame.css', '/card-frame.js', '/checkout-widget.js', '/checkout-widget_bg.wasm', '/checkout.css', '/i18n/de.json']);
  for (const response of hashed) {
    const headers = await response.allHeaders();
    expect(headers['cache-control'], response.url()).toBe('public, max-age=31536000, immutable');
    expect(['br', 'gzip'], response.url()).toContain(headers['content-encoding']);
    expect(headers.vary, response.url()).toContain('accept-encoding');
  }

  const frame = responses.find((r) => new URL(r.url()).pathname === '/card-frame.html');
  expect((await frame.allHeaders())['cache-control']).toBe('no-cache');
  const entry = responses.find((r) => new URL(r.url()).pathname === '/embed.js');
  const headers = await entry.allHeaders();
  expect(headers['cache-control']).toBe('no-cache');
  expect(headers.etag).toBeTruthy();
  // What the browser does on its next visit: ask with the validator, get 304.
  const again = await request.get('/embed.js', { headers: { 'if-none-match': headers.etag, 'accept-encoding': headers['content-encoding'] || 'identity' } });
  expect(again.status()).toBe(304);
});
