/**
 * Every method, lab, attack and counterfactual at its DEFAULT settings on WebGPU ("test the
 * defaults": the randomisation lab once passed at depth 1 and lost the device at its default depth 4).
 * On SwiftShader the real MobileNet needs minutes per Integrated Gradients run and hours for the
 * convergence lab's defaults, so these runs use a small stand-in network served in place of MobileNet's
 * files (e2e/stand-in-model.ts): the app, its code paths and its default settings are the real ones;
 * only the network is smaller. The cheap defaults also run on the real MobileNet (labs.spec.ts,
 * faults.spec.ts, and the occlusion check here).
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { METHOD_IDS, type MethodId } from '../src/methods/params';
import { LAB_IDS } from '../src/features/labs/protocol';
import { decodeNpy } from '../src/shared/viz/npy';
import { MODEL, collectPageErrors, expectNoPageErrors, waitForBackend, waitForPanelsDrawn } from './helpers';
import { standInMobileNet, type StandIn } from './stand-in-model';

const RUN_TIMEOUT = 900_000;
test.describe.configure({ timeout: RUN_TIMEOUT + 120_000 });

let standIn: Promise<StandIn> | null = null;

/** Serves the stand-in network wherever the app asks for MobileNet's files. */
async function serveStandIn(context: BrowserContext) {
  standIn ??= standInMobileNet();
  const { modelJson, weights } = await standIn;
  await context.route(`**/assets/models/${MODEL}/**`, (route) => {
    const url = route.request().url();
    if (url.endsWith('/model.json')) return route.fulfill({ body: modelJson, contentType: 'application/json' });
    if (url.endsWith('/group1-shard1of1.bin')) return route.fulfill({ body: weights, contentType: 'application/octet-stream' });
    return route.fulfill({ status: 404 });
  });
}

/** Waits for the run's marker, or for an error on the page (then fails at once, saying which). */
async function waitForMarker(page: Page, key: string, value: string) {
  await page.waitForFunction(
    ([k, v]) => document.documentElement.dataset[k] === v || document.querySelector('.error-text, [role="alert"]') != null,
    [key, value],
    { timeout: RUN_TIMEOUT, polling: 1000 },
  );
  await noErrors(page);
}

async function noErrors(page: Page) {
  await expect(page.locator('.error-text')).toHaveCount(0);
  await expect(page.locator('[role="alert"]')).toHaveCount(0);
}

/**
 * The two labs that are only a series of ordinary Integrated Gradients requests (756 for convergence's
 * defaults, 7 × 50 rows for baselines') run on wasm, the fastest backend here: 17 of this spec's 28
 * minutes on SwiftShader. IG itself runs at its defaults on WebGPU in the grid test above them, and the
 * labs' own code is the same on every backend.
 */
const LAB_BACKEND: Partial<Record<(typeof LAB_IDS)[number], 'wasm'>> = { convergence: 'wasm', baselines: 'wasm' };

/**
 * The methods whose defaults make 100 or more passes that are the same on every backend (PAIR's IG paths,
 * Shapley sampling's 1,250 forward passes, Score-CAM's one per channel, Expected Gradients' photos) run
 * their defaults on wasm: on SwiftShader they alone cost minutes of CI. Their WebGPU kernels are checked
 * by backend-kernels.test.ts; every other method runs its defaults on WebGPU here.
 */
const ON_WASM: readonly MethodId[] = ['blur_ig', 'guided_ig', 'xrai', 'shapley_sampling', 'score_cam', 'expected_gradients'];
const GRIDS: Array<['webgpu' | 'wasm', MethodId[]]> = [
  ['webgpu', METHOD_IDS.filter((m) => !ON_WASM.includes(m))],
  ['wasm', METHOD_IDS.filter((m) => ON_WASM.includes(m))],
];

test.describe('defaults on a stand-in network, on WebGPU', () => {
  test.use({ serviceWorkers: 'block' });
  test.beforeEach(async ({ context }) => serveStandIn(context));

  for (const [backend, methods] of GRIDS) {
    test(`every method at its default settings, in the comparison grid: ${methods.length} on ${backend}`, async ({ page }) => {
      const errors = collectPageErrors(page);
      await page.goto(`/?model=${MODEL}&image=1&backend=${backend}&method=saliency&compare=${methods.join(',')}`);
      expect(await waitForBackend(page)).toBe(backend);
      await waitForMarker(page, 'compare', methods.join(','));
      await waitForPanelsDrawn(page, 'compare');
      // LIME's Lasso (Captum's alpha = 0.01) zeroes every coefficient on the stand-in, whose logits move by
      // about 0.01 when segments are hidden: an honest empty map (not an error), said in the panel.
      const states = await page
        .getByTestId('compare-grid')
        .locator('figure.panel[data-panel$=":heat_map"]')
        .evaluateAll((els) => Object.fromEntries(els.map((e) => [(e as HTMLElement).dataset.panel!.split(':')[0], (e as HTMLElement).dataset.state])));
      expect(states).toEqual(Object.fromEntries(methods.map((m) => [m, m === 'lime' && states.lime === 'empty' ? 'empty' : 'drawn'])));
      await noErrors(page);
      await expectNoPageErrors(errors);
    });
  }

  test("occlusion at its defaults: the colorbar's end is the largest per-pixel logit drop (outlier 0), not 3 times it", async ({ page }) => {
    await page.goto(`/?model=${MODEL}&image=1&backend=webgpu&method=occlusion&outlier=0`);
    expect(await waitForBackend(page)).toBe('webgpu');
    await waitForMarker(page, 'attribution', 'occlusion');
    await waitForPanelsDrawn(page, 'single');
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download attributions (.npy)' }).click()]);
    const npy = decodeNpy(new Uint8Array(await readFile((await file.path())!)).buffer);
    expect(npy.shape).toEqual([1, 224, 224, 3]);
    // One expect for the whole array: Playwright's expect records a step per call (50,176 calls took minutes).
    let largest = 0;
    let uncopied = 0;
    for (let i = 0; i < npy.data.length; i += 3) {
      if (npy.data[i + 1] !== npy.data[i] || npy.data[i + 2] !== npy.data[i]) uncopied++; // Captum's layout: the drop in every channel
      largest = Math.max(largest, Math.abs(npy.data[i]));
    }
    expect(uncopied).toBe(0);
    const end = await page.getByTestId('single-grid').locator('figure.panel[data-panel="occlusion:heat_map"]').getByTestId('colorbar-end').innerText();
    const shown = Number(end.replace('≥', '').replace('\u2212', '-').trim());
    expect(largest).toBeGreaterThan(0);
    expect(Math.abs(shown - largest) / largest).toBeLessThan(0.006); // three significant digits
  });

  for (const lab of LAB_IDS) {
    const backend = LAB_BACKEND[lab] ?? 'webgpu';
    test(`lab ${lab} at its default settings${backend === 'webgpu' ? '' : `, on ${backend}`}`, async ({ page }) => {
      const errors = collectPageErrors(page);
      await page.goto(`/?model=${MODEL}&image=1&backend=${backend}&method=saliency&lab=${lab}`);
      expect(await waitForBackend(page)).toBe(backend);
      await waitForMarker(page, 'lab', lab);
      await noErrors(page);
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download results (.json)' }).click()]);
      const json = JSON.parse(await readFile((await file.path())!, 'utf8'));
      expect(json).toBeTruthy();
      if (lab === 'convergence') expect(page.getByTestId('convergence-table').locator('tbody tr')).toHaveCount(6 * 6);
      await expect(page.getByTestId('notice')).toHaveCount(0); // no device lost on the way
      await expectNoPageErrors(errors);
    });
  }

  for (const [kind, query, marker] of [
    ['FGSM', 'attack=fgsm', 'attack'],
    ['PGD', 'attack=pgd', 'attack'],
    ['optimisation counterfactual', 'cf=optimise', 'cf'],
    ['region swap', 'cf=swap', 'cf'],
  ] as const) {
    test(`${kind} at its default settings`, async ({ page }) => {
      const errors = collectPageErrors(page);
      await page.goto(`/?model=${MODEL}&image=1&backend=webgpu&method=saliency&${query}`);
      expect(await waitForBackend(page)).toBe('webgpu');
      await page.waitForFunction((k) => document.documentElement.dataset[k] || document.querySelector('.error-text, [role="alert"]'), marker, { timeout: RUN_TIMEOUT, polling: 1000 });
      await noErrors(page);
      await expect(page.getByTestId('notice')).toHaveCount(0);
      await expectNoPageErrors(errors);
    });
  }
});
