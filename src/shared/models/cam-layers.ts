/**
 * The layers a CAM method (Grad-CAM, Grad-CAM++, Score-CAM, Guided Grad-CAM) can explain: the output of
 * every convolutional block, shallow to deep. Pure data, both realms. The last one is each model's
 * default (ModelSpec.gradCamLayer; a unit test checks it, and every name and size against model.json).
 *
 * MobileNet v1 0.75: the 13 depthwise-separable blocks, each ending in `conv_pw_<n>_relu` (ReLU6).
 * Keras ResNet-50: the 16 bottleneck blocks (res2a … res5c), each ending in the ReLU after its residual
 * add (`activation_<3k>` in the tfjs port's numbering).
 * An uploaded model brings its own list (ModelSpec.camLayers, found by the worker when it compiles it).
 */
import { isBuiltinModelId, type BuiltinModelId, type ModelSpec } from './registry';

export interface CamLayer {
  /** The Keras layer name (the tap point in the compiled model). */
  name: string;
  /** The block it ends, as the papers and Keras name it (e.g. "block 13", "res5c"). */
  block: string;
  /** Spatial size of its output at a 224 × 224 input: h = w (0: not known, an uploaded model's). */
  size: number;
  /** Channels of its output (0: not known). */
  channels: number;
}

const mobilenetLayers = (): CamLayer[] => {
  // Output stride after each block (stride-2 depthwise convs in blocks 2, 4, 6, 12) and channels × 0.75.
  const sizes = [112, 56, 56, 28, 28, 14, 14, 14, 14, 14, 14, 7, 7];
  const channels = [64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024].map((c) => c * 0.75);
  return sizes.map((size, i) => ({ name: `conv_pw_${i + 1}_relu`, block: `block ${i + 1}`, size, channels: channels[i] }));
};

const resnetLayers = (): CamLayer[] => {
  const stages = [
    { stage: 2, blocks: 3, size: 56, channels: 256 },
    { stage: 3, blocks: 4, size: 28, channels: 512 },
    { stage: 4, blocks: 6, size: 14, channels: 1024 },
    { stage: 5, blocks: 3, size: 7, channels: 2048 },
  ];
  let n = 0;
  return stages.flatMap(({ stage, blocks, size, channels }) =>
    Array.from({ length: blocks }, (_, b) => ({ name: `activation_${(n += 3)}`, block: `res${stage}${'abcdef'[b]}`, size, channels })),
  );
};

export const CAM_LAYERS: Record<BuiltinModelId, readonly CamLayer[]> = {
  'mobilenet_v1_0.75_224': mobilenetLayers(),
  resnet50: resnetLayers(),
};

/** Uploaded models' layers with their blocks and sizes, as the worker found them (each realm registers its own). */
const uploadedLayers = new Map<string, readonly CamLayer[]>();

export function registerCamLayers(id: ModelSpec['id'], layers: readonly CamLayer[]): void {
  uploadedLayers.set(id, layers);
}

/**
 * A model's CAM layers, shallow to deep: the table above for the app's own; for an upload, the layers
 * registered with it, else the spec's names alone (sizes unknown).
 */
export function camLayersOf(spec: ModelSpec): readonly CamLayer[] {
  if (isBuiltinModelId(spec.id)) return CAM_LAYERS[spec.id];
  const names = spec.camLayers ?? [];
  const known = uploadedLayers.get(spec.id);
  if (known && known.map((l) => l.name).join() === names.join()) return known;
  return names.map((name, i) => ({ name, block: `conv block ${i + 1}`, size: 0, channels: 0 }));
}

/** "conv_pw_13_relu (block 13, 7×7×768)": how a control and a map's units name a layer (its size where known). */
export const camLayerText = (l: CamLayer): string => `${l.name} (${l.block}${l.size ? `, ${l.size}×${l.size}×${l.channels}` : ''})`;
