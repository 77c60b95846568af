/**
 * The automatic backend order, chosen by what the machine really is (pure: no browser API here, so
 * it is unit-tested in Node). A hardware WebGPU adapter comes first. A software one (SwiftShader,
 * llvmpipe, lavapipe, Microsoft Basic Render Driver, or one the browser flags as a fallback adapter)
 * runs the GPU's work on the CPU, where tfjs-backend-wasm (XNNPACK, SIMD) is faster: on this CI's
 * SwiftShader, MobileNet's IG convergence lab at its defaults takes 10 s on wasm, 12.1 min on WebGPU.
 * So a software WebGPU or WebGL goes after wasm; cpu (plain JavaScript) is always last. No timed calibration decides it:
 * the rule encodes the measurements (README, "Architecture").
 */
import type { BackendName } from '../../shared/protocol/messages';
import { softwareAdapter, softwareRendererName, type AdapterFacts } from '../../shared/software-gpu';

export { softwareAdapter, softwareRendererName, type AdapterFacts } from '../../shared/software-gpu';

/** What the worker found out before starting anything. */
export interface MachineFacts {
  /** WebGPU: the adapter's info, or why there is none. */
  webgpu: { adapter: AdapterFacts } | { unavailable: string };
  /** WebGL: the renderer string (null when it could not be read: treated as hardware), or why there is none. */
  webgl: { renderer: string | null } | { unavailable: string };
  /** Whether this browser's WebAssembly has SIMD (tfjs-backend-wasm is much slower without it). */
  wasmSimd: boolean;
}

export interface AutomaticPlan {
  /** Backends not tried at all, and why (no adapter, no OffscreenCanvas). */
  unavailable: Array<{ backend: BackendName; reason: string }>;
  /** Backends to try in turn; `because` is the badge's text if this one is the first to start. */
  steps: Array<{ backend: BackendName; because: string }>;
  /** Why a software GPU backend is placed after wasm: shown as its refusal if something before it starts. */
  deferred: Partial<Record<BackendName, string>>;
}

const LABEL: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'wasm', cpu: 'cpu' };

/** The automatic order for `facts`, with the reason each step would be chosen for. */
export function automaticPlan(facts: MachineFacts): AutomaticPlan {
  const unavailable: AutomaticPlan['unavailable'] = [];
  const hardware: AutomaticPlan['steps'] = [];
  const software: AutomaticPlan['steps'] = [];
  const deferred: AutomaticPlan['deferred'] = {};
  const softwareNotes: string[] = [];

  if ('unavailable' in facts.webgpu) {
    unavailable.push({ backend: 'webgpu', reason: facts.webgpu.unavailable });
  } else {
    const sw = softwareAdapter(facts.webgpu.adapter);
    if (sw) softwareNotes.push(`WebGPU adapter is ${sw} (software)`);
    else hardware.push({ backend: 'webgpu', because: 'WebGPU on a hardware adapter: the fastest backend here' });
  }
  if ('unavailable' in facts.webgl) {
    unavailable.push({ backend: 'webgl', reason: facts.webgl.unavailable });
  } else {
    const sw = softwareRendererName(facts.webgl.renderer);
    if (sw) softwareNotes.push(`WebGL renderer is ${sw} (software)`);
    else {
      const before = hardware.length ? 'WebGPU could not start' : softwareNotes[0] ?? 'no usable WebGPU';
      hardware.push({ backend: 'webgl', because: `${before}; WebGL runs on a hardware renderer` });
    }
  }
  // The software GPU backends, in the usual order (WebGPU, then WebGL), each with its own note.
  if (!('unavailable' in facts.webgpu) && softwareAdapter(facts.webgpu.adapter)) {
    software.push({ backend: 'webgpu', because: '' });
  }
  if (!('unavailable' in facts.webgl) && softwareRendererName(facts.webgl.renderer)) {
    software.push({ backend: 'webgl', because: '' });
  }

  const softwareText = softwareNotes.join(' and ');
  const wasmBecause = softwareText
    ? `${softwareText}: wasm is faster here`
    : hardware.length
      ? 'the GPU backends could not start: wasm is the fastest left'
      : 'no GPU backend here: wasm (WebAssembly) is the fastest';
  const wasm = { backend: 'wasm' as const, because: facts.wasmSimd ? wasmBecause : `${wasmBecause} (WebAssembly without SIMD)` };

  for (const s of software) {
    const note = softwareNotes.find((n) => n.startsWith(LABEL[s.backend])) ?? '';
    s.because = facts.wasmSimd ? `${note}, and wasm could not start` : `${note}, but WebAssembly has no SIMD here, so wasm is not preferred`;
    if (facts.wasmSimd) deferred[s.backend] = `${note}: wasm is faster here`;
  }
  const cpu = { backend: 'cpu' as const, because: 'no faster backend could start' };
  // Without SIMD, plain wasm is not known to beat a software GPU backend: it goes after them.
  const steps = facts.wasmSimd ? [...hardware, wasm, ...software, cpu] : [...hardware, ...software, wasm, cpu];
  return { unavailable, steps, deferred };
}
