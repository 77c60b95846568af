/**
 * Colour lookup tables built from d3-scale-chromatic. Signed maps use a diverging scale whose middle
 * (zero) is white: blue = negative, red = positive, like the notebook's bwr. Magnitudes use a
 * sequential scale starting at black/white for zero.
 */
import { interpolateInferno, interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';

export type ColormapId = 'bwr' | 'rdbu' | 'hot' | 'inferno' | 'viridis';

/** Entries in a lookup table: odd, so t = 0.5 (attribution zero) has an exact entry. */
export const LUT_SIZE = 257;

/** matplotlib's "hot": black -> red -> yellow -> white. */
function hot(t: number): string {
  const r = Math.min(1, t / 0.375);
  const g = Math.min(1, Math.max(0, (t - 0.375) / 0.375));
  const b = Math.min(1, Math.max(0, (t - 0.75) / 0.25));
  return `rgb(${Math.round(r * 255)}, ${Math.round(g * 255)}, ${Math.round(b * 255)})`;
}

/** matplotlib's "bwr" (the notebook's): blue -> white -> red, linear, pure white at zero. */
function bwr(t: number): string {
  const lo = Math.min(1, 2 * t);
  const hi = Math.min(1, 2 * (1 - t));
  return `rgb(${Math.round(lo * 255)}, ${Math.round(Math.min(lo, hi) * 255)}, ${Math.round(hi * 255)})`;
}

const INTERPOLATORS: Record<ColormapId, (t: number) => string> = {
  bwr,
  rdbu: (t) => interpolateRdBu(1 - t), // RdBu runs red -> blue; reversed so positive is red
  hot,
  inferno: interpolateInferno,
  viridis: interpolateViridis,
};

function parseRgb(css: string): [number, number, number] {
  const hex = /^#([0-9a-f]{6})$/i.exec(css);
  if (hex) {
    const n = parseInt(hex[1], 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const m = css.match(/\d+(\.\d+)?/g);
  if (!m || m.length < 3) throw new Error(`Unparseable colour ${css}`);
  return [Number(m[0]), Number(m[1]), Number(m[2])];
}

/** LUT_SIZE RGB entries over t in [0, 1]. */
export function lut(id: ColormapId): Uint8Array {
  const table = new Uint8Array(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) table.set(parseRgb(INTERPOLATORS[id](i / (LUT_SIZE - 1))), i * 3);
  return table;
}

export function cssColor(id: ColormapId, t: number): string {
  const [r, g, b] = parseRgb(INTERPOLATORS[id](Math.max(0, Math.min(1, t))));
  return `rgb(${r}, ${g}, ${b})`;
}
