/**
 * GPU faults and memory on the real WebGPU backend, through the test hooks a `?testhooks=1` page
 * exposes: a lost device (device.destroy()), a crashed worker, out-of-memory in a large batch, and
 * tf.memory() across repeated explanations, read from the diagnostics panel.
 */
import { expect, test, type Page } from '@playwright/test';
import { MODEL, collectPageErrors, expectNoPageErrors, waitForBackend, waitForTop1 } from './helpers';

const RUN_TIMEOUT = 240_000;

type Hooks = { destroyDevice(): void; crashWorker(): void };
const hook = (page: Page, name: keyof Hooks) => page.evaluate((n) => (window as unknown as { __saliencyTest: Hooks }).__saliencyTest[n](), name);

async function waitForAttribution(page: Page, method: string) {
  await page.waitForFunction((m) => document.documentElement.dataset.attribution === m, method, { timeout: RUN_TIMEOUT });
}

/** The backend is set again once the new worker has loaded the model. */
async function waitForRecovery(page: Page) {
  await page.waitForFunction(() => document.documentElement.dataset.backend === '', undefined, { timeout: 60_000 }).catch(() => undefined);
  await page.waitForFunction(() => document.documentElement.dataset.backend === 'webgpu', undefined, { timeout: RUN_TIMEOUT });
}

test('a lost GPU device: the page says so, starts a new worker on a new device and explains again', async ({ page }) => {
  test.setTimeout(420_000);
  const errors = collectPageErrors(page);
  await page.goto(`/?model=${MODEL}&image=1&testhooks=1`);
  expect(await waitForBackend(page)).toBe('webgpu');
  await waitForTop1(page, '1');
  await hook(page, 'destroyDevice');
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText('The GPU device was lost (destroyed', { timeout: 60_000 });
  await expect(notice).toContainText('your photo and settings are kept');
  await waitForRecovery(page);
  await expect(page.locator('table.top5 tbody tr').first()).toContainText('goldfish');
  await page.getByRole('button', { name: 'Explain this prediction' }).click();
  await waitForAttribution(page, 'saliency');
  await expectNoPageErrors(errors);
});

test('a crashed worker is restarted with a message, and the photo is classified again', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = collectPageErrors(page);
  await page.goto(`/?model=${MODEL}&image=1&testhooks=1`);
  await waitForTop1(page, '1');
  await hook(page, 'crashWorker');
  await expect(page.getByTestId('notice')).toContainText('The model worker stopped unexpectedly', { timeout: 60_000 });
  await waitForRecovery(page);
  await waitForTop1(page, '1');
  await expect(page.locator('table.top5 tbody tr').first()).toContainText('goldfish');
  await expectNoPageErrors(errors);
});

test('out of memory in a large batch: retried with smaller batches and reported', async ({ page }) => {
  test.setTimeout(420_000);
  const errors = collectPageErrors(page);
  // Batches above 1 row "run out of memory": IG with 2 steps tries 2 rows, then succeeds with 1.
  await page.goto(`/?model=${MODEL}&image=1&method=ig&steps=2&batch=2&testhooks=1&test_oom_above=1`);
  expect(await waitForBackend(page)).toBe('webgpu');
  await waitForAttribution(page, 'ig');
  await expect(page.getByTestId('oom-retries')).toContainText('batch sizes tried: 2 → 1');
  await expect(page.getByText('batches of 1')).toBeVisible();
  await expectNoPageErrors(errors);
});

test('memory: repeated explanations leave tf.memory() where it was (diagnostics panel)', async ({ page }) => {
  test.setTimeout(600_000);
  // GradientShap with one sample: one gradient per run; each seed is a new computation (no cache).
  await page.goto(`/?model=${MODEL}&image=1&method=gradshap&samples=1`);
  await waitForAttribution(page, 'gradshap');
  const panel = page.getByTestId('diagnostics');
  await panel.getByRole('heading', { name: 'Diagnostics (for instructors)' }).click();
  const read = async () => {
    await panel.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByTestId('diag-status')).toHaveText(/^Updated /, { timeout: RUN_TIMEOUT });
    const allocated = Number(await page.getByTestId('diag-gpu-bytes-allocated').getAttribute('data-value'));
    return {
      memory: {
        tensors: Number(await page.getByTestId('diag-num-tensors').getAttribute('data-value')),
        bytes: Number(await page.getByTestId('diag-num-bytes').getAttribute('data-value')),
      },
      allocated,
    };
  };
  const before = await read();
  const pool: number[] = [before.allocated];
  for (let seed = 1; seed <= 4; seed++) {
    const seedField = page.getByLabel('Seed');
    await seedField.fill(String(seed));
    await seedField.press('Enter');
    await page.waitForFunction(() => !document.documentElement.dataset.attribution, undefined, { timeout: 30_000 }).catch(() => undefined);
    await waitForAttribution(page, 'gradshap');
    const now = await read();
    expect(now.memory, `after run ${seed + 1}`).toEqual(before.memory);
    pool.push(now.allocated);
  }
  // GPU buffers: the second run may add to tfjs' buffer pool; later identical runs reuse it.
  console.log(`GPU bytes allocated after runs 1-5: ${pool.join(', ')}`);
  expect(Math.max(...pool.slice(2))).toBeLessThanOrEqual(pool[1]);
});
