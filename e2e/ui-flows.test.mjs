// End-to-end flows of the playground UI (issue 4 §6), driven only through
// what a person sees and the accessible names the UI promises: pod cards are
// list items named after their pod, "Replicas" is a spinbutton, Play/Pause/
// Step are buttons, the console input is labelled "kubectl console".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, screenshot } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Opens the app at 16x speed. */
async function fresh() {
  const page = await open(browser.context, server.url);
  await page.getByLabel('Speed').selectOption('6');
  return page;
}

/** aria-labels of every pod card, by pod name. */
async function pods(page) {
  const labels = await page.locator('li.pod').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  return Object.fromEntries(labels.map((l) => [l.split(',')[0], l]));
}

const isReady = (label) => /, Running, ready 1\/1/.test(label || '');

async function waitFor(page, pred, what, timeout = 30000) {
  const t0 = Date.now();
  for (;;) {
    const p = await pods(page);
    if (pred(p)) return p;
    if (Date.now() - t0 > timeout) assert.fail(`timed out waiting for ${what}; pods: ${JSON.stringify(p)}`);
    await page.waitForTimeout(50);
  }
}

const revisionOf = (label) => (label.match(/revision (\S+?),/) || [])[1];

test('ordered creation: each pod appears only after the lower ordinal is Running and Ready', async () => {
  const page = await fresh();
  const seen = [];
  await waitFor(page, (p) => {
    for (const [name, label] of Object.entries(p)) {
      const k = Number(name.split('-')[1]);
      if (k > 0 && !seen.includes(name)) {
        seen.push(name);
        assert.ok(isReady(p[`web-${k - 1}`]), `${name} appeared while web-${k - 1} was: ${p[`web-${k - 1}`]}`);
      }
    }
    return ['web-0', 'web-1', 'web-2'].every((n) => isReady(p[n]));
  }, 'three ready pods');
  assert.deepEqual(seen, ['web-1', 'web-2']);
  // The console echoed the command that created them.
  assert.match(await page.locator('.scrollback').innerText(), /statefulset\.apps\/web created/);
  await screenshot(page, 'ui-ordered-creation');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('reverse-order scale-down keeps the claims of removed ordinals', async () => {
  const page = await fresh();
  await waitFor(page, (p) => ['web-0', 'web-1', 'web-2'].every((n) => isReady(p[n])), 'three ready pods');
  const replicas = page.getByRole('spinbutton', { name: 'Replicas' });
  await replicas.fill('1');
  await assert.doesNotReject(page.getByText('will condemn web-2, web-1 (highest ordinal first)').waitFor({ timeout: 2000 }));
  await replicas.press('Enter');
  await waitFor(page, (p) => {
    // web-1 may only start terminating once web-2 is gone (§8).
    const w1Terminating = !p['web-1'] || /Terminating/.test(p['web-1']);
    if (w1Terminating) assert.ok(!p['web-2'], `web-1 terminating while web-2 still exists: ${JSON.stringify(p)}`);
    return !p['web-1'] && !p['web-2'];
  }, 'scale-down to one pod');
  for (const claim of ['www-web-1', 'www-web-2']) {
    assert.equal(await page.getByRole('listitem', { name: new RegExp(`^claim ${claim}, Bound`) }).count(), 1, `${claim} retained`);
  }
  assert.match(await page.locator('.scrollback').innerText(), /\$ kubectl scale sts web --replicas=1/);
  await screenshot(page, 'ui-scale-down');
  await page.close();
});

test('a deleted pod comes back under its own name with the same claim and volume', async () => {
  const page = await fresh();
  await waitFor(page, (p) => ['web-0', 'web-1', 'web-2'].every((n) => isReady(p[n])), 'three ready pods');
  const claim = page.getByRole('listitem', { name: /^claim www-web-1,/ });
  const before = await claim.getAttribute('aria-label');
  const card = page.getByTestId('pod-web-1');
  const uid = await card.getAttribute('data-uid');
  await page.getByRole('button', { name: 'Delete pod web-1' }).click();
  // A new pod object (new uid) under the same name, in the same lane.
  await waitFor(page, (p) => isReady(p['web-1']), 'web-1 ready');
  for (let i = 0; i < 200 && (await card.getAttribute('data-uid')) === uid; i++) await page.waitForTimeout(50);
  assert.notEqual(await card.getAttribute('data-uid'), uid, 'web-1 was replaced by a new pod');
  await waitFor(page, (p) => isReady(p['web-1']), 'web-1 ready again');
  assert.equal(await page.locator('[data-ordinal="1"] li.pod').count(), 1, 'the replacement is in lane 1');
  assert.equal(await claim.getAttribute('aria-label'), before, 'same claim, same volume');
  assert.match(await page.locator('.scrollback').innerText(), /kubectl delete pod web-1/);
  await page.close();
});

test('rolling update with a partition updates only ordinals at or above it', async () => {
  const page = await fresh();
  let p = await waitFor(page, (q) => ['web-0', 'web-1', 'web-2'].every((n) => isReady(q[n])), 'three ready pods');
  const oldRev = revisionOf(p['web-0']);
  const partition = page.getByRole('spinbutton', { name: 'partition', exact: true });
  await partition.fill('2');
  await partition.press('Tab');
  const image = page.getByRole('textbox', { name: 'image', exact: true });
  await image.fill('registry.k8s.io/nginx-slim:0.21');
  await image.press('Enter');
  p = await waitFor(page, (q) => isReady(q['web-2']) && revisionOf(q['web-2']) !== oldRev, 'web-2 on the new revision');
  await page.waitForTimeout(1500);
  p = await pods(page);
  assert.equal(revisionOf(p['web-0']), oldRev, 'web-0 below the partition keeps the old revision');
  assert.equal(revisionOf(p['web-1']), oldRev, 'web-1 below the partition keeps the old revision');
  const log = await page.locator('.scrollback').innerText();
  assert.match(log, /kubectl patch sts web/);
  assert.match(log, /kubectl set image sts\/web nginx=registry\.k8s\.io\/nginx-slim:0\.21/);
  await screenshot(page, 'ui-partitioned-rollout');
  await page.close();
});

test('seeking back in time shows the past, and acting there forks the future', async () => {
  const page = await fresh();
  await waitFor(page, (p) => ['web-0', 'web-1', 'web-2'].every((n) => isReady(p[n])), 'three ready pods');
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('slider', { name: 'Time' }).fill('10'); // 1 s of virtual time
  const p = await pods(page);
  assert.ok(!p['web-1'] && !p['web-2'], `at 1 s only web-0 may exist: ${JSON.stringify(p)}`);
  await page.getByText('Viewing the past').waitFor();
  await page.getByRole('spinbutton', { name: 'Replicas' }).fill('2');
  await page.getByRole('spinbutton', { name: 'Replicas' }).press('Enter');
  assert.equal(await page.getByText('Viewing the past').count(), 0, 'acting in the past forks: now is the end of history');
  // The console says where history forked, above the command that forked it.
  const lines = await page.locator('.scrollback .cl').allInnerTexts();
  const at = lines.findLastIndex((l) => l.startsWith('── history forked'));
  assert.match(lines[at] || '', /^── history forked at 0:01\.0: what happened after it \(up to 0:\d\d\.\d\) was dropped ──$/);
  assert.equal(lines[at + 1], '$ kubectl scale sts web --replicas=2');
  await page.close();
});

test('keyboard only: shortcuts overlay, pause, step, scale with the spinbutton', async () => {
  const page = await fresh();
  await page.locator('body').press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await dialog.waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await dialog.count(), 0);
  await page.keyboard.press(' ');
  assert.equal(await page.getByRole('button', { name: 'Pause' }).getAttribute('aria-pressed'), 'true');
  const clock = page.locator('.clock');
  const t0 = await clock.innerText();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.notEqual(await clock.innerText(), t0, 'step moves virtual time');
  await page.keyboard.press(' ');
  // Tab to the spinbutton.
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.id === 'replicas-input')) break;
  }
  assert.ok(await page.evaluate(() => document.activeElement?.id === 'replicas-input'), 'Replicas reachable by Tab');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('4');
  await page.keyboard.press('Enter');
  await waitFor(page, (p) => !!p['web-3'], 'web-3 created after scaling to 4', 60000);
  await page.close();
});

test('a console typo is answered in kubectl\'s words', async () => {
  const page = await fresh();
  const input = page.getByRole('textbox', { name: 'kubectl console' });
  await input.fill('kubectl scael sts web --replicas=2');
  await input.press('Enter');
  await page.locator('.cl.err', { hasText: 'error: unknown command "scael" for "kubectl"' }).waitFor({ timeout: 5000 });
  await input.fill('kubectl get pods web-9');
  await input.press('Enter');
  await page.locator('.cl.err', { hasText: 'Error from server (NotFound): pods "web-9" not found' }).waitFor({ timeout: 5000 });
  // History: ArrowUp brings back the last command.
  await input.press('ArrowUp');
  assert.equal(await input.inputValue(), 'kubectl get pods web-9');
  await page.close();
});

test('the Events list shows the newest event first, and a row highlights the card of its object', async () => {
  const page = await fresh();
  await waitFor(page, (p) => isReady(p['web-1']), 'web-1 ready');
  const rows = page.locator('.event-list li');
  assert.ok(await rows.count() > 5, 'events are listed');
  // Visually topmost row is the newest: its time is the latest.
  const times = await rows.evaluateAll((els) => els
    .map((e) => [e.getBoundingClientRect().top, e.querySelector('.ev-time').textContent])
    .sort((a, b) => a[0] - b[0]).map((x) => x[1]));
  const secs = (t) => { const [m, s] = t.split(':'); return Number(m) * 60 + Number(s); };
  assert.ok(secs(times[0]) >= secs(times[times.length - 1]), `newest first: ${times[0]} … ${times[times.length - 1]}`);
  await rows.filter({ hasText: 'Pod/web-1' }).last().focus();
  await assert.doesNotReject(page.locator('li.pod.highlight[data-testid="pod-web-1"]').waitFor({ timeout: 2000 }));
  assert.deepEqual(page.problems, []);
  await page.close();
});
