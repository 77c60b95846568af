/**
 * forwardWork: shapes inferred from the topology equal tfjs-layers' own output shapes (a toy network
 * with every counted layer kind, and the real MobileNet topology), MACs equal hand-computed products,
 * and the real models match their published multiply-adds.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assetPath } from '../../testing/node-io';
import { forwardWork } from './flops';

const WASTE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/test-models/waste-classifier-tm/model.json');
const topologyOf = (dir: string) => JSON.parse(readFileSync(join(assetPath('models', dir), 'model.json'), 'utf8')).modelTopology;

/** Output shapes without the batch dimension, by layer name, as tfjs-layers builds them. */
function layersShapes(model: tf.LayersModel): Map<string, number[]> {
  return new Map(model.layers.map((l) => [l.name, (l.outputShape as number[]).slice(1)]));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('forwardWork', () => {
  it('toy network: every shape as tfjs-layers infers it, MACs by hand', () => {
    const input = tf.input({ shape: [10, 10, 3], name: 'in' });
    let x = tf.layers.zeroPadding2d({ padding: [[1, 0], [2, 1]], name: 'pad' }).apply(input) as tf.SymbolicTensor; // 11 x 13 x 3
    x = tf.layers.conv2d({ filters: 4, kernelSize: [3, 2], strides: 2, padding: 'valid', name: 'conv' }).apply(x) as tf.SymbolicTensor; // 5 x 6 x 4
    x = tf.layers.batchNormalization({ name: 'bn' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', name: 'dw' }).apply(x) as tf.SymbolicTensor; // 5 x 6 x 8
    const y = tf.layers.conv2d({ filters: 8, kernelSize: 1, dilationRate: 1, padding: 'same', name: 'pw' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.add({ name: 'add' }).apply([x, y]) as tf.SymbolicTensor;
    x = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'pool' }).apply(x) as tf.SymbolicTensor; // 3 x 3 x 8
    x = tf.layers.conv2d({ filters: 2, kernelSize: 3, dilationRate: 2, padding: 'same', name: 'dil' }).apply(x) as tf.SymbolicTensor; // 3 x 3 x 2
    x = tf.layers.flatten({ name: 'flat' }).apply(x) as tf.SymbolicTensor; // 18
    x = tf.layers.dense({ units: 5, name: 'fc' }).apply(x) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: x });
    const work = forwardWork(model.toJSON(null, false), 10);
    const want = layersShapes(model);
    for (const l of work.layers) expect(l.shape, l.name).toEqual(want.get(l.name));
    const macs = Object.fromEntries(work.layers.map((l) => [l.name, l.macs]));
    expect(macs).toMatchObject({ conv: 5 * 6 * 4 * 3 * 2 * 3, dw: 5 * 6 * 8 * 9, pw: 5 * 6 * 8 * 8, dil: 3 * 3 * 2 * 9 * 8, fc: 18 * 5, pool: 0, add: 0 });
    expect(work.macs).toBe(2160 + 2160 + 1920 + 1296 + 90);
    expect(work.flops).toBe(2 * work.macs);
    model.dispose();
  });

  it('MobileNet v1 0.75: every shape as tfjs-layers builds the same topology; 325.4 M MACs (published 325 M)', async () => {
    const topology = topologyOf('mobilenet_v1_0.75_224');
    const model = await tf.models.modelFromJSON({ modelTopology: topology });
    const work = forwardWork(topology, 224);
    const want = layersShapes(model);
    for (const l of work.layers) expect(l.shape, l.name).toEqual(want.get(l.name));
    model.dispose();
    expect(work.macs).toBe(325_400_448);
    expect(Math.abs(work.macs / 325e6 - 1)).toBeLessThan(0.005);
    expect(work.flops / 1e9).toBeCloseTo(0.651, 3);
  });

  it('Keras ResNet-50 (v1): 3.86 G MACs (published 3.8 G)', () => {
    const work = forwardWork(topologyOf('resnet50_keras'), 224);
    expect(work.macs).toBe(3_857_973_248);
    expect(Math.abs(work.macs / 3.8e9 - 1)).toBeLessThan(0.02);
    expect(work.layers.find((l) => l.name === 'fc1000')).toMatchObject({ shape: [1000], macs: 2048 * 1000 });
  });

  it.skipIf(!existsSync(WASTE))("a nested Teachable Machine export (MobileNetV2 0.35): 58.1 M MACs, the published 59 M less ImageNet's classifier plus the student's head", () => {
    const work = forwardWork(JSON.parse(readFileSync(WASTE, 'utf8')).modelTopology, 224);
    expect(work.macs).toBe(58_135_008);
    expect(work.layers.find((l) => l.name === 'out_relu')).toMatchObject({ shape: [7, 7, 1280] });
    // Sandler et al. 2018 / TF-slim: 59 M MACs at 224 including the 1280 × 1001 classifier; TM's head is 1280 × 100 + 100 × 12.
    expect(Math.abs(work.macs / (59e6 - 1280 * 1001 + 1280 * 100 + 100 * 12) - 1)).toBeLessThan(0.01);
  });

  it('refuses a layer kind it cannot count, and a model that is not functional', () => {
    const input = tf.input({ shape: [4, 4, 1], name: 'in' });
    const model = tf.model({ inputs: input, outputs: tf.layers.upSampling2d({ name: 'up' }).apply(input) as tf.SymbolicTensor });
    expect(() => forwardWork(model.toJSON(null, false), 4)).toThrow(/UpSampling2D \(up\) is not counted/);
    expect(() => forwardWork({ config: {} })).toThrow(/not a Keras functional model/);
  });
});
