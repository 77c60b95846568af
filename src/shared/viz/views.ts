/**
 * The display methods of Captum's visualize_image_attr, drawn into RGBA pixels from a scaled map
 * (see normalize.ts) and the 224x224 RGBA model input:
 * - heat_map: the colormap alone;
 * - blended_heat_map: the image in gray (mean of RGB, stretched to its own range as matplotlib's imshow
 *   does) under the heat map at opacity `alpha` (Captum's alpha_overlay, default 0.5);
 * - masked_image: the image multiplied by the scaled map, so unimportant pixels go black;
 * - alpha_scaling: the image with the scaled map as opacity, over white (matplotlib's axes colour).
 * masked_image and alpha_scaling need values in [0, 1]: Captum refuses them for sign "all".
 */
import { LUT_SIZE, lut, type ColormapId } from './colormap';

export const VIEW_IDS = ['heat_map', 'blended_heat_map', 'masked_image', 'alpha_scaling'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

export const VIEWS: Record<ViewId, { label: string; needsOneSign: boolean }> = {
  heat_map: { label: 'Heat map', needsOneSign: false },
  blended_heat_map: { label: 'Blended heat map', needsOneSign: false },
  masked_image: { label: 'Masked image', needsOneSign: true },
  alpha_scaling: { label: 'Alpha scaling', needsOneSign: true },
};

export interface ViewStyle {
  view: ViewId;
  /** Whether `scaled` is in [-1, 1] (sign "all") rather than [0, 1]. */
  signed: boolean;
  cmap: ColormapId;
  /** Heat map opacity in blended_heat_map. */
  alpha: number;
}

/** Normalised values to RGBA pixels of the colormap (signed: -1..1 -> 0..1 of the scale). */
export function paintMap(scaled: Float32Array, signed: boolean, cmap: ColormapId): Uint8ClampedArray<ArrayBuffer> {
  const table = lut(cmap);
  const out = new Uint8ClampedArray(scaled.length * 4);
  for (let i = 0; i < scaled.length; i++) {
    const t = signed ? (scaled[i] + 1) / 2 : scaled[i];
    const k = Math.max(0, Math.min(LUT_SIZE - 1, Math.round(t * (LUT_SIZE - 1)))) * 3;
    out[i * 4] = table[k];
    out[i * 4 + 1] = table[k + 1];
    out[i * 4 + 2] = table[k + 2];
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** Mean of RGB, stretched to 0..255 over the image's own range (matplotlib's imshow with cmap gray). */
export function grayStretched(rgba: Uint8ClampedArray): Float32Array {
  const n = rgba.length / 4;
  const gray = new Float32Array(n);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const g = (rgba[i * 4] + rgba[i * 4 + 1] + rgba[i * 4 + 2]) / 3;
    gray[i] = g;
    if (g < lo) lo = g;
    if (g > hi) hi = g;
  }
  const span = hi - lo;
  for (let i = 0; i < n; i++) gray[i] = span > 0 ? ((gray[i] - lo) / span) * 255 : gray[i];
  return gray;
}

export function renderView(scaled: Float32Array, rgba: Uint8ClampedArray, style: ViewStyle): Uint8ClampedArray<ArrayBuffer> {
  const n = scaled.length;
  if (rgba.length !== n * 4) throw new Error(`Image has ${rgba.length / 4} pixels, the map ${n}.`);
  if (VIEWS[style.view].needsOneSign && style.signed) throw new Error(`${VIEWS[style.view].label} needs a single sign, not "all".`);
  switch (style.view) {
    case 'heat_map':
      return paintMap(scaled, style.signed, style.cmap);
    case 'blended_heat_map': {
      const heat = paintMap(scaled, style.signed, style.cmap);
      const gray = grayStretched(rgba);
      const a = style.alpha;
      for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) heat[i * 4 + c] = (1 - a) * gray[i] + a * heat[i * 4 + c];
      return heat;
    }
    case 'masked_image': {
      const out = new Uint8ClampedArray(n * 4);
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < 3; c++) out[i * 4 + c] = rgba[i * 4 + c] * scaled[i];
        out[i * 4 + 3] = 255;
      }
      return out;
    }
    case 'alpha_scaling': {
      const out = new Uint8ClampedArray(n * 4);
      for (let i = 0; i < n; i++) {
        const a = scaled[i];
        for (let c = 0; c < 3; c++) out[i * 4 + c] = rgba[i * 4 + c] * a + 255 * (1 - a);
        out[i * 4 + 3] = 255;
      }
      return out;
    }
  }
}
