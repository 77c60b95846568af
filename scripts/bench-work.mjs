/**
 * Achieved GFLOP/s for scripts/bench.mjs (and scripts/webgpu-node.ts): the network's forward FLOPs are
 * counted from its model.json by src/shared/models/flops.ts (FLOP = 2 x MAC of every conv, depthwise conv
 * and dense layer at 224 x 224), the passes of each method by src/shared/models/method-work.ts (a gradient
 * row = 3 forward passes), both bundled from the TypeScript sources with rolldown (Vite's bundler) into a
 * temporary folder, so the bench counts with the code the unit tests check.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { pathToFileURL } from 'node:url';

export const CONVENTION =
  'FLOP = 2 x MAC of every Conv2D, DepthwiseConv2D and Dense layer for one 224x224 image (bias, BatchNorm, activations, pooling, adds not counted). ' +
  'A gradient row (forward + backward to the input) counts as 3 forward passes, the usual training convention; the app computes input gradients only ' +
  '(no filter gradient), so its real arithmetic is nearer 2 forward passes and these GFLOP/s overstate the work by up to 1.5x. ' +
  "Passes per request: the engine's predicted-class forward pass when the request named no target (timings.predictMs present), then the method's own rows.";

let modules;
/** forwardWork, methodWork and MODELS from src/, bundled once per process. */
export async function workModules(root) {
  if (modules) return modules;
  const { build } = await import('rolldown');
  const dir = join(os.tmpdir(), `saliency-bench-${process.pid}`);
  const entries = ['flops', 'method-work', 'registry'].map((f) => join(root, 'src/shared/models', `${f}.ts`));
  await build({ input: entries, platform: 'node', logLevel: 'silent', output: { dir, format: 'esm' } });
  const load = (f) => import(pathToFileURL(join(dir, `${f}.js`)).href);
  const [flops, work, registry] = await Promise.all([load('flops'), load('method-work'), load('registry')]);
  modules = { forwardWork: flops.forwardWork, methodWork: work.methodWork, MODELS: registry.MODELS };
  return modules;
}

/** Forward work of one image through a model of the registry, from public/assets/models/<dir>/model.json. */
export async function modelWork(root, modelId) {
  const { forwardWork, MODELS } = await workModules(root);
  const spec = MODELS[modelId];
  const json = JSON.parse(readFileSync(join(root, 'public/assets/models', spec.dir, 'model.json'), 'utf8'));
  const w = forwardWork(json.modelTopology, spec.inputSize);
  return { macs: w.macs, forwardGflop: w.flops / 1e9 };
}

/**
 * GFLOP of one request and the achieved GFLOP/s. `work` is methodWork's (method, options) pair;
 * `predicted` says whether the engine ran its predicted-class pass.
 */
export async function achieved(root, modelId, [method, options], predicted, ms) {
  const { methodWork } = await workModules(root);
  const { forwardGflop } = await modelWork(root, modelId);
  const passes = methodWork(method, { ...options, targetGiven: !predicted });
  const gflop = passes.forwardEquivalents * forwardGflop;
  return { ...passes, gflop: round(gflop, 3), gflops: round(gflop / (ms / 1000), 2) };
}

export const round = (x, digits = 1) => (x == null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/** The short table: method, backend, seconds, GFLOP/s, % of the measured peak. */
export function printTable(rows, measuredPeak) {
  const head = ['model', 'method', 'backend', 'seconds', 'GFLOP', 'GFLOP/s', '% of wasm matMul'];
  const body = rows.map((r) => [
    r.model,
    r.method,
    r.backend,
    (r.ms / 1000).toFixed(2),
    r.gflop?.toFixed(2) ?? '-',
    r.gflops?.toFixed(2) ?? '-',
    measuredPeak && r.gflops != null ? `${((100 * r.gflops) / measuredPeak).toFixed(0)} %` : '-',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => String(b[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  console.log(line(head));
  for (const b of body) console.log(line(b));
}
