// Shared harness for the browser tests: a static server for dist/ (optionally
// under a sub-path and with a Content-Security-Policy header) and a Debian
// Chromium launched through playwright-core. No browser is ever downloaded.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = path.join(ROOT, 'dist');
export const ARTIFACTS = path.join(ROOT, 'e2e', 'artifacts');
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.json': 'application/json', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Serves `dir` on 127.0.0.1 at a free port. `prefix` (e.g. '/docs/playground/')
 * mounts it under a sub-path; `csp` adds the Content-Security-Policy header;
 * `extra` maps additional absolute URL paths to { type, body } (host pages).
 * Resolves to { url, close, requests } where url ends with the prefix.
 */
export function serve({ dir = DIST, prefix = '/', csp = null, extra = {} } = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    requests.push(u.pathname);
    const headers = {};
    if (csp) headers['Content-Security-Policy'] = csp;
    if (extra[u.pathname]) {
      const e = extra[u.pathname];
      res.writeHead(200, { ...headers, 'Content-Type': e.type || 'text/html; charset=utf-8' });
      res.end(e.body);
      return;
    }
    if (!u.pathname.startsWith(prefix)) { res.writeHead(404); res.end('not found'); return; }
    let rel = decodeURIComponent(u.pathname.slice(prefix.length));
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.join(dir, rel);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404); res.end('not found'); return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}${prefix}`, origin: `http://127.0.0.1:${port}`, requests, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/** Launches Debian Chromium headless with a fresh profile. */
export async function launch() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stsplay-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 860 },
  });
  const close = async () => { await context.close(); fs.rmSync(userDataDir, { recursive: true, force: true }); };
  return { context, close };
}

/**
 * Opens `url` in a new page and records console errors, page errors, failed
 * requests and CSP violations into `page.problems` (an array of strings).
 */
export async function open(context, url, { waitFor = 'main', freshStorage = true } = {}) {
  const page = await context.newPage();
  // The tests share one browser profile and the app autosaves its session to
  // localStorage, so a new page would restore the previous test's cluster.
  // Each new tab starts from empty storage; reloads in the same tab keep it
  // (the flag lives in sessionStorage, which is per tab).
  if (freshStorage) await page.addInitScript(freshStorageScript);
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => page.problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) page.problems.push(`http ${r.status()}: ${r.url()}`); });
  await page.goto(url);
  if (waitFor) await page.waitForSelector(waitFor, { timeout: 20000 });
  return page;
}

/** Init script: clears localStorage on the first load in this tab only. */
export function freshStorageScript() {
  try {
    if (!sessionStorage.getItem('e2e.fresh')) {
      localStorage.clear();
      sessionStorage.setItem('e2e.fresh', '1');
    }
  } catch { /* storage disabled: nothing to clear */ }
}

/** Saves a full-page screenshot under e2e/artifacts/NAME.png and returns its path. */
export async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
