/**
 * Adversarial examples on the backend the app picks (wasm here; defaults.spec: WebGPU): FGSM as the URL asks, with the perturbation within
 * epsilon, the new prediction, both maps, and the adversarial model input as .npy.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { decodeNpy } from '../src/shared/viz/npy';
import { MODEL, RESULTS_DIR, collectPageErrors, expectNoPageErrors, waitForChosenBackend, waitForPanelsDrawn } from './helpers';

test('FGSM: perturbation within epsilon, new top-5, maps of both images, adversarial .npy', async ({ page }) => {
  test.setTimeout(400_000);
  const errors = collectPageErrors(page);
  await page.goto(`/?model=${MODEL}&image=1&method=saliency&attack=fgsm&epsilon=3`);
  await waitForChosenBackend(page);
  await page.waitForFunction(() => document.documentElement.dataset.attack === 'fgsm', undefined, { timeout: 360_000 });
  // FGSM moves every pixel by exactly epsilon unless the range clips it: the largest change is epsilon.
  await expect(page.getByTestId('attack-linf')).toHaveText('3');
  await expect(page.getByTestId('attack-verdict')).toContainText('ε = 3 pixel levels (0.0235 in model-input units)');
  await expect(page.locator('section.attacks .top-classes li')).toHaveCount(10);
  await waitForPanelsDrawn(page, 'attack', 2);
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download adversarial (.npy)' }).click()]);
  const npy = decodeNpy(new Uint8Array(await readFile((await file.path())!)).buffer);
  expect(npy.shape).toEqual([1, 224, 224, 3]);
  const [lo, hi] = npy.data.reduce(([a, b], v) => [Math.min(a, v), Math.max(b, v)], [Infinity, -Infinity]);
  expect(lo).toBeGreaterThanOrEqual(-1); // MobileNet input range: the attack kept pixels in 0..255
  expect(hi).toBeLessThanOrEqual(1);
  expect(new URL(page.url()).searchParams.get('attack')).toBe('fgsm');
  await page.locator('section.attacks').screenshot({ path: `${RESULTS_DIR}/attack-fgsm.png` });
  await expectNoPageErrors(errors);
});
