// Release-build step (scripts/minify-glue.sh): a conservative CSS minifier for the widget's
// own stylesheet. It drops comments and the whitespace around { } ; , and >, and nothing
// else, so selectors (":host", "a :hover") and values ("calc(100% - 1rem)") keep their
// meaning. Usage: node minify-css.cjs <file.css>
'use strict';
const fs = require('node:fs');

const [file] = process.argv.slice(2);
const css = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
if (/"[^"\n]*\s{2,}[^"\n]*"|'[^'\n]*\s{2,}[^'\n]*'/.test(css)) {
  throw new Error('minify-css: a string holds repeated spaces; this minifier would change it');
}
const minified = css
  .replace(/\s+/g, ' ')
  .replace(/\s*([{};,>])\s*/g, '$1')
  .replace(/;}/g, '}')
  .trim();
fs.writeFileSync(file, `${minified}\n`);
