/**
 * Shared bits for the end-to-end tests: how Chromium is launched, where ../shared is, and waits on
 * the app's public contract (data-backend / data-top1 on <html>).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Locator, type Page } from '@playwright/test';

/** The repository root (this file is <root>/e2e/helpers.ts; the project is ESM, so no __dirname). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Read-only data beside every checkout and in CI. */
export const SHARED = path.resolve(REPO_ROOT, '..', 'shared');
export const TEST_PHOTOS = path.join(SHARED, 'test-photos');
/** Git-ignored; Playwright's default outputDir, emptied at the start of each run. */
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');

/** E2E_PORT lets two checkouts run their suites side by side. */
export const PORT = Number(process.env.E2E_PORT ?? 4173);
/** localhost (not a LAN address) so the page is a secure context, which WebGPU requires. */
export const BASE_URL = `http://localhost:${PORT}/`;

/** Debian's Chromium; never a downloaded Playwright browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Everything except WebGPU: quiet, offline-friendly, root-friendly (CI runs as root). */
export const BASE_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Chromium on Linux gives no WebGPU adapter without this; with it, SwiftShader (CPU) is the adapter. */
export const WEBGPU_ARGS = [...BASE_ARGS, '--enable-unsafe-webgpu'];

/** The default model; ResNet-50 is far too slow for SwiftShader in CI. */
export const MODEL = 'mobilenet_v1_0.75_224';
export const GOLDFISH_URL = `/?model=${MODEL}&image=1`;

/** ImageNet's domestic cats: tabby, tiger cat, Persian, Siamese, Egyptian cat (chelsea.png is one). */
export const CAT_CLASSES = [281, 282, 283, 284, 285];

/** Loading the model and the first prediction take ~10 s on SwiftShader; allow a slow CI box. */
export const MODEL_TIMEOUT = 120_000;

/** Resolves once the model is loaded and a backend runs; returns its name. */
export async function waitForBackend(page: Page): Promise<string> {
  const handle = await page.waitForFunction(() => document.documentElement.dataset.backend || null, undefined, {
    timeout: MODEL_TIMEOUT,
  });
  return (await handle.jsonValue()) as string;
}

/**
 * For the specs that test a UI flow rather than a backend (labs, display, rapid clicks, attacks,
 * counterfactuals): the backend the app picks by itself, the fastest here (wasm on this CI's software
 * GPU). defaults.spec runs every method, lab, attack and counterfactual at its defaults on WebGPU.
 */
export async function waitForChosenBackend(page: Page): Promise<string> {
  const backend = await waitForBackend(page);
  expect(backend, 'the automatic choice should never be plain-JS cpu here').not.toBe('cpu');
  return backend;
}

/** Resolves once a prediction is shown (optionally: a prediction whose top-1 is `expected`); returns top-1. */
export async function waitForTop1(page: Page, expected?: string): Promise<string> {
  const handle = await page.waitForFunction(
    (want) => {
      const top1 = document.documentElement.dataset.top1;
      return top1 != null && (want == null || top1 === want) ? top1 : null;
    },
    expected ?? null,
    { timeout: MODEL_TIMEOUT },
  );
  return (await handle.jsonValue()) as string;
}

/** Class indices of the top-5 table, in rank order. */
export function top5Indices(page: Page): Promise<number[]> {
  return page
    .locator('table.top5 tbody tr[data-class-index]')
    .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-class-index'))));
}

/** Fails the test on uncaught page errors (the UI thread must never throw). */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

export async function expectNoPageErrors(errors: string[]): Promise<void> {
  expect(errors, 'uncaught errors in the page').toEqual([]);
}

/** Distinct colours and non-white pixels of a canvas (a blank or uniform canvas has 1 colour). */
export function canvasStats(canvas: Locator) {
  return canvas.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const colours = new Set<number>();
    let coloured = 0;
    for (let i = 0; i < d.length; i += 4) {
      colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      if (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250) coloured++;
    }
    return { width: c.width, colours: colours.size, coloured, pixels: d.length / 4 };
  });
}

/** A panel of a map grid ('single' = the explanation, 'compare' = the comparison grid). */
export function panel(page: Page, grid: string, id: string): Locator {
  return page.getByTestId(`${grid}-grid`).locator(`figure.panel[data-panel="${id}"]`);
}

/** Waits until every panel of a grid is drawn for the current settings. */
export async function waitForPanelsDrawn(page: Page, grid: string, count?: number): Promise<void> {
  await page.waitForFunction(
    ({ grid, count }) => {
      const panels = [...document.querySelectorAll(`[data-testid="${grid}-grid"] figure.panel`)] as HTMLElement[];
      return panels.length > 0 && (count == null || panels.length === count) && panels.every((p) => p.dataset.state !== 'pending');
    },
    { grid, count },
    { timeout: 60_000 },
  );
}

/** Opens a tab of the workspace (Explain, Compare, Pitfalls labs, IG path, Adversarial, Counterfactuals, Diagnostics). */
export async function openTab(page: Page, name: string): Promise<void> {
  const tab = page.getByRole('tab', { name, exact: true });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
}

/** Opens the sample-photo drawer (the gallery is on demand); a no-op when it is open. */
export async function openGallery(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Sample photos' });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await expect(page.locator('.thumbs button').first()).toBeVisible();
}
