import type { Preprocessing } from '../models/registry';

/** Caffe-mode channel means, in B, G, R order (Keras imagenet_utils). */
export const CAFFE_MEAN_BGR = [103.939, 116.779, 123.68] as const;

/**
 * Teachable Machine's `capture`: float32(float32(v / 127) - 1), the two float32 ops tfjs runs
 * (`.div(127).sub(1)`), so that our input is bit-identical to the library's.
 */
const teachable = (v: number): number => Math.fround(Math.fround(v / 127) - 1);

/**
 * Interleaved 8-bit pixels (RGB, or RGBA whose alpha is ignored: the decoder already composited
 * transparency over white) to the model's float input, HWC RGB-or-BGR, batch dimension added by the caller.
 */
export function toModelInput(pixels: ArrayLike<number>, preprocessing: Preprocessing, channels: 3 | 4 = 3): Float32Array {
  const n = pixels.length / channels;
  const out = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const r = pixels[i * channels];
    const g = pixels[i * channels + 1];
    const b = pixels[i * channels + 2];
    if (preprocessing === 'mobilenet') {
      out[i * 3] = r / 127.5 - 1;
      out[i * 3 + 1] = g / 127.5 - 1;
      out[i * 3 + 2] = b / 127.5 - 1;
    } else if (preprocessing === 'teachable') {
      out[i * 3] = teachable(r);
      out[i * 3 + 1] = teachable(g);
      out[i * 3 + 2] = teachable(b);
    } else {
      out[i * 3] = b - CAFFE_MEAN_BGR[0];
      out[i * 3 + 1] = g - CAFFE_MEAN_BGR[1];
      out[i * 3 + 2] = r - CAFFE_MEAN_BGR[2];
    }
  }
  return out;
}

/** The pixel colour (R, G, B, unrounded) whose model input is 0 in every channel: mid-gray, or the caffe mean colour. */
export function modelZeroRgb(preprocessing: Preprocessing): [number, number, number] {
  if (preprocessing === 'mobilenet') return [127.5, 127.5, 127.5];
  if (preprocessing === 'teachable') return [127, 127, 127];
  return [CAFFE_MEAN_BGR[2], CAFFE_MEAN_BGR[1], CAFFE_MEAN_BGR[0]];
}

/** toModelInput's inverse for display: HWC model input -> opaque RGBA, rounded and clamped to 0..255. */
export function fromModelInput(x: ArrayLike<number>, preprocessing: Preprocessing): Uint8ClampedArray<ArrayBuffer> {
  const n = x.length / 3;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    const [a, b, c] = [x[i * 3], x[i * 3 + 1], x[i * 3 + 2]];
    if (preprocessing === 'mobilenet' || preprocessing === 'teachable') {
      const s = preprocessing === 'mobilenet' ? 127.5 : 127;
      out[i * 4] = (a + 1) * s;
      out[i * 4 + 1] = (b + 1) * s;
      out[i * 4 + 2] = (c + 1) * s;
    } else {
      out[i * 4] = c + CAFFE_MEAN_BGR[2];
      out[i * 4 + 1] = b + CAFFE_MEAN_BGR[1];
      out[i * 4 + 2] = a + CAFFE_MEAN_BGR[0];
    }
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** d(model input) / d(pixel value): the preprocessing's scale (x/127.5 - 1, x/127 - 1, or caffe's x - mean). */
export function pixelScale(preprocessing: Preprocessing): number {
  return preprocessing === 'mobilenet' ? 1 / 127.5 : preprocessing === 'teachable' ? 1 / 127 : 1;
}

/** The model input's range per channel (in model-input order): what pixels 0 and 255 map to. */
export function modelInputRange(preprocessing: Preprocessing): { low: number[]; high: number[] } {
  if (preprocessing === 'caffe') return { low: CAFFE_MEAN_BGR.map((m) => -m), high: CAFFE_MEAN_BGR.map((m) => 255 - m) };
  const [low, high] = Array.from(toModelInput([0, 255, 0], preprocessing).subarray(0, 2));
  return { low: [low, low, low], high: [high, high, high] };
}
