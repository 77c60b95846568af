#!/usr/bin/env node
/**
 * wasm threads, measured: the built app (dist/, `npx vite build` first) on the wasm backend, threaded vs
 * single-threaded, in Debian's Chromium. Timings live here, never in test assertions.
 *
 * - threaded: `vite preview` (sends COOP/COEP, vite.config.ts), service workers blocked;
 * - single: the same dist/ from a bare static server that sends no COOP/COEP (like GitHub Pages),
 *   service workers blocked, so the page is not cross-origin isolated;
 * - sw: the bare server with the service worker allowed: a first load, then a reload, which the worker
 *   answers from its caches with the headers (src/sw/isolation.ts): isolated from the second load on.
 *
 * Per run: `saliency:attribute` measure (detail.totalMs), crossOriginIsolated, the badge's wasm text.
 *   node scripts/probe-wasm-threads.mjs [--repeats 2] [--methods saliency,ig-50]
 */
import { spawn } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import { extname, join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const REPEATS = Number(arg('repeats', '2'));
const METHODS = { saliency: 'method=saliency', 'ig-50': 'method=ig&steps=50' };
const methods = arg('methods', Object.keys(METHODS).join(',')).split(',');
const QUERY = '?model=mobilenet_v1_0.75_224&backend=wasm&image=1';
const PREVIEW_PORT = 4185;
const ARGS = ['--no-sandbox', '--enable-unsafe-webgpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TIMEOUT = 600_000;

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.bin': 'application/octet-stream', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp' };

/** dist/ with no COOP/COEP (a static host). */
function bareServer() {
  const dist = join(root, 'dist');
  const server = http.createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = join(dist, path);
    let st;
    try {
      st = statSync(file);
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'content-length': st.size, 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

async function preview() {
  const child = spawn('npx', ['vite', 'preview', '--port', String(PREVIEW_PORT), '--strictPort'], { cwd: root, stdio: 'ignore', detached: true });
  for (let i = 0; i < 120; i++) {
    try {
      const r = await fetch(`http://localhost:${PREVIEW_PORT}/`);
      if (r.ok) return child;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('vite preview did not start');
}

/** Waits for the explanation, then reads what the run measured. */
async function read(page, method) {
  await page.waitForFunction((m) => document.documentElement.dataset.attribution === m, method, { timeout: TIMEOUT });
  return page.evaluate(() => {
    const m = performance.getEntriesByType('measure').filter((e) => e.name === 'saliency:attribute').at(-1);
    return {
      totalMs: Math.round(m.detail.totalMs),
      isolated: crossOriginIsolated,
      badge: document.querySelector('[data-testid="backend-badge"] summary')?.textContent ?? null,
      single: document.querySelector('[data-testid="backend-single-threaded"]')?.textContent ?? null,
    };
  });
}

async function run(browser, base, methodId, serviceWorkers) {
  const context = await browser.newContext({ serviceWorkers });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  try {
    await page.goto(`${base}${QUERY}&${METHODS[methodId]}`);
    const first = await read(page, methodId === 'ig-50' ? 'ig' : methodId);
    if (serviceWorkers === 'block') return { ...first, errors };
    // The service worker took control (clientsClaim); wait until its precache is complete, then reload.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => null));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: TIMEOUT });
    await page.reload();
    const second = await read(page, methodId === 'ig-50' ? 'ig' : methodId);
    return { first, second, errors };
  } finally {
    await context.close();
  }
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
const bare = await bareServer();
const child = await preview();
const results = [];
try {
  const servers = { threaded: `http://localhost:${PREVIEW_PORT}/`, single: `http://localhost:${bare.address().port}/` };
  for (let r = 0; r < REPEATS; r++) {
    for (const method of methods) {
      for (const [kind, base] of Object.entries(servers)) {
        const out = await run(browser, base, method, 'block');
        results.push({ kind, method, repeat: r + 1, ...out });
        console.log(JSON.stringify(results.at(-1)));
      }
    }
  }
  const sw = await run(browser, servers.single, 'saliency', 'allow');
  results.push({ kind: 'sw (bare server, load then reload)', method: 'saliency', ...sw });
  console.log(JSON.stringify(results.at(-1)));
} finally {
  await browser.close();
  bare.close();
  process.kill(-child.pid);
}
