// Trunk post_build hook (Trunk.toml [[hooks]]): moves Trunk's inline
// `<script type="module">` loader into its own file, so the page runs under the
// strict Content-Security-Policy `script-src 'self' 'wasm-unsafe-eval'`
// (issue 6 §4), which blocks every inline script.
//
// Trunk 0.21 writes the finished index.html into $TRUNK_STAGING_DIR and then
// runs post_build hooks, before the staging directory becomes dist/. The
// loader's imports are relative to the public URL ('./' here), and a module's
// relative imports resolve against the module's own URL, which sits beside
// index.html, so the moved code behaves exactly as the inline one.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('trunk-post-build: TRUNK_STAGING_DIR is not set (run me from a Trunk hook)');
  process.exit(1);
}
const base = process.env.TRUNK_PUBLIC_URL || './';
const file = path.join(staging, 'index.html');
const html = fs.readFileSync(file, 'utf8');

// The module loader: `<script type=module>` or `<script type="module" nonce=…>`
// with a body and no src. (`trunk serve` also adds a classic autoreload script;
// that one is left alone — it only exists in development.)
const re = /<script\b([^>]*\btype=["']?module["']?[^>]*)>([\s\S]*?)<\/script>/g;
let moved = 0;
const out = html.replace(re, (whole, attrs, body) => {
  if (/\bsrc=/.test(attrs) || !body.trim()) return whole;
  const code = `${body.trim()}\n`;
  const hash = crypto.createHash('sha256').update(code).digest('hex').slice(0, 16);
  const name = `boot-${hash}.js`;
  fs.writeFileSync(path.join(staging, name), code);
  const integrity = `sha384-${crypto.createHash('sha384').update(code).digest('base64')}`;
  moved += 1;
  return `<script type="module" src="${base}${name}" integrity="${integrity}" crossorigin></script>`;
});
if (moved !== 1) {
  console.error(`trunk-post-build: expected one inline module loader in index.html, found ${moved}`);
  process.exit(1);
}
fs.writeFileSync(file, out);
console.log(`trunk-post-build: loader moved to its own file (${base}boot-*.js)`);
