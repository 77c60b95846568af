import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MODELS } from '../../shared/models/registry';
import { toModelInput } from '../../shared/image/pixels';
import { assetPath, fileHandler } from '../../testing/node-io';
import { croppedRgb } from '../../testing/node-image';
import { contextFor, testContext } from '../../testing/context';
import { describeRealModel } from '../../testing/tiers';
import { loadModel, type LoadedModel } from '../../worker/runtime/load-model';
import { inputBounds, lrp } from './lrp';

describeRealModel('LRP on MobileNet v1, the goldfish at 224 x 224', () => {
  const spec = MODELS['mobilenet_v1_0.75_224'];
  let m: LoadedModel;
  let x: tf.Tensor4D;
  beforeAll(async () => {
    m = await loadModel(spec, fileHandler(spec));
    x = tf.tensor4d(toModelInput(await croppedRgb(assetPath('samples', 'n01443537_goldfish.JPEG')), spec.preprocessing), [1, 224, 224, 3]);
  });
  afterAll(() => (m?.dispose(), x?.dispose()));

  it('every preset: finite, the target logit f(x), relevance conservation measured', async () => {
    const ctx = contextFor(m.compiled);
    const before = tf.memory().numTensors;
    const rel: Record<string, number> = {};
    for (const rule of ['composite', 'epsilon', 'gamma', 'zplus'] as const) {
      const r = await lrp(x, 1, { rule, ...inputBounds(spec.preprocessing) }, ctx);
      const v = await r.attributions.data();
      r.attributions.dispose();
      expect(v.every(Number.isFinite)).toBe(true);
      rel[rule] = r.delta! / r.targetLogit;
      console.log(`LRP ${rule}: f(x) = ${r.targetLogit.toFixed(4)}, delta = ${r.delta!.toExponential(3)} (${(100 * rel[rule]).toFixed(2)} %)`);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('with every bias zeroed (BatchNorm beta and mean, the classifier bias), ε, γ and the composite conserve f(x) (|delta| < 1e-4 · f(x)); z⁺ loses what reaches units with z⁺ = 0', async () => {
    // Biases absorb relevance (measured on the real weights: Σ R ≈ 0 of f(x) ≈ 29.6); without them each
    // rule conserves layer by layer, so this fails if any layer's backward pass loses or adds relevance.
    const zero: Record<string, tf.Tensor> = {};
    for (const l of m.compiled.layers) for (const w of l.weightNames) if (/(beta|moving_mean|bias)$/.test(w)) zero[w] = tf.zeros(m.weights[w].shape);
    expect(Object.keys(zero).length).toBeGreaterThan(25);
    const ctx = testContext((xx, o) => m.compiled.logits(xx, { ...o, weights: zero }));
    for (const rule of ['composite', 'epsilon', 'gamma', 'zplus'] as const) {
      const r = await lrp(x, 1, { rule, ...inputBounds(spec.preprocessing) }, ctx);
      r.attributions.dispose();
      console.log(`LRP ${rule}, no biases: f(x) = ${r.targetLogit.toFixed(4)}, delta = ${r.delta!.toExponential(3)}`);
      // Measured: |delta| ≤ 1e-6 of f(x) = 0.26 for ε, γ, composite; z⁺ −0.77 % (relevance reaching a unit
      // whose positive part z⁺ is 0 is dropped: R_j·0/(0 + 1e-9) = 0).
      expect(Math.abs(r.delta! / r.targetLogit)).toBeLessThan(rule === 'zplus' ? 0.02 : 1e-4);
    }
    tf.dispose(Object.values(zero));
  });
});
