/**
 * The classifiers the app ships. Pure data, shared by the UI and the worker realm.
 * Input conventions come from ../shared/models/<dir>/SOURCE.md; both output 1000 ILSVRC-2012 classes
 * (no background class) aligned with the label files. A model the student uploads gets its spec at
 * runtime (model-spec.ts looks up both kinds).
 */
export type BuiltinModelId = 'mobilenet_v1_0.75_224' | 'resnet50';
/** A model the student uploaded (registered at runtime, model-spec.ts); never read from a link. */
export type UploadedModelId = `uploaded:${string}`;
export type ModelId = BuiltinModelId | UploadedModelId;

export type Preprocessing =
  /** RGB scaled to [-1, 1]: x = rgb / 127.5 - 1 (Keras "tf" mode). */
  | 'mobilenet'
  /** Keras "caffe" mode: BGR order, minus the ImageNet channel means, no scaling. */
  | 'caffe';

export interface ModelSpec {
  id: ModelId;
  label: string;
  /** Folder under public/assets/models/. */
  dir: string;
  /** Total bytes of model.json plus weight files (for the download progress bar). */
  bytes: number;
  inputSize: number;
  preprocessing: Preprocessing;
  /** Layer whose output (activation stripped, reshaped to [N, classes]) is the logits. */
  logitsLayer: string;
  numClasses: number;
  /** Output of the last convolutional block, where Grad-CAM looks. */
  gradCamLayer: string;
  publishedTop1: number;
  note: string;
}

export const MODELS: Record<BuiltinModelId, ModelSpec> = {
  'mobilenet_v1_0.75_224': {
    id: 'mobilenet_v1_0.75_224',
    label: 'MobileNet v1 0.75 (10 MB, fast)',
    dir: 'mobilenet_v1_0.75_224',
    bytes: 10_457_307,
    inputSize: 224,
    preprocessing: 'mobilenet',
    logitsLayer: 'conv_preds',
    numClasses: 1000,
    gradCamLayer: 'conv_pw_13_relu',
    publishedTop1: 0.684,
    note: 'Depthwise-separable convolutions with ReLU6; input RGB scaled to [-1, 1].',
  },
  resnet50: {
    id: 'resnet50',
    label: 'ResNet-50 (103 MB, the notebook\u2019s network)',
    dir: 'resnet50_keras',
    bytes: 102_656_160,
    inputSize: 224,
    preprocessing: 'caffe',
    logitsLayer: 'fc1000',
    numClasses: 1000,
    gradCamLayer: 'activation_48',
    publishedTop1: 0.749,
    note: 'Keras ResNet-50; input BGR minus the ImageNet mean colour (caffe mode).',
  },
};

export const DEFAULT_MODEL: BuiltinModelId = 'mobilenet_v1_0.75_224';

/** One of the app's own models (the only ids a link may name). */
export function isBuiltinModelId(value: string | null | undefined): value is BuiltinModelId {
  return value != null && Object.prototype.hasOwnProperty.call(MODELS, value);
}

export function isUploadedModelId(value: string | null | undefined): value is UploadedModelId {
  return value != null && value.startsWith('uploaded:') && value.length > 'uploaded:'.length;
}

/** URL of a model's model.json relative to the app's base (works under any sub-path). */
export function modelUrl(spec: ModelSpec, base: string): string {
  return new URL(`assets/models/${spec.dir}/model.json`, base).href;
}
