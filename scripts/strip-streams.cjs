// Release-build step (scripts/minify-glue.sh): removes the JS stream adapters that leptos'
// server_fn dependency exports through wasm-streams (IntoUnderlyingSource, ...). The widget
// never uses streams, but wasm-bindgen keeps every #[wasm_bindgen] export of every
// dependency: their wasm exports are dropped here (wasm-opt then deletes the dead code) and
// their classes leave the JS glue. Usage: node strip-streams.cjs <module.wasm> <glue.js>
'use strict';
const fs = require('node:fs');
const { leb, name, sections, parseExports } = require('./wasm-binary.cjs');

const PREFIXES = ['intounderlying', '__wbg_intounderlying'];
const [wasmPath, gluePath] = process.argv.slice(2);

/** The module with the matching exports left out, and how many there were. */
function stripExports(bytes) {
  const parts = [bytes.subarray(0, 8)];
  let dropped = 0;
  for (let { id, body } of sections(bytes)) {
    if (id === 7) {
      const kept = parseExports(body).filter(({ field }) => {
        const strip = PREFIXES.some((prefix) => field.startsWith(prefix));
        if (strip) dropped += 1;
        return !strip;
      });
      body = Buffer.concat([leb(kept.length), ...kept.map(({ field, desc }) => Buffer.concat([name(field), desc]))]);
    }
    parts.push(Buffer.from([id]), leb(body.length), body);
  }
  return [Buffer.concat(parts), dropped];
}

/** The glue without the adapter classes and their finalization registries. */
function stripGlue(text) {
  const lines = text.split('\n');
  const out = [];
  let removed = 0;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (/^export class IntoUnderlying\w* \{$/.test(line)) {
      while (lines[i] !== '}') i += 1;
      removed += 1;
    } else if (/^if \(Symbol\.dispose\) IntoUnderlying/.test(line)) {
      // The class's dispose alias goes with it.
    } else if (/^const IntoUnderlying\w*Finalization = /.test(line)) {
      while (!lines[i].trimEnd().endsWith(');')) i += 1;
    } else {
      out.push(line);
    }
  }
  return [out.join('\n'), removed];
}

const [wasm, dropped] = stripExports(fs.readFileSync(wasmPath));
const [glue, classes] = stripGlue(fs.readFileSync(gluePath, 'utf8'));
if (classes > 0 && dropped === 0) throw new Error('stream classes in the glue but no exports in the wasm');
if (/IntoUnderlying/.test(glue)) throw new Error('the glue still refers to a stream adapter');
fs.writeFileSync(wasmPath, wasm);
fs.writeFileSync(gluePath, glue);
console.log(`strip-streams: ${dropped} exports and ${classes} classes removed`);
