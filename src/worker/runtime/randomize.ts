/**
 * Model-parameter randomisation test of Adebayo et al. 2018, "Sanity Checks for Saliency Maps"
 * (NeurIPS; arXiv:1810.03292): re-initialise the weights of the top layer, of the top k layers
 * (cascading, top-down) or of one layer alone, and see whether a saliency map changes. A method whose
 * map survives the randomisation does not explain what the network learned.
 *
 * The original weights are never touched: randomised kernels are fresh tensors passed to
 * CompiledModel.logits as ForwardOptions.weights overrides, for one call at a time.
 */
import * as tf from '@tensorflow/tfjs';
import type { CompiledModel, LayerInfo } from './compile';

const WEIGHT_LAYER_CLASSES = new Set(['Conv2D', 'DepthwiseConv2D', 'Dense']);

function kernelNameOf(layer: LayerInfo): string | undefined {
  return layer.weightNames.find((w) => w === `${layer.name}/kernel` || w === `${layer.name}/depthwise_kernel`);
}

/**
 * Layers with a kernel (Conv2D, DepthwiseConv2D, Dense), top-down: the logits layer first.
 * The compiled layers end at the logits layer (the compiler prunes what follows it), so reversing
 * the topological order puts it first.
 */
export function weightLayers(model: CompiledModel): LayerInfo[] {
  return model.layers.filter((l) => WEIGHT_LAYER_CLASSES.has(l.className) && kernelNameOf(l) !== undefined).reverse();
}

/** Cascading randomisation steps: [[top], [top, next], ...], `depth` steps (at most all layers). */
export function cascadeLayers(model: CompiledModel, depth: number): string[][] {
  if (!Number.isInteger(depth) || depth < 0) throw new Error(`Cascade depth must be a non-negative integer, got ${depth}.`);
  const names = weightLayers(model).map((l) => l.name);
  return Array.from({ length: Math.min(depth, names.length) }, (_, k) => names.slice(0, k + 1));
}

/** 32-bit FNV-1a of "seed:layer", never 0 (tfjs treats a 0 seed as "unseeded"). */
function layerSeed(seed: number, layer: string): number {
  const s = `${seed}:${layer}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0 || 1;
}

/**
 * Fresh random kernels for the named layers, keyed by weight name (e.g. "conv_preds/kernel"), for
 * ForwardOptions.weights:
 *  - the logits layer (first of weightLayers) ~ N(0, logitsStd), default 0.02: the workshop notebook's
 *    re-initialisation of the top layer;
 *  - any other layer ~ N(0, std of its original kernel), so activations keep roughly their scale.
 * Only kernels are replaced: biases and BatchNorm statistics (folded into the conv by the compiler,
 * which refolds them with the new kernel) keep their trained values, as in Adebayo et al.'s
 * re-initialisation of the weights.
 * Deterministic: each layer's tensor depends only on (seed, layer name), not on which other layers
 * are listed. Never mutates or disposes `weights`; the caller disposes the returned tensors.
 *
 * Async because the standard deviations are read back from the backend: all of them in one
 * `data()` download. Never `dataSync()`: on WebGPU a synchronous read-back can lose the device.
 */
export async function randomizedWeights(
  model: CompiledModel,
  weights: Record<string, tf.Tensor>,
  layers: string[],
  seed: number,
  options: { logitsStd?: number } = {},
): Promise<Record<string, tf.Tensor>> {
  const candidates = weightLayers(model);
  const byName = new Map(candidates.map((l) => [l.name, l]));
  const logitsLayer = candidates[0]?.name;
  const targets = new Map<string, { name: string; original: tf.Tensor }>(); // by kernel name: a layer listed twice is drawn once
  for (const name of layers) {
    const layer = byName.get(name);
    if (!layer) throw new Error(`Layer ${name} has no kernel to randomise (not a Conv2D/DepthwiseConv2D/Dense on the logits path).`);
    const kernelName = kernelNameOf(layer)!;
    const original = weights[kernelName];
    if (!original) throw new Error(`Weight ${kernelName} missing.`);
    if (!targets.has(kernelName)) targets.set(kernelName, { name, original });
  }
  const measured = [...targets.values()].filter(({ name }) => name !== logitsLayer);
  const stds = new Map<string, number>();
  if (measured.length > 0) {
    const t = tf.tidy(() => tf.stack(measured.map(({ original }) => tf.sqrt(tf.moments(original).variance))));
    try {
      const values = await t.data();
      measured.forEach(({ name }, i) => stds.set(name, values[i]));
    } finally {
      t.dispose();
    }
  }
  const out: Record<string, tf.Tensor> = {};
  for (const [kernelName, { name, original }] of targets) {
    const std = name === logitsLayer ? (options.logitsStd ?? 0.02) : stds.get(name)!;
    out[kernelName] = tf.randomNormal(original.shape, 0, std, 'float32', layerSeed(seed, name));
  }
  return out;
}
