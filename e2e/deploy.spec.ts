/**
 * Static deployment: the built dist/ served by a plain static server under a sub-path, and the offline cache
 * (service worker) after a first visit. Each test starts its own tiny server (node:http, no dependency) so
 * that it controls the URL prefix and can take the network away; the Playwright webServer is not used.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { MODEL, MODEL_TIMEOUT, REPO_ROOT, RESULTS_DIR, collectPageErrors, expectNoPageErrors, waitForBackend, waitForTop1, openGallery } from './helpers';

const DIST = path.join(REPO_ROOT, 'dist');
const VERSION: string = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version;

/** What a static host sends; weight shards have no extension (MobileNet) or .bin (ResNet-50). */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.jpeg': 'image/jpeg',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

interface Server {
  /** The app's URL, ending in the prefix. */
  url: string;
  /** Every path answered 404 (anything outside the prefix, or a missing file). */
  notFound: string[];
  close(): Promise<void>;
}

/** Serves dist/ at `prefix`. `no-store`: the browser's HTTP cache keeps nothing, so offline means the service worker. */
async function serveDist(prefix: string): Promise<Server> {
  const notFound: string[] = [];
  const server = http.createServer((req, res) => {
    void (async () => {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
      const rel = pathname.startsWith(prefix) ? pathname.slice(prefix.length) || 'index.html' : null;
      const file = rel === null ? null : path.resolve(DIST, rel);
      const st = file && file.startsWith(DIST + path.sep) ? await stat(file).catch(() => null) : null;
      if (!file || !st?.isFile()) {
        notFound.push(pathname);
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': st.size,
        'cache-control': 'no-store',
      });
      createReadStream(file).pipe(res);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    // localhost, not 127.0.0.1: a secure context (WebGPU and service workers need one).
    url: `http://localhost:${port}${prefix}`,
    notFound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Responses with status >= 400 seen by the page (its worker's fetches included). */
function collectBadResponses(page: Page): string[] {
  const bad: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) bad.push(`${r.status()} ${r.url()}`);
  });
  return bad;
}

const top1Name = (page: Page) => page.locator('table.top5 tbody tr[data-class-index]').first().locator('.class-name');

test('sub-path deploy: dist/ served under /course/saliency-lab/ classifies a sample, with no 404', async ({ page }) => {
  const server = await serveDist('/course/saliency-lab/');
  try {
    const errors = collectPageErrors(page);
    const bad = collectBadResponses(page);
    await page.goto(`${server.url}?model=${MODEL}&image=1&backend=webgpu`);
    expect(await waitForBackend(page)).toBe('webgpu');
    expect(await waitForTop1(page)).toBe('1');
    await expect(top1Name(page)).toHaveText('goldfish');

    const badge = page.getByTestId('offline-status');
    await expect(badge).toHaveAttribute('data-state', 'ready', { timeout: MODEL_TIMEOUT });
    await expect(badge).toHaveText(`Offline ready (v${VERSION})`);
    // The service worker lives at the sub-path and controls only it.
    expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).scope)).toBe(server.url);
    await page.locator('header').screenshot({ path: path.join(RESULTS_DIR, 'offline-badge.png') });

    expect(server.notFound, 'paths the server answered 404').toEqual([]);
    expect(bad, 'failed responses').toEqual([]);
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expectNoPageErrors(errors);
  } finally {
    await server.close();
  }
});

test('offline: after one visit, a reload with the network cut loads the model from cache and classifies', async ({ page, context }) => {
  const server = await serveDist('/');
  let closed = false;
  try {
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}?model=${MODEL}&image=1&backend=webgpu`);
    expect(await waitForBackend(page)).toBe('webgpu');
    expect(await waitForTop1(page)).toBe('1');
    // A second photo, viewed after the service worker took control.
    await openGallery(page);
    await page.locator('button.thumb[data-class-index="0"]').click();
    expect(await waitForTop1(page, '0')).toBe('0');
    const badge = page.getByTestId('offline-status');
    await expect(badge).toHaveAttribute('data-state', 'ready', { timeout: MODEL_TIMEOUT });

    // Cut the network: the server is gone (nothing can be fetched) and the browser reports offline.
    await server.close();
    closed = true;
    await context.setOffline(true);
    const modelResponses: { url: string; fromSW: boolean; status: number }[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/assets/models/')) modelResponses.push({ url: r.url(), fromSW: r.fromServiceWorker(), status: r.status() });
    });
    await page.reload();

    await expect(badge).toHaveAttribute('data-state', 'offline');
    await expect(badge).toHaveText('Offline — using cached copy');
    expect(await waitForBackend(page)).toBe('webgpu');
    expect(await waitForTop1(page)).toBe('0'); // the reload keeps ?image=0 (tench)
    await expect(top1Name(page)).toHaveText('tench');
    // The first photo, viewed before the service worker controlled the page, classifies again too.
    await openGallery(page);
    await page.locator('button.thumb[data-class-index="1"]').click();
    expect(await waitForTop1(page, '1')).toBe('1');
    await expect(top1Name(page)).toHaveText('goldfish');
    await expect(page.getByRole('alert')).toHaveCount(0);

    // model.json and the weight shards came from the service worker's cache.
    expect(modelResponses.length).toBeGreaterThan(1);
    for (const r of modelResponses) expect(r, r.url).toMatchObject({ fromSW: true, status: 200 });
    await page.locator('header').screenshot({ path: path.join(RESULTS_DIR, 'offline-badge-offline.png') });

    // Back online, the cached copy is still complete.
    await context.setOffline(false);
    await expect(badge).toHaveAttribute('data-state', 'ready');
    await expectNoPageErrors(errors);
  } finally {
    if (!closed) await server.close();
  }
});
