// Share links, autosave and damaged input (issue 5): a link restores exactly
// the moment it was taken (paused), a reload restores the autosave, and a
// damaged fragment or storage entry shows a clear message and the default
// scenario — never a blank page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, screenshot } from './lib.mjs';

let server, browser;
// STSPLAY_DIST lets a developer point the tests at another build than dist/.
before(async () => { server = await serve(process.env.STSPLAY_DIST ? { dir: process.env.STSPLAY_DIST } : {}); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function type(page, cmd) {
  await page.fill('#console-input', cmd);
  await page.press('#console-input', 'Enter');
}

test('a share link restores the same cluster, paused, and a reload restores the autosave', async () => {
  const page = await open(browser.context, server.url);
  await page.waitForSelector('[data-testid="pod-web-0"]', { timeout: 20000 });
  await type(page, 'kubectl scale sts web --replicas=4');
  await page.waitForSelector('[data-testid="pod-web-3"]', { timeout: 60000 });
  // Reload without a fragment: the autosave (written when the command was
  // logged) brings web-3 back.
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="pod-web-3"]', { timeout: 20000 });
  await page.click('[data-testid="share-button"]');
  const link = await page.inputValue('[data-testid="share-link"]');
  assert.match(link, /#v1\.[A-Za-z0-9_-]+$/);
  const snippet = await page.inputValue('[data-testid="share-snippet"]');
  assert.match(snippet, /<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?embed&amp;controls=minimal&amp;script=v1\.[A-Za-z0-9_.%-]+"/);
  await screenshot(page, 'teach-share-dialog');

  const other = await open(browser.context, link);
  await other.waitForSelector('[data-testid="pod-web-3"]', { timeout: 20000 });
  // The fragment was consumed; the session now lives on.
  assert.equal(new URL(other.url()).hash, '');
  assert.equal(await other.locator('[data-testid="share-notice"]').count(), 0);
  assert.deepEqual(other.problems, []);
  await other.close();

  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a damaged link shows a clear message and the default scenario', async () => {
  const page = await open(browser.context, `${server.url}#v1.this-is-not-a-real-link`);
  const notice = await page.waitForSelector('[data-testid="share-notice"]', { timeout: 20000 });
  assert.match(await notice.textContent(), /damaged or from a newer version/);
  assert.match(await notice.textContent(), /default scenario/);
  await page.waitForSelector('[data-testid="pod-web-0"]', { timeout: 20000 });
  await screenshot(page, 'teach-share-damaged');
  await page.close();
});

test('a damaged autosave entry is dropped with a message', async () => {
  const page = await open(browser.context, server.url);
  await page.evaluate(() => localStorage.setItem('stsplay.session.v1', 'v1.%%%garbage'));
  await page.goto(server.url);
  const notice = await page.waitForSelector('[data-testid="share-notice"]', { timeout: 20000 });
  assert.match(await notice.textContent(), /saved session could not be restored/);
  await page.waitForSelector('[data-testid="pod-web-0"]', { timeout: 20000 });
  await page.close();
});
