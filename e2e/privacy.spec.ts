/**
 * Zero egress: the built page carries a Content-Security-Policy that only allows its own origin, the
 * browser enforces it, and while a photo is uploaded and explained on WebGPU no request leaves the origin.
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { MODEL, TEST_PHOTOS, collectPageErrors, expectNoPageErrors, waitForBackend, waitForTop1 } from './helpers';

test('no request leaves the origin while an uploaded photo is explained; the CSP blocks any that would', async ({ page, context, baseURL }) => {
  test.setTimeout(300_000);
  const origin = new URL(baseURL!).origin;
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const errors = collectPageErrors(page);
  await page.goto(`/?model=${MODEL}&method=saliency&backend=webgpu`);
  expect(await waitForBackend(page)).toBe('webgpu');

  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).not.toMatch(/https?:|\*/);

  await page.getByLabel('Upload image').setInputFiles(path.join(TEST_PHOTOS, 'chelsea.png'));
  await waitForTop1(page);
  await page.waitForFunction(() => document.documentElement.dataset.attribution === 'saliency', undefined, { timeout: 180_000 });

  // The policy is enforced, not only declared: a fetch elsewhere is refused and reported.
  const outcome = await page.evaluate(async () => {
    const violated = new Promise<string>((resolve) => document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true }));
    const fetched = await fetch('https://example.com/upload', { method: 'POST', body: 'photo' }).then(
      () => 'sent',
      () => 'refused',
    );
    return { fetched, directive: await violated };
  });
  expect(outcome).toEqual({ fetched: 'refused', directive: 'connect-src' });

  const elsewhere = requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin);
  expect(elsewhere, 'requests that left the origin').toEqual([]);
  expect(requests.some((u) => u.includes('/assets/models/'))).toBe(true); // the listener did see the worker's fetches
  await expectNoPageErrors(errors);
});
