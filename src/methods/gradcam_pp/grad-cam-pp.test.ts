import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS } from '../../shared/models/registry';
import { loadModel, type LoadedModel } from '../../worker/runtime/load-model';
import { contextFor } from '../../testing/context';
import { fileHandler } from '../../testing/node-io';
import { describeRealModel } from '../../testing/tiers';
import { camToy, finiteDifferenceGradient, maxAbs, resizeHalfPixel } from '../../testing/cam-toy';
import { camLayerOf } from '../cam-layer';
import { gradCamPP } from './grad-cam-pp';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * pytorch-grad-cam's GradCAMPlusPlus.get_cam_weights and BaseCAM.get_cam_image + np.maximum(cam, 0),
 * written out with loops over channels and positions in float64 from A and dA.
 */
function referenceMap(a: Float64Array, g: Float64Array, h: number, w: number, c: number): Float64Array {
  const weights = new Float64Array(c);
  for (let k = 0; k < c; k++) {
    let sumA = 0;
    for (let p = 0; p < h * w; p++) sumA += a[p * c + k];
    for (let p = 0; p < h * w; p++) {
      const gi = g[p * c + k];
      const aij = gi !== 0 ? (gi * gi) / (2 * gi * gi + sumA * gi * gi * gi + 1e-6) : 0;
      weights[k] += aij * Math.max(gi, 0);
    }
  }
  return Float64Array.from({ length: h * w }, (_, p) => Math.max(0, weights.reduce((s, wk, k) => s + wk * a[p * c + k], 0)));
}

describe('Grad-CAM++ on a toy with a hand-set conv layer', () => {
  it('equals pytorch-grad-cam\u2019s formulas computed with explicit loops, ReLU applied, leak-free', async () => {
    const toy = camToy();
    const act = toy.activation(toy.x);
    const { h, w, c } = act;
    const before = tf.memory().numTensors;
    let sawZeroGradient = false;
    for (const t of [0, 1, 2]) {
      const g = finiteDifferenceGradient(toy, act, t);
      sawZeroGradient ||= g.some((v) => v === 0);
      const want = resizeHalfPixel(referenceMap(act.a, g, h, w, c), h, w, 8, 8);
      const r = await gradCamPP(toy.x, t, { layer: 'cam' }, contextFor(toy.compiled));
      expect(r.notes).toMatchObject({ layer: 'cam', map: '4x4', channels: 3 });
      const got = await r.attributions.data();
      r.attributions.dispose();
      const scale = Math.max(...want);
      expect(scale).toBeGreaterThan(1e-4);
      expect(maxAbs(got, want)).toBeLessThan(2e-3 * scale);
      expect(Math.min(...got)).toBeGreaterThanOrEqual(0);
      expect(r.targetLogit).toBeCloseTo(tf.tidy(() => toy.logits(toy.x).dataSync()[t]), 4);
    }
    expect(sawZeroGradient).toBe(true); // the g == 0 branch (dead 'head' units) is exercised
    expect(tf.memory().numTensors).toBe(before);
    toy.dispose();
  });
});

describeRealModel('Grad-CAM++ on MobileNet', () => {
  let m: LoadedModel;
  const spec = MODELS['mobilenet_v1_0.75_224'];
  beforeAll(async () => {
    m = await loadModel(spec, fileHandler(spec));
  });
  afterAll(() => m?.dispose());

  it('runs at the default layer (7x7) and at an early one (56x56): finite, non-negative, non-zero, leak-free', async () => {
    const x = tf.randomUniform([1, 224, 224, 3], -1, 1, 'float32', 4) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    for (const [layer, map, channels] of [['', '7x7', 768], ['conv_pw_3_relu', '56x56', 96]] as const) {
      const r = await gradCamPP(x, 1, { layer: camLayerOf(spec, { layer }).name }, contextFor(m.compiled));
      expect(r.attributions.shape).toEqual([1, 224, 224, 1]);
      expect(r.notes).toMatchObject({ map, channels });
      const values = await r.attributions.data();
      r.attributions.dispose();
      expect(values.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
      expect(values.some((v) => v > 0)).toBe(true);
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
