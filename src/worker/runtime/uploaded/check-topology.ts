/**
 * What an uploaded model's topology says, found by layer type and position (names change from export
 * to export: sequential_4 / sequential_12, dense_Dense1 / dense_Dense5), and every reason the compiler
 * could not run it, as an UploadError a student can act on:
 *  - it takes one image [null, H, W, 3] (H = W; metadata.json's imageSize agrees);
 *  - its output comes from a Dense layer (or MobileNet v1's 1 × 1 Conv2D on a pooled map) with a softmax
 *    or no activation, followed by nothing but a Softmax / Activation / Dropout / Reshape / Flatten:
 *    that layer, its activation stripped, gives the logits;
 *  - every layer on the way is one the compiler has a builder for, with arguments it supports, and has
 *    its weights in the weights manifest.
 */
import { forwardWork } from '../../../shared/models/flops';
import { flattenTopology, inboundNames, type FlatTopology, type KerasLayerJson } from '../keras-topology';
import { LAYER_BUILDERS, layerBuilder } from '../compile/layers';
import { UploadError } from './upload-error';

export interface TopologyFacts {
  flat: FlatTopology;
  byName: Map<string, KerasLayerJson>;
  /** The graph input layer. */
  input: string;
  inputSize: number;
  logitsLayer: string;
  numClasses: number;
  /** Layers the logits depend on, in topological order (the compiler's graph). */
  path: KerasLayerJson[];
  /** Output shape of each layer without the batch dimension, at inputSize. */
  shapes: Map<string, number[]>;
}

/** Layers allowed after the logits layer: they only turn logits into probabilities or reshape them. */
const TAIL = new Set(['Softmax', 'Activation', 'Dropout', 'Reshape', 'Flatten']);
/** Activations the compiler runs (relu and relu6 through the replaceable nonlinearities). */
const ACTIVATIONS = new Set(['linear', 'relu', 'relu6', 'softmax']);

const layerName = (l: KerasLayerJson) => l.config.name;
const describe = (l: KerasLayerJson) => `Layer "${layerName(l)}" (${l.class_name})`;

/** The weights a layer's builder reads (compile/conv.ts, compile/layers.ts), by the manifest's names. */
export function requiredWeights(l: KerasLayerJson): string[] {
  const n = layerName(l);
  const c = l.config;
  switch (l.class_name) {
    case 'Conv2D':
      return [`${n}/kernel`, ...(c.use_bias ? [`${n}/bias`] : [])];
    case 'DepthwiseConv2D':
      return [`${n}/depthwise_kernel`, ...(c.use_bias ? [`${n}/bias`] : [])];
    case 'Dense':
      return [`${n}/kernel`, ...(c.use_bias === false ? [] : [`${n}/bias`])];
    case 'BatchNormalization':
      return [`${n}/moving_mean`, `${n}/moving_variance`];
    default:
      return [];
  }
}

/** Why the compiler cannot run this layer as configured, or null. */
function layerProblem(l: KerasLayerJson, isLogits: boolean): string | null {
  if (!layerBuilder(l.class_name)) {
    const supported = Object.keys(LAYER_BUILDERS).join(', ');
    return `${describe(l)} is a type of layer Saliency Lab cannot run yet. It runs Keras image classifiers built from: ${supported}.`;
  }
  const c = l.config;
  if (c.data_format === 'channels_first') return `${describe(l)} works on channels-first images; only channels-last (height, width, colour) models are supported.`;
  if (!isLogits && c.activation !== undefined && !ACTIVATIONS.has(String(c.activation))) {
    return `${describe(l)} uses the activation "${String(c.activation)}", which Saliency Lab cannot run yet (it runs ${[...ACTIVATIONS].join(', ')}).`;
  }
  if (l.class_name === 'ReLU' && (c.negative_slope || c.threshold)) return `${describe(l)} is a leaky or thresholded ReLU, which Saliency Lab cannot run yet.`;
  if (l.class_name === 'BatchNormalization') {
    const axis = Array.isArray(c.axis) ? c.axis[0] : (c.axis ?? -1);
    if (axis !== -1 && axis !== 3) return `${describe(l)} normalises axis ${String(axis)}; only the channel axis (-1) is supported.`;
  }
  if ((l.class_name === 'Conv2D' || l.class_name === 'DepthwiseConv2D') && c.padding !== 'same' && c.padding !== 'valid') {
    return `${describe(l)} has padding "${String(c.padding)}"; only "same" and "valid" are supported.`;
  }
  return null;
}

/** The input's [height, width, channels] from its batch_input_shape, or an UploadError saying what the model takes instead. */
function imageInput(l: KerasLayerJson, modelName: string): [number | null, number | null] {
  const shape = (l.config.batch_input_shape ?? l.config.batch_shape) as Array<number | null> | undefined;
  if (!Array.isArray(shape)) throw new UploadError(`${modelName}: its input layer ${layerName(l)} does not give its shape.`);
  const text = `[${shape.map((d) => (d == null ? 'null' : d)).join(', ')}]`;
  if (shape.length !== 4) {
    throw new UploadError(`${modelName} does not take images: its input has shape ${text}, while a picture is [null, height, width, 3]. Is it a Teachable Machine pose or sound model? Only image models can be explained here.`);
  }
  if (shape[3] !== 3) {
    throw new UploadError(`${modelName} takes images with ${shape[3] ?? 'any number of'} channel(s) (input ${text}); Saliency Lab feeds it colour photos, [null, height, width, 3].`);
  }
  if (shape[1] != null && shape[2] != null && shape[1] !== shape[2]) {
    throw new UploadError(`${modelName} takes ${shape[1]} × ${shape[2]} images (input ${text}); only square inputs are supported.`);
  }
  return [shape[1] ?? null, shape[2] ?? null];
}

/**
 * Reads and checks the topology. `imageSize`: metadata.json's, when given (else the input layer's,
 * else 224). `weightNames`: the weights manifest's names. Throws UploadError.
 */
export function checkTopology(topology: unknown, modelName: string, imageSize: number | null, weightNames: ReadonlySet<string>): TopologyFacts {
  let flat: FlatTopology;
  try {
    flat = flattenTopology(topology);
  } catch (e) {
    throw new UploadError(`${modelName}: its topology cannot be read. ${(e as Error).message}`);
  }
  const byName = new Map(flat.layers.map((l) => [layerName(l), l]));
  if (flat.inputs.length !== 1) throw new UploadError(`${modelName} takes ${flat.inputs.length} inputs; an image classifier takes one image.`);
  if (flat.outputs.length !== 1) throw new UploadError(`${modelName} has ${flat.outputs.length} outputs; an image classifier has one (its class probabilities).`);
  const input = flat.inputs[0];
  const [h] = imageInput(byName.get(input)!, modelName);
  if (h != null && imageSize != null && h !== imageSize) {
    throw new UploadError(`metadata.json says the images are ${imageSize} × ${imageSize}, but ${modelName}'s input is ${h} × ${h}: the files are from different models.`);
  }
  const inputSize = h ?? imageSize ?? 224;

  // The logits layer: back from the output through the softmax / reshape tail.
  let logits = byName.get(flat.outputs[0])!;
  while (TAIL.has(logits.class_name)) {
    if (logits.class_name === 'Activation' && !['softmax', 'linear'].includes(String(logits.config.activation))) break;
    const from = inboundNames(logits);
    if (from.length !== 1) break;
    logits = byName.get(from[0])!;
  }
  const act = String(logits.config.activation ?? 'linear');
  const isHead = logits.class_name === 'Dense' || (logits.class_name === 'Conv2D' && String(logits.config.kernel_size) === '1,1');
  if (!isHead) {
    throw new UploadError(`${modelName}'s output comes from ${describe(logits).replace('Layer', 'layer')}, not from a Dense layer: Saliency Lab explains classifiers whose last layer is a Dense layer (with a softmax).`);
  }
  if (act !== 'softmax' && act !== 'linear') {
    throw new UploadError(`${modelName} ends in ${describe(logits).replace('Layer', 'layer')} with the activation "${act}": Saliency Lab explains classifiers whose last Dense layer has a softmax (one class per image).`);
  }

  // Layers the logits depend on, each runnable and with its weights.
  const needed = new Set<string>();
  const stack = [layerName(logits)];
  while (stack.length) {
    const n = stack.pop()!;
    if (needed.has(n)) continue;
    needed.add(n);
    stack.push(...inboundNames(byName.get(n)!));
  }
  const path = flat.layers.filter((l) => needed.has(layerName(l)));
  for (const l of path) {
    const problem = layerProblem(l, l === logits);
    if (problem) throw new UploadError(problem);
    for (const w of requiredWeights(l)) {
      if (!weightNames.has(w)) throw new UploadError(`${describe(l)} needs the weight ${w}, which model.json's weightsManifest does not list: model.json is damaged or from another tool.`);
    }
  }

  let shapes: Map<string, number[]>;
  try {
    shapes = new Map(forwardWork(topology, inputSize).layers.map((l) => [l.name, l.shape]));
  } catch (e) {
    throw new UploadError(`${modelName}: the shapes of its layers cannot be worked out (${(e as Error).message}).`);
  }
  const out = shapes.get(layerName(logits))!;
  const numClasses = out.reduce((a, b) => a * b, 1);
  if (!(numClasses >= 1) || !(out.length === 1 || (out.length === 3 && out[0] * out[1] === 1))) {
    throw new UploadError(`${modelName}'s last layer ${layerName(logits)} gives an output of shape [${out.join(', ')}], not one score per class.`);
  }
  return { flat, byName, input, inputSize, logitsLayer: layerName(logits), numClasses, path, shapes };
}
