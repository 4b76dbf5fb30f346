// `make package`: the npm package of the widget, from a release dist/ (trunk build --release,
// which has already hashed and minified the files, scripts/hash-assets.cjs). Lays out
// target/package/checkout-widget/ and runs `npm pack` into target/package/.
//
// What goes in: the files a page loads and nothing of the demo. embed.js (the entry, `mount`
// and the custom element), its types, the hash directory (glue, wasm, stylesheet, language
// packs, the card frame's script and stylesheet) and card-frame.html. The files keep the
// layout of dist/, so they find each other by relative URL under a bundler as in a CDN
// directory, and checkout-proxy can serve the installed package as the widget's origin
// (CHECKOUT_STATIC_DIR). The .br/.gz companions stay out: npm compresses the tarball anyway.
// No install scripts, no dependencies.
// Usage: node package.cjs [dist] [out-dir]
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const dist = path.resolve(process.argv[2] || path.join(root, 'dist'));
const outDir = path.resolve(process.argv[3] || path.join(root, 'target', 'package'));
const stage = path.join(outDir, 'checkout-widget');

/** Stops the build with one line saying what is wrong. */
function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

/** The workspace version: the crate and the package carry one version. */
function crateVersion() {
  const toml = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8');
  const section = toml.split(/^\[workspace\.package\]$/m)[1] || '';
  const match = section.match(/^version\s*=\s*"([^"]+)"/m);
  if (!match) fail('no version under [workspace.package] in Cargo.toml');
  return match[1];
}

const hashes = fs.existsSync(dist) ? fs.readdirSync(dist).filter((f) => /^[0-9a-f]{8}$/.test(f)) : [];
if (hashes.length !== 1) {
  fail(`${dist} is not a release build (expected one hash directory, found ${hashes.length}); run trunk build --release`);
}
const [hash] = hashes;
const entry = fs.readFileSync(path.join(dist, 'embed.js'), 'utf8');
if (!entry.includes(`./${hash}/checkout-widget.js`)) fail(`embed.js does not load ${hash}/checkout-widget.js`);

fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(stage, { recursive: true });
const compressed = /\.(br|gz)$/;
fs.cpSync(path.join(dist, hash), path.join(stage, hash), {
  recursive: true,
  filter: (src) => !compressed.test(src),
});
for (const file of ['embed.js', 'embed.d.ts', 'card-frame.html']) {
  if (!fs.existsSync(path.join(dist, file))) fail(`${file} is missing from ${dist}`);
  fs.copyFileSync(path.join(dist, file), path.join(stage, file));
}
const packs = fs.readdirSync(path.join(stage, hash, 'i18n')).filter((f) => f.endsWith('.json'));
if (packs.length === 0) fail('no language packs in the hash directory');

const version = crateVersion();
const manifest = {
  name: 'checkout-widget',
  version,
  description: 'Embeddable checkout: a Leptos/WebAssembly widget that pays an invoice through your own checkout-proxy.',
  license: 'MIT',
  type: 'module',
  main: './embed.js',
  module: './embed.js',
  types: './embed.d.ts',
  exports: {
    '.': { types: './embed.d.ts', default: './embed.js' },
    './checkout.css': `./${hash}/checkout.css`,
    './card-frame.html': './card-frame.html',
    './package.json': './package.json',
  },
  // Importing embed.js defines <checkout-widget>: a bundler must keep it even when nothing
  // it exports is used.
  sideEffects: ['./embed.js'],
  files: ['embed.js', 'embed.d.ts', 'card-frame.html', `${hash}/`],
  keywords: ['checkout', 'payments', 'webassembly', 'custom-element', 'processout', '3ds'],
};
fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
fs.writeFileSync(path.join(stage, 'README.md'), `# checkout-widget ${version}

The checkout widget as an ES module: \`<checkout-widget>\` and \`mount()\`. It pays an invoice
through your own checkout-proxy; the provider's secret key stays on your server.

\`\`\`sh
npm install checkout-widget
\`\`\`

\`\`\`js
import { mount } from 'checkout-widget';   // also defines <checkout-widget>
mount(document.querySelector('#pay'), { invoiceId: 'iv_...', proxyUrl: '/checkout',
  cardFrameUrl: 'https://checkout-assets.example.com/card-frame.html' });
\`\`\`

A bundler (Vite, webpack 5, Rollup, esbuild) resolves the wasm module and the language packs
from this package by itself. The card frame, where the customer types the card, must come from
an origin other than your page's so that your page's scripts cannot read the card: serve this
package's directory there (for example checkout-proxy with CHECKOUT_STATIC_DIR set to it and
CHECKOUT_ASSETS_LISTEN) and name it with \`card-frame-url\` / \`cardFrameUrl\`.
`);

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const out = execFileSync(npm, ['pack', '--json', '--pack-destination', outDir], { cwd: stage, encoding: 'utf8' });
const [packed] = JSON.parse(out);
const tarball = path.join(outDir, packed.filename);
// A stable name too, for scripts and tests that do not know the version.
fs.copyFileSync(tarball, path.join(outDir, 'checkout-widget.tgz'));
console.log(`package: ${path.relative(root, tarball)} (${packed.entryCount} files, ${packed.size} B, version ${version}, ${packs.length} language packs)`);
