// Browser measurements for scripts/bench (issue 6 §5): first paint, first
// pod card visible, frame-time p50/p95 at 30 and 300 replicas, and the peak
// JS heap after a long session (≥ 10,000 trace records, measured with CDP
// Runtime.getHeapUsage). Prints one JSON object on stdout.
// usage: node e2e/bench-probe.mjs [DIST]
import { serve, launch, DIST } from './lib.mjs';

const dir = process.argv[2] || process.env.STSPLAY_DIST || DIST;
const server = await serve({ dir });
const browser = await launch();
const out = {};

async function type(page, text) {
  const input = page.getByRole('textbox', { name: 'kubectl console' });
  await input.fill(text);
  await input.press('Enter');
}

async function frames(page, ms = 3000) {
  const ts = await page.evaluate((ms) => new Promise((resolve) => {
    const ts = [];
    const t0 = performance.now();
    const tick = (t) => { ts.push(t); if (t - t0 < ms) requestAnimationFrame(tick); else resolve(ts); };
    requestAnimationFrame(tick);
  }), ms);
  const d = ts.slice(1).map((t, i) => t - ts[i]).sort((a, b) => a - b);
  const q = (p) => Number((d[Math.min(d.length - 1, Math.floor(p * d.length))] ?? NaN).toFixed(1));
  return { p50: q(0.5), p95: q(0.95), frames: ts.length };
}

try {
  const page = await browser.context.newPage();
  // Trunk's loader announces the instantiated module; keep it to read the
  // size of the wasm linear memory (which the JS heap figure does not include).
  await page.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail?.wasm; }));
  await page.goto(server.url);
  await page.waitForSelector('li.pod', { timeout: 30000 });
  Object.assign(out, await page.evaluate(() => {
    const paint = Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]));
    return { first_paint_ms: Math.round(paint['first-paint'] ?? NaN), first_contentful_paint_ms: Math.round(paint['first-contentful-paint'] ?? NaN), first_pod_card_ms: Math.round(performance.now()) };
  }));
  // first_pod_card_ms is an upper bound: the time at which the probe saw it.
  await page.getByLabel('Speed').selectOption('6').catch(() => {});
  for (const n of [30, 300]) {
    await type(page, `kubectl scale sts web --replicas=${n}`);
    await page.waitForTimeout(5000);
    out[`frames_${n}`] = await frames(page);
    out[`pod_cards_${n}`] = await page.locator('li.pod').count();
  }
  // A long session: keep the cluster busy until the trace holds ≥ 10,000 records.
  const cdp = await browser.context.newCDPSession(page);
  let peak = 0;
  let peakWasm = 0;
  const t0 = Date.now();
  let records = 0;
  while (Date.now() - t0 < 120000) {
    await type(page, 'kubectl rollout restart sts/web');
    await page.waitForTimeout(5000);
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    peak = Math.max(peak, usedSize);
    peakWasm = Math.max(peakWasm, await page.evaluate(() => window.__wasm?.memory?.buffer?.byteLength ?? 0));
    records = await page.evaluate(() => Number(document.querySelector('[data-records]')?.getAttribute('data-records') || NaN));
    if (records >= 10000) break;
  }
  out.session_seconds = Math.round((Date.now() - t0) / 1000);
  out.session_records = Number.isNaN(records) ? null : records;
  out.peak_js_heap_bytes = peak;
  out.peak_wasm_memory_bytes = peakWasm;
} catch (e) {
  out.error = String(e.message || e).split('\n')[0];
} finally {
  await browser.close();
  await server.close();
}
console.log(JSON.stringify(out));
