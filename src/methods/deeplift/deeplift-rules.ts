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
 * split in two shares, max(y, yr) - yr (>= 0) going to the input's maxima of the window and
 * y - max(y, yr) (<= 0) to the reference's maxima, and m = (sum of the shares a position received) / Δx,
 * falling back to the ordinary max-pool gradient where |Δx| < eps.
 * Where we differ (1), ties: a window whose maximum is reached at several positions splits its share
 * equally among them (and the eps fallback splits g_j the same way among x's maxima). An argmax
 * picks one by the implementation's scan order (PyTorch and tfjs' CPU MaxPoolGrad the first, tfjs'
 * WebGL and WebGPU MaxPoolGrad the last), and with a constant baseline (black, gray, zero) EVERY
 * window of the reference half is tied: on the ResNet-50 goldfish vs black the first- and
 * last-maximum maps differ by 55 % (relative L2), and each by 34-36 % from this rule. Split equally,
 * the map is the same whatever the scan order (a mirrored input gives the mirrored map) and on every
 * backend; the sum, and so the delta, is the same for all three.
 * Where we differ (2), overlaps: Captum routes with max_unpool, which WRITES: where overlapping
 * windows (3x3 stride 2, ResNet-50's pool1) share a maximum, all but one share is lost and
 * summation-to-delta fails (ResNet-50, goldfish vs black: delta -9.7 of Δf = 22.8 emulating
 * max_unpool). We ADD every window's share into its maxima, so Σ_i m_i Δx_i = Σ_j g_j Δy_j exactly,
 * up to float rounding and the eps fallback below. Padding ('same') is never a maximum.
 * Why dividing by Δx is safe: a position i receives a nonzero input-side share from window j only if
 * x_i = y_j > yr_j, and then 0 < y_j - yr_j <= x_i - r_i = Δx_i (since yr_j >= r_i); the share is
 * g_j (y_j - yr_j) / (count of tied maxima) <= |g_j| Δx_i. The reference side is symmetric with
 * Δx < 0. So m_i stays within Σ_j |g_j|, and the eps fallback can lose at most eps Σ_j |g_j| there
 * (a position with Δx_i = 0 never receives a share). This holds whether or not the two halves'
 * maxima agree, and however many are tied.
 */
import * as tf from '@tensorflow/tfjs';
import type { Nonlinearities, PoolSpec } from '../../worker/runtime/compile';

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

/** Window geometry of `pool` over an [N, H, W, C] input, per spatial axis (tfjs' / TF's 'same' amounts). */
function windowGeometry(shape: number[], pool: PoolSpec) {
  return [0, 1].map((i) => {
    const size = shape[1 + i];
    const k = pool.poolSize[i];
    const s = pool.strides[i];
    const out = pool.padding === 'same' ? Math.ceil(size / s) : Math.ceil((size - k + 1) / s);
    const total = pool.padding === 'same' ? Math.max((out - 1) * s + k - size, 0) : 0;
    const before = Math.floor(total / 2);
    return { size, k, s, out, before, after: total - before, padded: size + total };
  });
}

/**
 * Window j of `pool` over x (maximum y_j) has the taps (dr, dc), dr < kh, dc < kw, at padded position
 * (j_r s_r + dr, j_c s_c + dc). For each weight a [N, h, w, C] returns [N, H, W, C] with
 *   out_i = Σ_j a_j [x_i = y_j] / #{i' in window j : x_i' = y_j},
 * i.e. every window's a_j split equally among its tied maxima, overlapping windows added; padding
 * positions are never maxima. All weights share x and y (the tie masks are computed once).
 * GPU cost for ResNet-50's pool1 (114x114x64 -> 56x56): per tap one strided slice and one comparison
 * of [N, 56, 56, 64]; per weight, per tap a multiply and a pad into one of the s_r*s_c phase grids,
 * one sum per phase, then one interleave (stack + reshape) and a crop. Plain data movement and
 * elementwise ops on tensors no larger than the layer's input (no read-back, no scatter kernel, no
 * [N, h, w, C, k*k] patch tensor): about 30 kernels for the masks plus 30 per weight, 180 for the whole
 * DeepLift backward of pool1 (tf.profile).
 * The comparison sees exact copies of x, so x_i = y_j is exact on every backend.
 */
/**
 * Sum of many tensors by pairwise adds. Not tf.addN: tfjs-webgpu's AddN binds every input in one shader,
 * and past the device's storage-buffer limit (8 per stage by default; a 3x3 window has 9 taps) the
 * pipeline is invalid and the result is garbage (NaN maps on SwiftShader).
 */
function sumAll(ts: tf.Tensor[]): tf.Tensor {
  return tf.tidy(() => ts.slice(1).reduce((acc, t) => tf.add(acc, t), ts[0]));
}

export function splitAmongTiedMaxima(x: tf.Tensor4D, y: tf.Tensor4D, weights: tf.Tensor4D[], pool: PoolSpec): tf.Tensor4D[] {
  return tf.tidy(() => {
    const [n, , , c] = x.shape;
    const [rows, cols] = windowGeometry(x.shape, pool);
    if (y.shape[1] !== rows.out || y.shape[2] !== cols.out) throw new Error(`Max-pool output ${y.shape} does not match ${x.shape} under ${JSON.stringify(pool)}.`);
    const padded = rows.before + rows.after + cols.before + cols.after > 0;
    const xp = padded ? tf.pad(x, [[0, 0], [rows.before, rows.after], [cols.before, cols.after], [0, 0]]) : x;
    // Taps whose window positions include padding: a [1, h, w, 1] mask of the windows where the tap is real.
    const inside = (g: typeof rows, d: number) => Array.from({ length: g.out }, (_, j) => j * g.s + d >= g.before && j * g.s + d < g.before + g.size);
    const taps: Array<{ dr: number; dc: number; tied: tf.Tensor }> = [];
    for (let dr = 0; dr < rows.k; dr++) {
      for (let dc = 0; dc < cols.k; dc++) {
        const tied = tf.tidy(() => {
          const xd = tf.stridedSlice(xp, [0, dr, dc, 0], [n, dr + rows.s * (rows.out - 1) + 1, dc + cols.s * (cols.out - 1) + 1, c], [1, rows.s, cols.s, 1]);
          let eq: tf.Tensor = tf.equal(xd, y);
          const [inR, inC] = [inside(rows, dr), inside(cols, dc)];
          if (inR.includes(false) || inC.includes(false)) {
            eq = tf.logicalAnd(eq, tf.tensor4d(inR.flatMap((r) => inC.map((q) => r && q)), [1, rows.out, cols.out, 1], 'bool'));
          }
          return tf.cast(eq, 'float32');
        });
        taps.push({ dr, dc, tied });
      }
    }
    // count >= 1 wherever y is one of its window's values (always, in exact arithmetic); the guard only
    // keeps a pathological backend from dividing by zero.
    const count = tf.maximum(sumAll(taps.map((t) => t.tied)), 1);
    // Scatter back: tap (dr, dc) of window j lands at padded row j*s + dr = (j + m)*s + t with
    // t = dr mod s, m = floor(dr / s): in phase t's coarse grid, shifted by m. Sum per phase, then
    // interleave the phases (stack + reshape) into the padded grid and crop the padding.
    const coarse = [Math.ceil(rows.padded / rows.s), Math.ceil(cols.padded / cols.s)];
    return weights.map((a) =>
      tf.tidy(() => {
        const w = tf.div(a, count);
        const phase = (tr: number, tc: number) =>
          tf.tidy(() => {
            const shifted = taps
              .filter(({ dr, dc }) => dr % rows.s === tr && dc % cols.s === tc)
              .map(({ dr, dc, tied }) => {
                const [mr, mc] = [Math.floor(dr / rows.s), Math.floor(dc / cols.s)];
                return tf.pad(tf.mul(w, tied), [[0, 0], [mr, coarse[0] - rows.out - mr], [mc, coarse[1] - cols.out - mc], [0, 0]]);
              });
            return shifted.length === 0 ? tf.zeros([n, coarse[0], coarse[1], c]) : sumAll(shifted);
          });
        const interleave = (parts: tf.Tensor[], axis: 1 | 2) => {
          if (parts.length === 1) return parts[0];
          const shape = [...parts[0].shape];
          shape[axis] *= parts.length;
          return tf.reshape(tf.stack(parts, axis + 1), shape);
        };
        const byRow = Array.from({ length: rows.s }, (_, tr) => interleave(Array.from({ length: cols.s }, (_, tc) => phase(tr, tc)), 2));
        return tf.slice(interleave(byRow, 1), [0, rows.before, cols.before, 0], [n, rows.size, cols.size, c]) as tf.Tensor4D;
      }),
    );
  });
}

function maxPool(pool: PoolSpec, eps: number) {
  return tf.customGrad((x: tf.Tensor | tf.GradSaveFunc, save: tf.Tensor | tf.GradSaveFunc) => {
    const input = x as tf.Tensor4D;
    const y = tf.maxPool(input, pool.poolSize, pool.strides, pool.padding);
    (save as tf.GradSaveFunc)([input, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const [input, output] = saved;
          const [xi, xr] = halves(input) as tf.Tensor4D[];
          const [yi, yr] = halves(output) as tf.Tensor4D[];
          const g = halves(dy)[0] as tf.Tensor4D;
          const top = tf.maximum(yi, yr);
          // Input-side shares split among x's maxima, reference-side among r's; the fallback is the
          // ordinary gradient with ties split the same way (no scan order anywhere).
          const m = tf.tidy(() => {
            const [fromInput, ordinary] = splitAmongTiedMaxima(xi, yi, [tf.mul(g, tf.sub(top, yr)), g], pool);
            const [fromReference] = splitAmongTiedMaxima(xr, yr, [tf.mul(g, tf.sub(yi, top))], pool);
            const numerator = tf.add(fromInput, fromReference);
            tf.dispose([fromInput, fromReference]);
            return rescaled(numerator, tf.sub(xi, xr), ordinary, eps);
          });
          return tf.concat([m, m], 0);
        }),
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
