#!/usr/bin/env node
/**
 * Benchmark: drives the built app (dist/) in Debian's Chromium and records, per model and backend,
 * the model load (download + decode + compile), the kernel warm-up, the first and later
 * predictions, from the `saliency:*` performance measures the app writes. Results go to
 * bench-results/bench-<date>.json. Timings live here, never in test assertions.
 *
 * Then, per model and backend, the attribution methods in ATTRIBUTIONS (same image), from the
 * `saliency:attribute` measures: wall time, internal batch size, tf.memory() before/after and the
 * largest numBytes seen between chunks.
 *
 *   npm run bench                      all models x webgpu, webgl, cpu
 *   node scripts/bench.mjs --models mobilenet_v1_0.75_224 --backends webgpu --methods saliency,ig
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { chromium } from '@playwright/test';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1].split(',') : fallback;
};
const models = arg('models', ['mobilenet_v1_0.75_224', 'resnet50']);
const backends = arg('backends', ['webgpu', 'webgl', 'cpu']);
const samples = [1, 0, 2, 3]; // the first is the "first prediction", the rest are warm
const ATTRIBUTIONS = {
  saliency: 'method=saliency',
  'ig-50': 'method=ig&steps=50',
  'deepliftshap-2': 'method=deepliftshap&dist=black_white',
};
const methods = arg('methods', Object.keys(ATTRIBUTIONS));
const attributionRuns = Number(arg('repeats', ['1'])[0]);
const port = 4179;
const CHROMIUM_ARGS = ['--no-sandbox', '--enable-unsafe-webgpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
};

function bundleSizes() {
  const dir = join(root, 'dist/app');
  const out = {};
  for (const f of readdirSync(dir)) {
    const bytes = statSync(join(dir, f)).size;
    const key = f.startsWith('model.worker') ? 'workerJs' : f.endsWith('.js') ? 'mainJs' : f.endsWith('.css') ? 'css' : f;
    out[key] = { file: f, bytes, gzipBytes: gzipSync(readFileSync(join(dir, f))).length };
  }
  return out;
}

async function waitForServer(url, ms = 30000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`preview server did not start at ${url}`);
}

const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { cwd: root, stdio: 'ignore' });
const base = `http://localhost:${port}/`;
const runs = [];
try {
  await waitForServer(base);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  for (const model of models) {
    for (const backend of backends) {
      const context = await browser.newContext(); // fresh HTTP cache: the load includes the download
      const page = await context.newPage();
      const t0 = Date.now();
      process.stdout.write(`bench: ${model} on ${backend} ... `);
      try {
        await page.goto(`${base}?model=${model}&backend=${backend}`);
        await page.waitForFunction(() => document.documentElement.dataset.backend, null, { timeout: 900_000 });
        for (const [i, index] of samples.entries()) {
          if (i === 0) {
            await page.goto(`${base}?model=${model}&backend=${backend}&image=${index}`);
          } else {
            await page.evaluate(() => delete document.documentElement.dataset.top1);
            await page.fill('input[type=search]', String(index));
            await page.click(`button.thumb[data-class-index="${index}"]`);
          }
          await page.waitForFunction(() => document.documentElement.dataset.top1 !== undefined, null, { timeout: 900_000 });
        }
        const measures = await page.evaluate(() =>
          performance.getEntriesByType('measure').filter((m) => m.name.startsWith('saliency:')).map((m) => ({ name: m.name, duration: m.duration, detail: m.detail })),
        );
        const loads = measures.filter((m) => m.name === 'saliency:model-load');
        const classify = measures.filter((m) => m.name === 'saliency:classify');
        const load = loads[loads.length - 1];
        const adapter = await page.locator('[data-testid=backend-badge] summary').innerText();
        const attributions = {};
        for (const name of methods) {
          const times = [];
          let last;
          for (let r = 0; r < attributionRuns; r++) {
            await page.goto(`${base}?model=${model}&backend=${backend}&image=1&${ATTRIBUTIONS[name]}`);
            await page.waitForFunction(() => document.documentElement.dataset.attribution, null, { timeout: 3_600_000 });
            const m = await page.evaluate(() => performance.getEntriesByType('measure').filter((e) => e.name === 'saliency:attribute').map((e) => e.detail));
            last = m[m.length - 1];
            times.push(last.totalMs);
          }
          attributions[name] = { medianMs: Math.round(median(times)), runs: times.length, batchSize: last.batchSize, memory: last.memory };
          console.log(`  ${name}: ${Math.round(median(times))} ms (batch ${last.batchSize})`);
        }
        const run = {
          model,
          backend: load.detail.backend,
          badge: adapter,
          modelLoadMs: Math.round(load.detail.loadMs),
          warmupMs: Math.round(load.detail.warmupMs),
          readyMs: Math.round(load.duration),
          firstPredictionMs: Math.round(classify[0].detail.predictMs),
          warmPredictionMedianMs: Math.round(median(classify.slice(1).map((c) => c.detail.predictMs))),
          decodeMedianMs: Math.round(median(classify.map((c) => c.detail.decodeMs))),
          predictions: classify.length,
          attributions,
          wallSeconds: Math.round((Date.now() - t0) / 100) / 10,
        };
        runs.push(run);
        console.log(`ready ${run.readyMs} ms, first ${run.firstPredictionMs} ms, warm ${run.warmPredictionMedianMs} ms`);
      } catch (e) {
        runs.push({ model, backend, error: String(e).slice(0, 300) });
        console.log(`failed: ${String(e).slice(0, 200)}`);
      }
      await context.close();
    }
  }
  await browser.close();
} finally {
  server.kill();
}

const result = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30) },
  chromium: execFileSync('/usr/bin/chromium', ['--version']).toString().trim(),
  note: 'webgpu here is SwiftShader (CPU emulation) unless the machine has a GPU; sample 1 is the first prediction, later samples are warm.',
  bundle: bundleSizes(),
  runs,
};
mkdirSync(join(root, 'bench-results'), { recursive: true });
const file = join(root, 'bench-results', `bench-${result.date.slice(0, 19).replace(/[:T]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(`bench: wrote ${file}`);
