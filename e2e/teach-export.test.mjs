// Export (issue 5): the manifests dialog shows YAML that kubernetes-validate
// accepts for Kubernetes 1.36 (when installed), and the session as bash.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { serve, launch, open, screenshot } from './lib.mjs';

let server, browser;
// STSPLAY_DIST lets a developer point the tests at another build than dist/.
before(async () => { server = await serve(process.env.STSPLAY_DIST ? { dir: process.env.STSPLAY_DIST } : {}); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('export gives valid manifests and a replayable bash session', async () => {
  const page = await open(browser.context, server.url);
  await page.waitForSelector('[data-testid="pod-web-0"]', { timeout: 20000 });
  await page.fill('#console-input', 'sim readiness pod/web-0 fail');
  await page.press('#console-input', 'Enter');
  await page.click('[data-testid="export-button"]');
  const yaml = await page.inputValue('[data-testid="export-yaml"]');
  assert.match(yaml, /^apiVersion: v1\nkind: Service\n/);
  assert.match(yaml, /\n---\napiVersion: apps\/v1\nkind: StatefulSet\n/);
  assert.doesNotMatch(yaml, /\b(uid|resourceVersion|creationTimestamp|status):/);
  const bash = await page.inputValue('[data-testid="export-bash"]');
  assert.match(bash, /^#!\/usr\/bin\/env bash/);
  assert.match(bash, /kubectl apply -f - <<'EOF'/);
  assert.match(bash, /# sim readiness pod\/web-0 fail/);
  assert.match(await page.getAttribute('[data-testid="export-yaml-download"]', 'href'), /^data:application\/yaml/);
  await screenshot(page, 'teach-export');
  assert.deepEqual(page.problems, []);

  const have = spawnSync('python3', ['-c', 'import kubernetes_validate']).status === 0;
  if (have) {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'stsplay-export-')), 'export.yaml');
    fs.writeFileSync(file, yaml);
    const out = spawnSync('python3', ['-m', 'kubernetes_validate', '--kubernetes-version', '1.36.0', '--strict', file], { encoding: 'utf8' });
    assert.equal(out.status, 0, out.stdout + out.stderr);
  }
  const bashOk = spawnSync('bash', ['-n'], { input: bash, encoding: 'utf8' });
  assert.equal(bashOk.status, 0, `bash -n: ${bashOk.stderr}`);
  // The pause before the console command is a fraction of a second of
  // virtual time; GNU sleep (coreutils) must accept every operand.
  const sleeps = [...bash.matchAll(/^sleep (\S+)$/gm)].map((m) => m[1]);
  assert.ok(sleeps.length > 0, `no sleep in:\n${bash}`);
  for (const arg of sleeps) {
    assert.match(arg, /^\d+(\.\d+)?[smhd]?$/, `GNU sleep rejects "sleep ${arg}"`);
    // GNU sleep itself: cut short by timeout (124) or done (0) means it accepted the operand.
    const st = spawnSync('timeout', ['0.05', 'sleep', arg]).status;
    assert.ok(st === 124 || st === 0, `sleep ${arg} exited ${st}`);
  }
  await page.close();
});
