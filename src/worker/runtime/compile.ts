/**
 * Compiles a Keras functional topology plus its weights into a plain function of tensor ops that
 * returns logits [N, classes]. Why not LayersModel.apply: it drags variables and layer bookkeeping
 * through the gradient tape (measured 2-7x slower input-gradients), and it has no place to swap a
 * nonlinearity's gradient (DeepLIFT), a layer's weights (model-randomisation checks) or a layer's
 * output (Grad-CAM).
 *
 * Inference-time rewrites, exact up to float rounding:
 *  - BatchNormalization directly after a Conv2D/DepthwiseConv2D is folded into that conv's kernel and
 *    bias, so each conv+BN is one fused kernel;
 *  - Dropout is the identity; the logits layer's softmax is stripped.
 * The caller owns tensor lifetime: run `logits` inside tf.tidy or a gradient function.
 *
 * Nested models (Teachable Machine's Sequential of Sequentials holding a functional MobileNet) are
 * inlined into one flat graph first (shared/models/keras-graph.ts); weights keep their manifest names.
 *
 * Layout: this file walks the topology and runs the graph; compile/layers.ts holds LAYER_BUILDERS, one
 * builder per Keras layer class (compile/conv.ts: Conv2D/DepthwiseConv2D with the BN fold).
 */
import * as tf from '@tensorflow/tfjs';
import { flattenTopology, inboundNames } from './keras-topology';
import { layerBuilder } from './compile/layers';
import type { BuildContext, CompiledModel, Env, LayerInfo, LayerOp, Nonlinearities } from './compile/types';

export type {
  CompiledModel,
  ForwardOptions,
  LayerInfo,
  LayerTap,
  LinearForward,
  LinearLayer,
  LinearRule,
  Nonlinearities,
  NonlinearityKind,
  ParamModifier,
  PoolSpec,
} from './compile/types';

export const DEFAULT_NONLINEARITIES: Nonlinearities = {
  relu: (x) => tf.relu(x),
  relu6: (x) => tf.relu6(x),
  maxPool: (x, p) => tf.maxPool(x, p.poolSize, p.strides, p.padding),
};

interface Node {
  name: string;
  inputs: string[];
  info: LayerInfo;
  run: LayerOp;
}

export function compileKeras(
  topology: unknown,
  weights: Record<string, tf.Tensor>,
  spec: { logitsLayer: string; numClasses: number },
): CompiledModel {
  const layers = flattenTopology(topology).layers;
  const byName = new Map(layers.map((l) => [l.config.name, l]));
  const consumers = new Map<string, string[]>();
  for (const l of layers) {
    for (const src of inboundNames(l)) consumers.set(src, [...(consumers.get(src) ?? []), l.config.name]);
  }
  const weight = (name: string): tf.Tensor => {
    const w = weights[name];
    if (!w) throw new Error(`Weight ${name} missing from the weight files.`);
    return w;
  };

  const owned: tf.Tensor[] = [];
  const nodes: Node[] = [];
  /** Output name -> node that produces it (a folded BN's name maps to its conv node). */
  const alias = new Map<string, string>();
  const folded = new Set<string>();
  const inputLayers = new Set<string>();

  for (const layer of layers) {
    const name = layer.config.name;
    if (folded.has(name)) continue;
    const inputs = inboundNames(layer).map((n) => alias.get(n) ?? n);
    const build = layerBuilder(layer.class_name);
    if (!build) throw new Error(`Layer type ${layer.class_name} (${name}) is not supported by the compiler.`);
    const isLogits = name === spec.logitsLayer;
    const ctx: BuildContext = {
      layer,
      name,
      cfg: layer.config,
      isLogits,
      fedByInput: inputs.length === 1 && inputLayers.has(inputs[0]),
      weights,
      weight,
      soleConsumer: () => {
        const next = consumers.get(name) ?? [];
        return next.length === 1 ? byName.get(next[0]) : undefined;
      },
      absorb: (absorbed) => {
        folded.add(absorbed);
        alias.set(absorbed, name);
      },
      own: (...tensors) => owned.push(...tensors),
    };
    const built = build(ctx);
    if (layer.class_name === 'InputLayer') inputLayers.add(name);
    const info: LayerInfo = { name, className: layer.class_name, weightNames: built.weightNames ?? [] };
    nodes.push({ name, inputs, info, run: built.run });
    if (isLogits) break;
  }

  if (!nodes.some((n) => n.name === spec.logitsLayer)) {
    owned.forEach((t) => t.dispose());
    throw new Error(`Logits layer ${spec.logitsLayer} not found in the topology.`);
  }
  checkTopologicalOrder(nodes);
  const needed = prune(nodes, spec.logitsLayer);
  const neededNames = new Set(needed.map((n) => n.name));
  const tapNode = (layer: string): string => {
    const name = alias.get(layer) ?? layer;
    if (!neededNames.has(name)) throw new Error(`Cannot tap layer ${layer}: not on the path to the logits.`);
    return name;
  };

  return {
    layers: needed.map((n) => n.info),
    numClasses: spec.numClasses,
    logits(x, options = {}) {
      const overrides = options.weights ?? {};
      for (const [k, t] of Object.entries(overrides)) {
        const orig = weights[k];
        if (!orig) throw new Error(`Override for unknown weight ${k}.`);
        if (!tf.util.arraysEqual(orig.shape, t.shape)) throw new Error(`Override ${k} has shape ${t.shape}, expected ${orig.shape}.`);
      }
      const padValue = options.inputPadValue ?? null;
      if (padValue && padValue.length !== x.shape[3]) {
        throw new Error(`inputPadValue has ${padValue.length} values; the input has ${x.shape[3]} channels.`);
      }
      const env: Env = {
        get: (n) => overrides[n] ?? weight(n),
        act: { ...DEFAULT_NONLINEARITIES, ...options.nonlinearities },
        fused: options.inferenceOnly ?? false,
        inputPadValue: padValue,
        linearRule: options.linearRule ?? null,
      };
      const tap = options.tap;
      const tapped = tap ? tapNode(tap.layer) : null;
      const values = new Map<string, tf.Tensor>();
      for (const node of needed) {
        const inputs = node.inputs.map((i) => values.get(i)!);
        const y = node.info.className === 'InputLayer' ? x : node.run(inputs, env);
        values.set(node.name, node.name === tapped ? tap!.replace(y) : y);
      }
      const out = values.get(spec.logitsLayer)!;
      return tf.reshape(out, [x.shape[0], spec.numClasses]) as tf.Tensor2D;
    },
    dispose() {
      owned.forEach((t) => t.dispose());
    },
  };
}

function checkTopologicalOrder(nodes: Node[]): void {
  const seen = new Set<string>();
  for (const n of nodes) {
    for (const i of n.inputs) if (!seen.has(i)) throw new Error(`Layer ${n.name} uses ${i} before it is defined.`);
    seen.add(n.name);
  }
}

/** Keeps only the nodes the logits depend on (drops a softmax head after the logits layer, etc.). */
function prune(nodes: Node[], output: string): Node[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const keep = new Set<string>();
  const stack = [output];
  while (stack.length) {
    const n = stack.pop()!;
    if (keep.has(n)) continue;
    keep.add(n);
    stack.push(...byName.get(n)!.inputs);
  }
  return nodes.filter((n) => keep.has(n.name));
}

