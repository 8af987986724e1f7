// Every lesson's happy path in the browser (issue 5): open it by deep link,
// let each step's commands play (at 16×), use "Do it for me" for each check,
// wait until the check is met, Continue — to the last step. Also the
// StatefulSet-vs-Deployment comparison.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, screenshot } from './lib.mjs';

const LESSONS = [
  'ordered-creation', 'scale-down', 'stable-storage', 'headless-dns', 'parallel',
  'partitioned-rollout', 'stuck-rollout', 'retention', 'ordinals-start', 'node-failure',
  'replicated-database', 'autoscaling', 'vs-deployment',
];

let server, browser;
// STSPLAY_DIST lets a developer point the tests at another build than dist/.
before(async () => { server = await serve(process.env.STSPLAY_DIST ? { dir: process.env.STSPLAY_DIST } : {}); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function fastest(page) {
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  for (let i = 0; i < 8; i++) await page.keyboard.press('+');
}

for (const id of LESSONS) {
  test(`lesson ${id}: happy path`, { timeout: 240000 }, async () => {
    const page = await open(browser.context, `${server.url}?lesson=${id}`);
    await page.waitForSelector('[data-testid="lesson-step"]', { timeout: 30000 });
    await fastest(page);
    const total = Number((await page.textContent('.lesson-progress')).match(/of (\d+)/)[1]);
    assert.ok(total >= 3, `${id} has ${total} steps`);
    for (let k = 1; k <= total; k++) {
      await page.waitForSelector(`[data-testid="lesson-step"][data-step="${k}"]`, { timeout: 30000 });
      // A deep link per step.
      assert.equal(await page.getAttribute('[data-testid="lesson-step-link"]', 'href'), `?lesson=${id}&step=${k}`);
      await page.waitForSelector('[data-testid="lesson-running"]', { state: 'detached', timeout: 120000 });
      if (await page.locator('[data-testid="lesson-check"]').count()) {
        assert.equal(await page.getAttribute('[data-testid="lesson-check"]', 'data-met'), 'false', `${id} step ${k}: check already met`);
        await page.click('[data-testid="lesson-show-me"]');
        await page.waitForSelector('[data-testid="lesson-check"][data-met="true"]', { timeout: 120000 });
      }
      if (k < total) await page.click('[data-testid="lesson-continue"]');
    }
    // The last step, done, says so.
    await page.waitForSelector('[data-testid="lesson-complete"]', { timeout: 30000 });
    await screenshot(page, `teach-lesson-${id}`);
    assert.deepEqual(page.problems, []);
    await page.close();
  });
}

test('lesson keys and deep links: → continues, ← goes back, ?step= opens a step', async () => {
  const page = await open(browser.context, `${server.url}?lesson=stable-storage&step=2`);
  await page.waitForSelector('[data-testid="lesson-step"][data-step="2"]', { timeout: 30000 });
  await page.waitForSelector('[data-testid="pod-web-1"]', { timeout: 30000 });
  await page.focus('[data-testid="lesson-replay"]');
  await page.keyboard.press('ArrowLeft');
  await page.waitForSelector('[data-testid="lesson-step"][data-step="1"]');
  assert.match(page.url(), /lesson=stable-storage&step=1/);
  await page.waitForSelector('[data-testid="lesson-running"]', { state: 'detached', timeout: 120000 });
  await page.focus('[data-testid="lesson-replay"]');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('[data-testid="lesson-step"][data-step="2"]');
  await page.close();
});

test('StatefulSet vs Deployment: same actions, different names', { timeout: 120000 }, async () => {
  const page = await open(browser.context, server.url);
  await page.waitForSelector('[data-testid="pod-web-0"]', { timeout: 20000 });
  await page.click('[data-testid="compare-start"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="compare-deploy"] tbody tr').length === 3, null, { timeout: 30000 });
  const names = await page.locator('[data-testid="compare-deploy"] tbody tr td:first-child').allTextContents();
  for (const n of names) assert.match(n, /^web-deploy-[bcdfghjklmnpqrstvwxz2456789]+-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  await page.fill('[data-testid="compare-replicas"]', '4');
  await page.click('[data-testid="compare-scale"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="compare-deploy"] tbody tr').length === 4, null, { timeout: 30000 });
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="compare-sts"] tbody tr td:first-child')].map((t) => t.textContent).join(',') === 'web-0,web-1,web-2,web-3', null, { timeout: 60000 });
  assert.match(await page.textContent('[data-testid="compare-sts"]'), /www-web-3/);
  await screenshot(page, 'teach-compare');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('autoscaling panel: Autoscale creates the HPA, the CPU load slider scales web up in order', { timeout: 180000 }, async () => {
  const page = await open(browser.context, server.url);
  await page.waitForSelector('[data-testid="pod-web-2"]', { timeout: 30000 });
  await fastest(page);
  await page.click('[data-testid="autoscale-button"]');
  await page.waitForFunction(() => /horizontalpodautoscaler\.autoscaling\/web autoscaled/.test(document.querySelector('.scrollback')?.innerText || ''), null, { timeout: 20000 });
  assert.match(await page.textContent('[data-testid="hpa-summary"]'), /hpa\/web: 2–6 pods, target cpu 50%/);
  // 200% of one pod's request over 3 ready pods is 67% each: above the 50% target.
  await page.locator('[data-testid="load-slider"]').fill('200');
  await page.waitForFunction(() => /\$ sim load sts\/web 200/.test(document.querySelector('.scrollback')?.innerText || ''), null, { timeout: 20000 });
  await page.waitForSelector('[data-testid="pod-web-3"]', { timeout: 120000 });
  assert.match(await page.textContent('[data-testid="hpa-summary"]'), /desired [4-6]/);
  await screenshot(page, 'teach-autoscale-panel');
  assert.deepEqual(page.problems, []);
  await page.close();
});
