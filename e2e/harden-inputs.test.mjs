// Page-level rows of docs/bad-inputs.md (issue 6 §2): hostile share
// fragments, corrupted local storage, hostile URL parameters, markup and
// control characters in names, a 1 MB console line. For each, the page shows
// the message, stays interactive (a following console command answers), runs
// no injected markup (no dialog, no element, no global set by an `onerror`),
// and logs no error. Served WITHOUT a CSP on purpose: an injection must fail
// because text is never parsed as HTML, not because a policy blocked it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import fs from 'node:fs';
import { serve, launch, open, DIST } from './lib.mjs';

const dir = process.env.STSPLAY_DIST || DIST;
let server, browser;
before(async () => { server = await serve({ dir }); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const PWN = '<img src=x onerror="window.__pwned=1">';

/** A v1 share fragment for `state` (the codec of sim/src/share.rs). */
function fragment(state) {
  const packed = zlib.deflateRawSync(Buffer.from(JSON.stringify(state)), { level: 9 });
  return `v1.${packed.toString('base64url')}`;
}

/** Opens `path` (relative to the app) and arms the injection detectors. */
async function visit(path, { storage } = {}) {
  const page = await browser.context.newPage();
  // Plant (or clear) the autosave entry before the app boots: the tests
  // share one browser profile, and the previous test's session is saved.
  // (A same-origin page that is not the app: the stylesheet, served 200.)
  const css = fs.readdirSync(dir).find((f) => f.endsWith('.css'));
  await page.goto(`${server.url}${css}`).catch(() => {});
  await page.evaluate((v) => {
    if (v === null) localStorage.removeItem('stsplay.session.v1');
    else localStorage.setItem('stsplay.session.v1', v);
  }, storage ?? null);
  page.problems = [];
  page.dialogs = [];
  // (Chromium asks the stylesheet page above for /favicon.ico; that 404 may
  // be reported late and is not the app's.)
  page.on('console', (m) => { if (m.type() === 'error' && !m.location()?.url?.endsWith('/favicon.ico')) page.problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('dialog', async (d) => { page.dialogs.push(d.message()); await d.dismiss(); });
  await page.goto(`${server.url}${path}`);
  await page.waitForSelector('main', { timeout: 20000 });
  return page;
}

const consoleInput = (page) => page.getByRole('textbox', { name: 'kubectl console' });
const scrollback = (page) => page.locator('.scrollback').innerText();

/** Types a console command, waits for its echo, and returns the time it took (ms). */
async function type(page, text, { timeout = 20000 } = {}) {
  const t0 = Date.now();
  await consoleInput(page).fill(text);
  await consoleInput(page).press('Enter');
  const head = text.slice(0, 40);
  await page.waitForFunction((h) => document.querySelector('.scrollback')?.innerText.includes(h), head, { timeout });
  return Date.now() - t0;
}

/** The page still answers a console command and nothing was injected. */
async function assertAlive(page) {
  await type(page, 'kubectl get nodes -o name');
  await page.waitForFunction(() => document.querySelector('.scrollback')?.innerText.includes('node/node-1'), null, { timeout: 10000 });
  const injected = await page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    elements: document.querySelectorAll('main img, main script, .scrollback b, .notice b').length,
  }));
  assert.deepEqual(injected, { pwned: null, elements: 0 }, 'injected markup ran or was inserted');
  assert.deepEqual(page.dialogs, [], 'a dialog was opened');
}

async function notice(page) {
  const n = await page.waitForSelector('[data-testid="share-notice"]', { timeout: 20000 });
  return (await n.textContent()).replace(/\s*Dismiss\s*$/, '');
}

test('P1 fragment with markup: banner names the damage, default scenario runs', async () => {
  const page = await visit(`#v1.<script>alert(1)</script>`);
  assert.equal(await notice(page), 'This link could not be opened — this link is damaged or from a newer version: its encoded data has been cut short. Showing the default scenario instead.');
  await assertAlive(page);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('P2 fragment from a newer format version', async () => {
  const page = await visit('#v2.AAAA');
  assert.equal(await notice(page), 'This link could not be opened — this link is damaged or from a newer version: format version "v2" is not known to this playground (it reads v1). Showing the default scenario instead.');
  await assertAlive(page);
  await page.close();
});

test('P3 well-formed fragment carrying markup in names and view options is shown as text', async () => {
  const script = `kubectl get pod '${PWN}'\nkubectl scale sts '<b>web</b>' --replicas=3\n`;
  const frag = fragment({ script, seed: 1, time_ms: 0, view: { [PWN]: PWN } });
  const page = await visit(`#${frag}`);
  await page.waitForTimeout(500);
  await assertAlive(page);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('P4 fragment with a crash loop and a 10^6-hour sleep does not hang the page', async () => {
  const script = 'sim image registry.k8s.io/nginx-slim:0.24 crash\nsleep 3600000000\nkubectl get pods\n';
  const frag = fragment({ script, seed: 1, time_ms: 3_600_000_000_000, view: {} });
  const t0 = Date.now();
  const page = await visit(`#${frag}`);
  await assertAlive(page);
  const ms = Date.now() - t0;
  assert.ok(ms < 20000, `page answered only after ${ms} ms`);
  await page.close();
});

test('P5 corrupted local storage: banner, entry removed, default scenario', async () => {
  const page = await visit('', { storage: '{"script":1}' });
  assert.equal(await notice(page), 'The saved session could not be restored (it does not start with "v1."). Showing the default scenario instead.');
  await assertAlive(page);
  // The bad entry was replaced (by the autosave of the default scenario) or removed.
  const saved = await page.evaluate(() => localStorage.getItem('stsplay.session.v1'));
  assert.ok(saved === null || saved.startsWith('v1.'), `entry still ${saved?.slice(0, 40)}`);
  await page.close();
});

test('P6 oversized local storage entry (450 KiB) is refused by its size', async () => {
  const page = await visit('', { storage: `v1.${'A'.repeat(450 * 1024)}` });
  assert.match(await notice(page), /^The saved session could not be restored \(it is 460803 characters long; at most 409600 are allowed\)/);
  await assertAlive(page);
  await page.close();
});

test('P7 hostile URL parameters: unknown lesson, negative step, bogus controls and theme', async () => {
  const q = `?lesson=${encodeURIComponent('<script>alert(1)</script>')}&step=-5&controls=${encodeURIComponent('<b>x</b>')}&theme=purple&speed=abc`;
  const page = await visit(q);
  const text = await page.locator('main').innerText();
  assert.match(text, /There is no lesson "<script>alert\(1\)<\/script>"\. Showing the default scenario instead\./);
  assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-theme')), null, 'theme=purple ignored');
  await assertAlive(page);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('P8 embed script parameter with markup is parsed as a script and refused as text', async () => {
  const page = await visit(`?embed&autoplay&script=${encodeURIComponent(PWN)}`);
  await page.waitForFunction(() => document.querySelector('.scrollback')?.innerText.includes('not supported'), null, { timeout: 20000 });
  assert.match(await scrollback(page), /error: line 1, column 1: .*\(<\) .*not supported/);
  await assertAlive(page);
  await page.close();
});

test('P9 markup and control characters typed in the console are echoed as text', async () => {
  const page = await visit('');
  await type(page, `kubectl get pod '${PWN}'`);
  await page.waitForFunction(() => document.querySelector('.scrollback')?.innerText.includes('Error from server (NotFound)'), null, { timeout: 10000 });
  // The name is quoted as Go's %q does (apimachinery's NotFound): `"` becomes `\"`.
  assert.ok((await scrollback(page)).includes(`pods ${JSON.stringify(PWN)} not found`));
  await type(page, 'kubectl get pod web\u0007\u001b[2J');
  // Control characters come back as escapes, never as raw bytes.
  await page.waitForFunction(() => document.querySelector('.scrollback')?.innerText.includes('pods "web\\a\\x1b[2J" not found'), null, { timeout: 10000 });
  await assertAlive(page);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('P10 a 1 MB console line is answered and the page keeps responding', async () => {
  const page = await visit('');
  const word = 'a'.repeat(1 << 20);
  const ms = await type(page, `kubectl get pods ${word}`, { timeout: 60000 });
  await page.waitForFunction(() => document.querySelector('.scrollback')?.innerText.includes('Error from server (NotFound): pods "aaaa'), null, { timeout: 60000 });
  const t0 = Date.now();
  await assertAlive(page);
  console.log(`# 1 MB line answered in ${ms} ms; next command in ${Date.now() - t0} ms`);
  assert.ok(Date.now() - t0 < 10000, 'the page is sluggish after a 1 MB line');
  await page.close();
});

test('P11 replicas above the ceiling are refused with the limit named', async () => {
  const page = await visit('');
  await type(page, 'kubectl scale sts web --replicas=10001');
  await page.waitForFunction(() => document.querySelector('.scrollback')?.innerText.includes('simulator limit'), null, { timeout: 10000 });
  assert.match(await scrollback(page), /The StatefulSet "web" is invalid: spec\.replicas: Invalid value: 10001: must be less than or equal to 10000 \(simulator limit\)/);
  await assertAlive(page);
  await page.close();
});
