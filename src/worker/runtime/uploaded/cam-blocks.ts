/**
 * The conv block outputs of an uploaded model, where Grad-CAM can look (its layer= choices), found by
 * type and shape, not by name:
 *  1. candidates: layers before the global pooling (the first layer on the path to the logits that
 *     turns a [h, w, c] map into a vector: GlobalAveragePooling2D, Flatten) whose output is a [h, w, c]
 *     map and that every path from the input to the logits goes through (a cut point: the whole
 *     image's evidence passes there), except InputLayer, ZeroPadding2D and Dropout;
 *  2. of those, the end of each residual block (an Add, or the ReLU right after it) and the last map of
 *     each spatial size (e.g. 112, 56, 28, 14, 7 at 224 × 224: the end of each stage);
 *  3. in graph order; the last one (the final map before the pooling, MobileNetV2's out_relu) is the
 *     default, ModelSpec.gradCamLayer.
 * On the two built-in models this gives ResNet-50's 16 block outputs (plus its stem) and 5 of MobileNet
 * v1's 13 (one per size), the same defaults as cam-layers.ts (uploaded.test.ts checks it).
 */
import type { CamLayer } from '../../../shared/models/cam-layers';
import { inboundNames, type KerasLayerJson } from '../keras-topology';
import type { TopologyFacts } from './check-topology';

const SKIPPED = new Set(['InputLayer', 'ZeroPadding2D', 'Dropout']);
const NONLINEAR = new Set(['ReLU', 'Activation']);

/** Every path from `from` to `to` in the graph passes through `via`. */
function isCut(via: string, from: string, to: string, inputsOf: Map<string, string[]>): boolean {
  // Search backwards from `to` without entering `via`: `from` unreachable means `via` cuts.
  const seen = new Set<string>([via]);
  const stack = [to];
  while (stack.length) {
    const n = stack.pop()!;
    if (n === from) return false;
    if (seen.has(n)) continue;
    seen.add(n);
    stack.push(...(inputsOf.get(n) ?? []));
  }
  return true;
}

export function camBlocks(facts: TopologyFacts): CamLayer[] {
  const { path, shapes, input, logitsLayer } = facts;
  const name = (l: KerasLayerJson) => l.config.name;
  const inputsOf = new Map(path.map((l) => [name(l), inboundNames(l)]));
  const consumers = new Map<string, string[]>();
  for (const l of path) for (const src of inputsOf.get(name(l))!) consumers.set(src, [...(consumers.get(src) ?? []), name(l)]);
  const isMap = (n: string) => shapes.get(n)?.length === 3;
  const poolIndex = path.findIndex((l) => !isMap(name(l)) && inputsOf.get(name(l))!.some(isMap));
  const before = poolIndex < 0 ? path : path.slice(0, poolIndex);
  const candidates = before.filter((l) => isMap(name(l)) && !SKIPPED.has(l.class_name) && isCut(name(l), input, logitsLayer, inputsOf));
  const isCandidate = new Set(candidates.map(name));

  const chosen = new Map<string, string>(); // name -> block label
  let residual = 0;
  for (const l of candidates) {
    if (l.class_name !== 'Add') continue;
    const next = consumers.get(name(l)) ?? [];
    const after = next.length === 1 && isCandidate.has(next[0]) && NONLINEAR.has(facts.byName.get(next[0])!.class_name) ? next[0] : name(l);
    chosen.set(after, `residual block ${++residual}`);
  }
  const lastOfSize = new Map<string, string>();
  for (const l of candidates) {
    const [h, w] = shapes.get(name(l))!;
    lastOfSize.set(`${h}×${w}`, name(l));
  }
  for (const [size, n] of lastOfSize) if (!chosen.has(n)) chosen.set(n, `last ${size} map`);

  const order = new Map(path.map((l, i) => [name(l), i]));
  const blocks = [...chosen.entries()].sort((a, b) => order.get(a[0])! - order.get(b[0])!);
  if (blocks.length === 0) {
    // No spatial map before the pooling but the input itself (a Dense model on pixels): Grad-CAM at the input.
    const n = poolIndex >= 0 ? inputsOf.get(name(path[poolIndex]))![0] : input;
    blocks.push([n, 'input']);
  }
  return blocks.map(([n, block]) => {
    const [size, , channels] = shapes.get(n) ?? [0, 0, 0];
    return { name: n, block, size, channels };
  });
}
