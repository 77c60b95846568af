/** Test-only AttributionContext: counts forward calls and chunks, never cancels. */
import * as tf from '@tensorflow/tfjs';
import type { CompiledModel, ForwardOptions } from '../worker/runtime/compile';
import { createRng } from '../shared/rng';
import type { AttributionContext } from '../worker/attribution/types';

export interface CountingContext extends AttributionContext {
  calls: { logits: number; rows: number; steps: number };
}

export function testContext(
  logits: (x: tf.Tensor4D, options?: ForwardOptions) => tf.Tensor2D,
  { batchSize = 8, seed = 1 } = {},
): CountingContext {
  const calls = { logits: 0, rows: 0, steps: 0 };
  return {
    calls,
    batchSize,
    rng: createRng(seed),
    logits(x, options) {
      calls.logits++;
      calls.rows += x.shape[0];
      return logits(x, options);
    },
    async step() {
      calls.steps++;
    },
  };
}

export function contextFor(model: CompiledModel, opts?: { batchSize?: number; seed?: number }): CountingContext {
  return testContext((x, o) => model.logits(x, o), opts);
}

/**
 * A linear "network" logits = flatten(x) . W + b, whose input gradient for class t is exactly
 * W[:, t] reshaped to the input: every method has a closed form on it.
 */
export function linearModel(shape: [number, number, number], classes: number, seed = 5) {
  const d = shape[0] * shape[1] * shape[2];
  const W = tf.randomNormal([d, classes], 0, 1, 'float32', seed) as tf.Tensor2D;
  const b = tf.randomNormal([classes], 0, 1, 'float32', seed + 1) as tf.Tensor1D;
  return {
    W,
    b,
    logits: (x: tf.Tensor4D) => tf.add(tf.matMul(tf.reshape(x, [x.shape[0], d]), W), b) as tf.Tensor2D,
    /** W[:, t] as a [1, H, W, C] tensor. */
    gradient: (t: number) => tf.tidy(() => tf.reshape(tf.slice(W, [0, t], [d, 1]), [1, ...shape]) as tf.Tensor4D),
    dispose: () => tf.dispose([W, b]),
  };
}

/** Largest absolute elementwise difference, read back as a number. */
export const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

/** A smooth nonlinear toy network: logits = tanh(flatten(x) W1) W2, [N, classes]. */
export function tanhModel(shape: [number, number, number], hidden = 16, classes = 5) {
  const d = shape[0] * shape[1] * shape[2];
  const W1 = tf.randomNormal([d, hidden], 0, 0.2, 'float32', 21) as tf.Tensor2D;
  const W2 = tf.randomNormal([hidden, classes], 0, 1, 'float32', 22) as tf.Tensor2D;
  return {
    logits: (x: tf.Tensor4D) => tf.matMul(tf.tanh(tf.matMul(tf.reshape(x, [x.shape[0], d]), W1)), W2) as tf.Tensor2D,
    dispose: () => tf.dispose([W1, W2]),
  };
}
