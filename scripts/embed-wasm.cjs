// Writes a wasm module into a script, in place of its placeholder string '__CARD_FRAME_WASM__'
// (either quote), as one character per byte (U+0000 to U+00FF), read back with charCodeAt.
// Why not a .wasm file beside it: the card frame's Content-Security-Policy lets it connect to
// the card tokenizer only, so it cannot fetch one. Why not base64: brotli shrinks these
// characters (UTF-8, two bytes from 0x80) almost as well as the wasm itself, about 0.4 KB
// more, where base64 costs 5 KB more. Only the quote, the backslash and line breaks are
// escaped; every other byte is a character a string literal may hold as it is.
// Usage: node embed-wasm.cjs <script> <wasm> <out>
'use strict';
const fs = require('node:fs');

const [script, wasm, out] = process.argv.slice(2);
if (!out) throw new Error('usage: embed-wasm.cjs <script> <wasm> <out>');
const text = fs.readFileSync(script, 'utf8');
const bytes = fs.readFileSync(wasm);
const found = text.match(/(["'])__CARD_FRAME_WASM__\1/g) || [];
if (found.length !== 1) throw new Error(`embed-wasm: ${script}: expected one placeholder, found ${found.length}`);
const quote = found[0][0];
let literal = '';
for (const byte of bytes) {
  if (byte === 0x5c) literal += '\\\\';
  else if (byte === quote.charCodeAt(0)) literal += `\\${quote}`;
  else if (byte === 0x0a) literal += '\\n';
  else if (byte === 0x0d) literal += '\\r';
  else literal += String.fromCharCode(byte);
}
// A function as the replacement: the literal may hold `$&` and the like.
fs.writeFileSync(out, text.replace(found[0], () => `${quote}${literal}${quote}`), 'utf8');
