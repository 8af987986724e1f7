// The release build mounts in Chromium with no console errors, no failed
// requests, and leaves a screenshot for a person to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve, launch, open, screenshot } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('the app mounts without console errors or failed requests', async () => {
  const page = await open(browser.context, server.url);
  assert.ok(await page.locator('main').count() >= 1, 'a <main> element is rendered by the app');
  await page.waitForTimeout(500);
  const file = await screenshot(page, 'smoke');
  assert.ok(fs.statSync(file).size > 1000, 'screenshot written');
  assert.deepEqual(page.problems, []);
  assert.match(await page.title(), /StatefulSet Playground/);
});
