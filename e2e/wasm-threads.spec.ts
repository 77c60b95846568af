import { expect, test } from '@playwright/test';
import { GOLDFISH_URL, MODEL_TIMEOUT, collectPageErrors, expectNoPageErrors, waitForBackend, waitForTop1 } from './helpers';

/*
 * wasm threads on the minified build: `vite preview` sends COOP/COEP (vite.config.ts), so the page and
 * its model worker are cross-origin isolated and tfjs-backend-wasm starts its pthread workers from a
 * blob: copy of its factory. Before scripts/wasm-threads-plugin.mjs, that copy died in the minified
 * build ("e is not defined") and took the model worker with it. tfjs' default is half the logical cores
 * (one thread on this 2-core CI machine), so the test forces two with ?threads=2.
 */
test('backend=wasm&threads=2, cross-origin isolated: two XNNPACK threads, and an explanation completes', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto(`${GOLDFISH_URL}&backend=wasm&threads=2&method=saliency`);
  expect(await waitForBackend(page)).toBe('wasm');
  expect(await waitForTop1(page)).toBe('1');
  await page.waitForFunction(() => document.documentElement.dataset.attribution === 'saliency', undefined, { timeout: MODEL_TIMEOUT });

  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const badge = page.getByTestId('backend-badge');
  await expect(badge.locator('summary')).toHaveText('Running on WebAssembly (CPU) · SIMD, 2 threads');
  await expect(badge.getByTestId('backend-single-threaded')).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expectNoPageErrors(errors);
});

test("backend=wasm without threads=: tfjs' default, half the logical cores, and the badge says why when that is one", async ({ page }) => {
  await page.goto(`${GOLDFISH_URL}&backend=wasm`);
  expect(await waitForBackend(page)).toBe('wasm');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const threads = Math.max(1, Math.min(8, Math.floor(cores / 2)));
  const badge = page.getByTestId('backend-badge');
  await expect(badge.locator('summary')).toHaveText(`Running on WebAssembly (CPU) · SIMD, ${threads} thread${threads === 1 ? '' : 's'}`);
  if (threads === 1) {
    await badge.locator('summary').click();
    await expect(badge.getByTestId('backend-single-threaded')).toContainText("tfjs' default is half the logical cores");
  }
});
