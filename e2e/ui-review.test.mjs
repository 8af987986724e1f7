// What a newcomer's review found (2026-12-06), pinned down: a lesson's
// Continue waits for the step's own commands; dragging the timeline into the
// past keeps the track's width; the Share dialog takes focus, keeps Tab
// inside and gives focus back on Escape; a pod on a node that went down
// says so on its card at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, screenshot } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('lesson: Continue stays disabled while the step\'s commands run, then enables', { timeout: 120000 }, async () => {
  // Step 1 of stable-storage applies web and waits for its rollout: at 1x
  // that takes many seconds, during which Continue must not skip ahead.
  const page = await open(browser.context, `${server.url}?lesson=stable-storage`);
  await page.waitForSelector('[data-testid="lesson-step"][data-step="1"]', { timeout: 30000 });
  await page.waitForSelector('[data-testid="lesson-running"]', { timeout: 10000 });
  assert.equal(await page.isDisabled('[data-testid="lesson-continue"]'), true, 'Continue is enabled while the step runs');
  // → (the lessons panel's key) must not skip ahead either.
  await page.focus('[data-testid="lesson-replay"]');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getAttribute('[data-testid="lesson-step"]', 'data-step'), '1');
  await page.getByLabel('Speed').selectOption('6');
  await page.waitForSelector('[data-testid="lesson-running"]', { state: 'detached', timeout: 90000 });
  assert.equal(await page.isDisabled('[data-testid="lesson-continue"]'), false);
  await page.click('[data-testid="lesson-continue"]');
  await page.waitForSelector('[data-testid="lesson-step"][data-step="2"]');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('timeline: seeking into the past keeps the track\'s width; the end of the track is now', { timeout: 60000 }, async () => {
  const page = await open(browser.context, server.url);
  await page.getByLabel('Speed').selectOption('6');
  await page.waitForSelector('[data-testid="pod-web-1"]', { timeout: 30000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const track = page.locator('.scrub-track input[type="range"]');
  const before = (await track.boundingBox()).width;
  const max = Number(await track.getAttribute('max'));
  // What a drag does: input events with values along the track.
  await track.evaluate((el, v) => { el.value = String(v); el.dispatchEvent(new Event('input', { bubbles: true })); }, Math.floor(max / 2));
  await page.waitForSelector('[data-testid="in-past"]');
  const during = (await track.boundingBox()).width;
  assert.ok(Math.abs(during - before) <= 2, `the track was ${before}px wide and ${during}px while in the past`);
  await screenshot(page, 'ui-timeline-past');
  await track.evaluate((el) => { el.value = el.max; el.dispatchEvent(new Event('input', { bubbles: true })); });
  await page.waitForSelector('[data-testid="in-past"]', { state: 'detached', timeout: 5000 });
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('share dialog: focus moves in, Tab stays inside, Escape closes and returns focus', { timeout: 60000 }, async () => {
  const page = await open(browser.context, server.url);
  await page.waitForSelector('[data-testid="pod-web-0"]', { timeout: 30000 });
  await page.click('[data-testid="share-button"]');
  await page.waitForSelector('[data-testid="share-dialog"]');
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'share-link');
  const inside = () => page.evaluate(() => !!document.activeElement?.closest('[data-testid="share-dialog"]'));
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    assert.equal(await inside(), true, `Tab #${i + 1} left the dialog`);
  }
  await page.keyboard.press('Shift+Tab');
  assert.equal(await inside(), true, 'Shift+Tab left the dialog');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="share-dialog"]', { state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'share-button');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('node down: the pod cards on it and the Why panel say so at once, before the pod turns NotReady', { timeout: 60000 }, async () => {
  const page = await open(browser.context, server.url);
  await page.getByLabel('Speed').selectOption('6');
  await page.waitForFunction(() => /, on node-1\b/.test(document.querySelector('[data-testid="pod-web-0"]')?.getAttribute('aria-label') || ''), null, { timeout: 30000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByRole('button', { name: 'Take node-1 down' }).click();
  const card = page.locator('[data-testid="pod-web-0"]');
  await page.waitForFunction(() => /, on node-1 \(down\)/.test(document.querySelector('[data-testid="pod-web-0"]')?.getAttribute('aria-label') || ''), null, { timeout: 5000 });
  assert.equal((await card.locator('.badge.node').innerText()).trim(), 'node-1 down');
  assert.equal(await card.locator('.badge.node.down').count(), 1);
  // The Why panel says what will (not) happen and what a person can do.
  assert.match(await page.locator('section.why').innerText(), /node-1 is down: web-0 keeps its name and is not replaced until it is force deleted/);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('revision colours: a pod that keeps its revision keeps its colour when a new revision rolls out', { timeout: 90000 }, async () => {
  const page = await open(browser.context, server.url);
  await page.getByLabel('Speed').selectOption('6');
  await page.waitForFunction(() => [0, 1, 2].every((k) => /, Running, ready 1\/1/.test(document.querySelector(`[data-testid="pod-web-${k}"]`)?.getAttribute('aria-label') || '')), null, { timeout: 60000 });
  const rev = (k) => page.getAttribute(`[data-testid="pod-web-${k}"]`, 'data-rev');
  const before = await rev(0);
  const input = page.getByRole('textbox', { name: 'kubectl console' });
  await input.fill(`kubectl patch sts web --type=merge -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}}}'`);
  await input.press('Enter');
  await input.fill('kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:0.21');
  await input.press('Enter');
  // web-2 is replaced at the new revision; web-0 and web-1 keep theirs.
  await page.waitForFunction((b) => { const r = document.querySelector('[data-testid="pod-web-2"]')?.getAttribute('data-rev'); return r && r !== b; }, before, { timeout: 60000 });
  assert.equal(await rev(0), before, 'web-0 changed colour although its revision did not change');
  assert.equal(await rev(1), before);
  // The StatefulSet panel's swatches use the same colours.
  assert.equal(await page.getAttribute('.revisions dd.rev >> nth=0', 'data-rev'), before);
  assert.equal(await page.getAttribute('.revisions dd.rev >> nth=1', 'data-rev'), await rev(2));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('grace countdown: a pod deleted with a 10 s grace period reads "10s left", never more', { timeout: 60000 }, async () => {
  const page = await open(browser.context, server.url);
  await page.getByLabel('Speed').selectOption('6');
  await page.waitForFunction(() => /, Running, ready 1\/1/.test(document.querySelector('[data-testid="pod-web-2"]')?.getAttribute('aria-label') || ''), null, { timeout: 60000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  // Paused at a fractional virtual time (the clock shows tenths): the
  // deadline is now + 10 s exactly.
  await page.getByRole('button', { name: 'Delete pod web-2' }).click();
  const countdown = page.locator('[data-testid="pod-web-2"] .countdown');
  await page.waitForFunction(() => /s left/.test(document.querySelector('[data-testid="pod-web-2"] .countdown')?.textContent || ''), null, { timeout: 5000 });
  assert.equal((await countdown.innerText()).trim(), '10s left');
  assert.deepEqual(page.problems, []);
  await page.close();
});
