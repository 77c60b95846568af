/**
 * Prepares tfjs-backend-wasm (XNNPACK; SIMD where the browser has it) to start: the kernels our
 * gradients need (wasm-kernels.ts) and where its .wasm binaries are. backend.ts imports this module
 * only when wasm is asked for, so it and the binaries are their own chunk and assets, loaded on demand
 * from the app's origin (the CSP allows nothing else; its 'wasm-unsafe-eval' lets them compile).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import { registerWasmKernels } from './wasm-kernels';

let pathsSet = false;

export function prepareWasm(): void {
  registerWasmKernels();
  // In Node (unit tests) the backend reads its binaries from node_modules itself.
  if (pathsSet || tf.env().getBool('IS_NODE')) return;
  // No threads: they need cross-origin isolation (COOP/COEP headers, which a static host such as GitHub
  // Pages cannot send) and a blob: worker, which the CSP refuses. So the threaded binary is never
  // fetched; setWasmPaths wants an entry for it all the same.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths({
    'tfjs-backend-wasm.wasm': plainUrl,
    'tfjs-backend-wasm-simd.wasm': simdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': simdUrl,
  });
  pathsSet = true;
}
