import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MODELS } from '../../shared/models/registry';
import { toModelInput } from '../../shared/image/pixels';
import { assetPath, fileHandler } from '../../testing/node-io';
import { croppedRgb } from '../../testing/node-image';
import { contextFor } from '../../testing/context';
import { describeRealModel } from '../../testing/tiers';
import { loadModel, type LoadedModel } from '../../worker/runtime/load-model';
import { inputBounds, lrp } from './lrp';
import { CAPTUM } from './lrp-rules';

describeRealModel('LRP on MobileNet v1, the goldfish at 224 x 224', () => {
  const spec = MODELS['mobilenet_v1_0.75_224'];
  let m: LoadedModel;
  let x: tf.Tensor4D;
  beforeAll(async () => {
    m = await loadModel(spec, fileHandler(spec));
    x = tf.tensor4d(toModelInput(await croppedRgb(assetPath('samples', 'n01443537_goldfish.JPEG')), spec.preprocessing), [1, 224, 224, 3]);
  });
  afterAll(() => (m?.dispose(), x?.dispose()));

  // Measured (wasm), Σ R − f(x) as a share of f(x) = 29.61: composite +0.001 %, ε +0.001 %, γ +0.002 %, z⁺ −0.004 %;
  // Captum's variant (bias in z', no fallback), ε: −97.0 %.
  it('every preset conserves relevance within 1 % of f(x) (biases absorb none); finite; no leaks', async () => {
    const ctx = contextFor(m.compiled);
    const before = tf.memory().numTensors;
    const rel: Record<string, number> = {};
    for (const rule of ['composite', 'epsilon', 'gamma', 'zplus'] as const) {
      const r = await lrp(x, 1, { rule, ...inputBounds(spec.preprocessing) }, ctx);
      const v = await r.attributions.data();
      r.attributions.dispose();
      expect(v.every(Number.isFinite)).toBe(true);
      console.log(`LRP ${rule}: f(x) = ${r.targetLogit.toFixed(4)}, delta = ${r.delta!.toExponential(3)} (${((100 * r.delta!) / r.targetLogit).toFixed(3)} %)`);
      rel[rule] = Math.abs(r.delta! / r.targetLogit);
    }
    for (const v of Object.values(rel)) expect(v).toBeLessThan(0.01);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("Captum's variant (bias in z'): the biases, BatchNorm's folded shift among them, absorb most of f(x)", async () => {
    const ctx = contextFor(m.compiled);
    const r = await lrp(x, 1, { rule: 'epsilon', ...inputBounds(spec.preprocessing) }, ctx, CAPTUM);
    r.attributions.dispose();
    console.log(`LRP epsilon, Captum variant: delta = ${r.delta!.toExponential(3)} (${((100 * r.delta!) / r.targetLogit).toFixed(3)} %)`);
    expect(Math.abs(r.delta! / r.targetLogit)).toBeGreaterThan(0.5);
  });
});
