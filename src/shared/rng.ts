/**
 * A small seedable generator (mulberry32) so GradientShap, noise baselines and NoiseTunnel can be
 * reproduced from a seed. Tensors of noise use tf.random* with integer seeds drawn from here.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** A fresh 31-bit seed for tf.randomNormal / tf.randomUniform. */
  seed(): number;
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    uniform,
    int: (n) => Math.floor(uniform() * n),
    seed: () => Math.floor(uniform() * 2147483647),
  };
}
