import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { MODELS, type BuiltinModelId } from '../../shared/models/registry';
import { toModelInput } from '../../shared/image/pixels';
import { assetPath, fileHandler } from '../../testing/node-io';
import { croppedRgb } from '../../testing/node-image';
import { loadModel } from './load-model';
import { describeRealModel } from '../../testing/tiers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function goldfishInput(id: BuiltinModelId): Promise<tf.Tensor4D> {
  const rgb = await croppedRgb(assetPath('samples', 'n01443537_goldfish.JPEG'));
  return tf.tensor4d(toModelInput(rgb, MODELS[id].preprocessing), [1, 224, 224, 3]);
}

/** Logits from tfjs' own LayersModel, by each model's SOURCE.md recipe. */
async function referenceLogits(id: BuiltinModelId, x: tf.Tensor4D): Promise<tf.Tensor2D> {
  const model = await tf.loadLayersModel(fileHandler(MODELS[id]));
  try {
    return tf.tidy(() => {
      if (id === 'resnet50') {
        const feat = tf.model({ inputs: model.inputs, outputs: model.getLayer('avg_pool').output as tf.SymbolicTensor });
        const [kernel, bias] = model.getLayer('fc1000').getWeights();
        return tf.add(tf.matMul(feat.predict(x) as tf.Tensor2D, kernel as tf.Tensor2D), bias) as tf.Tensor2D;
      }
      const head = tf.model({ inputs: model.inputs, outputs: model.getLayer('conv_preds').output as tf.SymbolicTensor });
      return tf.reshape(head.predict(x) as tf.Tensor, [1, 1000]) as tf.Tensor2D;
    });
  } finally {
    model.dispose();
  }
}

describeRealModel.each(['mobilenet_v1_0.75_224', 'resnet50'] as BuiltinModelId[])('compiled %s', (id) => {
  it('matches the LayersModel logits within 1e-4 and puts the goldfish in class 1', async () => {
    const x = await goldfishInput(id);
    const loaded = await loadModel(MODELS[id], fileHandler(MODELS[id]));
    const before = tf.memory().numTensors;
    const ours = tf.tidy(() => loaded.compiled.logits(x));
    expect(tf.memory().numTensors).toBe(before + 1); // no leaked intermediates
    const fused = tf.tidy(() => loaded.compiled.logits(x, { inferenceOnly: true }));
    const ref = await referenceLogits(id, x);
    expect(ours.shape).toEqual([1, 1000]);
    // Both the gradient path (plain ops) and the inference path (fused kernels).
    for (const logits of [ours, fused]) {
      const maxDiff = tf.max(tf.abs(tf.sub(logits, ref))).dataSync()[0];
      expect(maxDiff).toBeLessThan(1e-4);
    }
    expect(tf.argMax(ours, 1).dataSync()[0]).toBe(1); // goldfish, label alignment
    expect(tf.softmax(ours).dataSync()[1]).toBeGreaterThan(0.5);
    tf.dispose([x, ours, fused, ref]);
    loaded.dispose();
  });
});
