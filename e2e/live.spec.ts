/**
 * Live where it is fast: on the backend the app picks here (wasm, fast), a cheap method re-runs as its
 * settings change and the noise lab follows its σ slider; on a software GPU (backend=webgpu is
 * SwiftShader in CI) a change waits for Explain, the panel says why, and the map is marked stale.
 */
import { expect, test, type Page } from '@playwright/test';
import { MODEL, collectPageErrors, expectNoPageErrors, waitForBackend, waitForChosenBackend } from './helpers';

const RUN_TIMEOUT = 240_000;
test.describe.configure({ timeout: 2 * RUN_TIMEOUT });

const attribution = (page: Page) => page.evaluate(() => document.documentElement.dataset.attribution);
async function waitForAttribution(page: Page, method: string) {
  await page.waitForFunction((m) => document.documentElement.dataset.attribution === m, method, { timeout: RUN_TIMEOUT });
}

test('live on a fast backend: choosing another cheap method re-runs the map by itself', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto(`/?model=${MODEL}&image=1&method=saliency`);
  expect(await waitForChosenBackend(page)).toBe('wasm');
  await waitForAttribution(page, 'saliency');
  const mode = page.getByTestId('run-mode');
  await expect(mode).toHaveAttribute('data-mode', 'live');
  await expect(mode).toContainText('Live: updates as you change settings.');
  await expect(page.getByRole('button', { name: 'Explain', exact: true })).toHaveCount(0);
  await page.getByLabel('Method', { exact: true }).selectOption('ixg');
  await waitForAttribution(page, 'ixg');
  await expect(page.locator('.result-title')).toContainText('Input × Gradient for');
  await expect(page.getByTestId('map-stale')).toHaveCount(0);
  // A costly method is never live: choosing it waits for Explain.
  await page.getByLabel('Method', { exact: true }).selectOption('ig');
  await expect(mode).toHaveAttribute('data-mode', 'on-demand');
  await expect(mode).toContainText('On demand: Integrated Gradients takes more than one gradient pass — press Explain to update.');
  await expect(page.getByTestId('map-stale')).toBeVisible();
  expect(await attribution(page)).toBe('ixg');
  await expectNoPageErrors(errors);
});

test('on demand on a software GPU: a change waits for Explain, says why, and marks the map stale', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto(`/?model=${MODEL}&image=1&method=saliency&backend=webgpu`);
  expect(await waitForBackend(page)).toBe('webgpu');
  await waitForAttribution(page, 'saliency');
  const mode = page.getByTestId('run-mode');
  await expect(mode).toHaveAttribute('data-mode', 'on-demand');
  await expect(mode).toContainText(/^On demand: this backend is a software GPU \((SwiftShader|a fallback adapter)\), slow for Saliency \(vanilla gradient\) — press Explain to update\./);
  await page.getByLabel('Method', { exact: true }).selectOption('ixg');
  await expect(page.getByTestId('map-stale')).toHaveText('Settings changed since this map was computed.');
  expect(new URL(page.url()).searchParams.get('method')).toBe('ixg');
  await page.waitForTimeout(2_000); // nothing starts by itself
  expect(await attribution(page)).toBe('saliency');
  await expect(page.getByRole('progressbar', { name: 'Attribution progress' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Explain', exact: true }).click();
  await waitForAttribution(page, 'ixg');
  await expect(page.getByTestId('map-stale')).toHaveCount(0);
  await expectNoPageErrors(errors);
});

test('noise lab: σ is a slider, and on a fast backend moving it re-runs the lab with the new σ', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto(`/?model=${MODEL}&image=1&method=saliency&lab=noise&lab_sigma=8`);
  await waitForChosenBackend(page);
  await page.waitForFunction(() => document.documentElement.dataset.lab === 'noise', undefined, { timeout: RUN_TIMEOUT });
  await expect(page.getByTestId('lab-verdict')).toContainText('σ = 8 pixel levels');
  await expect(page.getByTestId('lab-run-mode')).toHaveText('Live: the noisy map updates as you move σ.');
  const slider = page.getByRole('slider', { name: /^Noise σ/ });
  await expect(slider).toHaveValue('8');
  await slider.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight'); // 0.5 per step, faster than the pause
  await expect(slider).toHaveAccessibleName('Noise σ: 10 pixel levels (0–255)');
  expect(new URL(page.url()).searchParams.get('lab_sigma')).toBe('10');
  await expect(page.getByTestId('lab-verdict')).toContainText('σ = 10 pixel levels', { timeout: RUN_TIMEOUT });
  await page.waitForFunction(() => document.documentElement.dataset.lab === 'noise', undefined, { timeout: RUN_TIMEOUT });
  await expect(page.getByTestId('lab-map-stale')).toHaveCount(0);
  await expectNoPageErrors(errors);
});
