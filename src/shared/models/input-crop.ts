/**
 * How each model's input is cut from a photo, in one place for both realms: the worker's decoder
 * draws it, the page describes it under "Model input".
 */
import type { CropStyle, InputCrop } from '../image/geometry';
import type { ModelSpec } from './registry';

/** Teachable Machine models crop as @teachablemachine/image does; every other model as ImageNet's evaluation. */
export const cropStyleOf = (spec: ModelSpec): CropStyle => (spec.preprocessing === 'teachable' ? 'teachable' : 'imagenet');

export const inputCropOf = (spec: ModelSpec): InputCrop => ({ size: spec.inputSize, style: cropStyleOf(spec) });

/** "resized to 256 (shorter side) and centre-cropped to 224×224": what the page says a photo went through. */
export function cropNote(spec: ModelSpec): string {
  const size = spec.inputSize;
  return cropStyleOf(spec) === 'teachable'
    ? `resized to ${size} (shorter side) and centre-cropped to ${size}×${size}, as Teachable Machine does`
    : `resized to ${Math.round((size * 256) / 224)} (shorter side) and centre-cropped to ${size}×${size}`;
}
