/**
 * Opens a model a student uploads: a Teachable Machine image export (model.json, weights.bin,
 * metadata.json, selected together, or the zip "Download my model" gives) or any Keras layers model
 * converted to tfjs. Everything stays in memory; nothing is fetched.
 *
 * The spec it builds:
 *  - id `uploaded:<slug of modelName>`; label = metadata `modelName`, else the zip's or folder's name,
 *    else the model.json file name;
 *  - inputSize = metadata `imageSize` (older exports omit it) = the input layer's size, else 224;
 *  - preprocessing 'teachable' (RGB x/127 - 1) and crop 'short-side-center', Teachable Machine's own.
 *    Chosen for every upload: with metadata from @teachablemachine/image it is exact; without it (a
 *    plain Keras conversion, or metadata.json left out) it is the closest guess, since a Keras
 *    MobileNet-style model expects [-1, 1] (x/127.5 - 1, 0.4 % away) and the note says it was assumed;
 *  - logitsLayer = the last Dense (its softmax stripped), numClasses = its units, labels from metadata
 *    `labels` (class_0… when absent), camLayers / gradCamLayer by type (cam-blocks.ts);
 *  - publishedTop1 null (there is no published accuracy).
 * Any problem is an UploadError whose message names the file, layer or number at fault.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ModelId, ModelSpec } from '../../../shared/models/registry';
import { camBlocks } from './cam-blocks';
import { checkTopology } from './check-topology';
import type { UploadedFile, UploadedModel } from './types';
import { UploadError } from './upload-error';
import { basename, weightData } from './weight-files';
import { isZip, unzipFiles } from './zip';

interface Metadata {
  packageName?: string;
  modelName?: string;
  labels?: unknown[];
  imageSize?: number;
  wordLabels?: unknown;
  tfjsSpeechCommandsVersion?: string;
}

const TM_IMAGE = '@teachablemachine/image';

const WHAT_TO_UPLOAD =
  'Select model.json together with its weight file (weights.bin) and metadata.json, or drop the zip Teachable Machine downloads ("Export Model" → Tensorflow.js → Download).';

/** The hint for a zip or a selection without model.json, from what it does hold. */
function noModelJson(where: string, files: UploadedFile[]): string {
  const names = files.map((f) => basename(f.name));
  const has = (re: RegExp) => names.some((x) => re.test(x));
  const listed = names.length ? ` (${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''})` : '';
  let hint = WHAT_TO_UPLOAD;
  if (has(/\.h5$|\.keras$/i)) hint = 'This is a Keras file (Teachable Machine\u2019s "Tensorflow → Keras" export). Export the model as "Tensorflow.js" instead and upload that.';
  else if (has(/\.tflite$/i)) hint = 'This is a TensorFlow Lite model. Export the model as "Tensorflow.js" instead and upload that.';
  else if (has(/\.pb$/i)) hint = 'This is a TensorFlow SavedModel, not a TensorFlow.js layers model. Export the model as "Tensorflow.js" instead and upload that.';
  return `${where} has no model.json${listed}. ${hint}`;
}

function parseJson(file: UploadedFile): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(file.bytes));
  } catch (e) {
    throw new UploadError(`${basename(file.name)} is not valid JSON (${(e as Error).message}): it is damaged, or not the file Teachable Machine exported.`);
  }
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'model';

/** Reads, checks and assembles an uploaded model (see the file comment). Throws UploadError. */
export async function readUploadedModel(input: UploadedFile[]): Promise<UploadedModel> {
  if (input.length === 0) throw new UploadError(`No files were chosen. ${WHAT_TO_UPLOAD}`);
  const zips = input.filter(isZip);
  const files = input.filter((f) => !isZip(f));
  for (const z of zips) {
    const inside = unzipFiles(z);
    if (!inside.some((f) => basename(f.name).toLowerCase() === 'model.json')) throw new UploadError(noModelJson(basename(z.name), inside));
    files.push(...inside);
  }

  const jsons = files.filter((f) => basename(f.name).toLowerCase() === 'model.json');
  if (jsons.length > 1) throw new UploadError(`There are ${jsons.length} model.json files among the files: upload one model at a time.`);
  if (jsons.length === 0) throw new UploadError(noModelJson('The selection', files));
  const modelFile = jsons[0];
  const modelJsonName = basename(modelFile.name);
  const json = parseJson(modelFile) as {
    format?: string;
    modelTopology?: { node?: unknown; class_name?: string };
    weightsManifest?: tf.io.WeightsManifestConfig;
    generatedBy?: string;
    convertedBy?: string | null;
  };
  if (json === null || typeof json !== 'object') throw new UploadError(`${modelJsonName} does not describe a model.`);
  if (json.format === 'graph-model' || Array.isArray(json.modelTopology?.node)) {
    throw new UploadError(
      `${modelJsonName} is a TensorFlow.js GraphModel (converted from a TensorFlow SavedModel or frozen graph), not a Keras layers model. ` +
        'Saliency Lab only opens Keras layers models (format "layers-model"), such as Teachable Machine\u2019s image models ("Export Model" → Tensorflow.js).',
    );
  }
  if (!json.modelTopology || typeof json.modelTopology !== 'object') throw new UploadError(`${modelJsonName} has no modelTopology: it is not a TensorFlow.js layers model.`);
  if (!Array.isArray(json.weightsManifest)) throw new UploadError(`${modelJsonName} has no weightsManifest: it does not say where its weights are.`);

  const metaFile = files.find((f) => basename(f.name).toLowerCase() === 'metadata.json');
  const meta = (metaFile ? parseJson(metaFile) : null) as Metadata | null;
  if (metaFile && (meta === null || typeof meta !== 'object' || Array.isArray(meta))) throw new UploadError('metadata.json does not describe a model (it is not a JSON object).');
  if (meta?.packageName === '@teachablemachine/pose') throw new UploadError('This is a Teachable Machine pose model: it reads body keypoints, not pictures. Only image models can be explained here.');
  if (meta?.tfjsSpeechCommandsVersion || meta?.wordLabels) throw new UploadError('This is a Teachable Machine audio model: it reads sound, not pictures. Only image models can be explained here.');
  const folder = modelFile.name.includes('/') ? modelFile.name.split('/').slice(-2, -1)[0] : '';
  const label = String(meta?.modelName ?? '').trim() || (zips[0] ? basename(zips[0].name).replace(/\.zip$/i, '') : '') || folder || modelJsonName;
  const imageSize = typeof meta?.imageSize === 'number' ? meta.imageSize : null;

  const weightNames = new Set(json.weightsManifest.flatMap((g) => g.weights.map((w) => w.name)));
  const facts = checkTopology(json.modelTopology, label, imageSize, weightNames);
  const weights = weightData(json.weightsManifest, files, modelJsonName);

  const metaLabels = Array.isArray(meta?.labels) ? meta.labels.map(String) : null;
  if (metaLabels && metaLabels.length !== facts.numClasses) {
    throw new UploadError(
      `metadata.json lists ${metaLabels.length} labels but the model has ${facts.numClasses} outputs (its last layer ${facts.logitsLayer}): ` +
        'metadata.json belongs to another model. Export the model again and upload all three files together.',
    );
  }
  const labels = metaLabels ?? Array.from({ length: facts.numClasses }, (_, i) => `class_${i}`);
  const cams = camBlocks(facts);
  const tm = meta?.packageName === TM_IMAGE;
  const size = facts.inputSize;
  const origin = tm ? `Your Teachable Machine model, ${labels.length} classes` : `Uploaded Keras model, ${labels.length} classes (${metaFile ? 'not from Teachable Machine' : 'no metadata.json'}: Teachable Machine\u2019s input assumed)`;
  const spec: ModelSpec = {
    id: `uploaded:${slug(label)}` as ModelId, // the one place an uploaded id enters ModelId
    label,
    dir: '',
    bytes: modelFile.bytes.byteLength + weights.bytes,
    inputSize: size,
    preprocessing: 'teachable',
    crop: 'short-side-center',
    logitsLayer: facts.logitsLayer,
    numClasses: facts.numClasses,
    gradCamLayer: cams[cams.length - 1].name,
    camLayers: cams.map((c) => c.name),
    publishedTop1: null,
    note: `${origin}; input: resize short side to ${size}, centre crop, RGB x/127 \u2212 1.`,
  };
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    format: json.format ?? 'layers-model',
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy ?? null,
    weightSpecs: weights.weightSpecs,
    weightData: weights.weightData,
  };
  return { spec, labels, artifacts, camLayers: cams };
}
