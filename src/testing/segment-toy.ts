/**
 * A toy network of segment sums for the segment methods: 6 segments (2 x 2 cells of a 4 x 6 x 3 input),
 * s_j = sum over segment j's scalars of u_i x_i, logits = [sum a_j s_j + s0 s1 - 0.5 s2 s3 s4 + s5^2,
 * sum a_j s_j]. Since s_j of a perturbed copy is s_j(x) or s_j(b) by z_j, f(z) has a closed form in JS.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../shared/rng';
import type { Segmentation } from '../methods/segments/segmentation';

export function segmentToy(seed = 4) {
  const [H, W, C, M] = [4, 6, 3, 6];
  const labels = Int32Array.from({ length: H * W }, (_, p) => Math.floor(Math.floor(p / W) / 2) * 3 + Math.floor((p % W) / 2));
  const segments: Segmentation = { labels, count: M };
  const rng = createRng(seed);
  const u = Float32Array.from({ length: H * W * C }, () => rng.uniform() - 0.5);
  const a = Array.from({ length: M }, () => rng.uniform() * 2 - 1);
  const U = new Float32Array(H * W * C * M);
  u.forEach((v, i) => (U[i * M + labels[Math.floor(i / C)]] = v));
  const Ut = tf.tensor2d(U, [H * W * C, M]);
  const At = tf.tensor2d(a, [M, 1]);
  const logits = (x: tf.Tensor4D) => tf.tidy(() => {
    const s = tf.matMul(tf.reshape(x, [x.shape[0], -1]), Ut);
    const col = (j: number) => tf.slice(s, [0, j], [-1, 1]);
    const lin = tf.matMul(s, At);
    const inter = tf.add(tf.sub(tf.mul(col(0), col(1)), tf.mul(0.5, tf.mul(col(2), tf.mul(col(3), col(4))))), tf.square(col(5)));
    return tf.concat([tf.add(lin, inter), lin], 1) as tf.Tensor2D;
  });
  const sums = (v: ArrayLike<number>) => {
    const s = new Array<number>(M).fill(0);
    for (let i = 0; i < v.length; i++) s[labels[Math.floor(i / C)]] += Math.fround(u[i]) * v[i];
    return s;
  };
  /** f(z)[cls] where segment j shows x if z_j = 1, b otherwise. */
  const f = (x: ArrayLike<number>, b: ArrayLike<number>, z: ArrayLike<number>, cls: number) => {
    const [sx, sb] = [sums(x), sums(b)];
    const s = sx.map((v, j) => (z[j] ? v : sb[j]));
    const lin = s.reduce((acc, v, j) => acc + a[j] * v, 0);
    return cls === 1 ? lin : lin + s[0] * s[1] - 0.5 * s[2] * s[3] * s[4] + s[5] ** 2;
  };
  /** Exact Shapley values of f(., cls) over the 2^M coalitions. */
  const shapley = (x: ArrayLike<number>, b: ArrayLike<number>, cls: number) => {
    const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
    const phi = new Array<number>(M).fill(0);
    for (let m = 0; m < 2 ** M; m++) {
      const z = Array.from({ length: M }, (_, j) => (m >> j) & 1);
      const k = z.reduce((acc, v) => acc + v, 0);
      for (let i = 0; i < M; i++) if (!z[i]) phi[i] += (fact(k) * fact(M - k - 1)) / fact(M) * (f(x, b, z.map((v, j) => (j === i ? 1 : v)), cls) - f(x, b, z, cls));
    }
    return phi;
  };
  return { shape: [H, W, C] as [number, number, number], segments, logits, f, shapley, dispose: () => tf.dispose([Ut, At]) };
}
