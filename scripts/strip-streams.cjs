// Release-build step (scripts/minify-glue.sh): removes the JS stream adapters that leptos'
// server_fn dependency exports through wasm-streams (IntoUnderlyingSource, ...). The widget
// never uses streams, but wasm-bindgen keeps every #[wasm_bindgen] export of every
// dependency: their wasm exports are dropped here (wasm-opt then deletes the dead code) and
// their classes leave the JS glue. Usage: node strip-streams.cjs <module.wasm> <glue.js>
'use strict';
const fs = require('node:fs');

const PREFIXES = ['intounderlying', '__wbg_intounderlying'];
const [wasmPath, gluePath] = process.argv.slice(2);

function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at];
    at += 1;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function leb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Buffer.from(out);
}

/** The module with the matching exports left out, and how many there were. */
function stripExports(bytes) {
  const parts = [bytes.subarray(0, 8)];
  let dropped = 0;
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = readLeb(bytes, at + 1);
    let body = bytes.subarray(start, start + size);
    if (id === 7) {
      let [count, p] = readLeb(body, 0);
      const kept = [];
      for (; count > 0; count -= 1) {
        const entryStart = p;
        const [length, nameStart] = readLeb(body, p);
        const name = body.subarray(nameStart, nameStart + length).toString('utf8');
        [, p] = readLeb(body, nameStart + length + 1);
        if (PREFIXES.some((prefix) => name.startsWith(prefix))) dropped += 1;
        else kept.push(body.subarray(entryStart, p));
      }
      body = Buffer.concat([leb(kept.length), ...kept]);
    }
    parts.push(Buffer.from([id]), leb(body.length), body);
    at = start + size;
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
