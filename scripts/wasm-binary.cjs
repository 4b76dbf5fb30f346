// Reading and writing the parts of a WebAssembly binary the release-build scripts touch:
// sections, the import and the export section. Used by scripts/short-names.cjs and
// scripts/check-dist.cjs.
'use strict';

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

/** [name, position after it] of the length-prefixed UTF-8 name at `at`. */
function readName(bytes, at) {
  const [length, start] = readLeb(bytes, at);
  return [bytes.subarray(start, start + length).toString('utf8'), start + length];
}

function name(text) {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([leb(bytes.length), bytes]);
}

/** Position after a limits record (tables, memories). */
function skipLimits(bytes, at) {
  const flags = bytes[at];
  let [, p] = readLeb(bytes, at + 1);
  if (flags & 1) [, p] = readLeb(bytes, p);
  return p;
}

/** Position after an import's description (its kind byte is at `at`). */
function skipImportDesc(bytes, at) {
  const kind = bytes[at];
  switch (kind) {
    case 0: return readLeb(bytes, at + 1)[1]; // function: type index
    case 1: return skipLimits(bytes, at + 2); // table: reference type, limits
    case 2: return skipLimits(bytes, at + 1); // memory: limits
    case 3: return at + 3; // global: value type, mutability
    case 4: return readLeb(bytes, at + 2)[1]; // tag: attribute, type index
    default: throw new Error(`wasm-binary: unknown import kind ${kind}`);
  }
}

/** The module's sections as [{id, body}]. */
function sections(bytes) {
  const out = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = readLeb(bytes, at + 1);
    out.push({ id, body: bytes.subarray(start, start + size) });
    at = start + size;
  }
  return out;
}

function parseImports(body) {
  let [count, p] = readLeb(body, 0);
  const imports = [];
  for (; count > 0; count -= 1) {
    const [module, afterModule] = readName(body, p);
    const [field, afterField] = readName(body, afterModule);
    const end = skipImportDesc(body, afterField);
    imports.push({ module, field, desc: body.subarray(afterField, end) });
    p = end;
  }
  return imports;
}

function parseExports(body) {
  let [count, p] = readLeb(body, 0);
  const exports = [];
  for (; count > 0; count -= 1) {
    const [field, afterField] = readName(body, p);
    const [, end] = readLeb(body, afterField + 1);
    exports.push({ field, desc: body.subarray(afterField, end) });
    p = end;
  }
  return exports;
}

module.exports = { readLeb, leb, readName, name, sections, parseImports, parseExports };
