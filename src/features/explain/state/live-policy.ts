/**
 * When a method re-runs as its settings change ("live") and when it waits for Explain ("on demand"):
 * live needs a method that costs one gradient pass, a backend that is fast, and no measured run of the
 * method on this model and backend taking LIVE_LIMIT_MS or more. Pure: the store's glue is live-mode.ts.
 */
import type { MethodId } from '../../../methods/params';
import type { BackendReport } from '../../../shared/protocol/messages';
import { softwareAdapter, softwareRendererName } from '../../../shared/software-gpu';

/**
 * One forward and one backward pass each (their source files say so): saliency, Input × Gradient,
 * Guided Backprop and Deconvolution (the input gradient, the last two with modified ReLU rules),
 * Grad-CAM and Grad-CAM++ (the gradient at a layer). Guided Grad-CAM is two passes, DeepLift and LRP
 * rewrite the backward pass over a batch or every layer, the others take tens to thousands of passes.
 */
export const CHEAP_METHODS: readonly MethodId[] = ['saliency', 'ixg', 'guided_backprop', 'deconvolution', 'gradcam', 'gradcam_pp'];

/** A run that took this long (ms) or longer is no longer live: 2 s is the most a slider should lag. */
export const LIVE_LIMIT_MS = 2000;

export type OnDemandReason =
  | { kind: 'no-backend' }
  | { kind: 'software-gpu'; renderer: string }
  | { kind: 'cpu' }
  | { kind: 'costly-method' }
  | { kind: 'noise-tunnel'; samples: number }
  | { kind: 'slow'; ms: number };

export type RunMode = { live: true } | { live: false; reason: OnDemandReason };

export interface LiveInputs {
  method: MethodId;
  /** NoiseTunnel's samples when it wraps the method (each is a full run of it); 0 without one. */
  noiseTunnelSamples: number;
  /** The running backend (null while it starts). */
  backend: BackendReport | null;
  /** The last measured run of this method on this model and backend (timings.totalMs), if any. */
  lastMs?: number;
}

/** The software GPU the backend runs on ('SwiftShader', ...), or null (hardware, wasm, cpu, or not known). */
export function softwareGpu(backend: BackendReport): string | null {
  if (backend.name === 'webgpu') return softwareAdapter(backend.adapter);
  if (backend.name === 'webgl') return softwareRendererName(backend.webglRenderer);
  return null;
}

/**
 * The backend first (it holds for every method), then the method, then its measured time. WebAssembly
 * counts as fast: MobileNet's saliency takes 0.43 s there; a slow wasm (no SIMD, one thread) is caught
 * by the measurement.
 */
export function runMode({ method, noiseTunnelSamples, backend, lastMs }: LiveInputs): RunMode {
  const onDemand = (reason: OnDemandReason): RunMode => ({ live: false, reason });
  if (!backend) return onDemand({ kind: 'no-backend' });
  if (backend.name === 'cpu') return onDemand({ kind: 'cpu' });
  const software = softwareGpu(backend);
  if (software) return onDemand({ kind: 'software-gpu', renderer: software });
  if (!CHEAP_METHODS.includes(method)) return onDemand({ kind: 'costly-method' });
  if (noiseTunnelSamples > 0) return onDemand({ kind: 'noise-tunnel', samples: noiseTunnelSamples });
  if (lastMs != null && lastMs >= LIVE_LIMIT_MS) return onDemand({ kind: 'slow', ms: lastMs });
  return { live: true };
}

/** The one line a panel shows: what a change of settings does, and why. `button`: what to press. */
export function runModeText(mode: RunMode, methodLabel: string, button = 'Explain'): string {
  return mode.live ? 'Live: updates as you change settings.' : `On demand: ${onDemandWhy(mode.reason, methodLabel)} — press ${button} to update.`;
}

function onDemandWhy(r: OnDemandReason, methodLabel: string): string {
  switch (r.kind) {
    case 'no-backend':
      return 'the backend is still starting';
    case 'cpu':
      return `the plain-JavaScript CPU backend is slow for ${methodLabel}`;
    case 'software-gpu':
      return `this backend is a software GPU (${r.renderer}), slow for ${methodLabel}`;
    case 'costly-method':
      return `${methodLabel} takes more than one gradient pass`;
    case 'noise-tunnel':
      return `NoiseTunnel runs ${methodLabel} ${r.samples} times`;
    case 'slow':
      return `this backend is slow for ${methodLabel} (last run ${(r.ms / 1000).toFixed(1)} s)`;
  }
}
