/**
 * This machine's peak single-precision FLOP/s, two ways, for scripts/bench.mjs:
 *  - theoretical: cores x GHz x FLOP/cycle/core from /proc/cpuinfo's flags (AVX-512F + FMA: 64, AVX2 + FMA:
 *    32, AVX: 16, SSE: 8 single-precision FLOP per cycle per core, i.e. two FMA pipes of the vector width);
 *    the clock is cpuinfo's "cpu MHz", the current (not the turbo or base) frequency, and physical cores
 *    are used where cpuinfo lists them (hyperthreads share the FMA units);
 *  - measured: a 1024 x 1024 x 1024 float32 tf.matMul on tfjs-backend-wasm (XNNPACK, SIMD) in Node,
 *    single-threaded as the app runs wasm (no cross-origin isolation, so no threads), best of a few runs.
 *    That is the same wasm binary the app's worker loads; a page would add nothing but the browser's JIT.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

const FLOP_PER_CYCLE = [
  ['avx512f', 64, 'AVX-512F + FMA: 2 FMA x 16 float32 lanes x 2'],
  ['avx2', 32, 'AVX2 + FMA: 2 FMA x 8 float32 lanes x 2'],
  ['avx', 16, 'AVX: 1 add + 1 mul x 8 float32 lanes'],
  ['sse', 8, 'SSE: 1 add + 1 mul x 4 float32 lanes'],
];

/** Pure: the theoretical peak from /proc/cpuinfo's text (and the logical CPU count as a fallback). */
export function theoreticalPeak(cpuinfo, logicalCpus) {
  const blocks = cpuinfo.split(/\n\s*\n/).filter((b) => /^processor\s*:/m.test(b));
  const field = (b, name) => b.match(new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm'))?.[1]?.trim();
  const first = blocks[0] ?? '';
  const flags = new Set((field(first, 'flags') ?? '').split(/\s+/));
  const hasFma = flags.has('fma');
  const row = FLOP_PER_CYCLE.find(([flag]) => flags.has(flag) && (flag === 'avx512f' || flag === 'avx2' ? hasFma : true));
  const physical = new Set(blocks.map((b) => `${field(b, 'physical id')}:${field(b, 'core id')}`));
  const hasTopology = blocks.length > 0 && blocks.every((b) => field(b, 'core id') !== undefined);
  const cores = hasTopology ? physical.size : blocks.length || logicalCpus;
  const mhz = Number(field(first, 'cpu MHz'));
  const ghz = Number.isFinite(mhz) && mhz > 0 ? mhz / 1000 : null;
  const perCore = row && ghz ? ghz * row[1] : null;
  return {
    model: field(first, 'model name') ?? null,
    logicalCpus: blocks.length || logicalCpus,
    cores,
    coresCounted: hasTopology ? 'physical cores (distinct physical id + core id)' : 'logical CPUs (cpuinfo has no core ids)',
    isa: row ? row[2] : 'unknown (no sse/avx flags in cpuinfo)',
    flopPerCyclePerCore: row ? row[1] : null,
    ghz,
    ghzSource: ghz ? 'cpuinfo "cpu MHz" (current clock, not turbo)' : 'not in cpuinfo: no theoretical peak',
    gflopsPerCore: perCore,
    gflops: perCore ? perCore * cores : null,
  };
}

export function theoreticalPeakHere() {
  let text = '';
  try {
    text = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {}
  return theoreticalPeak(text, os.cpus().length);
}

/** Achieved single-thread wasm GFLOP/s of an n x n x n float32 matMul (2 n^3 FLOP), best of `reps`. */
export async function measuredWasmMatmul({ n = 1024, reps = 5 } = {}) {
  const tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-wasm');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs-backend-wasm did not start');
  await tf.ready();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const a = tf.randomUniform([n, n], -1, 1, 'float32', 1);
  const b = tf.randomUniform([n, n], -1, 1, 'float32', 2);
  const times = [];
  for (let i = 0; i < reps + 1; i++) {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    await c.data();
    const ms = performance.now() - t0;
    c.dispose();
    if (i > 0) times.push(ms); // the first run allocates
  }
  tf.dispose([a, b]);
  const best = Math.min(...times);
  return {
    what: `tf.matMul ${n}x${n} by ${n}x${n} float32 on tfjs-backend-wasm in Node ${process.version}, single thread, SIMD ${simd}`,
    flop: 2 * n ** 3,
    bestMs: Math.round(best * 10) / 10,
    msRuns: times.map((t) => Math.round(t * 10) / 10),
    gflops: Math.round((2 * n ** 3) / best / 1e4) / 100,
  };
}
