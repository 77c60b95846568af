/**
 * A small stand-in for MobileNet, for running every method and lab at its DEFAULT settings on WebGPU
 * in CI: on SwiftShader the real MobileNet takes minutes per Integrated Gradients run, and the
 * convergence lab's defaults are thousands of gradients. This network has MobileNet's input, its
 * preprocessing and the layer names the app relies on (conv1 … conv_pw_13_relu for Grad-CAM, conv_preds
 * for the logits, 1000 classes), its layer kinds (Conv2D, DepthwiseConv2D, BatchNormalization, ReLU6,
 * global average pooling, Reshape, Dropout, a 1x1 conv as classifier, softmax) and a max-pool, but a
 * stride-8 first conv and one block of 8 to 32 channels: four weight layers (the randomisation lab's
 * default depth), seeded weights and BatchNorm statistics. A test serves it in place of MobileNet's files
 * (page.route), so the app under test is the real build, unchanged. Its predictions mean nothing.
 */
import * as tf from '@tensorflow/tfjs';

export interface StandIn {
  modelJson: string;
  weights: Buffer;
}

export async function standInMobileNet(): Promise<StandIn> {
  await tf.setBackend('cpu');
  let seed = 1;
  const init = () => tf.initializers.heNormal({ seed: seed++ });
  const input = tf.input({ shape: [224, 224, 3], name: 'input_1' });
  const block = (x: tf.SymbolicTensor, name: string, layer: tf.layers.Layer) => {
    const y = layer.apply(x) as tf.SymbolicTensor;
    const bn = tf.layers.batchNormalization({ name: `${name}_bn`, epsilon: 1e-3 }).apply(y) as tf.SymbolicTensor;
    return tf.layers.activation({ activation: 'relu6', name: `${name}_relu` }).apply(bn) as tf.SymbolicTensor;
  };
  // On SwiftShader every dispatch costs, whatever its size: few layers, and a stride-8 first conv keeps them
  // small. The first layer stays a Conv2D fed by the input (the input-shift lab compensates there); the
  // max-pool after it puts DeepLift's tie-splitting rule on the path (a black baseline ties every window).
  let x = block(input, 'conv1', tf.layers.conv2d({ name: 'conv1', filters: 8, kernelSize: 3, strides: 8, padding: 'same', useBias: false, kernelInitializer: init() }));
  x = tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2, strides: 2 }).apply(x) as tf.SymbolicTensor;
  for (const [id, filters] of [[13, 32]] as const) {
    x = block(x, `conv_dw_${id}`, tf.layers.depthwiseConv2d({ name: `conv_dw_${id}`, kernelSize: 3, strides: 2, padding: 'same', useBias: false, depthwiseInitializer: init() }));
    x = block(x, `conv_pw_${id}`, tf.layers.conv2d({ name: `conv_pw_${id}`, filters, kernelSize: 1, padding: 'same', useBias: false, kernelInitializer: init() }));
  }
  x = tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d_1' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reshape({ name: 'reshape_1', targetShape: [1, 1, 32] }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dropout({ name: 'dropout', rate: 0.001 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ name: 'conv_preds', filters: 1000, kernelSize: 1, padding: 'same', kernelInitializer: init(), biasInitializer: 'zeros' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.activation({ name: 'act_softmax', activation: 'softmax' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reshape({ name: 'reshape_2', targetShape: [1000] }).apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: x, name: 'stand_in_mobilenet' });

  // BatchNorm statistics away from the identity, so the compiler's folding is exercised.
  const named: tf.NamedTensorMap = {};
  const made: tf.Tensor[] = [];
  for (const w of model.weights) {
    const v = w.read();
    const s = seed++;
    if (w.name.endsWith('moving_mean') || w.name.endsWith('beta')) made.push((named[w.name] = tf.randomNormal(v.shape, 0, 0.1, 'float32', s)));
    else if (w.name.endsWith('moving_variance') || w.name.endsWith('gamma')) made.push((named[w.name] = tf.randomUniform(v.shape, 0.5, 1.5, 'float32', s)));
    else named[w.name] = v;
  }
  const { data, specs } = await tf.io.encodeWeights(named);
  const modelJson = JSON.stringify({
    format: 'layers-model',
    generatedBy: 'saliency-lab e2e/stand-in-model.ts',
    modelTopology: { keras_version: '2.1.4', backend: 'tensorflow', model_config: model.toJSON(null, false) },
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: specs }],
  });
  tf.dispose(made);
  model.dispose();
  return { modelJson, weights: Buffer.from(data) };
}
