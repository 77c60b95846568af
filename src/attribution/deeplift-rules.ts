/**
 * DeepLIFT's Rescale rule (Shrikumar et al. 2017, https://arxiv.org/abs/1704.02685) as gradient
 * overrides for the compiled model's replaceable nonlinearities, in the gradient formulation of
 * Ancona et al. (https://openreview.net/pdf?id=Sy21R9JAW). Captum does the same with module hooks:
 * captum/attr/_core/deep_lift.py (`nonlinear`, `maxpool`, eps = 1e-10).
 *
 * Layout: every tensor these functions see is a batch [inputs (first half); references (second
 * half)], row i of the first half paired with row i of the second (Captum's
 * `torch.cat([inputs, baselines])`). The forward pass is the ordinary op. The backward pass turns
 * the incoming multipliers g (those of the first half) into multipliers m of the layer input, and
 * returns the same m for both halves, as Captum does, so the reference half only rides along.
 * (Captum's eps fallback gives each half its own ordinary gradient; ours gives both the input
 * half's, so the halves never diverge.)
 *
 * ReLU and ReLU6 (Captum's `nonlinear`): m = g * Δout/Δin where |Δin| >= eps, else g times the
 * ordinary local derivative at the input. Δout/Δin lies in [0, 1] for both, so no blow-up.
 *
 * MaxPool: window j has output y_j = max over its inputs; Δy_j = y_j - yr_j. As in Captum, Δy_j is
 * split in two shares, max(y, yr) - yr (>= 0) routed to the input's argmax and y - max(y, yr) (<= 0)
 * routed to the reference's argmax, and m = (sum of the shares a position received) / Δx, falling
 * back to the ordinary max-pool gradient where |Δx| < eps.
 * Where we differ: Captum routes the shares with max_unpool, which WRITES: where overlapping windows
 * (3x3 stride 2, ResNet-50's pool1) share an argmax, all but one share is lost and summation-to-delta
 * fails (ResNet-50, goldfish vs black: delta -9.7 of Δf = 22.8 emulating max_unpool, -1.4e-6 with
 * ours). We route with MaxPoolGrad, the max-pool gradient kernel, which ADDS every window's share
 * into its argmax, so Σ_i m_i Δx_i = Σ_j g_j Δy_j exactly, up to the eps fallback below.
 * Why dividing by Δx is safe: a position receives a nonzero input-side share only if it is the
 * input's argmax a of a window with y > yr, and then 0 < y - yr <= x_a - r_a = Δx_a (since
 * yr >= r_a); the reference side is symmetric with Δx < 0. So each share is at most |Δx_i| times
 * |g_j|: m_i stays within Σ_j |g_j|, and the eps fallback can lose at most eps Σ_j |g_j| there (a
 * position with Δx_i = 0 never receives a share). This holds whether or not the two argmaxes agree.
 */
import * as tf from '@tensorflow/tfjs';
import type { Nonlinearities, PoolSpec } from '../runtime/compile';

/** |Δin| below which the ordinary gradient is used (Captum's default eps). */
export const DEEPLIFT_EPS = 1e-10;

/** [first half, second half] along the batch axis; the batch must pair inputs with references. */
function halves(t: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const n = t.shape[0];
  if (n % 2 !== 0) throw new Error(`DeepLIFT needs a batch [inputs; references], got ${n} rows.`);
  return tf.split(t, 2, 0) as [tf.Tensor, tf.Tensor];
}

/** numerator / dIn where |dIn| >= eps, else fallback (no division by ~0 is ever evaluated). */
function rescaled(numerator: tf.Tensor, dIn: tf.Tensor, fallback: tf.Tensor, eps: number): tf.Tensor {
  const small = tf.less(tf.abs(dIn), eps);
  return tf.where(small, fallback, tf.div(numerator, tf.where(small, tf.onesLike(dIn), dIn)));
}

/** Elementwise nonlinearity f with local derivative fPrime, under the Rescale rule. */
function elementwise(f: (x: tf.Tensor) => tf.Tensor, fPrime: (x: tf.Tensor) => tf.Tensor, eps: number) {
  return tf.customGrad((x: tf.Tensor | tf.GradSaveFunc, save: tf.Tensor | tf.GradSaveFunc) => {
    const input = x as tf.Tensor;
    const y = f(input);
    (save as tf.GradSaveFunc)([input, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xi, xr] = halves(saved[0]);
        const [yi, yr] = halves(saved[1]);
        const [g] = halves(dy);
        const ratio = rescaled(tf.sub(yi, yr), tf.sub(xi, xr), fPrime(xi), eps);
        const m = tf.mul(g, ratio);
        return tf.concat([m, m], 0);
      },
    };
  });
}

/** The max-pool gradient kernel: routes dy [N, h, w, c] to each window's argmax in x, summing. */
function maxPoolGrad(dy: tf.Tensor, x: tf.Tensor, y: tf.Tensor, p: PoolSpec): tf.Tensor4D {
  return tf.engine().runKernel(
    'MaxPoolGrad',
    { dy, input: x, output: y },
    { filterSize: p.poolSize, strides: p.strides, pad: p.padding },
  ) as tf.Tensor4D;
}

function maxPool(pool: PoolSpec, eps: number) {
  return tf.customGrad((x: tf.Tensor | tf.GradSaveFunc, save: tf.Tensor | tf.GradSaveFunc) => {
    const input = x as tf.Tensor4D;
    const y = tf.maxPool(input, pool.poolSize, pool.strides, pool.padding);
    (save as tf.GradSaveFunc)([input, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [input, output] = saved;
        const [xi, xr] = halves(input);
        const [yi, yr] = halves(output);
        const [g] = halves(dy);
        const top = tf.maximum(yi, yr);
        // Input-side shares go to x's argmaxes, reference-side shares to r's (one kernel call).
        const shares = halves(maxPoolGrad(tf.concat([tf.mul(g, tf.sub(top, yr)), tf.mul(g, tf.sub(yi, top))], 0), input, output, pool));
        const ordinary = maxPoolGrad(g, xi, yi, pool);
        const m = rescaled(tf.add(shares[0], shares[1]), tf.sub(xi, xr), ordinary, eps);
        return tf.concat([m, m], 0);
      },
    };
  });
}

/** The Rescale-rule replacements for compile.ts' nonlinearities (pass as ForwardOptions.nonlinearities). */
export function deepLiftNonlinearities(eps = DEEPLIFT_EPS): Nonlinearities {
  // Local derivatives as tfjs defines them (Relu_grad, Relu6_grad).
  const relu = elementwise(tf.relu, (x) => tf.cast(tf.greater(x, 0), 'float32'), eps);
  const relu6 = elementwise(tf.relu6, (x) => tf.cast(tf.logicalAnd(tf.greater(x, 0), tf.lessEqual(x, 6)), 'float32'), eps);
  return {
    relu: (x) => relu(x),
    relu6: (x) => relu6(x),
    maxPool: (x, pool) => maxPool(pool, eps)(x) as tf.Tensor4D,
  };
}
