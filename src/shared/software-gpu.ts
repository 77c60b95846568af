/**
 * Whether a GPU is software (the CPU pretending to be one: SwiftShader, llvmpipe, ...), from what a
 * WebGPU adapter or a WebGL renderer reports. Pure and shared: the worker orders its backends by it
 * (worker/runtime/backend-choice.ts), the page decides by it whether a method can run live
 * (features/explain/state/live-policy.ts).
 */

/** What a WebGPU adapter reports (GPUAdapterInfo), plus the fallback flag where the browser has it. */
export interface AdapterFacts {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

const SOFTWARE: Array<[RegExp, string]> = [
  [/swift\s*shader/i, 'SwiftShader'],
  [/llvmpipe/i, 'llvmpipe'],
  [/lavapipe/i, 'lavapipe'],
  [/microsoft basic render/i, 'Microsoft Basic Render Driver'],
];

/** The software renderer named in `strings` ('SwiftShader', 'llvmpipe', ...), or null. */
export function softwareRendererName(...strings: Array<string | null | undefined>): string | null {
  const text = strings.filter(Boolean).join(' ');
  for (const [pattern, name] of SOFTWARE) if (pattern.test(text)) return name;
  return null;
}

/** Why this WebGPU adapter is software ('SwiftShader', 'a fallback adapter', ...), or null for hardware. */
export function softwareAdapter(info: AdapterFacts | undefined): string | null {
  if (!info) return null;
  const named = softwareRendererName(info.vendor, info.architecture, info.device, info.description);
  if (named) return named;
  return info.isFallbackAdapter ? 'a fallback adapter' : null;
}
