import { expect, test } from '@playwright/test';
import { GOLDFISH_URL, MODEL_TIMEOUT, collectPageErrors, expectNoPageErrors, waitForBackend, waitForTop1 } from './helpers';

/*
 * wasm threads on the minified build: `vite preview` sends COOP/COEP (vite.config.ts), so the page and
 * its model worker are cross-origin isolated and tfjs-backend-wasm starts its pthread workers from a
 * blob: copy of its factory. Before scripts/wasm-threads-plugin.mjs, that copy died in the minified
 * build ("e is not defined") and took the model worker with it.
 */
test('backend=wasm, cross-origin isolated: threads (one per logical core), and an explanation completes', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto(`${GOLDFISH_URL}&backend=wasm&method=saliency`);
  expect(await waitForBackend(page)).toBe('wasm');
  expect(await waitForTop1(page)).toBe('1');
  await page.waitForFunction(() => document.documentElement.dataset.attribution === 'saliency', undefined, { timeout: MODEL_TIMEOUT });

  const { isolated, cores } = await page.evaluate(() => ({ isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency }));
  expect(isolated).toBe(true);
  const threads = Math.min(8, cores);
  const badge = page.getByTestId('backend-badge');
  await expect(badge.locator('summary')).toHaveText(`Running on WebAssembly (CPU) · SIMD, ${threads} thread${threads === 1 ? '' : 's'}`);
  await expect(badge.getByTestId('backend-single-threaded')).toHaveCount(threads > 1 ? 0 : 1);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expectNoPageErrors(errors);
});
