/**
 * Which Dawn adapters the Node harness accepts: none found is an error that says what Dawn needs, and a
 * software adapter (SwiftShader, llvmpipe, lavapipe, a fallback adapter: the app's own rule,
 * src/worker/runtime/backend-choice.ts) is refused unless the caller allows it, because its times would
 * measure the CPU.
 */
import { softwareAdapter, type AdapterFacts } from '../../src/worker/runtime/backend-choice';

export const NO_ADAPTER =
  'Dawn found no WebGPU adapter (navigator.gpu.requestAdapter() returned null). On Linux Dawn needs a Vulkan ' +
  'loader (libvulkan.so.1) and a GPU driver (ICD). On a machine without a GPU, Chromium ships both for ' +
  'SwiftShader: LD_LIBRARY_PATH=/usr/lib/chromium VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json ' +
  'with --allow-software runs there (CPU emulation: not a GPU measurement).';

/** The adapter's facts and whether it is software; throws where the harness must not run. */
export function acceptAdapter(info: AdapterFacts | null, allowSoftware: boolean): { info: AdapterFacts; software: string | null } {
  if (!info) throw new Error(NO_ADAPTER);
  const software = softwareAdapter(info);
  if (software && !allowSoftware) {
    throw new Error(`The WebGPU adapter is ${software} (${JSON.stringify(info)}): software, so its times measure the CPU. Pass --allow-software to run anyway.`);
  }
  return { info, software };
}
