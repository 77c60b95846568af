/**
 * Test-only: a small conv + ReLU + ReLU6 + dense network built with tfjs-layers and compiled by the
 * app (compileKeras), and an INDEPENDENT reference of its forward and backward passes in plain
 * JavaScript loops (float64), where each rectifier's backward pass follows a rule written out here:
 * the ordinary gradient, Guided Backprop's or Deconvolution's. Nothing in the reference calls tfjs.
 *
 * Network (NHWC, [6, 6, 2] input, 3 classes):
 *   conv_a  3x3 'same', 4 filters, activation 'relu' (the conv's own activation)
 *   conv_b  3x3 'valid', 3 filters -> Activation 'relu6' (MobileNet's kind) -> [4, 4, 3]
 *   flatten -> dense_c 8 units -> Activation 'relu' (ResNet-50's kind) -> fc 3 units (logits)
 * Weights are seeded and scaled so that ReLU6 inputs fall below 0, inside (0, 6) and above 6.
 */
import * as tf from '@tensorflow/tfjs';
import { compileKeras, type CompiledModel } from '../worker/runtime/compile';

export type ReferenceRule = 'plain' | 'guided' | 'deconv';

export interface ReluToy {
  compiled: CompiledModel;
  /** The Keras weights by name, as plain arrays. */
  values: Record<string, Float64Array>;
  dispose(): void;
}

export const TOY_INPUT: [number, number, number] = [6, 6, 2];

export function reluToy(): ReluToy {
  const input = tf.input({ shape: TOY_INPUT, name: 'input_1' });
  const a = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv_a' }).apply(input) as tf.SymbolicTensor;
  const b = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'valid', name: 'conv_b' }).apply(a) as tf.SymbolicTensor;
  const b6 = tf.layers.activation({ activation: 'relu6', name: 'relu6_b' }).apply(b) as tf.SymbolicTensor;
  const f = tf.layers.flatten({ name: 'flatten' }).apply(b6) as tf.SymbolicTensor;
  const c = tf.layers.dense({ units: 8, name: 'dense_c' }).apply(f) as tf.SymbolicTensor;
  const cr = tf.layers.activation({ activation: 'relu', name: 'relu_c' }).apply(c) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 3, name: 'fc' }).apply(cr) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  const std: Record<string, number> = { 'conv_a/kernel': 1, 'conv_a/bias': 0.5, 'conv_b/kernel': 0.3, 'conv_b/bias': 1, 'dense_c/kernel': 0.3, 'dense_c/bias': 1, 'fc/kernel': 1, 'fc/bias': 0.1 };
  model.setWeights(model.weights.map((w, i) => tf.randomNormal(w.shape as number[], 0, std[w.originalName], 'float32', 100 + i)));
  const weights = Object.fromEntries(model.weights.map((w) => [w.originalName, w.read()]));
  const values = Object.fromEntries(Object.entries(weights).map(([k, t]) => [k, Float64Array.from(t.dataSync())]));
  const compiled = compileKeras(model.toJSON(null, false), weights, { logitsLayer: 'fc', numClasses: 3 });
  return {
    compiled,
    values,
    dispose() {
      compiled.dispose();
      model.dispose();
    },
  };
}

/** Stride-1 convolution of an [h, w, cin] map with a [k, k, cin, cout] kernel, padded by `pad` zeros. */
function conv(x: Float64Array, h: number, w: number, cin: number, k: Float64Array, ks: number, cout: number, bias: Float64Array, pad: number) {
  const [ho, wo] = [h + 2 * pad - ks + 1, w + 2 * pad - ks + 1];
  const y = new Float64Array(ho * wo * cout);
  for (let i = 0; i < ho; i++)
    for (let j = 0; j < wo; j++)
      for (let o = 0; o < cout; o++) {
        let s = bias[o];
        for (let di = 0; di < ks; di++)
          for (let dj = 0; dj < ks; dj++) {
            const [r, q] = [i + di - pad, j + dj - pad];
            if (r < 0 || r >= h || q < 0 || q >= w) continue;
            for (let c = 0; c < cin; c++) s += x[(r * w + q) * cin + c] * k[((di * ks + dj) * cin + c) * cout + o];
          }
        y[(i * wo + j) * cout + o] = s;
      }
  return { y, ho, wo };
}

/** The gradient of conv's input given the gradient of its output (the transpose of the loops above). */
function convBack(g: Float64Array, ho: number, wo: number, h: number, w: number, cin: number, k: Float64Array, ks: number, cout: number, pad: number) {
  const gx = new Float64Array(h * w * cin);
  for (let i = 0; i < ho; i++)
    for (let j = 0; j < wo; j++)
      for (let o = 0; o < cout; o++)
        for (let di = 0; di < ks; di++)
          for (let dj = 0; dj < ks; dj++) {
            const [r, q] = [i + di - pad, j + dj - pad];
            if (r < 0 || r >= h || q < 0 || q >= w) continue;
            for (let c = 0; c < cin; c++) gx[(r * w + q) * cin + c] += g[(i * wo + j) * cout + o] * k[((di * ks + dj) * cin + c) * cout + o];
          }
  return gx;
}

/** A rectifier's backward pass under `rule`, elementwise: z is its forward input, g the signal from above. */
export function rectifierBack(rule: ReferenceRule, kind: 'relu' | 'relu6', g: number, z: number): number {
  const open = kind === 'relu' ? z > 0 : z > 0 && z < 6;
  if (rule === 'deconv') return Math.max(g, 0);
  if (rule === 'guided') return open ? Math.max(g, 0) : 0;
  return open ? g : 0;
}

export interface ReferencePass {
  logits: Float64Array;
  /** The "gradient" of logits[target] with respect to the input, [6 * 6 * 2] HWC. */
  gradient: Float64Array;
  /** The ReLU6 layer's inputs and the signal arriving at its output, to check every regime is exercised. */
  relu6Inputs: Float64Array;
  relu6Signal: Float64Array;
}

export function referencePass(toy: ReluToy, x: Float64Array, target: number, rule: ReferenceRule): ReferencePass {
  const v = toy.values;
  const [h, w, cin] = TOY_INPUT;
  const za = conv(x, h, w, cin, v['conv_a/kernel'], 3, 4, v['conv_a/bias'], 1);
  const aa = za.y.map((z) => Math.max(z, 0));
  const zb = conv(aa, h, w, 4, v['conv_b/kernel'], 3, 3, v['conv_b/bias'], 0);
  const ab = zb.y.map((z) => Math.min(Math.max(z, 0), 6));
  const dense = (inp: Float64Array, k: Float64Array, bias: Float64Array, units: number) =>
    bias.map((b, o) => inp.reduce((s, xi, i) => s + xi * k[i * units + o], b));
  const zc = dense(ab, v['dense_c/kernel'], v['dense_c/bias'], 8);
  const ac = zc.map((z) => Math.max(z, 0));
  const logits = dense(ac, v['fc/kernel'], v['fc/bias'], 3);
  // Backward from logits[target].
  const gac = Float64Array.from({ length: 8 }, (_, i) => v['fc/kernel'][i * 3 + target]);
  const gzc = gac.map((g, i) => rectifierBack(rule, 'relu', g, zc[i]));
  const gab = Float64Array.from({ length: ab.length }, (_, i) => gzc.reduce((s, g, o) => s + g * v['dense_c/kernel'][i * 8 + o], 0));
  const gzb = gab.map((g, i) => rectifierBack(rule, 'relu6', g, zb.y[i]));
  const gaa = convBack(gzb, zb.ho, zb.wo, h, w, 4, v['conv_b/kernel'], 3, 3, 0);
  const gza = gaa.map((g, i) => rectifierBack(rule, 'relu', g, za.y[i]));
  const gradient = convBack(gza, za.ho, za.wo, h, w, cin, v['conv_a/kernel'], 3, 4, 1);
  return { logits, gradient, relu6Inputs: zb.y, relu6Signal: gab };
}

/** ||a - b|| / ||b|| (0 when both are zero). */
export function relL2(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return den === 0 ? (num === 0 ? 0 : Infinity) : Math.sqrt(num / den);
}
