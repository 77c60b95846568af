/**
 * GPU faults and memory on the real WebGPU backend, through the test hooks a `?testhooks=1` page
 * exposes: a lost device (device.destroy()), a crashed worker, a device lost again while the re-run
 * lab runs, out-of-memory in a large batch, and tf.memory() across repeated explanations, read from
 * the diagnostics panel.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { GOLDFISH_URL, MODEL, RESULTS_DIR, collectPageErrors, expectNoPageErrors, waitForBackend, waitForTop1 } from './helpers';

const RUN_TIMEOUT = 240_000;

type Hooks = { destroyDevice(): void; crashWorker(): void; workersStarted(): number; faults(): number };
const hook = <K extends keyof Hooks>(page: Page, name: K) =>
  page.evaluate((n) => (window as unknown as { __saliencyTest: Hooks }).__saliencyTest[n](), name) as Promise<ReturnType<Hooks[K]>>;
const counters = async (page: Page) => ({ workersStarted: await hook(page, 'workersStarted'), faults: await hook(page, 'faults') });

/** The lab at depth 4 computes five maps: about 5 minutes on SwiftShader on a loaded 2-core machine. */
async function waitForLab(page: Page, lab: string) {
  await page.waitForFunction((id) => document.documentElement.dataset.lab === id, lab, { timeout: 600_000 });
}

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
  await page.goto(`/?model=${MODEL}&image=1&testhooks=1&backend=webgpu`);
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
  await page.goto(`/?model=${MODEL}&image=1&testhooks=1&backend=webgpu`);
  await waitForTop1(page, '1');
  await hook(page, 'crashWorker');
  await expect(page.getByTestId('notice')).toContainText('The model worker stopped unexpectedly', { timeout: 60_000 });
  await waitForRecovery(page);
  await waitForTop1(page, '1');
  await expect(page.locator('table.top5 tbody tr').first()).toContainText('goldfish');
  await expectNoPageErrors(errors);
});

test('the model-randomisation lab at its default settings (cascading, depth 4) completes on WebGPU', async ({ page }) => {
  test.setTimeout(780_000);
  const errors = collectPageErrors(page);
  // Depth 4 is the first depth that randomises a layer other than the logits layer, whose std is read
  // back from the GPU (a synchronous read-back there lost the device, and the page looped).
  await page.goto(`${GOLDFISH_URL}&method=saliency&lab=randomization&backend=webgpu&testhooks=1`);
  expect(await waitForBackend(page)).toBe('webgpu');
  const t0 = Date.now();
  await waitForLab(page, 'randomization');
  console.log(`default randomisation lab (5 saliency maps) on WebGPU: ${((Date.now() - t0) / 1000).toFixed(1)} s after the model was ready`);
  expect(await page.evaluate(() => document.documentElement.dataset.backend)).toBe('webgpu');
  expect(await counters(page)).toEqual({ workersStarted: 1, faults: 0 });
  await expect(page.getByTestId('notice')).toHaveCount(0);
  await expect(page.getByTestId('lab-chart')).toBeVisible();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download results (.json)' }).click()]);
  const json = JSON.parse(await readFile((await file.path())!, 'utf8'));
  expect(json.lab).toBe('randomization');
  expect(json.mode).toBe('cascade');
  expect(json.steps).toHaveLength(4);
  expect(json.steps[3].layers).toEqual(['conv_preds', 'conv_pw_13', 'conv_dw_13', 'conv_pw_12']);
  for (const step of json.steps) expect(Number.isFinite(step.similarity.spearmanAbs)).toBe(true);
  await expectNoPageErrors(errors);
});

test('a device lost again while the lab re-runs: one re-run, then WebGL with a notice, and no loop', async ({ page }) => {
  test.setTimeout(780_000);
  const t0 = Date.now();
  const errors = collectPageErrors(page);
  // Every worker destroys its WebGPU device as a lab request starts (on WebGL the hook does nothing).
  await page.goto(`${GOLDFISH_URL}&method=saliency&lab=randomization&lab_depth=1&testhooks=1&test_lose_device_on=lab&backend=webgpu`);
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText('The GPU device was lost (destroyed', { timeout: RUN_TIMEOUT });
  await expect(notice).toContainText(
    'The GPU device was lost twice while running the model-randomisation lab. Saliency Lab switched to WebGL; your photo and settings are kept. Press Run to try again.',
    { timeout: 2 * RUN_TIMEOUT },
  );
  await page.waitForFunction(() => document.documentElement.dataset.backend === 'webgl', undefined, { timeout: RUN_TIMEOUT });
  await waitForTop1(page, '1');
  await expect(page.locator('table.top5 tbody tr').first()).toContainText('goldfish');
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toContainText('Running on WebGL');
  await expect(badge).toContainText('WebGPU not used: forced after the GPU device was lost twice');
  // Three workers: the first, its one re-run, the WebGL one. The lab is not re-run by itself.
  expect(await counters(page)).toEqual({ workersStarted: 3, faults: 2 });
  console.log(`two device losses to the photo classified on WebGL: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await page.waitForTimeout(15_000);
  expect(await counters(page)).toEqual({ workersStarted: 3, faults: 2 });
  expect(await page.evaluate(() => [document.documentElement.dataset.backend, document.documentElement.dataset.lab])).toEqual(['webgl', undefined]);
  // The explanation that did not fault is back; the photo and the lab settings are kept.
  await page.waitForFunction(() => document.documentElement.dataset.attribution === 'saliency', undefined, { timeout: RUN_TIMEOUT });
  expect(new URL(page.url()).searchParams.get('lab')).toBe('randomization');
  await page.screenshot({ path: `${RESULTS_DIR}/fault-fallback-webgl.png`, fullPage: true });
  // "Press Run to try again": on WebGL the lab completes.
  await page.getByRole('button', { name: 'Run model randomisation' }).click();
  await waitForLab(page, 'randomization');
  expect(await counters(page)).toEqual({ workersStarted: 3, faults: 2 });
  await expectNoPageErrors(errors);
});

test('out of memory in a large batch: retried with smaller batches and reported', async ({ page }) => {
  test.setTimeout(420_000);
  const errors = collectPageErrors(page);
  // Batches above 1 row "run out of memory": IG with 2 steps tries 2 rows, then succeeds with 1.
  await page.goto(`/?model=${MODEL}&image=1&method=ig&steps=2&batch=2&testhooks=1&test_oom_above=1&backend=webgpu`);
  expect(await waitForBackend(page)).toBe('webgpu');
  await waitForAttribution(page, 'ig');
  await expect(page.getByTestId('oom-retries')).toContainText('batch sizes tried: 2 → 1');
  await expect(page.getByText('batches of 1')).toBeVisible();
  await expectNoPageErrors(errors);
});

test('memory: repeated explanations leave tf.memory() where it was (diagnostics panel)', async ({ page }) => {
  test.setTimeout(600_000);
  // GradientShap with one sample: one gradient per run; each seed is a new computation (no cache).
  await page.goto(`/?model=${MODEL}&image=1&method=gradshap&samples=1&backend=webgpu`);
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
    // GradientShap on SwiftShader runs on demand: the new seed waits for Explain.
    await expect(page.getByTestId('run-mode')).toHaveAttribute('data-mode', 'on-demand');
    await page.getByRole('button', { name: 'Explain', exact: true }).click();
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
