// Frame-time probe (issue 4 §7): prints p50/p95 frame times and long tasks
// while 30 and then 300 replicas are created and deleted at 16x.
// Run: node e2e/frame-probe.mjs (after trunk build --release; STSPLAY_DIST=dir to probe another build). Target: p95 <= 16.7 ms at 30.
import { serve, launch, open } from './lib.mjs';

const server = await serve({ dir: process.env.STSPLAY_DIST || undefined });
const browser = await launch();
const page = await open(browser.context, server.url);
await page.getByLabel('Speed').selectOption('6');

async function measure(replicas, ms) {
  await page.evaluate(() => {
    window.__frames = []; window.__long = [];
    let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; if (window.__probe) requestAnimationFrame(tick); };
    window.__probe = true; requestAnimationFrame(tick);
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
  });
  const input = page.getByRole('spinbutton', { name: 'Replicas' });
  await input.fill(String(replicas)); await input.press('Enter');
  await page.waitForTimeout(ms);
  await input.fill('0'); await input.press('Enter');
  await page.waitForTimeout(ms / 2);
  const { frames, long } = await page.evaluate(() => { window.__probe = false; return { frames: window.__frames, long: window.__long }; });
  const s = frames.slice(1).sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))]?.toFixed(1);
  console.log(`${replicas} replicas: ${s.length} frames, p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, long tasks ${long.length} (max ${Math.max(0, ...long).toFixed(0)} ms)`);
}

await measure(30, 8000);
await measure(300, 8000);
await browser.close();
await server.close();
