/**
 * Counterfactuals on the backend the app picks (wasm here; defaults.spec: WebGPU) with small budgets: an optimisation counterfactual
 * (OmniXAI's objective) and a region swap on a 2 x 2 grid, both checked against the separate forward
 * pass the worker makes of the image they found.
 */
import { expect, test, type Page } from '@playwright/test';
import { MODEL, RESULTS_DIR, canvasStats, collectPageErrors, expectNoPageErrors, waitForChosenBackend } from './helpers';

const section = (page: Page) => page.locator('section.counterfactuals');

async function waitForCf(page: Page, kind: string) {
  await page.waitForFunction((k) => document.documentElement.dataset.cf === k, kind, { timeout: 420_000 });
}

test('optimisation counterfactual: goldfish -> tench in two iterations, verified by a separate forward pass', async ({ page }) => {
  test.setTimeout(540_000);
  const errors = collectPageErrors(page);
  await page.goto(`/?model=${MODEL}&image=1&cf=optimise&cf_target=0&cf_iters=2`);
  await waitForChosenBackend(page);
  await waitForCf(page, 'optimise');
  const verdict = page.getByTestId('cf-verdict');
  // One step of OmniXAI's default rate already crosses (margin -10 -> +5 on webgl and webgpu here).
  await expect(verdict).toHaveAttribute('data-found', 'true');
  await expect(verdict).toContainText('Counterfactual found: goldfish #1 → tench #0');
  await expect(verdict).toContainText('2 iterations run');
  // The counterfactual's top-1 comes from its own forward pass, not from the search's bookkeeping.
  await expect(section(page).locator('.top-classes').nth(1).locator('li').first()).toHaveAttribute('data-class-index', '0');
  expect((await canvasStats(page.getByTestId('cf-image').locator('canvas'))).colours).toBeGreaterThan(50);
  await expect(page.getByTestId('cf-chart').locator('[data-series="s0"]')).toHaveCount(2);
  expect(new URL(page.url()).searchParams.get('cf')).toBe('optimise');
  await section(page).screenshot({ path: `${RESULTS_DIR}/cf-optimise.png` });
  await expectNoPageErrors(errors);
});

test('region swap on a 2 x 2 grid: cells in order, probabilities per swap, the edited image classified as c*', async ({ page }) => {
  test.setTimeout(540_000);
  const errors = collectPageErrors(page);
  await page.goto(`/?model=${MODEL}&image=1&cf=swap&cf_target=0&cf_grid=2`);
  await waitForChosenBackend(page);
  await waitForCf(page, 'swap');
  const verdict = page.getByTestId('cf-verdict');
  const rows = page.getByTestId('cf-steps').locator('tbody tr');
  const swaps = (await rows.count()) - 1;
  expect(swaps).toBeGreaterThanOrEqual(1);
  expect(swaps).toBeLessThanOrEqual(4);
  const edited = section(page).locator('.top-classes').nth(1).locator('li').first();
  // Measured: 3 swaps (top-left, bottom-left, top-right) reach tench at 66 %.
  await expect(verdict).toHaveAttribute('data-found', 'true');
  await expect(verdict).toContainText(`After ${swaps} of 4 cells swapped the model predicts tench #0`);
  await expect(edited).toHaveAttribute('data-class-index', '0');
  await expect(rows.last().locator('td').last()).toContainText('tench #0');
  await expect(rows.nth(swaps - 1).locator('td').last()).not.toContainText('tench #0');
  expect(new URL(page.url()).searchParams.get('cf_grid')).toBe('2');
  await section(page).screenshot({ path: `${RESULTS_DIR}/cf-swap.png` });
  await expectNoPageErrors(errors);
});
