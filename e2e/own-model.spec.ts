/**
 * "Explain your own model": a real Teachable Machine export (../shared/test-models/waste-classifier-tm,
 * 12 kinds of waste, MobileNetV2 α 0.35 inside nested Sequentials) loaded through "Upload model" on
 * WebGPU. Bad uploads first (a model.json without its weights, a GraphModel): each says what is wrong and
 * the model loaded before keeps predicting. Then the waste model: the switcher lists it under its
 * modelName, predictions use its labels, data-model names it, and every method runs once on it (small
 * settings, set by the URL before the upload: a reload would lose the uploaded model, which no link can
 * carry). A second test runs a lab, an attack and a counterfactual on it on the automatic backend.
 */
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { METHOD_IDS } from '../src/methods/params';
import { SHARED, collectPageErrors, expectNoPageErrors, openGallery, openTab, waitForBackend, waitForPanelsDrawn, waitForTop1 } from './helpers';

const WASTE_DIR = path.join(SHARED, 'test-models', 'waste-classifier-tm');
const WASTE_FILES = ['model.json', 'weights.bin', 'metadata.json'].map((f) => path.join(WASTE_DIR, f));
const WASTE_LABELS = ['Battery', 'biological', 'brown-glass', 'cardboard', 'clothes', 'green-glass', 'metal', 'paper', 'plastic', 'shoes', 'trash', 'white-glass'];
/** ImageNet's banana sample: MobileNet says banana (954), the waste model "biological" (SOURCE.md). */
const BANANA = 954;
const RUN_TIMEOUT = 900_000;

/**
 * Small settings for every method that has a cost knob (the heavy ones of defaults.spec), one URL for all.
 * batch=1: on SwiftShader every new batch size compiles the network's shaders again (IG's first batch of
 * 4 cost 111 s, its gradients a few), so every method reuses warm-up's batch-1 kernels. Score-CAM
 * costs one pass per channel: layer=block_2_add (56×56×8, the first residual block; 7×7×56 at block_15_add
 * took 240 s) instead of out_relu's 1,280. Measured here, one pass of the waste model at batch 1 on
 * SwiftShader is about 4 s: the perturbation methods get 4 segments or windows.
 */
const SMALL = [
  'batch=1', 'layer=block_2_add', 'steps=2', 'blur_steps=2', 'gig_steps=2', 'xrai_steps=1', 'eg_photos=1', 'eg_samples=1', 'samples=1',
  'seg_samples=2', 'n_segments=4', 'window=112', 'stride=112',
].join('&');

test.describe.configure({ timeout: 1_500_000 });

const marker = (page: Page, key: string) => page.evaluate((k) => document.documentElement.dataset[k] ?? null, key);

async function waitForMarker(page: Page, key: string, value: string) {
  await page.waitForFunction(
    ([k, v]) => document.documentElement.dataset[k] === v || document.querySelector('.error-text, [role="alert"]') != null,
    [key, value],
    { timeout: RUN_TIMEOUT, polling: 500 },
  );
  await expect(page.locator('.error-text')).toHaveCount(0);
  await expect(page.locator('[role="alert"]')).toHaveCount(0);
}

/** The alert a bad upload shows, once the worker has answered (the model is ready again). */
async function uploadAlert(page: Page, files: Parameters<Page['setInputFiles']>[1]): Promise<string> {
  await page.getByLabel('Upload model').setInputFiles(files);
  const alert = page.getByRole('alert');
  await expect(alert).toBeVisible({ timeout: RUN_TIMEOUT });
  return alert.innerText();
}

/** The model loaded before a bad upload is still there and still predicts: a new photo is classified by it. */
async function stillPredicts(page: Page, model: string) {
  expect(await marker(page, 'model')).toBe(model);
  await page.evaluate(() => delete document.documentElement.dataset.top1);
  await openGallery(page);
  await page.locator('button.thumb[data-class-index="1"]').click();
  await waitForTop1(page, '1'); // MobileNet: goldfish
  await page.keyboard.press('Escape'); // the photo drawer
  await expect(page.getByRole('alert')).toHaveCount(0);
}

test('the waste classifier through "Upload model": bad uploads keep the model, then every method on it on WebGPU', async ({ page }) => {
  const errors = collectPageErrors(page);
  const t0 = Date.now();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`/?backend=webgpu&image=${BANANA}&method=saliency&${SMALL}`);
  expect(await waitForBackend(page)).toBe('webgpu');
  await waitForTop1(page, String(BANANA));
  const builtIn = 'mobilenet_v1_0.75_224';
  expect(await marker(page, 'model')).toBe(builtIn);

  await test.step('model.json without its weight file: says which file is missing; MobileNet stays', async () => {
    const text = await uploadAlert(page, [WASTE_FILES[0], WASTE_FILES[2]]);
    expect(text).toMatch(/weights\.bin/);
    await stillPredicts(page, builtIn);
  });

  await test.step('a GraphModel: says it is not a Keras (layers) model; MobileNet stays', async () => {
    const graph = {
      format: 'graph-model',
      generatedBy: '2.11.0',
      convertedBy: 'TensorFlow.js Converter v3.21.0',
      modelTopology: { node: [{ name: 'input', op: 'Placeholder', attr: {} }], library: {}, versions: {} },
      weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [] }],
    };
    const text = await uploadAlert(page, [
      { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(graph)) },
      { name: 'group1-shard1of1.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(0) },
    ]);
    expect(text).toMatch(/graph/i);
    await stillPredicts(page, builtIn);
  });

  await test.step('the waste model: switcher, labels, data-model, data-top1', async () => {
    await openGallery(page);
    await page.getByRole('searchbox', { name: 'Search classes', exact: true }).fill('banana');
    await page.locator(`button.thumb[data-class-index="${BANANA}"]`).click();
    await waitForTop1(page, String(BANANA));
    await page.keyboard.press('Escape');
    await page.evaluate(() => delete document.documentElement.dataset.top1);
    await page.getByLabel('Upload model').setInputFiles(WASTE_FILES);
    await page.waitForFunction(() => document.documentElement.dataset.model?.startsWith('uploaded:'), undefined, { timeout: RUN_TIMEOUT });
    const id = (await marker(page, 'model'))!;
    const switcher = page.getByLabel('Model', { exact: true });
    await expect(switcher).toHaveValue(id);
    await expect(switcher.locator('option:checked')).toContainText('tm-my-image-model');
    const top1 = Number(await waitForTop1(page));
    expect(top1).toBeGreaterThanOrEqual(0);
    expect(top1).toBeLessThan(12);
    const names = await page.locator('table.top5 tbody tr[data-class-index] .class-name').allInnerTexts();
    expect(names.length).toBe(5);
    for (const n of names) expect(WASTE_LABELS).toContain(n);
    expect(names[0]).toBe(WASTE_LABELS[top1]);
    expect.soft(names[0], 'SOURCE.md: a banana comes out biological').toBe('biological');
    await expect(page.getByText(/centre-cropped to 224×224, as Teachable Machine does/)).toBeVisible();
    await expect(page.getByText('over all 12 classes')).toBeVisible();
    // The uploaded model is never in the URL, nor in a copied link.
    expect(new URL(page.url()).searchParams.get('model')).toBeNull();
  });

  await test.step(`every method (${METHOD_IDS.length}) once, in the comparison grid, on WebGPU`, async () => {
    await openTab(page, 'Compare');
    const group = page.getByRole('group', { name: 'Methods to compare' });
    for (const box of await group.getByRole('checkbox').all()) await box.uncheck();
    for (const box of await group.getByRole('checkbox').all()) await box.check();
    await page.getByRole('button', { name: `Compare ${METHOD_IDS.length} methods` }).click();
    const t = Date.now();
    // Each method's wall time, from the grid's progress line ("3 of 22: Integrated Gradients …").
    const seen: string[] = [];
    const timer = setInterval(() => {
      void page
        .locator('.compare')
        .getByText(/^\d+ of \d+: /)
        .first()
        .innerText({ timeout: 500 })
        .then((text) => {
          const method = text.replace(/ — .*$/, '');
          if (seen.at(-1)?.split(' @')[0] !== method) seen.push(`${method} @${((Date.now() - t) / 1000).toFixed(0)}s`);
        })
        .catch(() => {});
    }, 1000);
    await waitForMarker(page, 'compare', METHOD_IDS.join(',')).finally(() => {
      clearInterval(timer);
      console.log(`own-model: grid progress: ${seen.join(', ')}`);
    });
    await waitForPanelsDrawn(page, 'compare');
    const states = await page
      .getByTestId('compare-grid')
      .locator('figure.panel[data-panel$=":heat_map"]')
      .evaluateAll((els) => Object.fromEntries(els.map((e) => [(e as HTMLElement).dataset.panel!.split(':')[0], (e as HTMLElement).dataset.state])));
    // An honest empty map (LIME's Lasso can zero every coefficient) is a result, not an error.
    expect(Object.keys(states).sort()).toEqual([...METHOD_IDS].sort());
    for (const [m, s] of Object.entries(states)) expect(['drawn', 'empty'], m).toContain(s);
    expect(Object.values(states).filter((s) => s === 'drawn').length).toBeGreaterThanOrEqual(METHOD_IDS.length - 1);
    console.log(`own-model: ${METHOD_IDS.length} methods on WebGPU in ${((Date.now() - t) / 1000).toFixed(0)} s`);
    expect(await waitForBackend(page)).toBe('webgpu');
  });

  // Nothing was fetched for the upload: every request stayed on this origin, none carries the files.
  expect(requests.filter((u) => !u.startsWith(new URL(page.url()).origin) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
  expect(await marker(page, 'model')).toMatch(/^uploaded:/);
  console.log(`own-model: whole test ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  await expectNoPageErrors(errors);
});

/** The same model on the automatic backend (wasm here): the labs, attacks and counterfactuals need no GPU to be tested on it. */
test('the waste classifier: a lab, an attack and a counterfactual on it', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto(`/?image=${BANANA}&lab_depth=1&cf_iters=3`);
  await waitForTop1(page, String(BANANA));
  await page.evaluate(() => delete document.documentElement.dataset.top1);
  await page.getByLabel('Upload model').setInputFiles(WASTE_FILES);
  await page.waitForFunction(() => document.documentElement.dataset.model?.startsWith('uploaded:'), undefined, { timeout: RUN_TIMEOUT });
  expect(WASTE_LABELS[Number(await waitForTop1(page))]).toBe('biological');
  await openTab(page, 'Pitfalls labs');
  await page.getByRole('tab', { name: 'Model randomisation' }).click();
  await page.getByRole('button', { name: 'Run model randomisation' }).click();
  await waitForMarker(page, 'lab', 'randomization');
  await openTab(page, 'Adversarial');
  await page.getByRole('button', { name: 'Run FGSM' }).click();
  await waitForMarker(page, 'attack', 'fgsm');
  await openTab(page, 'Counterfactuals');
  await page.getByRole('button', { name: 'Find a counterfactual' }).click();
  await waitForMarker(page, 'cf', 'optimise');
  await expectNoPageErrors(errors);
});
