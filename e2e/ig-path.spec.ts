/**
 * The Integrated Gradients path explorer on the backend the app picks (wasm here), at its defaults
 * (black baseline, 50 Gauss–Legendre steps): the curve ends at f(x) − f(b), the running sum ends at
 * the sum of the attributions, and that sum is the Explain panel's own IG map's (its .npy, summed).
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { decodeNpy } from '../src/shared/viz/npy';
import { MODEL, RESULTS_DIR, collectPageErrors, expectNoPageErrors, waitForChosenBackend, waitForTop1, openTab } from './helpers';

/** The explorer's panel: a tab of the workspace. */
async function openIgPath(page: Page) {
  await openTab(page, 'IG path');
  const panel = page.getByRole('region', { name: 'Integrated Gradients path' });
  return panel;
}

const value = async (page: Page, id: string) => Number(await page.getByTestId(id).getAttribute('data-value'));

test('IG path: slider over α, curve end = f(x) − f(b), running-sum end = Σ of the Explain panel’s IG attributions', async ({ page }) => {
  test.setTimeout(480_000);
  const errors = collectPageErrors(page);
  await page.goto(`/?model=${MODEL}&image=1&method=ig`);
  await waitForChosenBackend(page);
  await waitForTop1(page, '1');
  // The Explain panel's IG at the same defaults (black, 50 Gauss–Legendre steps, the predicted class).
  await page.waitForFunction(() => document.documentElement.dataset.attribution === 'ig', undefined, { timeout: 360_000 });
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download attributions (.npy)' }).click()]);
  const npy = decodeNpy(new Uint8Array(await readFile((await file.path())!)).buffer);
  const explainSum = npy.data.reduce((s, v) => s + v, 0);

  const panel = await openIgPath(page);
  await panel.getByRole('button', { name: 'Run path' }).click();
  await page.waitForFunction(() => document.documentElement.dataset.igpath === 'gausslegendre:50', undefined, { timeout: 360_000 });
  expect(new URL(page.url()).searchParams.get('ig_path')).toBe('1');

  const outputDifference = await value(page, 'igpath-output-difference');
  const attributionSum = await value(page, 'igpath-attribution-sum');
  const runningEnd = await value(page, 'igpath-running-end');
  expect(outputDifference).toBeGreaterThan(1); // the goldfish logit rises from black
  expect(Math.abs((await value(page, 'igpath-curve-end')) - outputDifference)).toBeLessThanOrEqual(1e-4);
  expect(Math.abs(runningEnd - attributionSum)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(attributionSum)));
  expect(Math.abs(attributionSum - explainSum)).toBeLessThanOrEqual(1e-5 * Math.abs(explainSum));
  expect(await value(page, 'igpath-delta')).toBeCloseTo(attributionSum - outputDifference, 6);

  // The slider snaps to 0, the 50 points and 1: Home is the baseline, End the photo, arrows step point by point.
  const slider = panel.getByTestId('igpath-alpha');
  const stop = panel.getByTestId('igpath-stop');
  await expect(stop).toContainText(/quadrature point (25|26) of 50/); // α = 0.5 (the default) lies halfway between the two middle points
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(stop).toContainText('α = 0.0000: the baseline');
  await page.keyboard.press('ArrowRight');
  await expect(stop).toContainText('quadrature point 1 of 50');
  await slider.fill('0.3');
  await expect(stop).toContainText(/α = 0\.(29|30|31)\d\d: quadrature point \d+ of 50/);
  await expect.poll(() => new URL(page.url()).searchParams.get('ig_path_alpha')).toMatch(/^0\.(29|30|31)/);

  // Each picture is drawn at ≥ 320 CSS pixels where the layout allows, its canvas at device resolution.
  for (const id of ['igpath-image', 'igpath-gradient', 'igpath-accumulated']) {
    const box = (await panel.getByTestId(id).boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(320);
    const backing = await panel.getByTestId(id).evaluate((c: HTMLCanvasElement) => c.width / (c.getBoundingClientRect().width * devicePixelRatio));
    expect(backing).toBeCloseTo(1, 1);
  }
  await panel.screenshot({ path: `${RESULTS_DIR}/ig-path.png` });
  await expectNoPageErrors(errors);
});
