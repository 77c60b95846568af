/**
 * What students look at, on the backend the app picks (wasm here): every Captum display mode draws a real picture
 * with a colorbar labelled in attribution values, the display controls restyle without re-running,
 * the hover readout and PNG export work, and the comparison grid shares one scale per unit.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { MODEL, RESULTS_DIR, canvasStats, collectPageErrors, expectNoPageErrors, panel, waitForChosenBackend, waitForPanelsDrawn } from './helpers';

const VIEWS = ['heat_map', 'blended_heat_map', 'masked_image', 'alpha_scaling'] as const;
const NUMBER = String.raw`−?\d+(\.\d+)?(e[−-]?\d+)?`;

function valueOf(label: string): number {
  return Number(label.replace(/[≤≥ ]/g, '').replace('−', '-'));
}

async function endLabel(page: Page, grid: string, id: string): Promise<string> {
  return panel(page, grid, id).getByTestId('colorbar-end').innerText();
}

test('every display mode draws a labelled, honest picture; controls restyle; hover and PNG export', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto(`/?model=${MODEL}&image=1&method=saliency&view=${VIEWS.join(',')}`);
  await waitForChosenBackend(page);
  await page.waitForFunction(() => document.documentElement.dataset.attribution === 'saliency', undefined, { timeout: 200_000 });
  await waitForPanelsDrawn(page, 'single', VIEWS.length); // the input is the stage's picture, not in the grid

  for (const view of VIEWS) {
    const p = panel(page, 'single', `saliency:${view}`);
    const stats = await canvasStats(p.locator('.panel-canvas canvas'));
    expect(stats.width, view).toBe(224);
    expect(stats.colours, `${view}: a real picture, not a flat canvas`).toBeGreaterThan(50);
    await expect(p.locator('.colorbar-ramp')).toBeVisible();
    await expect(p.getByTestId('colorbar-end')).toHaveText(new RegExp(`^[≥≤] ${NUMBER}$`));
    await p.screenshot({ path: `${RESULTS_DIR}/view-${view}.png` });
  }
  // Signed heat map: symmetric ends around a labelled zero, and the sign named in words.
  const heat = panel(page, 'single', 'saliency:heat_map');
  const start = await heat.getByTestId('colorbar-start').innerText();
  const end = await endLabel(page, 'single', 'saliency:heat_map');
  expect(start).toMatch(/^≤ −/);
  expect(valueOf(start)).toBeCloseTo(-valueOf(end), 6);
  await expect(heat.locator('.colorbar-ticks .middle')).toHaveText('0');
  await expect(heat.locator('.colorbar-legend')).toContainText('negative: lowers the target score');
  // Captum refuses sign "all" for masked views; we show absolute value and say so.
  await expect(panel(page, 'single', 'saliency:masked_image').locator('figcaption')).toContainText('absolute value (masked image needs one sign)');
  await expect(panel(page, 'single', 'saliency:masked_image').locator('.colorbar-legend')).toContainText('black: attribution 0');

  // Hover: every panel reads the same pixel; map panels give the value, all give RGB.
  await heat.locator('.panel-canvas canvas').hover({ position: { x: 100, y: 120 } });
  const readouts = await page.getByTestId('single-grid').getByTestId('readout').allInnerTexts();
  expect(readouts).toHaveLength(VIEWS.length);
  const pixel = readouts[0].match(/^\((\d+), (\d+)\)/)?.[0];
  expect(pixel).toBeTruthy();
  for (const r of readouts) expect(r.startsWith(pixel!)).toBe(true);
  for (const r of readouts) expect(r).toMatch(new RegExp(`attribution ${NUMBER} · RGB \\d+, \\d+, \\d+`));

  // PNG export of a panel: a real PNG, map at 2x plus margins.
  const [file] = await Promise.all([page.waitForEvent('download'), heat.getByRole('button', { name: 'Download PNG' }).click()]);
  const png = await readFile((await file.path())!);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect(png.readUInt32BE(16)).toBe(224 * 2 + 48); // IHDR width
  expect(file.suggestedFilename()).toMatch(/^saliency_heat_map_.*\.png$/);

  // Sign "positive": magnitudes from 0, a sequential colormap, in the URL; no recomputation.
  await page.getByLabel(/^Sign/).selectOption('positive');
  await waitForPanelsDrawn(page, 'single');
  await expect(heat.getByTestId('colorbar-start')).toHaveText('0');
  await expect(heat.locator('figcaption')).toContainText('positive only');
  const cmaps = await page.getByLabel(/^Colormap/).locator('option').allInnerTexts();
  expect(cmaps.some((c) => c.startsWith('Hot'))).toBe(true);
  expect(cmaps.some((c) => c.startsWith('Blue–white–red'))).toBe(false);
  await page.getByLabel(/^Colormap/).selectOption('viridis');
  await waitForPanelsDrawn(page, 'single');
  // The ramp redraws in an effect after the panel re-renders: poll rather than read once.
  await expect
    .poll(() => heat.locator('.colorbar-ramp').evaluate((c: HTMLCanvasElement) => [...c.getContext('2d')!.getImageData(0, 0, 1, 1).data.slice(0, 3)]))
    .toEqual([68, 1, 84]); // viridis(0) = #440154
  // Less outlier clipping can only raise the value at the end of the scale.
  const clipped = valueOf(await endLabel(page, 'single', 'saliency:heat_map'));
  await page.getByLabel(/^Outlier %/).fill('0');
  await waitForPanelsDrawn(page, 'single');
  await expect.poll(async () => valueOf(await endLabel(page, 'single', 'saliency:heat_map'))).toBeGreaterThan(clipped);
  const url = new URL(page.url()).searchParams;
  expect([url.get('sign'), url.get('cmap'), url.get('outlier'), url.get('view')]).toEqual(['positive', 'viridis', '0', VIEWS.join(',')]);
  expect(await page.evaluate(() => document.documentElement.dataset.attribution)).toBe('saliency'); // restyling did not re-run
  await page.getByTestId('single-grid').screenshot({ path: `${RESULTS_DIR}/views-positive-viridis.png` });
  await expectNoPageErrors(errors);
});

test('comparison grid: methods in the same units share one scale on request', async ({ page }) => {
  test.setTimeout(420_000);
  const errors = collectPageErrors(page);
  await page.goto(`/?model=${MODEL}&image=1&method=ixg&compare=saliency,ixg,ig&steps=2&ig_method=riemann_middle&scale=shared`);
  await waitForChosenBackend(page);
  await page.waitForFunction(() => document.documentElement.dataset.compare === 'saliency,ixg,ig', undefined, { timeout: 360_000 });
  await waitForPanelsDrawn(page, 'compare', 4);
  for (const id of ['saliency', 'ixg', 'ig']) expect((await canvasStats(panel(page, 'compare', `${id}:heat_map`).locator('.panel-canvas canvas'))).colours).toBeGreaterThan(50);
  // IxG and IG are both in logit units: one scale. Saliency is a gradient: its own.
  await expect(panel(page, 'compare', 'ixg:heat_map').locator('figcaption')).toContainText('shared scale');
  await expect(panel(page, 'compare', 'ig:heat_map').locator('figcaption')).toContainText('shared scale');
  await expect(panel(page, 'compare', 'saliency:heat_map').locator('figcaption')).toContainText('own scale');
  expect(await endLabel(page, 'compare', 'ixg:heat_map')).toBe(await endLabel(page, 'compare', 'ig:heat_map'));
  await page.getByTestId('compare-grid').screenshot({ path: `${RESULTS_DIR}/compare-shared.png` });

  await page.getByLabel(/^Scale/).selectOption('per_map');
  await waitForPanelsDrawn(page, 'compare', 4);
  await expect(panel(page, 'compare', 'ixg:heat_map').locator('figcaption')).toContainText('own scale');
  expect(await endLabel(page, 'compare', 'ixg:heat_map')).not.toBe(await endLabel(page, 'compare', 'ig:heat_map'));
  expect(new URL(page.url()).searchParams.get('scale')).toBeNull();
  expect(new URL(page.url()).searchParams.get('compare')).toBe('saliency,ixg,ig');
  await expectNoPageErrors(errors);
});
