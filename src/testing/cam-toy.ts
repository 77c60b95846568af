/**
 * Test-only: a toy CNN with a hand-set conv layer for the CAM methods, and brute-force references in
 * plain float64 loops (activations from tfjs-layers, gradients by central finite differences), so the
 * methods' tests do not share code with the implementations.
 *   input [8, 8, 2] -> 'cam': conv 3x3/2 same, 3 filters, ReLU (hand-set weights) -> [4, 4, 3]
 *   -> 'head': conv 1x1, 4 filters, ReLU (the gradient at 'cam' varies in space and is 0 where a unit is
 *   dead) -> 'gap' -> 'fc': dense, 3 classes (the logits)
 */
import * as tf from '@tensorflow/tfjs';
import { compileKeras, type CompiledModel } from '../worker/runtime/compile';

export interface CamToy {
  compiled: CompiledModel;
  x: tf.Tensor4D;
  /** The 'cam' layer's output for `x`, [h, w, c] row-major, and its shape. */
  activation(x: tf.Tensor4D): { a: Float64Array; h: number; w: number; c: number };
  /** Logits of a batch given the 'cam' activations [N, h, w, c]: the network above the layer. */
  above(a: tf.Tensor4D): tf.Tensor2D;
  /** Logits of a batch of inputs (tfjs-layers' own model, not the compiled one). */
  logits(x: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}

export function camToy(seed = 3): CamToy {
  const input = tf.input({ shape: [8, 8, 2], name: 'input_1' });
  const camLayer = tf.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'cam' });
  const head = tf.layers.conv2d({ filters: 4, kernelSize: 1, activation: 'relu', name: 'head' });
  const gap = tf.layers.globalAveragePooling2d({ name: 'gap' });
  const fc = tf.layers.dense({ units: 3, name: 'fc' });
  const a = camLayer.apply(input) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: fc.apply(gap.apply(head.apply(a))) as tf.SymbolicTensor });
  const aIn = tf.input({ shape: [4, 4, 3] });
  const aboveModel = tf.model({ inputs: aIn, outputs: fc.apply(gap.apply(head.apply(aIn))) as tf.SymbolicTensor });
  const camModel = tf.model({ inputs: input, outputs: a });
  // Hand-set: a fixed pattern of both signs in the kernel, small biases.
  const k = Array.from({ length: 3 * 3 * 2 * 3 }, (_, i) => Math.sin(1.7 * i + 0.3) * 0.6);
  camLayer.setWeights([tf.tensor4d(k, [3, 3, 2, 3]), tf.tensor1d([0.05, -0.1, 0.2])]);
  head.setWeights([tf.randomNormal([1, 1, 3, 4], 0, 0.8, 'float32', seed), tf.tensor1d([-0.2, -0.4, -0.1, -0.3])]);
  fc.setWeights([tf.randomNormal([4, 3], 0, 1, 'float32', seed + 1), tf.zeros([3])]);
  const weights = Object.fromEntries(model.weights.map((w) => [w.originalName, w.read()]));
  const compiled = compileKeras(model.toJSON(null, false), weights, { logitsLayer: 'fc', numClasses: 3 });
  const x = tf.randomNormal([1, 8, 8, 2], 0, 1, 'float32', seed + 2) as tf.Tensor4D;
  return {
    compiled,
    x,
    activation(xs) {
      const t = camModel.predict(xs) as tf.Tensor4D;
      const [, h, w, c] = t.shape;
      const a64 = Float64Array.from(t.dataSync());
      t.dispose();
      return { a: a64, h, w, c };
    },
    above: (as) => aboveModel.predict(as) as tf.Tensor2D,
    logits: (xs) => model.predict(xs) as tf.Tensor2D,
    dispose() {
      tf.dispose(x);
      compiled.dispose();
      model.dispose();
    },
  };
}

/** d logit_t / dA at the activation `a` [h, w, c] by central differences of `above` (step `eps`), float64. */
export function finiteDifferenceGradient(toy: CamToy, act: { a: Float64Array; h: number; w: number; c: number }, t: number, eps = 1e-2): Float64Array {
  const n = act.a.length;
  const rows = new Float32Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    rows.set(act.a, 2 * i * n);
    rows.set(act.a, (2 * i + 1) * n);
    rows[2 * i * n + i] += eps;
    rows[(2 * i + 1) * n + i] -= eps;
  }
  const out = tf.tidy(() => toy.above(tf.tensor4d(rows, [2 * n, act.h, act.w, act.c])).dataSync());
  const k = out.length / (2 * n);
  return Float64Array.from({ length: n }, (_, i) => (out[2 * i * k + t] - out[(2 * i + 1) * k + t]) / (2 * eps));
}

/** Bilinear resize of one [h, w] map to [H, W] with half-pixel centres (OpenCV / torch align_corners=False). */
export function resizeHalfPixel(map: Float64Array, h: number, w: number, H: number, W: number): Float64Array {
  return resize(map, h, w, H, W, (o, n, N) => Math.max(0, (o + 0.5) * (n / N) - 0.5));
}

/** Bilinear resize with aligned corners (torch.nn.UpsamplingBilinear2d). */
export function resizeAlignCorners(map: Float64Array, h: number, w: number, H: number, W: number): Float64Array {
  return resize(map, h, w, H, W, (o, n, N) => (N > 1 ? (o * (n - 1)) / (N - 1) : 0));
}

function resize(map: Float64Array, h: number, w: number, H: number, W: number, source: (o: number, n: number, N: number) => number): Float64Array {
  const out = new Float64Array(H * W);
  for (let Y = 0; Y < H; Y++) {
    const sy = source(Y, h, H);
    const y0 = Math.min(h - 1, Math.floor(sy));
    const y1 = Math.min(h - 1, y0 + 1);
    const fy = sy - Math.floor(sy);
    for (let X = 0; X < W; X++) {
      const sx = source(X, w, W);
      const x0 = Math.min(w - 1, Math.floor(sx));
      const x1 = Math.min(w - 1, x0 + 1);
      const fx = sx - Math.floor(sx);
      const top = map[y0 * w + x0] * (1 - fx) + map[y0 * w + x1] * fx;
      const bottom = map[y1 * w + x0] * (1 - fx) + map[y1 * w + x1] * fx;
      out[Y * W + X] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}

export const maxAbs = (p: ArrayLike<number>, q: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < p.length; i++) m = Math.max(m, Math.abs(p[i] - q[i]));
  return m;
};
