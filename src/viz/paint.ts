import { LUT_SIZE, lut, type ColormapId } from './colormap';

/**
 * Normalised values to RGBA pixels. Signed values in [-1, 1] map to [0, 1] of the colormap (zero in
 * the middle); unsigned values in [0, 1] map directly.
 */
export function paintMap(values: Float32Array, signed: boolean, cmap: ColormapId): Uint8ClampedArray<ArrayBuffer> {
  const table = lut(cmap);
  const out = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const t = signed ? (values[i] + 1) / 2 : values[i];
    const k = Math.max(0, Math.min(LUT_SIZE - 1, Math.round(t * (LUT_SIZE - 1)))) * 3;
    out[i * 4] = table[k];
    out[i * 4 + 1] = table[k + 1];
    out[i * 4 + 2] = table[k + 2];
    out[i * 4 + 3] = 255;
  }
  return out;
}
