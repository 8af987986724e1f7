// Embedding under a sub-path (issue 5): the release build served at
// /docs/playground/ inside an iframe of a host page, with embed parameters.
// dist/ is built with `public_url = "./"` (Trunk.toml), so the very same files
// work under any sub-path: no rebuild, no rewriting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, screenshot, DIST as BUILT } from './lib.mjs';

const DIST = process.env.STSPLAY_DIST || BUILT;

const PREFIX = '/docs/playground/';

const HOST = (src) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Docs page</title></head>
<body><h1>StatefulSets</h1><p>Try it:</p>
<iframe id="pg" src="${src}" title="StatefulSet Playground" width="900" height="640" style="border:0"></iframe>
</body></html>`;

let server, browser;
before(async () => {
  server = await serve({
    dir: DIST, prefix: PREFIX,
    extra: {
      '/host.html': { body: HOST(`${PREFIX}?embed&lesson=ordered-creation&theme=dark&autoplay`) },
      '/host-minimal.html': { body: HOST(`${PREFIX}?embed&controls=minimal&script=${encodeURIComponent('kubectl apply -f - <<EOF\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n  selector:\n    app: db\nEOF')}`) },
    },
  });
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

test('the playground runs under /docs/playground/ inside a host page with a lesson', async () => {
  const page = await open(browser.context, `${server.origin}/host.html`, { waitFor: 'iframe' });
  const frame = page.frameLocator('#pg');
  await frame.locator('[data-testid="lesson-step"]').waitFor({ timeout: 30000 });
  assert.match(await frame.locator('.lesson-progress').textContent(), /Ordered creation — step 1 of/);
  const cls = await frame.locator('html').getAttribute('class');
  assert.match(cls, /\bembed\b/);
  assert.equal(await frame.locator('html').getAttribute('data-theme'), 'dark');
  await frame.locator('[data-testid="pod-web-0"]').waitFor({ timeout: 30000 });
  // Every request stayed under the sub-path (or the host page itself).
  const stray = server.requests.filter((p) => !p.startsWith(PREFIX) && !p.startsWith('/host') && p !== '/favicon.ico');
  assert.deepEqual(stray, []);
  assert.deepEqual(page.problems, []);
  await screenshot(page, 'teach-embed-host');
  await page.close();
});

test('controls=minimal hides the panels, script= sets the scene, and links keep the sub-path', async () => {
  const page = await open(browser.context, `${server.origin}/host-minimal.html`, { waitFor: 'iframe' });
  const frame = page.frameLocator('#pg');
  await frame.locator('main').waitFor({ timeout: 30000 });
  assert.match(await frame.locator('html').getAttribute('class'), /controls-minimal/);
  assert.equal(await frame.locator('aside.panels').isVisible(), false);
  assert.equal(await frame.locator('.timebar').isVisible(), true);
  // The script ran instead of the default scene: no StatefulSet pods.
  await page.waitForTimeout(1500);
  assert.equal(await frame.locator('[data-testid="pod-web-0"]').count(), 0);
  assert.deepEqual(page.problems, []);
  await page.close();
});
