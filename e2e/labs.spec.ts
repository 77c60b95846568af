/**
 * Every pitfalls lab end to end on the backend the app picks (wasm here: a UI flow; defaults.spec runs each lab at its defaults on WebGPU), with small settings (SwiftShader is the
 * CPU pretending to be a GPU): the URL opens and runs the lab, its numbers are shown and its JSON
 * download carries them.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { MODEL, RESULTS_DIR, collectPageErrors, expectNoPageErrors, waitForChosenBackend, waitForPanelsDrawn } from './helpers';

const LAB_TIMEOUT = 400_000;

async function openLab(page: Page, lab: string, query: string): Promise<void> {
  await page.goto(`/?model=${MODEL}&image=1&method=saliency&lab=${lab}&${query}`);
  await waitForChosenBackend(page);
  await page.waitForFunction((id) => document.documentElement.dataset.lab === id, lab, { timeout: LAB_TIMEOUT });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function labJson(page: Page): Promise<any> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download results (.json)' }).click()]);
  return JSON.parse(await readFile((await file.path())!, 'utf8'));
}

test.describe.configure({ timeout: LAB_TIMEOUT + 60_000 });

test('noise fragility: map before and after noise, with similarity numbers', async ({ page }) => {
  const errors = collectPageErrors(page);
  await openLab(page, 'noise', 'lab_sigma=8');
  await expect(page.getByTestId('lab-verdict')).toContainText('σ = 8');
  await waitForPanelsDrawn(page, 'lab-noise', 2);
  const json = await labJson(page);
  expect(json.lab).toBe('noise');
  expect(json.before).toHaveLength(5);
  expect(json.after).toHaveLength(5);
  for (const k of ['spearman', 'spearmanAbs', 'topK', 'ssim']) {
    expect(json.similarity[k]).toBeGreaterThan(-1.0001);
    expect(json.similarity[k]).toBeLessThan(1.0001);
  }
  expect(json.similarity.spearmanAbs).toBeLessThan(0.9999); // noise changed the map at least a little
  await page.locator('section.labs').screenshot({ path: `${RESULTS_DIR}/lab-noise.png` });
  await expectNoPageErrors(errors);
});

test('model randomisation: the randomised top layer changes the predictions; similarity per layer', async ({ page }) => {
  const errors = collectPageErrors(page);
  await openLab(page, 'randomization', 'lab_depth=1');
  await expect(page.getByTestId('lab-chart')).toBeVisible();
  const json = await labJson(page);
  expect(json.steps).toHaveLength(1);
  expect(json.steps[0].layers).toEqual(['conv_preds']);
  expect(json.steps[0].top[0].index).not.toBe(json.originalTop[0].index);
  expect(Number.isFinite(json.steps[0].similarity.spearmanAbs)).toBe(true);
  await page.locator('section.labs').screenshot({ path: `${RESULTS_DIR}/lab-randomization.png` });
  await expectNoPageErrors(errors);
});

test('input shift: same logits; saliency and IG with a moving baseline unchanged, IxG and IG-zero changed', async ({ page }) => {
  const errors = collectPageErrors(page);
  await openLab(page, 'shift', 'lab_shift=50&steps=1&ig_method=gausslegendre');
  const json = await labJson(page);
  expect(json.maxLogitDifference).toBeLessThan(1e-3);
  expect(json.maxLogitDifferenceBiasOnly).toBeGreaterThan(json.maxLogitDifference);
  const change = Object.fromEntries(json.comparisons.map((c: { id: string; relativeChange: number }) => [c.id, c.relativeChange]));
  expect(change.saliency).toBeLessThan(0.02); // float rounding of x + c flips a few ReLU6 units
  expect(change.ig_black).toBeLessThan(0.02);
  expect(change.ixg).toBeGreaterThan(0.05);
  expect(change.ig_zero).toBeGreaterThan(0.05);
  await page.locator('section.labs').screenshot({ path: `${RESULTS_DIR}/lab-shift.png` });
  await expectNoPageErrors(errors);
});

test('baseline sensitivity: IG under each chosen baseline with its delta', async ({ page }) => {
  const errors = collectPageErrors(page);
  await openLab(page, 'baselines', 'lab_baselines=black,white&steps=2&ig_method=riemann_middle');
  await waitForPanelsDrawn(page, 'lab-baselines', 3); // the input and one map per baseline
  await expect(page.getByTestId('lab-baselines-grid').locator('figure.panel[data-panel="0:heat_map"] figcaption')).toContainText('delta');
  const json = await labJson(page);
  expect(json.runs.map((r: { params: { baseline: string } }) => r.params.baseline)).toEqual(['black', 'white']);
  for (const r of json.runs) expect(Number.isFinite(r.delta)).toBe(true);
  await expectNoPageErrors(errors);
});

test('convergence: delta against n_steps as a chart and a table', async ({ page }) => {
  const errors = collectPageErrors(page);
  await openLab(page, 'convergence', 'lab_steps=1,2&lab_approx=gausslegendre');
  await expect(page.getByTestId('lab-chart').locator('circle')).toHaveCount(2);
  await expect(page.getByTestId('convergence-table').locator('tbody tr')).toHaveCount(2);
  const json = await labJson(page);
  expect(json.points.map((p: { steps: number }) => p.steps)).toEqual([1, 2]);
  for (const p of json.points) expect(Number.isFinite(p.delta)).toBe(true);
  await expectNoPageErrors(errors);
});

test('insertion and deletion: RISE’s curves with AUC against random order; a point shows its image', async ({ page }) => {
  const errors = collectPageErrors(page);
  await openLab(page, 'insertion_deletion', 'lab_points=4&lab_rank=abs');
  await expect(page.getByLabel('Rank pixels by')).toHaveValue('abs');
  await expect(page.getByTestId('lab-protocol')).toContainText('pixels ranked by |Σc a|');
  await expect(page.getByTestId('lab-protocol')).toContainText('12544 pixels per step, 4 steps');
  await expect(page.getByTestId('lab-protocol')).toContainText('0 in model-input space (RGB 127.5, 127.5, 127.5)');
  const json = await labJson(page);
  expect(json.fractions).toEqual([0, 0.25, 0.5, 0.75, 1]);
  expect(json.ranking.mode).toBe('abs');
  expect(json.steps).toMatchObject({ step: 12544, nSteps: 4, counts: [0, 12544, 25088, 37632, 50176] });
  expect(json.kernel.name).toBe('gkern(11, 5)');
  expect(json.kernel.weights[5][5]).toBeCloseTo(0.008832628, 9); // SciPy's value
  expect(json.substrates.deletion).toContain('RGB (127.5, 127.5, 127.5)');
  for (const kind of ['deletion', 'insertion']) {
    for (const order of ['saliency', 'random']) {
      const c = json[kind][order];
      expect(c.scores).toHaveLength(5);
      // RISE's auc: (sum - first / 2 - last / 2) / (points - 1)
      const s = c.scores as number[];
      expect(c.auc).toBeCloseTo((s.reduce((a, b) => a + b, 0) - s[0] / 2 - s[4] / 2) / 4, 12);
      expect(c.auc).toBeGreaterThanOrEqual(0);
      expect(c.auc).toBeLessThanOrEqual(1);
    }
  }
  // Nothing deleted = everything inserted = the photo itself: the same probability at both ends.
  expect(json.deletion.saliency.scores[0]).toBeCloseTo(json.insertion.saliency.scores[4], 3);
  expect(json.deletion.saliency.scores[0]).toBeGreaterThan(0.5); // the goldfish, confidently
  // Points are keyboard-operable buttons (the random curve's points may lie on top of the map's).
  await page.getByTestId('deletion-chart').locator('[data-series="deletion:saliency"][data-index="2"]').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('img', { name: 'Image at the selected point' }).or(page.locator('canvas[aria-label="Image at the selected point"]'))).toBeVisible();
  await expect(page.locator('.lab-step figcaption')).toContainText('Deleted 50 % of the pixels (25088)');
  // Everything deleted: MobileNet's zero input, mid-gray (127.5 shown as 128), not black.
  await page.getByTestId('deletion-chart').locator('[data-series="deletion:saliency"][data-index="4"]').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.lab-step figcaption')).toContainText('Deleted 100 %');
  const corners = await page.locator('canvas[aria-label="Image at the selected point"]').evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d')!;
    return [ctx.getImageData(0, 0, 1, 1).data, ctx.getImageData(c.width - 1, c.height - 1, 1, 1).data].map((d) => Array.from(d));
  });
  expect(corners).toEqual([
    [128, 128, 128, 255],
    [128, 128, 128, 255],
  ]);
  await page.locator('section.labs').screenshot({ path: `${RESULTS_DIR}/lab-insertion-deletion.png` });
  await expectNoPageErrors(errors);
});
