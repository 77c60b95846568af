import type { Crop } from '../models/registry';

/**
 * Where the model's 224x224 input comes from in the original photo (inputCropRect: by the model's crop).
 * The notebook does Resize(256) (shorter side) then CenterCrop(224). Both are one affine map, so we
 * draw the source square of side min(w,h) * 224/256, centred, straight into 224x224: one resampling
 * instead of two, same geometry.
 */
export interface CropRect {
  sx: number;
  sy: number;
  size: number;
}

export function centreCropRect(width: number, height: number, resize = 256, crop = 224): CropRect {
  if (!(width > 0 && height > 0)) throw new Error(`Image has no pixels (${width}x${height}).`);
  const short = Math.min(width, height);
  const scale = resize / short;
  const size = crop / scale;
  // torchvision's CenterCrop rounds the top-left corner in the resized image.
  const sx = Math.round((width * scale - crop) / 2) / scale;
  const sy = Math.round((height * scale - crop) / 2) / scale;
  return { sx, sy, size };
}

/** A source rectangle of the photo drawn onto the whole inputSize × inputSize model input (width and height may differ slightly). */
export interface SourceRect {
  sx: number;
  sy: number;
  sw: number;
  sh: number;
}

/**
 * Teachable Machine's `cropTo` (@teachablemachine/image, utils/canvas.ts) as a source rectangle:
 *   scale = size / min(w, h); scaledW = ceil(w · scale); scaledH = ceil(h · scale);
 *   drawImage(image, -floor((scaledW - size) / 2), -floor((scaledH - size) / 2), scaledW, scaledH)
 * on a size × size canvas. The rounding up makes the two axes' scales differ by up to a pixel, so the
 * source rectangle is not quite square; drawing it into the whole canvas is the same affine map.
 * Arithmetic is the library's, step for step, float quirks included (375 · (224 / 375) may round up to 225).
 */
export function shortSideCropRect(width: number, height: number, size = 224): SourceRect {
  if (!(width > 0 && height > 0)) throw new Error(`Image has no pixels (${width}x${height}).`);
  const scale = size / Math.min(width, height);
  const scaledW = Math.ceil(width * scale);
  const scaledH = Math.ceil(height * scale);
  const left = Math.trunc((scaledW - size) / 2); // the library's ~~(dx / 2)
  const top = Math.trunc((scaledH - size) / 2);
  const fx = width / scaledW;
  const fy = height / scaledH;
  return { sx: left * fx, sy: top * fy, sw: size * fx, sh: size * fy };
}

/** The part of a width × height photo that becomes a model's size × size input, by the model's crop (ModelSpec.crop). */
export function inputCropRect(width: number, height: number, size: number, crop: Crop = 'resize256-center224'): SourceRect {
  if (crop === 'short-side-center') return shortSideCropRect(width, height, size);
  const r = centreCropRect(width, height, Math.round((size * 256) / 224), size);
  return { sx: r.sx, sy: r.sy, sw: r.size, sh: r.size };
}
