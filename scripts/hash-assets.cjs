// Release-build step (scripts/minify-glue.sh), after minification: moves every file the widget
// loads into a directory named by their content hash, so a server can let browsers and CDNs
// keep them for a year (checkout-proxy: `Cache-Control: immutable` under /<8 hex digits>/),
// and writes brotli (quality 11) and gzip (level 9) companions beside each compressible file.
//
//   checkout-widget.js, checkout-widget_bg.wasm, checkout.css, i18n/<lang>.json,
//   card-frame.js, card-frame.css
//     -> <hash>/checkout-widget.js, <hash>/checkout-widget_bg.wasm, ...
//
// One directory rather than one hash per file name: the files keep their names and find
// each other by relative URL (the glue loads the wasm beside itself), so neither the wasm nor
// the glue changes by a byte, and embed.js carries one hash, not five.
// embed.js keeps its place: it is the stable entry merchants include, served `no-cache`, and
// the one file that names the directory. The demo pages keep theirs; their preload hints are
// rewritten. Every rewrite must match exactly once, or the build fails rather than ship a page
// that asks for a file that is not there.
// Usage: node hash-assets.cjs <dir>
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const zlib = require('node:zlib');

const dir = process.argv[2];
if (!dir) throw new Error('usage: hash-assets.cjs <dir>');
const at = (name) => path.join(dir, name);

/** Replaces `from` (a string or a global regex) in `text`, which must match exactly once. */
function replaceOnce(text, from, to, file) {
  const count = typeof from === 'string' ? text.split(from).length - 1 : (text.match(from) || []).length;
  if (count !== 1) throw new Error(`hash-assets: ${file}: expected one ${from}, found ${count}`);
  return text.replace(from, to);
}

const packs = fs.readdirSync(at('i18n')).filter((f) => f.endsWith('.json')).sort();
if (packs.length === 0) throw new Error('hash-assets: no language packs in i18n/');
const moved = ['checkout-widget.js', 'checkout-widget_bg.wasm', 'checkout.css', ...packs.map((f) => `i18n/${f}`)];
// The card frame's script (its wasm inside) and stylesheet (scripts/card-frame.sh) move too;
// card-frame.html keeps its stable URL beside embed.js, since the checkout frames it by name.
const FRAME = ['card-frame.js', 'card-frame.css'];
moved.push(...FRAME);
// The first 8 hex digits of a SHA-256 over the names and bytes: enough to tell builds apart.
const digest = crypto.createHash('sha256');
for (const name of moved) digest.update(`${name}\0`).update(fs.readFileSync(at(name))).update('\0');
const hash = digest.digest('hex').slice(0, 8);
fs.mkdirSync(at(`${hash}/i18n`), { recursive: true });
for (const name of moved) fs.renameSync(at(name), at(`${hash}/${name}`));
fs.rmdirSync(at('i18n'));

let embed = fs.readFileSync(at('embed.js'), 'utf8');
embed = replaceOnce(embed, './checkout-widget.js', `./${hash}/checkout-widget.js`, 'embed.js');
embed = replaceOnce(embed, /(["'`])\.\/checkout\.css\1/g, `$1./${hash}/checkout.css$1`, 'embed.js');
embed = replaceOnce(embed, /([`])\.\/i18n\//g, `$1./${hash}/i18n/`, 'embed.js');
fs.writeFileSync(at('embed.js'), embed);

// card-frame.html names its script and stylesheet by relative URL ("card-frame.js"), so the
// frame works from any directory a merchant serves dist/ from: now "<hash>/card-frame.js".
let frame = fs.readFileSync(at('card-frame.html'), 'utf8');
for (const name of FRAME) frame = replaceOnce(frame, `"${name}"`, `"${hash}/${name}"`, 'card-frame.html');
fs.writeFileSync(at('card-frame.html'), frame);

// The demo pages' optional preload hints name the hashed files too, at the page's own origin
// ("/<name>") or at the widget files' origin ("__CHECKOUT_ASSETS__/<name>", which
// checkout-proxy replaces with that origin when it serves the page; see proxy/src/statics.rs).
const ASSETS_TOKEN = '__CHECKOUT_ASSETS__';
for (const page of walk(dir).filter((f) => f.endsWith('.html'))) {
  let html = fs.readFileSync(page, 'utf8');
  for (const name of moved) {
    for (const prefix of ['/', `${ASSETS_TOKEN}/`]) {
      html = html.split(`"${prefix}${name}"`).join(`"${prefix}${hash}/${name}"`);
    }
  }
  fs.writeFileSync(page, html);
}

// Precompressed companions, kept only where they are smaller than the file itself.
const COMPRESSIBLE = new Set(['.wasm', '.js', '.css', '.json', '.html', '.svg']);
let written = 0;
for (const file of walk(dir)) {
  if (!COMPRESSIBLE.has(path.extname(file))) continue;
  const bytes = fs.readFileSync(file);
  const br = zlib.brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_MODE]: file.endsWith('.wasm')
        ? zlib.constants.BROTLI_MODE_GENERIC : zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  const gz = zlib.gzipSync(bytes, { level: 9 });
  for (const [ext, packed] of [['.br', br], ['.gz', gz]]) {
    if (packed.length < bytes.length) {
      fs.writeFileSync(file + ext, packed);
      written += 1;
    }
  }
}
console.log(`hash-assets: the widget's files are in ${hash}/; ${written} precompressed files`);

function walk(root) {
  return fs.readdirSync(root, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(root, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}
