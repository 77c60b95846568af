/**
 * Optimisation counterfactual, as OmniXAI's CounterfactualOptimizer (Wachter et al. 2017;
 * omnixai/explainers/tabular/counterfactual/ce.py, used by its vision CounterfactualExplainer):
 *
 *   minimise  c * max(0, kappa - margin(x)) + sum |x - x0|
 *
 * by gradient descent with a decaying rate lr * sqrt(1 - i / N), gradients clipped elementwise to
 * +-gradClip, x clipped to the valid range, and a binary search over c (found: lower it; not found:
 * raise it, x10 until an upper bound exists). Every iterate whose margin is > 0 is a counterfactual;
 * the one nearest x0 in L1 is returned. OmniXAI only pushes away from the predicted label
 * (margin = max other logit - label logit); with a chosen class t we use margin = logit_t - max other
 * logit, the same hinge aimed at t.
 *
 * Here x is the image in [0, 1] (pixels / 255): the L1 term and the learning rate are in those units.
 */
import * as tf from '@tensorflow/tfjs';
import type { PixelModel } from '../../../worker/runtime/pixel-model';

export interface OptimiseOptions {
  /** Class to reach, or null: any class but `label` (OmniXAI's own setting). */
  target: number | null;
  /** The class predicted for x0. */
  label: number;
  c: number;
  kappa: number;
  learningRate: number;
  iterations: number;
  searchSteps: number;
  gradClip: number;
  onIteration?(info: IterationInfo): Promise<void> | void;
}

export interface IterationInfo {
  /** 0-based binary-search step and iteration within it. */
  search: number;
  iteration: number;
  c: number;
  /** Logit margin at the iterate (> 0: it is a counterfactual). */
  margin: number;
  /** sum |x - x0| in [0, 1] units. */
  l1: number;
}

export interface OptimiseResult {
  /** The counterfactual nearest x0 (L1) in [0, 1] units, HWC, or null when none was found. */
  best: Float32Array | null;
  bestL1: number;
  /** Where it was found. */
  bestAt: { search: number; iteration: number; c: number } | null;
  /** Iterations run over all search steps (early stops included). */
  iterations: number;
  /** Largest margin seen: how close the search came when nothing was found. */
  bestMargin: number;
  trace: IterationInfo[];
}

/** margin per batch row: logit_t - max_{j != t} logit_j, or max_{j != y} - logit_y when untargeted. */
export function marginOf(logits: tf.Tensor2D, target: number | null, label: number): tf.Tensor1D {
  return tf.tidy(() => {
    const k = logits.shape[1];
    const cls = target ?? label;
    const onehot = tf.oneHot(tf.fill([logits.shape[0]], cls, 'int32') as tf.Tensor1D, k);
    const own = tf.sum(tf.mul(logits, onehot), 1);
    // Captum/OmniXAI trick: push the class itself far down before taking the max of the others.
    const others = tf.max(tf.sub(tf.mul(logits, tf.sub(1, onehot)), tf.mul(onehot, 1e4)), 1);
    return (target != null ? tf.sub(own, others) : tf.sub(others, own)) as tf.Tensor1D;
  });
}

/** OmniXAI's _update_const. */
export function updateC(c: number, lb: number, ub: number, found: boolean): [number, number, number] {
  if (found) {
    ub = Math.min(ub, c);
    if (ub < 1e9) c = (lb + ub) / 2;
  } else {
    lb = Math.max(lb, c);
    c = ub < 1e9 ? (lb + ub) / 2 : c * 10;
  }
  return [c, lb, ub];
}

export async function optimiseCounterfactual(f: PixelModel, x0Pixels: tf.Tensor4D, o: OptimiseOptions): Promise<OptimiseResult> {
  const x0 = tf.div(x0Pixels, 255) as tf.Tensor4D;
  let c = o.c;
  let lb = 0;
  let ub = 1e10;
  let best: Float32Array | null = null;
  let bestL1 = Infinity;
  let bestAt: OptimiseResult['bestAt'] = null;
  let bestMargin = -Infinity;
  let iterations = 0;
  const trace: IterationInfo[] = [];
  try {
    for (let search = 0; search < o.searchSteps; search++) {
      let x = tf.clone(x0);
      let foundHere = false;
      try {
        for (let i = 0; i < o.iterations; i++) {
          let margin: tf.Tensor | null = null;
          const grad = tf.tidy(() => {
            const hingeGrad = tf.grad((xi: tf.Tensor) => {
              const m = marginOf(f(tf.mul(xi, 255) as tf.Tensor4D), o.target, o.label);
              margin = tf.keep(m.clone());
              return tf.mul(tf.sum(tf.relu(tf.sub(o.kappa, m))), c);
            })(x);
            // d|x - x0|/dx written out: tfjs's abs gradient is -1 at 0, PyTorch's (OmniXAI's) is 0.
            return tf.add(hingeGrad, tf.sign(tf.sub(x, x0)));
          });
          const rate = o.learningRate * Math.sqrt(1 - i / o.iterations);
          const next = tf.tidy(() => tf.clipByValue(tf.sub(x, tf.mul(tf.clipByValue(grad, -o.gradClip, o.gradClip), rate)), 0, 1) as tf.Tensor4D);
          // Margin, L1 and the step's size in one read-back: each read waits for the GPU.
          const stats = tf.tidy(() => tf.stack([tf.reshape(margin!, []), tf.sum(tf.abs(tf.sub(x, x0))), tf.sum(tf.abs(tf.sub(x, next)))]));
          const [mv, l1, step] = (await stats.data()) as Float32Array;
          tf.dispose([margin!, stats, grad]);
          iterations++;
          bestMargin = Math.max(bestMargin, mv);
          const info = { search, iteration: i, c, margin: mv, l1 };
          trace.push(info);
          if (mv > 0) {
            foundHere = true;
            if (l1 < bestL1) {
              bestL1 = l1;
              best = (await x.data()) as Float32Array;
              bestAt = { search, iteration: i, c };
            }
          }
          const still = step < 1e-6;
          x.dispose();
          x = next;
          await o.onIteration?.(info);
          if (still) break;
        }
      } finally {
        x.dispose();
      }
      [c, lb, ub] = updateC(c, lb, ub, foundHere);
    }
  } finally {
    x0.dispose();
  }
  return { best, bestL1, bestAt, iterations, bestMargin, trace };
}
