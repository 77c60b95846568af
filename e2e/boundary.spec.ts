/**
 * The architecture's boundary: tfjs (and the model) live only in the module worker; the UI thread
 * never loads it. A regression (say, a UI component importing src/worker/runtime) would pull tfjs into the
 * main bundle; this test catches that in the built app, not just in the source imports.
 */
import { expect, test, type Response } from '@playwright/test';
import { GOLDFISH_URL, waitForTop1 } from './helpers';

/**
 * String literals that survive minification and are specific to tfjs: a tfjs-backend-webgpu flag, a
 * tfjs-backend-webgl flag and a tfjs-core kernel name. Checked to be in dist/app/model.worker-*.js and
 * not in dist/app/index-*.js; the test re-checks the first half on every run (the worker must contain
 * them all, otherwise the markers prove nothing).
 */
const TFJS_MARKERS = ['WEBGPU_CPU_FORWARD', 'WEBGL_VERSION', 'DepthwiseConv2dNative'];

test('tfjs runs only in the module worker: no main-thread script contains it', async ({ page }) => {
  // Keep every page-realm resource entry (the default buffer holds 250; the gallery loads 40 thumbnails).
  await page.addInitScript(() => performance.setResourceTimingBufferSize(100_000));
  // Every script response, keyed by URL: its body is exactly the code the browser ran.
  const scriptResponses = new Map<string, Response>();
  const workerUrls = new Set<string>();
  page.on('response', (res) => {
    if (res.request().resourceType() === 'script') scriptResponses.set(res.url(), res);
  });
  page.on('worker', (w) => workerUrls.add(w.url()));

  /** The body the browser received (what ran); re-fetched from the server if Chromium dropped it. */
  async function scriptText(url: string): Promise<string> {
    const response = scriptResponses.get(url);
    expect(response, `a response for ${url}`).toBeTruthy();
    expect(response!.ok(), url).toBe(true);
    try {
      return await response!.text();
    } catch {
      const again = await page.request.get(url);
      expect(again.ok(), url).toBe(true);
      return again.text();
    }
  }

  await page.goto(GOLDFISH_URL);
  expect(await waitForTop1(page)).toBe('1');

  // A worker was created, and it is the model worker.
  expect(workerUrls.size, 'workers created by the page').toBe(1);
  const [workerUrl] = [...workerUrls];
  expect(workerUrl).toMatch(/\/model\.worker[-.][^/]*\.js$/);
  expect(page.workers().map((w) => w.url())).toContain(workerUrl);

  // page.on('response') also reports what the worker fetches (same page, resourceType 'script' for its
  // code). Main-thread scripts are the ones the page realm itself loaded: they appear in the
  // document's resource timing, whereas the worker's own imports appear only in the worker's.
  const pageResources = new Set(
    await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name)),
  );
  const documentScripts = await page.evaluate(() =>
    [
      ...Array.from(document.querySelectorAll<HTMLScriptElement>('script[src]'), (s) => s.src),
      ...Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel=modulepreload]'), (l) => l.href),
    ],
  );
  const mainScripts = [...scriptResponses.keys()].filter((u) => !workerUrls.has(u) && pageResources.has(u));
  expect(documentScripts.length, 'the page has a script of its own').toBeGreaterThan(0);
  for (const src of documentScripts) expect(mainScripts).toContain(src);

  const workerCode = await scriptText(workerUrl);
  // (includes() rather than toContain(): a failure would otherwise print a 2 MB bundle.)
  for (const marker of TFJS_MARKERS) expect(workerCode.includes(marker), `the worker bundle contains ${marker}`).toBe(true);

  for (const url of mainScripts) {
    const code = await scriptText(url);
    expect(code.length, url).toBeGreaterThan(0);
    for (const marker of TFJS_MARKERS) {
      expect(code.includes(marker), `main-thread script ${url} contains the tfjs marker ${marker}`).toBe(false);
    }
  }
});
