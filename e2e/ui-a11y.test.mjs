// Accessibility and looks (issue 4 §5): axe-core finds no violations in
// light and dark themes, the page works at 360 px, reduced motion removes
// animation, transitions are announced in the live region. Screenshots for a
// person to look at land in e2e/artifacts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { serve, launch, open, screenshot } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function settled(page) {
  await page.getByLabel('Speed').selectOption('6');
  await page.getByRole('listitem', { name: /^web-2, Running, ready 1\/1/ }).waitFor({ timeout: 30000 });
  await page.getByRole('button', { name: 'Pause' }).click();
}

for (const theme of ['light', 'dark']) {
  for (const width of [1280, 360]) {
    test(`axe reports no violations (${theme}, ${width} px) and nothing overflows`, async () => {
      const page = await open(browser.context, server.url);
      await page.setViewportSize({ width, height: 860 });
      await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
      await settled(page);
      const results = await new AxeBuilder({ page }).analyze();
      const summary = results.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
      await screenshot(page, `ui-${theme}-${width}`);
      assert.deepEqual(summary, []);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px at ${width}px`);
      assert.deepEqual(page.problems, []);
      await page.close();
    });
  }
}

test('transitions are announced in plain words; reduced motion removes animation', async () => {
  const page = await open(browser.context, server.url);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.getByLabel('Speed').selectOption('6');
  const live = page.getByTestId('announcer');
  assert.equal(await live.getAttribute('aria-live'), 'polite');
  await page.getByRole('listitem', { name: /^web-0, Running, ready 1\/1/ }).waitFor({ timeout: 30000 });
  let heard = '';
  for (let i = 0; i < 100 && !/web-\d (is ready|created)/.test(heard); i++) {
    heard = await live.textContent();
    await page.waitForTimeout(30);
  }
  assert.match(heard, /web-\d (is ready|created)/);
  const anim = await page.getByRole('listitem', { name: /^web-0/ }).evaluate((e) => getComputedStyle(e).animationName);
  assert.equal(anim, 'none');
  await page.close();
});
