/** What the page says a photo went through to become a model's input (the worker's decoder draws it: image/geometry.ts). */
import type { ModelSpec } from './registry';

/** "resized to 256 (shorter side) and centre-cropped to 224×224", by the model's crop. */
export function cropNote(spec: Pick<ModelSpec, 'inputSize' | 'crop'>): string {
  const size = spec.inputSize;
  return spec.crop === 'short-side-center'
    ? `resized to ${size} (shorter side) and centre-cropped to ${size}×${size}, as Teachable Machine does`
    : `resized to ${Math.round((size * 256) / 224)} (shorter side) and centre-cropped to ${size}×${size}`;
}
