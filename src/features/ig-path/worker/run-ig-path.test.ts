import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../../methods/params';
import { MODELS } from '../../../shared/models/registry';
import { modelZeroRgb, toModelInput } from '../../../shared/image/pixels';
import { croppedRgb } from '../../../testing/node-image';
import { assetPath, fileHandler } from '../../../testing/node-io';
import { describeRealModel } from '../../../testing/tiers';
import { runAttributionOnPixels, type EngineEnv } from '../../../worker/attribution/engine';
import { loadModel, type LoadedModel } from '../../../worker/runtime/load-model';
import { modelInputToRgb, runIgPath } from './run-ig-path';

describe('the baseline as pixels (the interpolated image is drawn from it)', () => {
  it.each(['mobilenet', 'caffe'] as const)('%s: inverts toModelInput; model-space zero is %s’s neutral colour', (pre) => {
    const px = Float32Array.from({ length: 30 }, (_, i) => (i * 37) % 256);
    const back = modelInputToRgb(toModelInput(px, pre, 3), pre);
    back.forEach((v, i) => expect(v).toBeCloseTo(px[i], 3));
    const zero = modelInputToRgb(new Float32Array(6), pre);
    expect(Array.from(zero.slice(3))).toEqual(modelZeroRgb(pre).map(Math.fround)); // gray, or the mean colour (RGB)
  });
});

describeRealModel('IG path on MobileNet: the same sums as the Explain panel\u2019s Integrated Gradients', () => {
  const spec = MODELS['mobilenet_v1_0.75_224'];
  let model: LoadedModel;
  let rgba: Uint8ClampedArray;
  let rgb: Float32Array;
  const env: EngineEnv = { backend: 'wasm', progress: () => {}, checkCancelled: () => {} };
  beforeAll(async () => {
    model = await loadModel(spec, fileHandler(spec));
    const crop = await croppedRgb(assetPath('samples', 'n01443537_goldfish.JPEG'));
    rgb = Float32Array.from(crop);
    rgba = new Uint8ClampedArray(224 * 224 * 4).fill(255);
    for (let i = 0; i < 224 * 224; i++) rgba.set(crop.subarray(i * 3, i * 3 + 3), i * 4);
  });
  afterAll(() => model?.dispose());

  it.each(['uniform', 'zero'] as const)('goldfish vs %s baseline, 6 Gauss–Legendre steps', async (baseline) => {
    const request = { target: 1, baseline, steps: 6, method: 'gausslegendre' as const, seed: 3, batch: 4 };
    const before = tf.memory().numTensors;
    const path = await runIgPath(model, rgba, request, env);
    expect(tf.memory().numTensors).toBe(before);
    const ig = await runAttributionOnPixels(model, rgb, rgba, { ...DEFAULT_PARAMS, method: 'ig', target: 1, baseline, steps: 6, igMethod: 'gausslegendre', seed: 3, batch: 4 }, env);
    const igSum = ig.attributions.reduce((s, v) => s + v, 0);
    const runningEnd = path.incrementSums.reduce((s, v) => s + v, 0);
    console.log(`IG path, MobileNet, ${baseline}: f(x) − f(b) = ${(path.fInput - path.fBaseline).toFixed(5)}, Σ IG = ${igSum.toFixed(5)}, running-sum end = ${runningEnd.toFixed(5)}, path's IG Σ = ${path.attributionSum.toFixed(5)}`);
    expect(Math.abs(igSum)).toBeGreaterThan(0.5);
    expect(path.fInput - path.fBaseline).toBe(ig.outputDifference);
    expect(Math.abs(runningEnd - igSum)).toBeLessThan(1e-5 * Math.abs(igSum));
    expect(Math.abs(path.attributionSum - igSum)).toBeLessThan(1e-6 * Math.abs(igSum)); // the same map
    if (baseline === 'zero') expect(path.baselineRgb.slice(0, 3)).toEqual(Float32Array.of(127.5, 127.5, 127.5));
    else path.baselineRgb.forEach((v, i) => i < 300 && expect(v).toBeGreaterThanOrEqual(-1e-3)); // pixels, not model input
  });
});
