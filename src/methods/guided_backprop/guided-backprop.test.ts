import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS, type BuiltinModelId } from '../../shared/models/registry';
import { compileKeras } from '../../worker/runtime/compile';
import { loadModel, type LoadedModel } from '../../worker/runtime/load-model';
import { modelConfigOf } from '../../worker/runtime/keras-topology';
import { reluRuleNonlinearities } from '../../worker/attribution/relu-rules';
import { targetGradient } from '../../worker/attribution/gradients';
import { contextFor } from '../../testing/context';
import { assetPath, fileHandler } from '../../testing/node-io';
import { TOY_INPUT, referencePass, relL2, reluToy, type ReluToy } from '../../testing/relu-toy';
import { describeRealModel } from '../../testing/tiers';
import { guidedBackprop } from './guided-backprop';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Guided Backprop on a conv + ReLU + ReLU6 + dense toy, against loops written in the test', () => {
  let toy: ReluToy;
  const xs = [11, 12, 13].map((seed) => tf.randomNormal([1, ...TOY_INPUT], 0, 1.5, 'float32', seed) as tf.Tensor4D);
  beforeAll(() => {
    toy = reluToy();
  });
  afterAll(() => {
    tf.dispose(xs);
    toy.dispose();
  });

  it('the reference is right: its plain rule equals tf.grad of the compiled model, its logits the forward pass', () => {
    for (const x of xs) {
      const data = Float64Array.from(x.dataSync());
      for (let t = 0; t < 3; t++) {
        const ref = referencePass(toy, data, t, 'plain');
        const grad = tf.tidy(() => targetGradient(contextFor(toy.compiled), x, t).dataSync());
        expect(relL2(grad, ref.gradient)).toBeLessThan(1e-5);
        expect(relL2(tf.tidy(() => toy.compiled.logits(x).dataSync()), ref.logits)).toBeLessThan(1e-5);
      }
    }
  });

  it('equals the guided rule of the loops (rel. L2 < 1e-6) for every class, with ReLU6 inputs below 0, in (0, 6) and above 6', async () => {
    const ctx = contextFor(toy.compiled);
    const before = tf.memory().numTensors;
    let errors = 0;
    let blockedAboveSix = 0;
    let nonZero = 0;
    for (const x of xs) {
      const data = Float64Array.from(x.dataSync());
      for (let t = 0; t < 3; t++) {
        const ref = referencePass(toy, data, t, 'guided');
        const r = await guidedBackprop(x, t, {}, ctx);
        const ours = await r.attributions.data();
        r.attributions.dispose();
        errors = Math.max(errors, relL2(ours, ref.gradient));
        if (ref.gradient.some((v) => v !== 0)) nonZero++;
        expect(r.targetLogit).toBeCloseTo(ref.logits[t], 4);
        expect(r.delta).toBeUndefined();
        const z = ref.relu6Inputs;
        expect(z.some((v) => v < 0) && z.some((v) => v > 0 && v < 6) && z.some((v) => v > 6), `x ${xs.indexOf(x)}: ReLU6 regimes`).toBe(true);
        // Saturated units that a positive signal reaches: the guided rule blocks it, deconv would not.
        blockedAboveSix += z.filter((v, i) => v > 6 && ref.relu6Signal[i] > 0).length;
      }
    }
    expect(errors).toBeLessThan(1e-6); // measured 4e-8
    expect(nonZero).toBeGreaterThanOrEqual(6); // of 9: a class whose every path is negative is all zero
    expect(blockedAboveSix).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('differs from the plain gradient and from Deconvolution (the rules matter on this toy)', async () => {
    const x = xs[0];
    const data = Float64Array.from(x.dataSync());
    const [plain, guided, deconv] = (['plain', 'guided', 'deconv'] as const).map((rule) => referencePass(toy, data, 0, rule).gradient);
    const r = await guidedBackprop(x, 0, {}, contextFor(toy.compiled));
    const ours = await r.attributions.data();
    r.attributions.dispose();
    expect(relL2(ours, plain)).toBeGreaterThan(0.1);
    expect(relL2(ours, deconv)).toBeGreaterThan(0.1);
    expect(relL2(guided, plain)).toBeGreaterThan(0.1);
  });
});

/** Every rectifier layer of a Keras topology: [Activation / conv / dense with relu or relu6, or ReLU]. */
function rectifierLayers(topology: unknown): { relu: string[]; relu6: string[] } {
  const out = { relu: [] as string[], relu6: [] as string[] };
  for (const l of modelConfigOf(topology).config.layers) {
    const act = l.class_name === 'ReLU' ? (l.config.max_value === 6 ? 'relu6' : 'relu') : l.config.activation;
    if (act === 'relu' || act === 'relu6') out[act].push(l.config.name);
    else expect(['linear', 'softmax', undefined], `${l.config.name}: ${String(act)}`).toContain(act);
  }
  return out;
}

describeRealModel.each(['mobilenet_v1_0.75_224', 'resnet50'] as BuiltinModelId[])('the guided rule reaches every rectifier of %s', (id) => {
  it('every ReLU / ReLU6 layer of the topology goes through the rule (forward at 32x32, zero weights: no gradients)', () => {
    const spec = MODELS[id];
    const json = JSON.parse(readFileSync(assetPath('models', spec.dir, 'model.json'), 'utf8'));
    const expected = rectifierLayers(json.modelTopology);
    expect(expected.relu.length + expected.relu6.length).toBe(id === 'resnet50' ? 49 : 27);
    const weights: Record<string, tf.Tensor> = {};
    for (const group of json.weightsManifest) for (const w of group.weights) weights[w.name] = tf.zeros(w.shape);
    const compiled = compileKeras(json.modelTopology, weights, spec);
    const rules = reluRuleNonlinearities('guided');
    const seen = { relu: [] as string[], relu6: [] as string[] };
    tf.tidy(() =>
      compiled.logits(tf.zeros([1, 32, 32, 3]) as tf.Tensor4D, {
        nonlinearities: { relu: (x, layer) => (seen.relu.push(layer), rules.relu(x, layer)), relu6: (x, layer) => (seen.relu6.push(layer), rules.relu6(x, layer)) },
      }),
    );
    compiled.dispose();
    tf.dispose(Object.values(weights));
    expect(seen.relu.sort()).toEqual(expected.relu.sort());
    expect(seen.relu6.sort()).toEqual(expected.relu6.sort());
  });
});

describeRealModel('Guided Backprop on MobileNet (64x64)', () => {
  const spec = MODELS['mobilenet_v1_0.75_224'];
  let m: LoadedModel;
  beforeAll(async () => {
    m = await loadModel(spec, fileHandler(spec));
  });
  afterAll(() => m?.dispose());

  it('runs, is finite and non-zero, and differs from the plain gradient', async () => {
    const x = tf.randomUniform([1, 64, 64, 3], -1, 1, 'float32', 4) as tf.Tensor4D;
    const ctx = contextFor(m.compiled);
    const before = tf.memory().numTensors;
    const r = await guidedBackprop(x, 1, {}, ctx);
    const guided = await r.attributions.data();
    const plainT = tf.tidy(() => targetGradient(ctx, x, 1));
    const plain = await plainT.data();
    tf.dispose([r.attributions, plainT]);
    expect(tf.memory().numTensors).toBe(before);
    expect(guided.every(Number.isFinite)).toBe(true);
    expect(guided.some((v) => v !== 0)).toBe(true);
    expect(relL2(guided, plain)).toBeGreaterThan(0.1);
    x.dispose();
  });
});
