/**
 * Prepares tfjs-backend-wasm (XNNPACK; SIMD where the browser has it; threads where the page is
 * cross-origin isolated) to start: the kernels our gradients need (wasm-kernels.ts) and where its .wasm
 * binaries are. backend.ts imports this module only when wasm is asked for, so it and the binaries are
 * their own chunk and assets, loaded on demand from the app's origin (the CSP allows nothing else; its
 * 'wasm-unsafe-eval' lets them compile).
 *
 * Threads: tfjs runs XNNPACK on a pool of pthread workers sharing one SharedArrayBuffer, which a
 * browser grants only when the page and this worker are cross-origin isolated (COOP same-origin + COEP
 * require-corp: `vite preview`/`vite dev` send them, on a static host the service worker adds them,
 * src/sw/isolation.ts). The pthreads are blob: workers running a copy of tfjs' factory
 * (scripts/wasm-threads-plugin.mjs keeps that copy working after minification).
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { WasmDetails } from '../../shared/protocol/messages';
import { registerWasmKernels } from './wasm-kernels';

/** More threads than this gain little for batch-1 convolutions and cost a worker (and memory) each. */
const MAX_THREADS = 8;

let pathsSet = false;
/** Why wasm runs on one thread, when that is known before it starts (null: threads were asked for). */
let singleThreadedBecause: string | null = null;

/**
 * tfjs' own default: half the logical cores (tfjs-backend-wasm/src/cc/backend.cc, init_with_threads_count:
 * emscripten_num_logical_cores() / 2, "2 threads per core" on x86), at most MAX_THREADS. On a 2-core
 * machine that is one thread: then the plain SIMD binary runs, since the threaded one is slower on one
 * thread (measured here: 748 vs 654 ms for a saliency map). Measured on this 2-core CI machine under load,
 * two threads were slower still (saliency 1.42 s vs 0.88 s: XNNPACK's threads spin while they wait), so we
 * keep tfjs' count rather than one per logical core. `?threads=N` forces N (the e2e test of threads does).
 */
export function wasmThreadCount(cores: number, forced?: number): number {
  return Math.max(1, Math.min(MAX_THREADS, forced ?? Math.floor(cores / 2)));
}

/**
 * Starts tfjs-backend-wasm (resolves false where tfjs cannot), with `forcedThreads` (?threads=) or tfjs'
 * default count where the page is cross-origin isolated. tfjs' C++ caps the count at
 * navigator.hardwareConcurrency / 2, read while the module starts; to force more than that, navigator
 * reports twice the asked count for that start only, and the real value is back before anything else in
 * this worker reads it (diagnostics does).
 */
export async function startWasm(forcedThreads?: number): Promise<boolean> {
  const cores = globalThis.navigator?.hardwareConcurrency || 1; // Node 20 has no navigator
  const threads = wasmThreadCount(cores, forcedThreads);
  prepareWasm(threads, forcedThreads != null, cores);
  const lie = singleThreadedBecause == null && 2 * threads > cores && !Object.hasOwn(navigator, 'hardwareConcurrency');
  if (lie) Object.defineProperty(navigator, 'hardwareConcurrency', { configurable: true, value: 2 * threads });
  try {
    return await tf.setBackend('wasm');
  } finally {
    if (lie) delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

function prepareWasm(threads: number, forced: boolean, cores: number): void {
  registerWasmKernels();
  // In Node (unit tests) the backend reads its binaries from node_modules itself, single-threaded
  // (tfjs' WASM_HAS_MULTITHREAD_SUPPORT is false under IS_NODE).
  if (tf.env().getBool('IS_NODE')) {
    singleThreadedBecause = 'tfjs runs wasm without threads in Node';
    return;
  }
  if (pathsSet) return;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const threaded = isolated && threads > 1;
  if (threaded) {
    singleThreadedBecause = null;
    setThreadsCount(threads);
  } else {
    // Without isolation there is no SharedArrayBuffer: tfjs' own probe would say so too, but this
    // way the threaded binary is never considered.
    singleThreadedBecause = !isolated
      ? 'the page is not cross-origin isolated (threads need the COOP/COEP headers; on a static host the ' +
        'service worker adds them from the second load on)'
      : forced
        ? 'threads=1 was requested'
        : `tfjs' default is half the logical cores, and this machine has ${cores} (threads=N forces N)`;
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  setWasmPaths({
    'tfjs-backend-wasm.wasm': plainUrl,
    'tfjs-backend-wasm-simd.wasm': simdUrl,
    // Never fetched without threads; setWasmPaths wants an entry for it all the same.
    'tfjs-backend-wasm-threaded-simd.wasm': threaded ? threadedUrl : simdUrl,
  });
  pathsSet = true;
}

/** After tf.setBackend('wasm'): SIMD, the XNNPACK thread count, and why one thread where it is one. */
export async function describeWasm(): Promise<WasmDetails> {
  const [simd, threadsSupported] = await Promise.all([
    tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') as Promise<boolean>,
    tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT') as Promise<boolean>,
  ]);
  const threads = getThreadsCount();
  if (threads > 1) return { simd, threads };
  const because =
    singleThreadedBecause ??
    (!threadsSupported
      ? 'this browser has no WebAssembly threads (or cannot share their memory)'
      : !simd
        ? "this browser has no WebAssembly SIMD, which tfjs' threaded build needs"
        : 'the browser reports one CPU core');
  return { simd, threads, singleThreadedBecause: because };
}
