#!/usr/bin/env node
/**
 * Benchmark: drives the built app (dist/, served by `vite preview`) in Debian's Chromium and records, per
 * model and backend, the model load (download + decode + compile), the kernel warm-up (with WebGPU's
 * parallel shader compile, timings.compileMs), the first and later predictions, from the `saliency:*`
 * performance measures the app writes. Results go to bench-results/bench-<date>.json. Timings live here,
 * never in test assertions.
 *
 * Backends: `auto` (no ?backend=: the app's own choice, recorded with its chosenBecause from the badge),
 * then webgpu, webgl, wasm and cpu forced with ?backend=.
 *
 * Then, per model and backend, the attribution methods in ATTRIBUTIONS (same image), from the
 * `saliency:attribute` measures: wall time, internal batch size, tf.memory() before/after and the
 * largest numBytes seen between chunks, the time from "model ready" to the first explanation finished,
 * and the achieved GFLOP/s (scripts/bench-work.mjs: FLOPs counted from model.json, passes from the method
 * code) beside this machine's peak (scripts/peak.mjs: theoretical from /proc/cpuinfo, measured by a
 * single-thread wasm matMul); a table of them is printed at the end.
 *
 * Then ("viz", on whenever methods are benchmarked; --no-viz skips it, --viz forces it): see
 * scripts/bench-viz.mjs (--viz-model, --viz-backend; MobileNet on webgl by default).
 *
 *   npm run bench                      all models x auto, webgpu, webgl, wasm, cpu, then viz
 *   node scripts/bench.mjs --models mobilenet_v1_0.75_224 --backends auto,webgpu --methods saliency,ig-50
 *   node scripts/bench.mjs --models mobilenet_v1_0.75_224 --backends wasm --methods saliency --no-viz
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { chromium } from '@playwright/test';
import { benchViz, median } from './bench-viz.mjs';
import { achieved, CONVENTION, modelWork, printTable, round } from './bench-work.mjs';
import { measuredWasmMatmul, theoreticalPeakHere } from './peak.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1].split(',') : fallback;
};
const models = arg('models', ['mobilenet_v1_0.75_224', 'resnet50']);
const backends = arg('backends', ['auto', 'webgpu', 'webgl', 'wasm', 'cpu']);
const samples = [1, 0, 2, 3]; // the first is the "first prediction", the rest are warm
/** Bench name -> URL parameters and methodWork's (method, options) for the FLOP count. */
const ATTRIBUTIONS = {
  saliency: { query: 'method=saliency', work: ['saliency', {}] },
  'ig-50': { query: 'method=ig&steps=50', work: ['ig', { steps: 50 }] },
  'deepliftshap-2': { query: 'method=deepliftshap&dist=black_white', work: ['deepliftshap', { baselines: 2 }] },
};
const methods = arg('methods', Object.keys(ATTRIBUTIONS));
const attributionRuns = Number(arg('repeats', ['1'])[0]);
const flag = (name) => process.argv.includes(`--${name}`);
const vizOn = flag('no-viz') ? false : flag('viz') || methods.some(Boolean);
const vizModel = arg('viz-model', ['mobilenet_v1_0.75_224'])[0];
const vizBackend = arg('viz-backend', ['webgl'])[0];
const port = 4179;
const CHROMIUM_ARGS = ['--no-sandbox', '--enable-unsafe-webgpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** `auto` leaves the choice to the app: no ?backend=. */
const backendParam = (backend) => (backend === 'auto' ? '' : `&backend=${backend}`);

function bundleSizes() {
  const dir = join(root, 'dist/app');
  const out = {};
  for (const f of readdirSync(dir)) {
    const bytes = statSync(join(dir, f)).size;
    const key = f.startsWith('model.worker') ? 'workerJs' : f.startsWith('render.worker') ? 'renderWorkerJs' : f.endsWith('.js') ? 'mainJs' : f.endsWith('.css') ? 'css' : f;
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

/** Reads the app's backend badge: the running backend, the adapter line and why it was chosen. */
async function backendChoice(page) {
  const because = page.locator('[data-testid=backend-chosen-because]');
  return {
    backend: await page.evaluate(() => document.documentElement.dataset.backend),
    badge: await page.locator('[data-testid=backend-badge] summary').innerText(),
    chosenBecause: (await because.count()) ? (await because.textContent()).trim().replace(/^Why:\s*/, '').replace(/\.$/, '') : null,
  };
}

/** The page's saliency:* measures with their place on the timeline. */
const measuresOf = (page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType('measure')
      .filter((m) => m.name.startsWith('saliency:'))
      .map((m) => ({ name: m.name, startTime: m.startTime, duration: m.duration, detail: m.detail })),
  );
const end = (m) => m.startTime + m.duration;

const theoreticalPeak = theoreticalPeakHere();
process.stdout.write('bench: peak: single-thread wasm matMul ... ');
const measuredPeak = await measuredWasmMatmul().catch((e) => ({ error: String(e).slice(0, 300) }));
console.log(measuredPeak.gflops ? `${measuredPeak.gflops} GFLOP/s (theoretical ${round(theoreticalPeak.gflopsPerCore)} per core, ${round(theoreticalPeak.gflops)} for ${theoreticalPeak.cores} cores)` : measuredPeak.error);

const base = `http://localhost:${port}/`;
// A server already on the port (say, one a killed run left) would be benchmarked instead of this dist/.
if (await fetch(base).then(() => true, () => false)) throw new Error(`bench: port ${port} is already in use; stop that server first`);
// vite itself, in its own process group, so that killing the group stops it (killing npx would not).
const server = spawn(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'preview', '--port', String(port), '--strictPort'], { cwd: root, stdio: 'ignore', detached: true });
const stopServer = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {}
};
// A timeout or Ctrl-C must not leave the preview server holding the port.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (stopServer(), process.exit(130)));
const runs = [];
const table = [];
let viz;
try {
  await waitForServer(base);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  for (const model of models) {
    const network = await modelWork(root, model);
    for (const backend of backends) {
      const context = await browser.newContext(); // fresh HTTP cache: the load includes the download
      const page = await context.newPage();
      const t0 = Date.now();
      const at = (extra = '') => `${base}?model=${model}${backendParam(backend)}${extra}`;
      process.stdout.write(`bench: ${model} on ${backend} ... `);
      try {
        await page.goto(at());
        await page.waitForFunction(() => document.documentElement.dataset.backend, null, { timeout: 900_000 });
        for (const [i, index] of samples.entries()) {
          if (i === 0) {
            await page.goto(at(`&image=${index}`));
          } else {
            await page.evaluate(() => delete document.documentElement.dataset.top1);
            await page.fill('input[type=search]', String(index));
            await page.click(`button.thumb[data-class-index="${index}"]`);
          }
          await page.waitForFunction(() => document.documentElement.dataset.top1 !== undefined, null, { timeout: 900_000 });
        }
        const measures = await measuresOf(page);
        const loads = measures.filter((m) => m.name === 'saliency:model-load');
        const classify = measures.filter((m) => m.name === 'saliency:classify');
        const load = loads[loads.length - 1];
        const choice = await backendChoice(page);
        const attributions = {};
        for (const name of methods) {
          const times = [];
          let last;
          let readyToDoneMs;
          for (let r = 0; r < attributionRuns; r++) {
            // A new page load: the model is loaded (from the HTTP cache) and warmed up again, so this is
            // also "ready -> first explanation finished" on a fresh worker.
            await page.goto(at(`&image=1&${ATTRIBUTIONS[name].query}`));
            await page.waitForFunction(() => document.documentElement.dataset.attribution, null, { timeout: 3_600_000 });
            const m = await measuresOf(page);
            const attribute = m.filter((e) => e.name === 'saliency:attribute').at(-1);
            const ready = m.filter((e) => e.name === 'saliency:model-load').at(-1);
            readyToDoneMs ??= Math.round(end(attribute) - end(ready));
            last = attribute.detail;
            times.push(last.totalMs);
          }
          const ms = median(times);
          const work = await achieved(root, model, ATTRIBUTIONS[name].work, last.predictMs !== undefined, ms);
          attributions[name] = { medianMs: Math.round(ms), runs: times.length, batchSize: last.batchSize, readyToDoneMs, work, memory: last.memory };
          table.push({ model, method: name, backend: backend === 'auto' ? `auto:${choice.backend}` : choice.backend, ms, ...work });
          console.log(`  ${name}: ${Math.round(ms)} ms (batch ${last.batchSize}), ${work.gflops} GFLOP/s; ready -> done ${readyToDoneMs} ms`);
        }
        const run = {
          model,
          requested: backend,
          backend: load.detail.backend,
          badge: choice.badge,
          chosenBecause: choice.chosenBecause,
          modelLoadMs: Math.round(load.detail.loadMs),
          warmupMs: Math.round(load.detail.warmupMs),
          compileMs: load.detail.compileMs === undefined ? null : Math.round(load.detail.compileMs),
          ...(load.detail.compileError ? { compileError: load.detail.compileError } : {}),
          readyMs: Math.round(load.duration),
          firstPredictionMs: Math.round(classify[0].detail.predictMs),
          warmPredictionMedianMs: Math.round(median(classify.slice(1).map((c) => c.detail.predictMs))),
          decodeMedianMs: Math.round(median(classify.map((c) => c.detail.decodeMs))),
          predictions: classify.length,
          forwardGflop: round(network.forwardGflop, 4),
          attributions,
          wallSeconds: Math.round((Date.now() - t0) / 100) / 10,
        };
        runs.push(run);
        console.log(`${run.backend}${run.chosenBecause ? ` (${run.chosenBecause})` : ''}: ready ${run.readyMs} ms (load ${run.modelLoadMs}, warm-up ${run.warmupMs}, compile ${run.compileMs ?? '-'}), first ${run.firstPredictionMs} ms, warm ${run.warmPredictionMedianMs} ms`);
      } catch (e) {
        runs.push({ model, requested: backend, error: String(e).slice(0, 300) });
        console.log(`failed: ${String(e).slice(0, 200)}`);
      }
      await context.close();
    }
  }
  if (vizOn) viz = await benchViz(browser, { base, vizModel, vizBackend });
  await browser.close();
} finally {
  stopServer();
}

const result = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30) },
  chromium: execFileSync('/usr/bin/chromium', ['--version']).toString().trim(),
  note:
    'webgpu here is SwiftShader (CPU emulation) unless the machine has a GPU; sample 1 is the first prediction, later samples are warm. ' +
    'auto: no ?backend=, the app chose (chosenBecause). readyToDoneMs: from the model-load measure\'s end (model ready, warmed up) to the end of the ' +
    'first explanation on that page load (classification of the image included).',
  flops: { convention: CONVENTION, models: Object.fromEntries(await Promise.all(models.map(async (m) => [m, await modelWork(root, m)]))) },
  peak: { theoretical: theoreticalPeak, measured: measuredPeak },
  bundle: bundleSizes(),
  runs,
  ...(viz ? { viz } : {}),
};
mkdirSync(join(root, 'bench-results'), { recursive: true });
const file = join(root, 'bench-results', `bench-${result.date.slice(0, 19).replace(/[:T]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
if (table.length) printTable(table, measuredPeak.gflops);
console.log(`bench: wrote ${file}`);
