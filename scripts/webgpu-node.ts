/**
 * The app's model runtime on a real GPU without a browser: tfjs-backend-webgpu on Dawn's Node binding
 * (npm `webgpu`), running the SAME code the model worker runs, imported from src/: the weights loaded
 * and the Keras topology compiled (worker/runtime/load-model.ts, compile.ts), the warm-up with WebGPU's
 * parallel shader compile (runtime/warmup.ts + warmup-steps.ts), the classify forward pass
 * (runtime/classify.ts) and the attribution engine (worker/attribution/engine.ts) with saliency and
 * Integrated Gradients (50 steps) at the app's defaults. Records load, warm-up (compileMs), forward,
 * saliency and IG-50 times, achieved GFLOP/s (shared/models/flops.ts, method-work.ts) and the adapter.
 *
 *   npm run bench:node-webgpu                        build the bundle, run MobileNet
 *   node dist/webgpu-node/webgpu-node.mjs --model resnet50 --repeats 5 --assets /path/to/assets
 *   ... --allow-software                             also run on a software adapter (SwiftShader)
 *   ... --dawn backend=vulkan                        options for dawn.node's create()
 *   ... --methods saliency                           a subset of saliency,ig-50; --out file.json
 *
 * It refuses a software adapter (SwiftShader, llvmpipe, lavapipe, a fallback adapter) unless
 * --allow-software is given: its numbers would time the CPU, which the browser bench covers on wasm.
 * Input: a fixed synthetic 224x224 photo (smooth colour ramps): times do not depend on the pixels.
 */
import { DAWN_OPTIONS } from './webgpu-node/install-gpu';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { isBuiltinModelId, MODELS } from '../src/shared/models/registry';
import { forwardWork } from '../src/shared/models/flops';
import { methodWork, type BenchedMethod } from '../src/shared/models/method-work';
import { DEFAULT_PARAMS, type AttributionParams } from '../src/methods/params';
import { classify } from '../src/worker/runtime/classify';
import { loadModel } from '../src/worker/runtime/load-model';
import { warmUp } from '../src/worker/runtime/warmup';
import { warmupSteps } from '../src/worker/runtime/warmup-steps';
import { runAttribution } from '../src/worker/attribution/engine';
import { acceptAdapter } from './webgpu-node/adapter';
import { dirHandler } from '../src/testing/node-io';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const modelId = arg('model', 'mobilenet_v1_0.75_224');
const assets = resolve(arg('assets', 'public/assets'));
const repeats = Number(arg('repeats', '3'));
const allowSoftware = process.argv.includes('--allow-software');
const only = arg('methods', 'saliency,ig-50').split(',');
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function adapterReport() {
  const gpu = (globalThis.navigator as Navigator).gpu;
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  const i = adapter?.info as (GPUAdapterInfo & { isFallbackAdapter?: boolean }) | undefined;
  const facts = i ? { vendor: i.vendor, architecture: i.architecture, device: i.device, description: i.description, isFallbackAdapter: i.isFallbackAdapter ?? false } : null;
  const { info, software } = acceptAdapter(facts, allowSoftware);
  if (!adapter) throw new Error('unreachable: acceptAdapter refuses a missing adapter');
  const limits = ['maxBufferSize', 'maxStorageBufferBindingSize', 'maxComputeWorkgroupStorageSize', 'maxStorageBuffersPerShaderStage'] as const;
  return {
    info,
    software,
    features: [...adapter.features].sort(),
    limits: Object.fromEntries(limits.map((k) => [k, adapter.limits[k]])),
    dawnOptions: DAWN_OPTIONS,
  };
}

/** RGBA 224x224: red ramps left to right, green top to bottom, blue on the diagonal. */
function syntheticPhoto(size: number): Uint8ClampedArray {
  const px = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const o = (y * size + x) * 4;
      px.set([(255 * x) / size, (255 * y) / size, (255 * (x + y)) / (2 * size), 255], o);
    }
  return px;
}

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await f();
  return [performance.now() - t0, r];
}

async function main() {
  if (!isBuiltinModelId(modelId)) throw new Error(`Unknown model ${modelId}: ${Object.keys(MODELS).join(', ')}.`);
  const spec = MODELS[modelId];
  const adapter = await adapterReport();
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs-backend-webgpu did not start on this adapter.');
  await tf.ready();
  const dir = join(assets, 'models', spec.dir);
  const topology = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).modelTopology;
  const forwardGflop = forwardWork(topology, spec.inputSize).flops / 1e9;

  const [loadMs, model] = await timed(() => loadModel(spec, dirHandler(dir)));
  const warm = await warmUp(warmupSteps(model));
  console.log(`webgpu-node: loaded in ${round(loadMs)} ms, warm-up ${round(warm.warmupMs)} ms (compile-only pass ${warm.compileMs === undefined ? '-' : round(warm.compileMs)} ms)`);
  const rgba = syntheticPhoto(spec.inputSize);
  const input = tf.tidy(() => tf.sub(tf.div(tf.tensor4d(Float32Array.from(rgba.filter((_, i) => i % 4 !== 3)), [1, spec.inputSize, spec.inputSize, 3]), 127.5), 1)) as tf.Tensor4D;

  const forwardMs: number[] = [];
  for (let r = 0; r < repeats; r++) forwardMs.push((await timed(() => classify(model.compiled, input, 5)))[0]);
  input.dispose();
  console.log(`webgpu-node: forward ${forwardMs.map((m) => round(m)).join(', ')} ms`);

  const methods: Array<[string, BenchedMethod, Partial<AttributionParams>, { steps?: number }]> = [
    ['saliency', 'saliency', { method: 'saliency' }, {}],
    ['ig-50', 'ig', { method: 'ig', steps: 50 }, { steps: 50 }],
  ];
  const attributions: Record<string, unknown> = {};
  const fwd = median(forwardMs);
  const date = new Date().toISOString();
  const result = {
    date,
    harness: 'scripts/webgpu-node.ts: the app\'s src/ runtime on tfjs-backend-webgpu over Dawn\'s Node binding (npm webgpu)',
    node: process.version,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30) },
    adapter,
    tfjsAdapterInfo: (tf.backend() as unknown as { adapterInfo?: unknown }).adapterInfo ?? null,
    model: modelId,
    input: 'synthetic 224x224 RGB ramps (times do not depend on the pixels)',
    forwardGflop: round(forwardGflop, 4),
    convention: 'FLOP = 2 x MAC (conv, depthwise conv, dense); a gradient row = 3 forward passes; attribution requests name no target, so the engine runs one predicted-class forward pass',
    timings: { loadMs: round(loadMs), warmupMs: round(warm.warmupMs), compileMs: warm.compileMs === undefined ? null : round(warm.compileMs), compileError: warm.compileError ?? null },
    forward: { firstMs: round(forwardMs[0]), medianMs: round(fwd), runsMs: forwardMs.map((m) => round(m)), gflopsAtMedian: round(forwardGflop / (fwd / 1000), 2) },
    attributions,
  };
  const out = arg('out', join('bench-results', `webgpu-node-${date.slice(0, 19).replace(/[:T]/g, '-')}.json`));
  mkdirSync(resolve(out, '..'), { recursive: true });
  // Written after each stage: a slow or failing method keeps the numbers before it.
  const save = () => writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  save();
  for (const [name, method, params, options] of methods.filter(([n]) => only.includes(n))) {
    const ms: number[] = [];
    let last;
    for (let r = 0; r < repeats; r++) {
      const env = { backend: 'webgpu' as const, progress: () => {}, checkCancelled: () => {} };
      last = await runAttribution(model, rgba, { ...DEFAULT_PARAMS, ...params, target: null }, env);
      ms.push(last.timings.totalMs);
    }
    const passes = methodWork(method, { ...options, targetGiven: false });
    const gflop = passes.forwardEquivalents * forwardGflop;
    attributions[name] = {
      firstMs: round(ms[0]),
      medianMs: round(median(ms)),
      runsMs: ms.map((m) => round(m)),
      batchSize: last!.batchSize,
      ...passes,
      gflop: round(gflop, 3),
      gflopsAtMedian: round(gflop / (median(ms) / 1000), 2),
    };
    save();
    console.log(`webgpu-node: ${name}: first ${round(ms[0])} ms, median ${round(median(ms))} ms (batch ${last!.batchSize}), ${round(gflop / (median(ms) / 1000), 2)} GFLOP/s`);
  }
  model.dispose();
  console.log(`webgpu-node: ${adapter.info.vendor} ${adapter.info.architecture} ${adapter.info.description}: load ${round(loadMs)} ms, warm-up ${round(warm.warmupMs)} ms (compile ${warm.compileMs === undefined ? '-' : round(warm.compileMs)} ms), forward ${round(fwd)} ms; wrote ${out}`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`webgpu-node: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
