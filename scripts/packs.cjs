// Writes the language packs as the widget reads them: each www/i18n/<code>.json (one flat
// object from key to text, the file translators edit) becomes <out>/i18n/<code>.json, a JSON
// array of its texts in the order of src/i18n/keys.json (empty where the pack has no text,
// which the widget shows in English). The wasm then looks texts up by position and carries
// none of the keys, and each pack is about 550 B brotli smaller. A trunk hook (Trunk.toml),
// so every build serves packs this way; or by hand: node scripts/packs.cjs <out>.
// A key the order does not know fails the build: a text would otherwise be lost unseen.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const out = process.argv[2] || process.env.TRUNK_STAGING_DIR;
if (!out) throw new Error('usage: packs.cjs <out-dir> (or run as a trunk hook)');
const keys = JSON.parse(fs.readFileSync(path.join(root, 'src/i18n/keys.json'), 'utf8'));
const source = path.join(root, 'www/i18n');
const names = fs.readdirSync(source).filter((f) => f.endsWith('.json')).sort();
if (names.length === 0) throw new Error(`packs: no packs in ${source}`);
fs.mkdirSync(path.join(out, 'i18n'), { recursive: true });
for (const name of names) {
  const pack = JSON.parse(fs.readFileSync(path.join(source, name), 'utf8'));
  if (pack === null || typeof pack !== 'object' || Array.isArray(pack)) throw new Error(`packs: ${name} is not one object`);
  for (const [key, text] of Object.entries(pack)) {
    if (!keys.includes(key)) throw new Error(`packs: ${name}: unknown key ${JSON.stringify(key)} (src/i18n/keys.json)`);
    if (typeof text !== 'string') throw new Error(`packs: ${name}: ${key} is not a string`);
  }
  const texts = keys.map((key) => pack[key] ?? '');
  fs.writeFileSync(path.join(out, 'i18n', name), JSON.stringify(texts));
}
console.log(`packs: ${names.length} language packs in ${path.join(out, 'i18n')}`);
