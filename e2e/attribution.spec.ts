/**
 * Attribution end to end on the real WebGPU backend (SwiftShader here): saliency and Integrated
 * Gradients (few steps) draw a non-trivial map, print their numbers, and the .npy downloads parse.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { decodeNpy } from '../src/shared/viz/npy';
import { MODEL, canvasStats, collectPageErrors, expectNoPageErrors, panel, waitForBackend, waitForPanelsDrawn } from './helpers';

const ATTRIBUTION_TIMEOUT = 200_000;

async function waitForAttribution(page: Page, method: string) {
  await page.waitForFunction((m) => document.documentElement.dataset.attribution === m, method, { timeout: ATTRIBUTION_TIMEOUT });
}

/** The heat map panel of the explanation, once drawn. */
async function heatmapStats(page: Page) {
  await waitForPanelsDrawn(page, 'single');
  return canvasStats(panel(page, 'single', `${await page.evaluate(() => document.documentElement.dataset.attribution)}:heat_map`).locator('.panel-canvas canvas'));
}

async function download(page: Page, name: string) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
  return decodeNpy(new Uint8Array(await readFile((await file.path())!)).buffer);
}

test('saliency on webgpu: a real map, its numbers and .npy downloads', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto(`/?model=${MODEL}&image=1&method=saliency&backend=webgpu`);
  expect(await waitForBackend(page)).toBe('webgpu');
  await waitForAttribution(page, 'saliency');
  const stats = await heatmapStats(page);
  expect(stats.width).toBe(224);
  expect(stats.colours).toBeGreaterThan(50);
  expect(stats.coloured).toBeGreaterThan(stats.pixels * 0.05);
  await expect(page.getByTestId('target-logit')).toHaveText(/^\d+\.\d+$/);
  await expect(panel(page, 'single', 'saliency:heat_map').locator('.colorbar')).toContainText('≥');
  await expect(page.getByTestId('memory')).toContainText('nothing leaked');
  const [before, after] = (await page.getByTestId('memory').innerText()).match(/\d+/g)!.map(Number);
  expect(after).toBe(before);

  const attributions = await download(page, 'Download attributions (.npy)');
  expect(attributions.shape).toEqual([1, 224, 224, 3]);
  expect(attributions.data.every(Number.isFinite)).toBe(true);
  expect(attributions.data.some((v) => v !== 0)).toBe(true);
  const input = await download(page, 'Download input (.npy)');
  expect(input.shape).toEqual([1, 224, 224, 3]);
  const range = input.data.reduce(([lo, hi], v) => [Math.min(lo, v), Math.max(hi, v)], [Infinity, -Infinity]);
  expect(range[0]).toBeGreaterThanOrEqual(-1); // MobileNet input: rgb / 127.5 - 1
  expect(range[1]).toBeLessThanOrEqual(1);
  expect(range[1] - range[0]).toBeGreaterThan(1); // a real photo, not a constant
  await page.screenshot({ path: 'test-results/saliency.png', fullPage: true });
  await expectNoPageErrors(errors);
});

test('integrated gradients with few steps reports its convergence delta', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto(`/?model=${MODEL}&image=1&method=ig&steps=4&ig_method=riemann_middle&baseline=black&backend=webgpu`);
  expect(await waitForBackend(page)).toBe('webgpu');
  await waitForAttribution(page, 'ig');
  await expect(page.getByTestId('delta')).toContainText(/-?\d/);
  await expect(page.getByTestId('delta')).toContainText('% of |f(x) − f(baseline)|');
  const stats = await heatmapStats(page);
  expect(stats.colours).toBeGreaterThan(50);
  const attributions = await download(page, 'Download attributions (.npy)');
  expect(attributions.shape).toEqual([1, 224, 224, 3]);
  // The URL keeps the request, so the link reproduces it.
  expect(new URL(page.url()).searchParams.get('steps')).toBe('4');
  await page.screenshot({ path: 'test-results/ig.png', fullPage: true });
  await expectNoPageErrors(errors);
});
