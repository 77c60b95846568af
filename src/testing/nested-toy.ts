/**
 * Test-only: small NESTED Keras models built with tfjs-layers, saved to memory as tfjs saves them
 * (model.save), for the compiler's nested-topology tests and the upload tests.
 *
 * tmToy(): the shape of every Teachable Machine image export, shrunk: an outer Sequential holding
 *   1. a Sequential of [a functional model, GlobalAveragePooling2D], the functional model being a tiny
 *      MobileNetV2: ZeroPadding2D, Conv2D without bias, BatchNormalization, ReLU(max_value 6),
 *      DepthwiseConv2D (without and with bias), a 1 × 1 conv with its own relu6 activation (no BN fold),
 *      a residual Add, a BatchNormalization after the Add (standalone, not folded), ReLU(max_value 4)
 *      and the last block's ReLU(max_value 6) `out_relu`;
 *   2. a Sequential of [Dense(6, relu), Dropout, Dense(3, softmax, no bias)].
 * Weights are random, BatchNorm statistics non-trivial, so a wrong fold or order cannot pass.
 */
import * as tf from '@tensorflow/tfjs';

export type Sym = tf.SymbolicTensor;

export interface SavedModel {
  model: tf.LayersModel;
  artifacts: tf.io.ModelArtifacts;
  /** Weights by their manifest name, as tensors (owned by the model). */
  weights: Record<string, tf.Tensor>;
}

/** Random weights: moving variances in [0.5, 2], everything else N(0, 0.5), seeded. */
export function randomizeWeights(model: tf.LayersModel, seed = 7): void {
  model.setWeights(
    model.weights.map((w, i) =>
      w.originalName.endsWith('moving_variance')
        ? tf.randomUniform(w.shape as number[], 0.5, 2, 'float32', seed + i)
        : tf.randomNormal(w.shape as number[], 0, 0.5, 'float32', seed + i),
    ),
  );
}

/** model.save into memory: the artifacts a model.json plus weights.bin would hold. */
export async function saveToMemory(model: tf.LayersModel): Promise<SavedModel> {
  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const weights = Object.fromEntries(model.weights.map((w) => [w.originalName, w.read()]));
  return { model, artifacts: artifacts!, weights };
}

/** The inner functional model of tmToy (also usable alone): input [size, size, 3]. */
export function tinyMobileNet(size = 8, name = 'model_inner'): tf.LayersModel {
  const input = tf.input({ shape: [size, size, 3], name: `${name}_input` });
  const pad = tf.layers.zeroPadding2d({ padding: [[0, 1], [0, 1]], name: 'Conv1_pad' }).apply(input) as Sym;
  const c1 = tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'valid', useBias: false, name: 'Conv1' }).apply(pad) as Sym;
  const b1 = tf.layers.batchNormalization({ name: 'bn_Conv1' }).apply(c1) as Sym;
  const r1 = tf.layers.reLU({ maxValue: 6, name: 'Conv1_relu' }).apply(b1) as Sym;
  const dw = tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false, name: 'block_depthwise' }).apply(r1) as Sym;
  const dwb = tf.layers.batchNormalization({ name: 'block_depthwise_BN' }).apply(dw) as Sym;
  const dwr = tf.layers.reLU({ maxValue: 6, name: 'block_depthwise_relu' }).apply(dwb) as Sym;
  const dw2 = tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: true, name: 'block_depthwise_bias' }).apply(dwr) as Sym;
  const pw = tf.layers.conv2d({ filters: 4, kernelSize: 1, activation: 'relu6', name: 'block_pointwise_relu6' }).apply(dw2) as Sym;
  const proj = tf.layers.conv2d({ filters: 4, kernelSize: 1, useBias: false, name: 'block_project' }).apply(pw) as Sym;
  const projb = tf.layers.batchNormalization({ name: 'block_project_BN' }).apply(proj) as Sym;
  const add = tf.layers.add({ name: 'block_add' }).apply([r1, projb]) as Sym;
  const addbn = tf.layers.batchNormalization({ name: 'block_add_BN' }).apply(add) as Sym;
  const r4 = tf.layers.reLU({ maxValue: 4, name: 'block_relu4' }).apply(addbn) as Sym;
  const last = tf.layers.conv2d({ filters: 6, kernelSize: 1, useBias: false, name: 'Conv_1' }).apply(r4) as Sym;
  const lastb = tf.layers.batchNormalization({ name: 'Conv_1_bn' }).apply(last) as Sym;
  const out = tf.layers.reLU({ maxValue: 6, name: 'out_relu' }).apply(lastb) as Sym;
  return tf.model({ inputs: input, outputs: out, name });
}

/** Teachable Machine's layout, shrunk (see the file comment). Input [size, size, 3], 3 classes. */
export function tmToy(size = 8, classes = 3): tf.Sequential {
  const features = tf.sequential({ name: 'sequential_feat' });
  features.add(tinyMobileNet(size));
  features.add(tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d_GlobalAveragePooling2D1' }));
  const head = tf.sequential({ name: 'sequential_head' });
  head.add(tf.layers.dense({ units: 6, activation: 'relu', inputShape: [6], name: 'dense_Dense1' }));
  head.add(tf.layers.dropout({ rate: 0.5, name: 'dropout_Dropout1' }));
  head.add(tf.layers.dense({ units: classes, activation: 'softmax', useBias: false, name: 'dense_Dense2' }));
  const outer = tf.sequential({ name: 'sequential_outer' });
  outer.add(features);
  outer.add(head);
  randomizeWeights(outer);
  return outer;
}

/** A deep copy of a topology with the named layer's activation set to linear: tfjs-layers' own logits. */
export function withLinearLayer(topology: unknown, layer: string): unknown {
  const copy = JSON.parse(JSON.stringify(topology));
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const o = node as { config?: { name?: string; activation?: string } };
      if (o.config?.name === layer && 'activation' in o.config) o.config.activation = 'linear';
      Object.values(o).forEach(visit);
    }
  };
  visit(copy);
  return copy;
}

/** tfjs-layers' logits: the same artifacts with the logits layer's softmax removed, predicted by tfjs. */
export async function referenceLogits(artifacts: tf.io.ModelArtifacts, logitsLayer: string, x: tf.Tensor4D): Promise<tf.Tensor> {
  const linear = await tf.loadLayersModel(tf.io.fromMemory({ ...artifacts, modelTopology: withLinearLayer(artifacts.modelTopology, logitsLayer) as tf.io.ModelArtifacts['modelTopology'] }));
  try {
    return linear.predict(x) as tf.Tensor;
  } finally {
    linear.dispose();
  }
}

/** The files Teachable Machine exports for these artifacts: model.json, weights.bin and (optionally) metadata.json. */
export function exportFiles(artifacts: tf.io.ModelArtifacts, metadata: object | null, weightsPath = 'weights.bin'): Array<{ name: string; bytes: ArrayBuffer }> {
  const modelJson = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{ paths: [weightsPath], weights: artifacts.weightSpecs }],
  };
  const text = (o: object) => new TextEncoder().encode(JSON.stringify(o)).buffer as ArrayBuffer;
  const data = artifacts.weightData as ArrayBuffer;
  return [
    { name: 'model.json', bytes: text(modelJson) },
    { name: weightsPath, bytes: data.slice(0) },
    ...(metadata ? [{ name: 'metadata.json', bytes: text(metadata) }] : []),
  ];
}
