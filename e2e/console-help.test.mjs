// What a newcomer reaches for when stuck (session 6): kubectl's own help
// (its error texts say "See 'kubectl scale --help'"), `clear`, Tab that
// leaves the console when there is nothing to complete, Step's answer when
// nothing is due, and an embed without controls that still plays.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, screenshot } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const scrollback = (page) => page.locator('.scrollback').innerText();

async function type(page, line) {
  const input = page.getByRole('textbox', { name: 'kubectl console' });
  await input.fill(line);
  await input.press('Enter');
}

test('console: kubectl help and VERB --help print usage without an error; clear empties the scrollback', { timeout: 60000 }, async () => {
  const page = await open(browser.context, server.url);
  await page.waitForSelector('[data-testid="pod-web-0"]', { timeout: 30000 });
  const errorsBefore = await page.locator('.scrollback .cl.err').count();
  await type(page, 'kubectl help');
  await page.waitForFunction(() => document.querySelector('.scrollback')?.innerText.includes('Deploy Commands:'));
  await type(page, 'kubectl scale --help');
  await page.waitForFunction(() => document.querySelector('.scrollback')?.innerText.includes('--replicas=COUNT'));
  const text = await scrollback(page);
  assert.match(text, /Set a new size for a deployment, replica set, or replication controller\./);
  assert.doesNotMatch(text, /unknown flag: --help/);
  assert.equal(await page.locator('.scrollback .cl.err').count(), errorsBefore, 'help printed an error line');
  await screenshot(page, 'console-help');
  // Several kinds print one table each, with an empty line between them.
  await type(page, 'kubectl get pods,svc');
  await page.waitForFunction(() => document.querySelector('.scrollback')?.innerText.includes('service/nginx'));
  const out = await page.locator('.scrollback .cl').allInnerTexts();
  const svcHeader = out.findLastIndex((l) => l.startsWith('NAME') && l.includes('CLUSTER-IP'));
  assert.equal(out[svcHeader - 1], '', `no empty line before the services table: ${JSON.stringify(out.slice(-8))}`);
  // A following command answers at once, and the console says it did not follow.
  await type(page, 'kubectl get pods -w');
  await page.waitForFunction(() => [...document.querySelectorAll('.scrollback .cl.note')].some((n) => n.innerText.includes('the console does not block')));
  await type(page, 'clear');
  await page.waitForFunction(() => document.querySelectorAll('.scrollback .cl').length === 0);
  // `clear` is the console's own: the next command still runs and echoes.
  await type(page, 'kubectl get sts');
  await page.waitForFunction(() => document.querySelector('.scrollback')?.innerText.includes('$ kubectl get sts'));
  assert.doesNotMatch(await scrollback(page), /clear: command not found/);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('console: Tab completes while it can, then moves focus on (no keyboard trap)', { timeout: 60000 }, async () => {
  const page = await open(browser.context, server.url);
  await page.waitForSelector('[data-testid="pod-web-0"]', { timeout: 30000 });
  const input = page.getByRole('textbox', { name: 'kubectl console' });
  await input.fill('kubectl sca');
  await input.press('Tab');
  assert.equal(await input.inputValue(), 'kubectl scale ');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'console-input', 'a completing Tab moved focus');
  await input.fill('kubectl zzz');
  await input.press('Tab');
  assert.notEqual(await page.evaluate(() => document.activeElement?.id), 'console-input', 'Tab with nothing to complete kept focus');
  await input.fill('kubectl sca');
  await input.press('Shift+Tab');
  assert.notEqual(await page.evaluate(() => document.activeElement?.id), 'console-input', 'Shift+Tab kept focus');
  assert.equal(await input.inputValue(), 'kubectl sca', 'Shift+Tab completed');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('time bar: Step with nothing due says the cluster is quiet; the next change clears it', { timeout: 90000 }, async () => {
  const page = await open(browser.context, server.url);
  await page.getByLabel('Speed').selectOption('6');
  await page.waitForFunction(() => /web-2, Running, ready 1\/1/.test(document.querySelector('[data-testid="pod-web-2"]')?.getAttribute('aria-label') || ''), null, { timeout: 60000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const step = page.getByRole('button', { name: 'Step', exact: true });
  const idle = page.locator('[data-testid="step-idle"]');
  for (let i = 0; i < 50 && (await idle.count()) === 0; i++) await step.click();
  await idle.waitFor({ timeout: 5000 });
  assert.match(await idle.innerText(), /Nothing is due/);
  await screenshot(page, 'time-step-idle');
  await type(page, 'kubectl scale sts web --replicas=4');
  await idle.waitFor({ state: 'detached', timeout: 5000 });
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('embed: controls=none without autoplay still plays (there is no Play button to press)', { timeout: 60000 }, async () => {
  const page = await open(browser.context, `${server.url}?embed&controls=none`);
  await page.waitForSelector('[data-testid="pod-web-1"]', { timeout: 30000 });
  assert.equal(await page.getByRole('button', { name: 'Play', exact: true }).count(), 0);
  const paused = await open(browser.context, `${server.url}?embed&controls=minimal`);
  await paused.waitForSelector('.timebar', { timeout: 30000 });
  await paused.waitForTimeout(3000);
  assert.equal(await paused.locator('[data-testid="pod-web-1"]').count(), 0, 'an embed with a Play button should wait for it');
  assert.deepEqual(page.problems, []);
  assert.deepEqual(paused.problems, []);
  await page.close();
  await paused.close();
});

test('why panel: the rule a row cites links to where it is stated upstream', { timeout: 60000 }, async () => {
  const page = await open(browser.context, server.url);
  const link = page.locator('.why a.rule[data-rule="§7.1"]').first();
  await link.waitFor({ timeout: 30000 });
  assert.equal(await link.getAttribute('href'), 'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#deployment-and-scaling-guarantees');
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.match(await link.getAttribute('aria-label'), /^Rule §7\.1, ordered creation: read upstream/);
  assert.equal((await link.innerText()).trim(), 'ordered creation ↗');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('embed: a lesson\'s narration comes before the lanes, inside a 700×450 frame', { timeout: 60000 }, async () => {
  const page = await open(browser.context, `${server.url}?embed&lesson=ordered-creation`);
  await page.setViewportSize({ width: 700, height: 450 });
  const step = page.locator('[data-testid="lesson-step"]');
  await step.waitFor({ timeout: 30000 });
  const box = await step.boundingBox();
  const stage = await page.locator('.stage').boundingBox();
  assert.ok(box.y + Math.min(box.height, 60) <= 450, `the lesson step starts at y=${box.y}, below the frame`);
  assert.ok(box.y < stage.y, `the narration (y=${box.y}) should come before the lanes (y=${stage.y})`);
  await screenshot(page, 'embed-lesson-700x450');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('embed: with controls=minimal or none a lesson still shows its narration and Continue', { timeout: 60000 }, async () => {
  for (const controls of ['minimal', 'none']) {
    const page = await open(browser.context, `${server.url}?embed&controls=${controls}&lesson=ordered-creation`);
    const step = page.locator('[data-testid="lesson-step"]');
    await step.waitFor({ state: 'visible', timeout: 30000 });
    assert.ok(await page.locator('[data-testid="lesson-continue"]').isVisible(), `controls=${controls}: no Continue`);
    // The other panels stay hidden, as the parameter asks.
    assert.equal(await page.locator('.panel.events').isVisible(), false, `controls=${controls}: the events panel shows`);
    assert.deepEqual(page.problems, []);
    await page.close();
  }
});

test('spec panel: a new image can be declared broken, and the rollout then stalls on it', { timeout: 90000 }, async () => {
  const page = await open(browser.context, server.url);
  await page.getByLabel('Speed').selectOption('6');
  await page.waitForFunction(() => /web-2, Running, ready 1\/1/.test(document.querySelector('[data-testid="pod-web-2"]')?.getAttribute('aria-label') || ''), null, { timeout: 60000 });
  await page.getByTestId('image-behaviour').selectOption('pull-error');
  const image = page.locator('.panel.spec input[type="text"]').first();
  await image.fill('registry.k8s.io/nginx-slim:typo');
  await image.press('Enter');
  await page.waitForFunction(() => document.querySelector('.scrollback')?.innerText.includes('$ sim image registry.k8s.io/nginx-slim:typo pull-error'));
  // web-2 is replaced first (highest ordinal) and cannot pull the image.
  await page.waitForFunction(() => /ErrImagePull|ImagePullBackOff/.test(document.querySelector('[data-testid="pod-web-2"]')?.getAttribute('data-status') || ''), null, { timeout: 60000 });
  const lines = await page.locator('.scrollback .cl.cmd').allInnerTexts();
  const i = lines.indexOf('$ sim image registry.k8s.io/nginx-slim:typo pull-error');
  assert.equal(lines[i + 1], '$ kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:typo');
  await screenshot(page, 'spec-broken-image');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('reset: starts over from the starting scene with a clean console; a lesson starts with a clean console too', { timeout: 90000 }, async () => {
  const page = await open(browser.context, server.url);
  await page.getByLabel('Speed').selectOption('6');
  await page.waitForSelector('[data-testid="pod-web-1"]', { timeout: 30000 });
  await type(page, 'kubectl scale sts web --replicas=1');
  await page.waitForFunction(() => document.querySelector('.scrollback')?.innerText.includes('statefulset.apps/web scaled'));
  await page.getByTestId('reset-button').click();
  await page.waitForFunction(() => document.querySelector('.scrollback .cl')?.innerText.startsWith('── reset'));
  const text = await scrollback(page);
  assert.doesNotMatch(text, /--replicas=1/, 'the old session stayed in the console');
  assert.match(text, /statefulset\.apps\/web created/);
  await page.waitForSelector('[data-testid="pod-web-2"]', { timeout: 60000 });
  // A lesson: the console starts clean as well.
  await page.getByTestId('lesson-select').selectOption('scale-down');
  await page.waitForFunction(() => document.querySelector('.scrollback .cl')?.innerText.startsWith('── lesson'));
  assert.doesNotMatch(await scrollback(page), /── reset/);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('share dialog: Copy puts the link on the clipboard and says so', { timeout: 60000 }, async () => {
  const page = await open(browser.context, server.url);
  await page.waitForSelector('[data-testid="pod-web-0"]', { timeout: 30000 });
  await page.click('[data-testid="share-button"]');
  await page.getByRole('button', { name: 'Copy the link' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="share-copied"]')?.innerText.length > 0);
  const status = await page.getByTestId('share-copied').innerText();
  const link = await page.inputValue('[data-testid="share-link"]');
  assert.match(link, /#v1\./);
  if (status === 'Link copied') {
    // Headless Chromium grants clipboard reads to the page's own origin only with permission.
    await browser.context.grantPermissions(['clipboard-read'], { origin: new URL(server.url).origin });
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  } else {
    assert.match(status, /Copy is blocked here/);
  }
  await screenshot(page, 'share-copy');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a shared link opens with the commands that built the moment in the console', { timeout: 90000 }, async () => {
  const page = await open(browser.context, server.url);
  await page.waitForSelector('[data-testid="pod-web-0"]', { timeout: 30000 });
  await type(page, 'kubectl scale sts web --replicas=2');
  await page.waitForFunction(() => document.querySelector('.scrollback')?.innerText.includes('statefulset.apps/web scaled'));
  await page.click('[data-testid="share-button"]');
  const link = await page.inputValue('[data-testid="share-link"]');
  await page.close();
  const shared = await open(browser.context, link);
  await shared.waitForFunction(() => document.querySelector('.scrollback .cl.note')?.innerText.startsWith('── restored session at'), null, { timeout: 30000 });
  const lines = await shared.locator('.scrollback .cl').allInnerTexts();
  assert.match(lines[0], /^── restored session at 0:\d\d\.\d: the 2 command\(s\) that built it ──$/);
  assert.deepEqual(lines.slice(1), ["$ kubectl apply -f - <<'EOF' …", '$ kubectl scale sts web --replicas=2']);
  assert.deepEqual(shared.problems, []);
  await shared.close();
});

test('pod card: readiness failed from the console is offered for recovery in the More menu', { timeout: 60000 }, async () => {
  const page = await open(browser.context, server.url);
  await page.waitForSelector('[data-testid="pod-web-0"]', { timeout: 30000 });
  await type(page, 'sim readiness pod/web-0 fail');
  await page.getByLabel('More actions for web-0').click();
  const recover = page.getByRole('button', { name: 'Recover readiness of web-0' });
  await recover.waitFor({ timeout: 5000 });
  await recover.click();
  await page.waitForFunction(() => document.querySelector('.scrollback')?.innerText.includes('$ sim readiness pod/web-0 pass'));
  await page.getByRole('button', { name: 'Fail readiness of web-0' }).waitFor({ timeout: 5000 });
  assert.deepEqual(page.problems, []);
  await page.close();
});
