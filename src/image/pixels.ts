import type { Preprocessing } from '../models/registry';

/** Caffe-mode channel means, in B, G, R order (Keras imagenet_utils). */
export const CAFFE_MEAN_BGR = [103.939, 116.779, 123.68] as const;

/**
 * RGBA bytes (canvas ImageData) to RGB bytes. Transparent pixels are composited over white, which is
 * what a student sees on the page; the canvas already gives straight (unpremultiplied) colour.
 */
export function rgbaToRgbOverWhite(rgba: Uint8ClampedArray | Uint8Array): Uint8Array {
  const n = rgba.length / 4;
  const rgb = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const a = rgba[i * 4 + 3] / 255;
    for (let c = 0; c < 3; c++) {
      rgb[i * 3 + c] = Math.round(rgba[i * 4 + c] * a + 255 * (1 - a));
    }
  }
  return rgb;
}

/** RGB bytes (HWC) to the model's float input (HWC, batch dimension added by the caller). */
export function toModelInput(rgb: Uint8Array, preprocessing: Preprocessing): Float32Array {
  const out = new Float32Array(rgb.length);
  if (preprocessing === 'mobilenet') {
    for (let i = 0; i < rgb.length; i++) out[i] = rgb[i] / 127.5 - 1;
  } else {
    for (let i = 0; i < rgb.length; i += 3) {
      // BGR order, minus the mean of each channel.
      out[i] = rgb[i + 2] - CAFFE_MEAN_BGR[0];
      out[i + 1] = rgb[i + 1] - CAFFE_MEAN_BGR[1];
      out[i + 2] = rgb[i] - CAFFE_MEAN_BGR[2];
    }
  }
  return out;
}

/** Inverse of toModelInput, clamped to bytes: shows students what a model-space tensor looks like. */
export function fromModelInput(x: Float32Array, preprocessing: Preprocessing): Uint8Array {
  const out = new Uint8Array(x.length);
  const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
  if (preprocessing === 'mobilenet') {
    for (let i = 0; i < x.length; i++) out[i] = clamp((x[i] + 1) * 127.5);
  } else {
    for (let i = 0; i < x.length; i += 3) {
      out[i + 2] = clamp(x[i] + CAFFE_MEAN_BGR[0]);
      out[i + 1] = clamp(x[i + 1] + CAFFE_MEAN_BGR[1]);
      out[i] = clamp(x[i + 2] + CAFFE_MEAN_BGR[2]);
    }
  }
  return out;
}
