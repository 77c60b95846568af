/**
 * The instructors' diagnostics panel on the real WebGPU backend (SwiftShader here): backend, device
 * limits, tf.memory(), model size and the last run, refreshed after an explanation with tf.memory()
 * flat, and the clipboard summary a student pastes to an instructor.
 */
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { MODELS } from '../src/shared/models/registry';
import { MODEL, MODEL_TIMEOUT, RESULTS_DIR, collectPageErrors, expectNoPageErrors, waitForTop1 } from './helpers';

/** One saliency gradient is ~15 s on SwiftShader; allow a slow, shared CI box. */
const ATTRIBUTION_TIMEOUT = 200_000;

const value = (page: Page, id: string) => page.getByTestId(`diag-${id}`).getAttribute('data-value');
const numberOf = async (page: Page, id: string) => Number(await value(page, id));

/** Waits until the panel shows a snapshot taken after `previous` (its collectedAt) and none is pending. */
async function waitForSnapshot(page: Page, previous?: string | null) {
  const status = page.getByTestId('diag-status');
  await expect(status).toHaveText(/^Updated /, { timeout: ATTRIBUTION_TIMEOUT });
  if (previous) await expect(status).not.toHaveAttribute('data-collected', previous, { timeout: ATTRIBUTION_TIMEOUT });
  await expect(status).toHaveText(/^Updated /, { timeout: ATTRIBUTION_TIMEOUT });
  return status.getAttribute('data-collected');
}

test('diagnostics: backend, limits, memory flat across an explanation, and a copyable summary', async ({ page, context }) => {
  test.setTimeout(360_000);
  const errors = collectPageErrors(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`/?model=${MODEL}&image=1&backend=webgpu`);
  expect(await waitForTop1(page)).toBe('1');

  const panel = page.getByTestId('diagnostics');
  await panel.getByRole('heading', { name: 'Diagnostics (for instructors)' }).click();
  const first = await waitForSnapshot(page);

  await expect(page.getByTestId('diag-backend')).toHaveText('webgpu');
  const binding = await numberOf(page, 'limit-maxStorageBufferBindingSize');
  expect(binding).toBeGreaterThan(0);
  expect(Number.isInteger(binding)).toBe(true);
  await expect(page.getByTestId('diag-limit-maxStorageBufferBindingSize')).toContainText('MB');
  const tensorsBefore = await numberOf(page, 'num-tensors');
  expect(tensorsBefore).toBeGreaterThan(0);
  expect(await numberOf(page, 'num-bytes')).toBeGreaterThan(0);
  expect(await numberOf(page, 'model-bytes')).toBe(MODELS[MODEL].bytes);
  // The warm-up compiled the forward pass and saliency's gradient in parallel (compile-only mode) and said so.
  expect(await numberOf(page, 'model-compile')).toBeGreaterThan(0);
  await expect(page.getByTestId('diag-backend-chosen-because')).toHaveText('backend=webgpu was requested');
  await expect(page.getByTestId('diag-model-bytes')).toHaveText('10.5 MB');
  await expect(page.getByTestId('diag-last-run')).toContainText('classify');
  await expect(page.getByTestId('diag-run-classify')).toContainText(/decode \d.*predict \d/);

  // An explanation (saliency is the default method); the open panel refreshes itself when it
  // finishes, and Refresh is pressed as well, as an instructor would.
  await page.getByRole('button', { name: 'Explain this prediction' }).click();
  await page.waitForFunction(() => document.documentElement.dataset.attribution === 'saliency', undefined, { timeout: ATTRIBUTION_TIMEOUT });
  await expect(page.getByTestId('diag-last-run')).toContainText('saliency', { timeout: MODEL_TIMEOUT });
  const afterRun = await page.getByTestId('diag-status').getAttribute('data-collected');
  expect(afterRun).not.toBe(first); // refreshed by itself when the run finished
  await panel.getByRole('button', { name: 'Refresh' }).click();
  await waitForSnapshot(page, afterRun);
  await expect(page.getByTestId('diag-last-run')).toContainText(/^attribute · saliency · /);
  // Memory flat: the explanation left no tensor behind (a later reliability test builds on this).
  expect(await numberOf(page, 'num-tensors')).toBe(tensorsBefore);
  await expect(page.getByTestId('diag-run-classify')).toContainText('classify');

  await panel.getByRole('button', { name: 'Copy diagnostics' }).click();
  await expect(page.getByTestId('diag-copy-status')).toContainText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('Backend: webgpu');
  expect(copied).toContain('"name": "webgpu"');
  expect(copied).toContain('maxStorageBufferBindingSize');
  expect(copied).toContain('saliency');

  // Last, so another run's cleanup of test-results/ cannot take it before it is looked at.
  await panel.screenshot({ path: path.join(RESULTS_DIR, 'diagnostics.png') });
  await expectNoPageErrors(errors);
});
