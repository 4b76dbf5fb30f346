// Languages (issue 20): embed.js picks the pack for the page's locale and fetches only that
// one; the checkout and its card frame speak it, with its `lang` and direction. Locales
// without a pack of their own fall back (pt-BR -> pt, zh-TW -> zh-Hant, zh-CN -> zh-Hans,
// nn -> nb, iw -> he), and an unknown language fetches nothing and speaks English.
const fs = require('node:fs');
const path = require('node:path');
const { test, expect } = require('@playwright/test');
const sb = require('./sandbox');

const PACK_DIR = path.join(__dirname, '..', '..', 'www', 'i18n');
const pack = (code) => JSON.parse(fs.readFileSync(path.join(PACK_DIR, `${code}.json`), 'utf8'));

/** Matches exactly `text` (Playwright's string match is a case-insensitive substring: "Subtotale" has "totale"). */
const exactly = (text) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** Records the language packs the page fetches, as `/i18n/<code>.json` (the hash directory of a release build dropped). */
function watchPacks(page) {
  const fetched = [];
  page.on('request', (req) => {
    if (/\/i18n\/[A-Za-z-]+\.json$/.test(req.url())) {
      fetched.push(new URL(req.url()).pathname.replace(/^\/[0-9a-f]{8}\//, '/'));
    }
  });
  return fetched;
}

/** Opens the demo checkout (a card form, so the card frame shows too) in `locale`. */
async function open(page, locale) {
  const fetched = watchPacks(page);
  await page.goto(`/?invoice=iv_demoBooksEUR&locale=${encodeURIComponent(locale)}`);
  await expect(page.getByTestId('pay-button')).toBeEnabled();
  await expect(sb.cardFrame(page).getByTestId('card-number')).toBeEditable();
  return fetched;
}

/** The `dir` attribute and computed direction of the checkout and of the card frame's page. */
async function directions(page) {
  const section = page.getByTestId('checkout');
  const html = sb.cardFrame(page).locator('html');
  const computed = (el) => getComputedStyle(el).direction;
  return {
    checkout: [await section.getAttribute('dir'), await section.evaluate(computed)],
    frame: [await html.getAttribute('dir'), await html.evaluate(computed)],
  };
}

// One locale per pack: the pack fetched, the labels shown, and the direction.
const LOCALES = {
  fr: 'fr-FR', es: 'es-ES', de: 'de-DE', pt: 'pt-BR', it: 'it-IT', nl: 'nl-NL', pl: 'pl-PL',
  sv: 'sv-SE', da: 'da-DK', nb: 'nb-NO', fi: 'fi-FI', tr: 'tr-TR', cs: 'cs-CZ', ru: 'ru-RU',
  uk: 'uk-UA', ja: 'ja-JP', 'zh-Hans': 'zh-CN', 'zh-Hant': 'zh-TW', ko: 'ko-KR', hi: 'hi-IN',
  id: 'id-ID', ar: 'ar-KW', he: 'he-IL',
};

test('every pack in www/i18n has a locale here', () => {
  const files = fs.readdirSync(PACK_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
  expect(Object.keys(LOCALES).sort()).toEqual(files);
});

for (const [code, locale] of Object.entries(LOCALES)) {
  test(`${locale} speaks ${code}: its pack only, its labels in the checkout and the card frame, ${pack(code).dir}`, async ({ page }) => {
    const texts = pack(code);
    const fetched = await open(page, locale);
    expect(fetched).toEqual([`/i18n/${code}.json`]);

    const section = page.getByTestId('checkout');
    await expect(section).toHaveAttribute('lang', locale);
    await expect(page.getByTestId('pay-button')).toContainText(texts['label.Pay']);
    await expect(page.getByTestId('pay-button')).not.toContainText(/\bPay\b/);
    await expect(section.locator('dt').filter({ hasText: exactly(texts['label.Total']) })).toHaveCount(1);
    const frame = sb.cardFrame(page);
    await expect(frame.locator('html')).toHaveAttribute('lang', locale);
    await expect(frame.getByLabel(texts['label.CardNumber'], { exact: true })).toHaveAttribute('data-testid', 'card-number');

    const dir = texts.dir;
    expect(await directions(page)).toEqual({ checkout: [dir, dir], frame: [dir, dir] });

    // A card error the frame shows comes from the pack too.
    await page.getByTestId('pay-button').click();
    await expect(frame.getByTestId('card-number-error')).toHaveText(texts['card.number.missing']);
  });
}

// Locales whose pack is another's: region and script variants, and legacy codes.
const FALLBACKS = [
  ['pt-BR', 'pt'], ['pt-PT', 'pt'], ['pt', 'pt'], ['pt_BR', 'pt'],
  ['zh-TW', 'zh-Hant'], ['zh-HK', 'zh-Hant'], ['zh-MO', 'zh-Hant'], ['zh-Hant', 'zh-Hant'], ['zh-Hant-CN', 'zh-Hant'],
  ['zh', 'zh-Hans'], ['zh-CN', 'zh-Hans'], ['zh-SG', 'zh-Hans'], ['zh-Hans-HK', 'zh-Hans'],
  ['no', 'nb'], ['nn-NO', 'nb'], ['nb', 'nb'], ['iw-IL', 'he'], ['in-ID', 'id'], ['AR-eg', 'ar'],
];

test('locales fall back to the pack of their language and script', async ({ page }) => {
  for (const [locale, code] of FALLBACKS) {
    const fetched = watchPacks(page);
    await page.goto(`/?invoice=iv_demoBooksEUR&locale=${encodeURIComponent(locale)}`);
    await expect(page.getByTestId('pay-button'), locale).toContainText(pack(code)['label.Pay']);
    expect(fetched, locale).toEqual([`/i18n/${code}.json`]);
    await expect(page.getByTestId('checkout'), locale).toHaveAttribute('lang', locale);
  }
});

test('a language without a pack fetches none and speaks English, lang="en" and ltr', async ({ page }) => {
  for (const locale of ['sw-KE', 'en-GB', 'tlh']) {
    const fetched = await open(page, locale);
    expect(fetched, locale).toEqual([]);
    const section = page.getByTestId('checkout');
    await expect(page.getByTestId('pay-button'), locale).toContainText('Pay');
    await expect(section.locator('dt').filter({ hasText: /^Total$/ }), locale).toHaveCount(1);
    await expect(section, locale).toHaveAttribute('lang', 'en');
    await expect(sb.cardFrame(page).getByLabel('Card number', { exact: true })).toBeVisible();
    expect(await directions(page), locale).toEqual({ checkout: ['ltr', 'ltr'], frame: ['ltr', 'ltr'] });
  }
});

test('Hebrew and Arabic lay the checkout and the card frame out right to left', async ({ page }) => {
  for (const locale of ['he-IL', 'ar-KW']) {
    await open(page, locale);
    expect(await directions(page), locale).toEqual({ checkout: ['rtl', 'rtl'], frame: ['rtl', 'rtl'] });
    // The pay button starts on the right: its right edge meets the checkout's, not its left.
    const box = await page.getByTestId('checkout').boundingBox();
    const title = await page.getByTestId('checkout').locator('dt').first().boundingBox();
    expect(box.x + box.width - (title.x + title.width), locale).toBeLessThan(title.x - box.x);
  }
});

test('two checkouts on one page in two languages each keep their own', async ({ page }) => {
  const fetched = watchPacks(page);
  await page.goto('/examples/two.html');
  const one = page.locator('#first');
  const two = page.locator('#second');
  await expect(two.getByTestId('pay-button')).toContainText(pack('fr')['label.Pay']);
  await expect(one.getByTestId('pay-button')).toContainText(/^Pay /);
  await expect(one.getByTestId('checkout')).toHaveAttribute('lang', 'en');
  await expect(two.getByTestId('checkout')).toHaveAttribute('lang', 'fr-FR');
  expect(fetched).toEqual(['/i18n/fr.json']);
});
