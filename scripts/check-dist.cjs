// `make test` (release-build check), after `trunk build --release`: the release dist/ is laid
// out as scripts/hash-assets.cjs promises, so a CDN or checkout-proxy can cache it. Fails on:
// a widget file left at a stable name, more or less than one hash directory, a name embed.js
// or a demo page asks for that is not there, a hash that does not match the files, a
// compressible file without .br/.gz companions that decode to it, a long wasm-bindgen name
// left in the wasm or the glue (scripts/short-names.cjs shortens them all), or a card frame
// whose page does not name its files, holds inline code, or whose script carries no wasm.
// Usage: node check-dist.cjs [dist]
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const zlib = require('node:zlib');
const { sections, parseImports, parseExports } = require('./wasm-binary.cjs');

const dist = path.resolve(process.argv[2] || path.join(__dirname, '..', 'dist'));
const problems = [];
const fail = (message) => problems.push(message);

const hashDirs = fs.readdirSync(dist).filter((f) => /^[0-9a-f]{8}$/.test(f));
if (hashDirs.length !== 1) {
  console.error(`check-dist: expected one hash directory in ${dist}, found ${hashDirs.length}`);
  process.exit(1);
}
const [hash] = hashDirs;
const widget = ['checkout-widget.js', 'checkout-widget_bg.wasm', 'checkout.css'];
const frameFiles = ['card-frame.js', 'card-frame.css'];
for (const name of [...widget, ...frameFiles, 'i18n']) {
  if (fs.existsSync(path.join(dist, name))) fail(`${name} is still at a stable name`);
}
const packs = fs.readdirSync(path.join(dist, hash, 'i18n')).filter((f) => f.endsWith('.json')).sort();
if (packs.length === 0) fail(`no language packs in ${hash}/i18n`);
// Served as the wasm reads them (scripts/packs.cjs): an array of texts in keys.json's order.
const keys = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'src', 'i18n', 'keys.json'), 'utf8'));
for (const name of packs) {
  let texts;
  try { texts = JSON.parse(fs.readFileSync(path.join(dist, hash, 'i18n', name), 'utf8')); } catch { texts = null; }
  if (!Array.isArray(texts) || texts.length !== keys.length || !texts.every((t) => typeof t === 'string')) {
    fail(`${hash}/i18n/${name} is not an array of ${keys.length} texts (scripts/packs.cjs)`);
  }
}
const moved = [...widget, ...packs.map((f) => `i18n/${f}`), ...frameFiles];

// The name is the hash of the files (hash-assets.cjs), so a changed file cannot keep it.
const digest = crypto.createHash('sha256');
for (const name of moved) {
  const file = path.join(dist, hash, name);
  if (!fs.existsSync(file)) { fail(`${hash}/${name} is missing`); continue; }
  digest.update(`${name}\0`).update(fs.readFileSync(file)).update('\0');
}
if (digest.digest('hex').slice(0, 8) !== hash) fail(`${hash}/ is not the hash of its files`);

const embed = fs.readFileSync(path.join(dist, 'embed.js'), 'utf8');
for (const wanted of [`./${hash}/checkout-widget.js`, `./${hash}/checkout.css`, `./${hash}/i18n/`]) {
  if (!embed.includes(wanted)) fail(`embed.js does not name ${wanted}`);
}
const glue = fs.readFileSync(path.join(dist, hash, 'checkout-widget.js'), 'utf8');
if (!glue.includes('"checkout-widget_bg.wasm"')) fail('the glue does not load the wasm beside it');

// scripts/short-names.cjs left no long name: every import (module and field) and export of
// the wasm has at most two characters, and the glue spells none of wasm-bindgen's own.
const wasmPath = path.join(dist, hash, 'checkout-widget_bg.wasm');
if (fs.existsSync(wasmPath)) {
  const parts = sections(fs.readFileSync(wasmPath));
  const long = [
    ...parseImports(parts.find((s) => s.id === 2)?.body ?? Buffer.from([0]))
      .flatMap((i) => [i.module, i.field]),
    ...parseExports(parts.find((s) => s.id === 7)?.body ?? Buffer.from([0])).map((e) => e.field),
  ].filter((n) => n.length > 2);
  if (long.length > 0) fail(`the wasm has ${long.length} long import or export names (${long.slice(0, 3).join(', ')}, ...)`);
}
const spelled = glue.match(/__wbg_\w+|__wbindgen_\w+|wasm_bindgen__\w+|checkout-widget_bg\.js/);
if (spelled) fail(`the glue still spells ${spelled[0]}`);

// The card frame (scripts/card-frame.sh): its page at a stable URL names its script and
// stylesheet in the hash directory once each, holds no inline script, style or handler (its
// CSP allows none), and the script carries a valid wasm exporting the ABI card-frame.js uses.
const framePage = path.join(dist, 'card-frame.html');
if (!fs.existsSync(framePage)) fail('card-frame.html is missing');
else {
  const html = fs.readFileSync(framePage, 'utf8');
  for (const name of frameFiles) {
    const count = html.split(`"${hash}/${name}"`).length - 1;
    if (count !== 1) fail(`card-frame.html names ${hash}/${name} ${count} times, not once`);
  }
  const inline = html.match(/<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=/i);
  if (inline) fail(`card-frame.html has inline script or style: ${inline[0]}`);
}
const frameScript = path.join(dist, hash, 'card-frame.js');
if (fs.existsSync(frameScript)) {
  const bytes = embeddedWasm(fs.readFileSync(frameScript, 'utf8'));
  if (!bytes || !WebAssembly.validate(bytes)) fail('card-frame.js holds no valid wasm');
  else {
    const exports = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
    for (const name of ['memory', 'buf', 'run']) {
      if (!exports.includes(name)) fail(`the card frame's wasm does not export ${name}`);
    }
  }
}

// Every absolute local URL a page names exists, at the page's own origin ("/...") or at the
// widget files' origin ("__CHECKOUT_ASSETS__/...", which checkout-proxy replaces when it
// serves the page: the same dist/, another origin). The checkout API (/checkout/..., a
// page's hint for its invoice request) is served by checkout-proxy, not from dist/.
const files = walk(dist);
for (const page of files.filter((f) => f.endsWith('.html'))) {
  for (const [, prefix, url] of fs.readFileSync(page, 'utf8').matchAll(/(?:href|src)="(__CHECKOUT_ASSETS__)?(\/[^"?#]*)"/g)) {
    if (!prefix && url.startsWith('/checkout/')) continue;
    const target = path.join(dist, url.endsWith('/') ? `${url}index.html` : url);
    if (!fs.existsSync(target)) fail(`${path.relative(dist, page)} names ${url}, which is not in dist`);
  }
}

const COMPRESSIBLE = new Set(['.wasm', '.js', '.css', '.json', '.html', '.svg']);
let checked = 0;
for (const file of files.filter((f) => COMPRESSIBLE.has(path.extname(f)))) {
  const bytes = fs.readFileSync(file);
  const name = path.relative(dist, file);
  for (const [ext, decode] of [['.br', zlib.brotliDecompressSync], ['.gz', zlib.gunzipSync]]) {
    if (!fs.existsSync(file + ext)) {
      // The hook skips a companion that would not be smaller; only tiny files qualify.
      if (bytes.length > 512) fail(`${name}${ext} is missing`);
      continue;
    }
    if (!decode(fs.readFileSync(file + ext)).equals(bytes)) fail(`${name}${ext} does not decode to ${name}`);
    checked += 1;
  }
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`check-dist: ${problem}`);
  process.exit(1);
}
console.log(`check-dist: the widget's files are in ${hash}/; ${checked} precompressed companions decode to their files`);

/** The wasm scripts/embed-wasm.cjs wrote into a script: the string literal starting "\0asm". */
function embeddedWasm(script) {
  const start = script.search(/["']\0asm/);
  if (start < 0) return null;
  const quote = script[start];
  const bytes = [];
  for (let at = start + 1; at < script.length; at += 1) {
    let c = script[at];
    if (c === quote) return Uint8Array.from(bytes);
    if (c === '\\') {
      at += 1;
      c = { n: '\n', r: '\r' }[script[at]] ?? script[at];
    }
    const code = c.charCodeAt(0);
    if (code > 0xff) return null;
    bytes.push(code);
  }
  return null;
}

function walk(root) {
  return fs.readdirSync(root, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(root, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}
