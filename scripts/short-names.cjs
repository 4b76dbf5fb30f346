// Release-build step (scripts/minify-glue.sh: after wasm-opt, which runs again after it to
// delete what only the dropped exports kept, and before terser): gives the names
// the wasm and wasm-bindgen's JS glue share one or two letters. wasm-bindgen names each import
// `__wbg_<method>_<16 hex digits>` and imports all of them from "./checkout-widget_bg.js", and
// its exports are names like `wasm_bindgen__convert__closures_____invoke__h<hash>`; every one
// of them is spelled out once in the wasm and once in the glue: about 4.8 KB gzip in all.
//
// - Imports: every import of the wasm's import section (module and field) gets a short name,
//   and the glue's import object the same keys. An import the glue does not define fails the
//   build; an entry of the glue's import object the wasm no longer imports (wasm-opt deleted
//   the last call) is removed, and the run says so.
// - Exports: those the glue reads (`wasm.<name>`) get short names; the others (`main`,
//   `__wbindgen_free`, wasm-bindgen's abort and split markers) are dropped. A name the glue reads that the wasm
//   does not export fails the build. Nothing outside the glue sees the exports: embed.js only
//   awaits init().
// - Custom sections wasm-opt left (`__wasm_split_unstable`) are dropped; browsers ignore them.
//
// Fails if a long name is left on either side. Usage: node short-names.cjs <module.wasm> <glue.js>
'use strict';
const fs = require('node:fs');
const { leb, name, sections, parseImports, parseExports } = require('./wasm-binary.cjs');

const [wasmPath, gluePath] = process.argv.slice(2);
if (!wasmPath || !gluePath) throw new Error('usage: node short-names.cjs <module.wasm> <glue.js>');

// Short names: a..z, A..Z, then two characters, never a JavaScript keyword (they are used as
// bare property names in the glue, where keywords would be legal, but plain is safer).
const FIRST = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const REST = `${FIRST}0123456789_$`;
const KEYWORDS = new Set(['do', 'if', 'in']);
function* shortNames() {
  for (const c of FIRST) yield c;
  for (const c of FIRST) for (const d of REST) if (!KEYWORDS.has(c + d)) yield c + d;
  throw new Error('short-names: more names than two characters can spell');
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
// A name is a whole identifier: no identifier character (\w or $) on either side.
const word = (text) => new RegExp(`(?<![\\w$])${escape(text)}(?![\\w$])`, 'g');

const wasmIn = fs.readFileSync(wasmPath);
let glue = fs.readFileSync(gluePath, 'utf8');
const parts = sections(wasmIn);
const importSection = parts.find((s) => s.id === 2);
const exportSection = parts.find((s) => s.id === 7);
if (!importSection || !exportSection) throw new Error('short-names: the wasm has no import or export section');
const imports = parseImports(importSection.body);
const wasmExports = parseExports(exportSection.body);

// The glue's import object: `const import0 = {` ... `};`, one entry per import, each from
// `        <name>: function(` to the next line that closes at the same indentation.
const lines = glue.split('\n');
const objectStart = lines.findIndex((line) => /^ {4}const import0 = \{$/.test(line));
if (objectStart < 0) throw new Error('short-names: no `const import0 = {` in the glue (wasm-bindgen changed its output?)');
const entries = new Map(); // name -> [first line, last line]
let objectEnd = objectStart + 1;
for (; lines[objectEnd] !== '    };'; objectEnd += 1) {
  if (objectEnd >= lines.length) throw new Error('short-names: the glue\'s import object does not end');
  const entry = /^ {8}([\w$]+): function\(/.exec(lines[objectEnd]);
  if (!entry) continue;
  let last = objectEnd;
  while (!/^ {8}\}/.test(lines[last])) last += 1;
  entries.set(entry[1], [objectEnd, last]);
  objectEnd = last;
}

const imported = new Set(imports.map((i) => i.field));
const missing = [...imported].filter((field) => !entries.has(field));
if (missing.length > 0) throw new Error(`short-names: the wasm imports names the glue does not define: ${missing.join(', ')}`);
const dead = [...entries.keys()].filter((field) => !imported.has(field));
for (const field of dead.reverse()) {
  const [first, last] = entries.get(field);
  lines.splice(first, last - first + 1);
}
glue = lines.join('\n');

// Imports: modules and fields, each their own short name, the same on both sides.
const moduleNames = new Map();
const fieldNames = new Map();
const moduleSource = shortNames();
const fieldSource = shortNames();
for (const { module, field } of imports) {
  if (!moduleNames.has(module)) moduleNames.set(module, moduleSource.next().value);
  if (fieldNames.has(field)) throw new Error(`short-names: ${field} is imported twice`);
  fieldNames.set(field, fieldSource.next().value);
}
for (const [long, short] of fieldNames) {
  let found = 0;
  glue = glue.replace(word(long), () => { found += 1; return short; });
  if (found !== 1) throw new Error(`short-names: the glue names the import ${long} ${found} times, not once`);
}
for (const [long, short] of moduleNames) {
  let found = 0;
  const key = new RegExp(`^( {8})(["']?)${escape(long)}\\2: import0,$`, 'gm');
  glue = glue.replace(key, (_, indent) => { found += 1; return `${indent}${short}: import0,`; });
  if (found !== 1) throw new Error(`short-names: the glue's import object has ${found} keys for module ${long}`);
}

// Exports: those the glue reads as `wasm.<name>` keep their kind and index under a short name.
const read = new Set([...glue.matchAll(/(?<![\w$])wasm\.([\w$]+)/g)].map((m) => m[1]));
const exported = new Set(wasmExports.map((e) => e.field));
const unknown = [...read].filter((field) => !exported.has(field));
if (unknown.length > 0) throw new Error(`short-names: the glue reads exports the wasm does not have: ${unknown.join(', ')}`);
const exportSource = shortNames();
const exportNames = new Map();
const kept = wasmExports.filter((e) => read.has(e.field));
for (const { field } of kept) exportNames.set(field, exportSource.next().value);
for (const [long, short] of exportNames) {
  glue = glue.replace(new RegExp(`(?<![\\w$])wasm\\.${escape(long)}(?![\\w$])`, 'g'), `wasm.${short}`);
}

const renamedImports = Buffer.concat([
  leb(imports.length),
  ...imports.map((i) => Buffer.concat([name(moduleNames.get(i.module)), name(fieldNames.get(i.field)), i.desc])),
]);
const renamedExports = Buffer.concat([
  leb(kept.length),
  ...kept.map((e) => Buffer.concat([name(exportNames.get(e.field)), e.desc])),
]);
const out = [wasmIn.subarray(0, 8)];
let customs = 0;
for (const { id, body: original } of parts) {
  let body = original;
  if (id === 0) { customs += 1; continue; }
  if (id === 2) body = renamedImports;
  if (id === 7) body = renamedExports;
  out.push(Buffer.from([id]), leb(body.length), body);
}
const wasm = Buffer.concat(out);

// Nothing long may be left: every name in the wasm is short, and the glue no longer spells
// any wasm-bindgen import, export or module name.
const check = sections(wasm);
for (const i of parseImports(check.find((s) => s.id === 2).body)) {
  if (i.module.length > 2 || i.field.length > 2) throw new Error(`short-names: import ${i.module}.${i.field} is still long`);
}
for (const e of parseExports(check.find((s) => s.id === 7).body)) {
  if (e.field.length > 2) throw new Error(`short-names: export ${e.field} is still long`);
}
const left = [...fieldNames.keys(), ...moduleNames.keys()].filter((long) => word(long).test(glue))
  .concat([...glue.matchAll(/(?<![\w$])wasm\.([\w$]+)/g)].map((m) => m[1]).filter((field) => field.length > 2));
if (left.length > 0) throw new Error(`short-names: the glue still names ${left.join(', ')}`);

fs.writeFileSync(wasmPath, wasm);
fs.writeFileSync(gluePath, glue);
console.log(`short-names: ${imports.length} imports and ${kept.length} exports renamed; ` +
  `${wasmExports.length - kept.length} exports the glue never reads, ${dead.length} glue imports the wasm ` +
  `no longer has (${dead.join(', ') || 'none'}) and ${customs} custom sections removed`);
