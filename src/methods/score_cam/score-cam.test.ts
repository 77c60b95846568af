import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { contextFor } from '../../testing/context';
import { camToy, maxAbs, resizeAlignCorners, resizeHalfPixel } from '../../testing/cam-toy';
import { scoreCam } from './score-cam';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * pytorch-grad-cam's ScoreCAM.get_cam_weights and BaseCAM.get_cam_image + np.maximum(cam, 0), one
 * channel at a time: upsample A^k (align_corners=True), min-max scale it (+1e-8), multiply the input,
 * one forward pass of tfjs-layers' own model, the target logit; softmax over channels in float64.
 */
async function referenceMap(toy: ReturnType<typeof camToy>, t: number): Promise<Float64Array> {
  const act = toy.activation(toy.x);
  const { h, w, c } = act;
  const [, H, W, C] = toy.x.shape;
  const x = await toy.x.data();
  const scores: number[] = [];
  for (let k = 0; k < c; k++) {
    const channel = Float64Array.from({ length: h * w }, (_, p) => act.a[p * c + k]);
    const up = resizeAlignCorners(channel, h, w, H, W);
    const lo = Math.min(...up);
    const hi = Math.max(...up);
    const masked = new Float32Array(H * W * C);
    for (let p = 0; p < H * W; p++) for (let ch = 0; ch < C; ch++) masked[p * C + ch] = x[p * C + ch] * ((up[p] - lo) / (hi - lo + 1e-8));
    scores.push(tf.tidy(() => toy.logits(tf.tensor4d(masked, [1, H, W, C])).dataSync()[t]));
  }
  const top = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - top));
  const total = exps.reduce((a, b) => a + b, 0);
  const weights = exps.map((e) => e / total);
  const low = Float64Array.from({ length: h * w }, (_, p) => Math.max(0, weights.reduce((s, wk, k) => s + wk * act.a[p * c + k], 0)));
  return resizeHalfPixel(low, h, w, H, W);
}

describe('Score-CAM on a toy with a hand-set conv layer', () => {
  it('equals pytorch-grad-cam\u2019s ScoreCAM computed channel by channel, batched with progress, leak-free', async () => {
    const toy = camToy();
    const before = tf.memory().numTensors;
    for (const t of [0, 2]) {
      const want = await referenceMap(toy, t);
      // 3 channels in chunks of 2: two chunks, the last one short.
      const ctx = contextFor(toy.compiled, { batchSize: 2 });
      const steps: [number, number][] = [];
      const step = ctx.step.bind(ctx);
      ctx.step = async (done, total) => {
        steps.push([done, total]);
        await step(done, total);
      };
      const r = await scoreCam(toy.x, t, { layer: 'cam' }, ctx);
      expect(r.notes).toMatchObject({ layer: 'cam', map: '4x4', channels: 3, forwardPasses: 3 });
      expect(steps).toEqual([
        [2, 3],
        [3, 3],
      ]);
      expect(ctx.calls.rows).toBe(1 + 3); // the activation pass, then one row per channel
      const got = await r.attributions.data();
      r.attributions.dispose();
      const scale = Math.max(...want);
      expect(scale).toBeGreaterThan(1e-3);
      expect(maxAbs(got, want)).toBeLessThan(1e-4 * scale);
    }
    expect(tf.memory().numTensors).toBe(before);
    toy.dispose();
  });

  it('stops between chunks when the request is cancelled', async () => {
    const toy = camToy();
    const before = tf.memory().numTensors;
    const ctx = contextFor(toy.compiled, { batchSize: 1 });
    ctx.step = async (done) => {
      if (done >= 1) throw new Error('cancelled');
    };
    await expect(scoreCam(toy.x, 0, { layer: 'cam' }, ctx)).rejects.toThrow('cancelled');
    expect(ctx.calls.rows).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
    toy.dispose();
  });
});
