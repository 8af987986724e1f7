// Screenshots for review: the default scene (3 replicas) and the 10,000-replica
// ceiling with windowed lanes. Run: STSPLAY_DIST=dir node e2e/ui-shots.mjs [outdir]
import { serve, launch, open } from './lib.mjs';
import path from 'node:path';

const out = process.argv[2] || '/tmp/ui-shots';
const server = await serve({ dir: process.env.STSPLAY_DIST || undefined });
const browser = await launch();
const page = await open(browser.context, server.url);
await page.getByLabel('Speed').selectOption('6');
await page.waitForTimeout(4000);
const input = page.getByRole('textbox', { name: 'kubectl console' });
await input.fill("kubectl exec web-1 -- sh -c 'echo hello > /usr/share/nginx/html/index.html'"); await input.press('Enter');
await page.getByRole('button', { name: 'Pause' }).click();
await page.waitForTimeout(500);
// Focus an Events row about web-1 (as arrow keys would): its card is outlined.
await page.locator('.event-list li', { hasText: 'Pod/web-1' }).last().focus();
await page.waitForTimeout(300);
await page.screenshot({ path: path.join(out, 'three.png'), fullPage: true });
console.log('highlighted:', await page.locator('.card.highlight').getAttribute('aria-label'));
await page.getByRole('button', { name: 'Play' }).click();
await input.fill('kubectl scale sts web --replicas=10000'); await input.press('Enter');
await page.waitForTimeout(4000);
await page.evaluate(() => window.scrollTo(0, 0));
await page.screenshot({ path: path.join(out, 'ceiling.png') });
const lanes = page.locator('[data-testid="lanes"]');
await lanes.evaluate((el) => { el.scrollLeft = 5000 * 132; });
await page.waitForTimeout(500);
await page.evaluate(() => window.scrollTo(0, 0));
await page.screenshot({ path: path.join(out, 'ceiling-scrolled.png') });
console.log(await page.evaluate(() => ({
  li: document.querySelectorAll('[data-testid="lanes"] li').length,
  lanes: [...document.querySelectorAll('[data-testid="lanes"] .lane')].map((l) => l.dataset.ordinal).join(','),
  label: document.querySelector('[data-testid="lanes"]').getAttribute('aria-label'),
  counts: document.querySelector('[data-testid="lane-counts"]')?.innerText,
})));
console.log(page.problems);
await browser.close();
await server.close();
