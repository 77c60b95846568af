/**
 * The real student export in ../shared/test-models/waste-classifier-tm/ (12 kinds of waste; SOURCE.md):
 * opened by readUploadedModel from its three files (and as a zip), compiled, and run on ImageNet sample
 * photos preprocessed by the app's own Teachable Machine pipeline (short-side crop, x/127 - 1). The
 * reference is tfjs-layers' LayersModel.predict on the same tensor, which is what @teachablemachine/image
 * runs (tf.loadLayersModel + predict on capture()'s tensor): the done-when, within 1e-3.
 * A real-model check (testing/tiers.ts: on the wasm backend, skipped in the fast tier), and skipped with
 * its reason when ../shared is not beside the repository.
 */
import * as tf from '@tensorflow/tfjs';
import { zipSync } from 'fflate';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRealModel } from '../../../testing/tiers';
import { toModelInput } from '../../../shared/image/pixels';
import { referenceLogits } from '../../../testing/nested-toy';
import { croppedRgb } from '../../../testing/node-image';
import { assetPath } from '../../../testing/node-io';
import { loadModel, type LoadedModel } from '../load-model';
import { shiftCompensation } from '../shift';
import { readUploadedModel, type UploadedFile, type UploadedModel } from './index';

const DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/test-models/waste-classifier-tm');
const HAVE = existsSync(join(DIR, 'model.json'));
const LABELS = ['Battery', 'biological', 'brown-glass', 'cardboard', 'clothes', 'green-glass', 'metal', 'paper', 'plastic', 'shoes', 'trash', 'white-glass'];

const read = (name: string): UploadedFile => {
  const b = readFileSync(join(DIR, name));
  return { name, bytes: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer };
};
const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

/** A sample photo as the app feeds this model: Teachable Machine's crop, then its capture arithmetic. */
async function input(spec: UploadedModel['spec'], sample: string): Promise<tf.Tensor4D> {
  const rgb = await croppedRgb(assetPath('samples', sample), spec.inputSize, spec.crop);
  return tf.tensor4d(toModelInput(rgb, spec.preprocessing), [1, spec.inputSize, spec.inputSize, 3]);
}

(HAVE ? describeRealModel : describe.skip)(`the Teachable Machine waste classifier${HAVE ? '' : ' (skipped: ../shared/test-models/waste-classifier-tm is not beside the repository)'}`, () => {
  let up: UploadedModel;
  let loaded: LoadedModel;
  let reference: tf.LayersModel;
  beforeAll(async () => {
    up = await readUploadedModel(['model.json', 'weights.bin', 'metadata.json'].map(read));
    loaded = await loadModel(up.spec, tf.io.fromMemory(up.artifacts));
    reference = await tf.loadLayersModel(tf.io.fromMemory(up.artifacts));
  });
  afterAll(() => {
    loaded?.dispose();
    reference?.dispose();
  });

  it('is read as SOURCE.md describes it: 12 labels in output order, MobileNetV2 features, Dense head', () => {
    expect(up.labels).toEqual(LABELS);
    expect(up.spec).toMatchObject({
      id: 'uploaded:tm-my-image-model',
      label: 'tm-my-image-model',
      inputSize: 224,
      preprocessing: 'teachable',
      crop: 'short-side-center',
      logitsLayer: 'dense_Dense6',
      numClasses: 12,
      gradCamLayer: 'out_relu',
      bytes: 2_158_032 + read('model.json').bytes.byteLength,
    });
    expect(up.artifacts.weightSpecs).toHaveLength(263);
    expect(up.camLayers.at(-1)).toEqual({ name: 'out_relu', block: 'last 7×7 map', size: 7, channels: 1280 });
    expect(up.camLayers.filter((c) => c.block.startsWith('residual'))).toHaveLength(10); // MobileNetV2's 10 residual adds
  });

  it.each([
    ['n07753592_banana.JPEG', 'biological'],
    ['n04120489_running_shoe.JPEG', 'shoes'],
    ['n02823428_beer_bottle.JPEG', 'brown-glass'],
  ])('%s: the probabilities @teachablemachine/image gives (within 1e-3), top-1 %s', async (sample, top1) => {
    const x = await input(up.spec, sample);
    const logits = tf.tidy(() => loaded.compiled.logits(x));
    const fused = tf.tidy(() => loaded.compiled.logits(x, { inferenceOnly: true }));
    const probs = reference.predict(x) as tf.Tensor;
    const refLogits = await referenceLogits(up.artifacts, up.spec.logitsLayer, x);
    for (const l of [logits, fused]) {
      expect(maxDiff(tf.tidy(() => tf.softmax(l)), probs)).toBeLessThan(1e-3);
      expect(maxDiff(l, refLogits)).toBeLessThan(1e-3);
    }
    const p = tf.tidy(() => tf.softmax(logits)).dataSync();
    expect(up.labels[p.indexOf(Math.max(...p))]).toBe(top1);
    tf.dispose([x, logits, fused, probs, refLogits]);
  });

  it('opens the same from the zip Teachable Machine downloads', async () => {
    const files = ['model.json', 'weights.bin', 'metadata.json'].map(read);
    const bytes = zipSync(Object.fromEntries(files.map((f) => [`my_model/${f.name}`, new Uint8Array(f.bytes)])));
    const zipped = await readUploadedModel([{ name: 'converted_tfjs.zip', bytes: bytes.buffer as ArrayBuffer }]);
    expect(zipped.spec).toEqual(up.spec);
    expect(zipped.labels).toEqual(up.labels);
  });

  it('supports every hook: 35 ReLU6 + 1 ReLU replaceable, every CAM layer tappable, shift compensation exact', async () => {
    const x = await input(up.spec, 'n07753592_banana.JPEG');
    const seen = { relu: [] as string[], relu6: [] as string[] };
    const taps = new Map<string, number[]>();
    tf.tidy(() => {
      loaded.compiled.logits(x, { nonlinearities: { relu: (t, l) => (seen.relu.push(l), tf.relu(t)), relu6: (t, l) => (seen.relu6.push(l), tf.relu6(t)) } });
      for (const c of up.camLayers) loaded.compiled.logits(x, { tap: { layer: c.name, replace: (a) => (taps.set(c.name, a.shape), a) } });
    });
    expect(seen.relu6).toHaveLength(35);
    expect(seen.relu).toEqual(['dense_Dense5']);
    for (const c of up.camLayers) expect(taps.get(c.name), c.name).toEqual([1, c.size, c.size, c.channels]);
    const shift = [0.25, -0.5, 0.1];
    const comp = shiftCompensation(loaded.compiled, loaded.weights, shift);
    const d = tf.tidy(() =>
      maxDiff(loaded.compiled.logits(tf.add(x, tf.tensor1d(shift)) as tf.Tensor4D, { weights: comp.weights, inputPadValue: comp.inputPadValue }), loaded.compiled.logits(x)),
    );
    expect(d).toBeLessThan(1e-3);
    comp.dispose();
    x.dispose();
  });
});
