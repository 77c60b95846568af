/**
 * Colour lookup tables built from d3-scale-chromatic. Signed maps use a diverging scale whose middle
 * (attribution zero) is the neutral colour; magnitudes use a sequential scale starting at zero.
 * Which family a sign mode may use is decided here, so a legend can never put zero mid-scale on a
 * magnitude map or at one end of a signed one.
 */
import {
  interpolateBlues,
  interpolateCividis,
  interpolateGreens,
  interpolateInferno,
  interpolateMagma,
  interpolatePuOr,
  interpolateRdBu,
  interpolateReds,
  interpolateViridis,
} from 'd3-scale-chromatic';
import type { Sign } from './normalize';

export const COLORMAP_IDS = ['bwr', 'rdbu', 'puor', 'rdwhgn', 'hot', 'inferno', 'magma', 'viridis', 'cividis', 'greens', 'reds', 'blues'] as const;
export type ColormapId = (typeof COLORMAP_IDS)[number];

export interface ColormapMeta {
  label: string;
  /** diverging: t = 0.5 is attribution zero; sequential: t = 0 is zero. */
  kind: 'diverging' | 'sequential';
  /** Distinguishable with the common colour-vision deficiencies (ColorBrewer / viridis family). */
  colourBlindSafe: boolean;
}

export const COLORMAPS: Record<ColormapId, ColormapMeta> = {
  bwr: { label: 'Blue–white–red (the notebook’s bwr)', kind: 'diverging', colourBlindSafe: false },
  rdbu: { label: 'Blue–red (ColorBrewer RdBu)', kind: 'diverging', colourBlindSafe: true },
  puor: { label: 'Purple–orange (ColorBrewer PuOr)', kind: 'diverging', colourBlindSafe: true },
  rdwhgn: { label: 'Red–white–green (Captum’s default)', kind: 'diverging', colourBlindSafe: false },
  hot: { label: 'Hot (matplotlib)', kind: 'sequential', colourBlindSafe: false },
  inferno: { label: 'Inferno', kind: 'sequential', colourBlindSafe: true },
  magma: { label: 'Magma', kind: 'sequential', colourBlindSafe: true },
  viridis: { label: 'Viridis', kind: 'sequential', colourBlindSafe: true },
  cividis: { label: 'Cividis', kind: 'sequential', colourBlindSafe: true },
  greens: { label: 'Greens (Captum, positive)', kind: 'sequential', colourBlindSafe: false },
  reds: { label: 'Reds (Captum, negative)', kind: 'sequential', colourBlindSafe: false },
  blues: { label: 'Blues (Captum, absolute)', kind: 'sequential', colourBlindSafe: false },
};

/** Entries in a lookup table: odd, so t = 0.5 (attribution zero on a diverging map) has an exact entry. */
export const LUT_SIZE = 257;

/** matplotlib's "hot": black -> red -> yellow -> white. */
function hot(t: number): string {
  const r = Math.min(1, t / 0.375);
  const g = Math.min(1, Math.max(0, (t - 0.375) / 0.375));
  const b = Math.min(1, Math.max(0, (t - 0.75) / 0.25));
  return `rgb(${Math.round(r * 255)}, ${Math.round(g * 255)}, ${Math.round(b * 255)})`;
}

/** Two linear halves through pure white at t = 0.5 (matplotlib's bwr; Captum's red-white-green). */
function throughWhite(lo: [number, number, number], hi: [number, number, number]) {
  return (t: number) => {
    const [end, s] = t < 0.5 ? [lo, 1 - 2 * t] : [hi, 2 * t - 1];
    const c = end.map((e) => Math.round(255 + (e - 255) * s));
    return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
  };
}

const INTERPOLATORS: Record<ColormapId, (t: number) => string> = {
  bwr: throughWhite([0, 0, 255], [255, 0, 0]),
  rdbu: (t) => interpolateRdBu(1 - t), // RdBu runs red -> blue; reversed so positive is red
  puor: interpolatePuOr, // purple (negative) -> orange (positive), warm = raises the score as in bwr
  rdwhgn: throughWhite([255, 0, 0], [0, 128, 0]), // matplotlib's "red" and "green"
  hot,
  inferno: interpolateInferno,
  magma: interpolateMagma,
  viridis: interpolateViridis,
  cividis: interpolateCividis,
  greens: interpolateGreens,
  reds: interpolateReds,
  blues: interpolateBlues,
};

export function isColormapId(v: string | null): v is ColormapId {
  return v != null && (COLORMAP_IDS as readonly string[]).includes(v);
}

/** The colormap drawn for a sign mode: the chosen one when its family fits, else the sign's default. */
export function colormapFor(sign: Sign, chosen: ColormapId | null): ColormapId {
  const kind = sign === 'all' ? 'diverging' : 'sequential';
  if (chosen && COLORMAPS[chosen].kind === kind) return chosen;
  return kind === 'diverging' ? 'bwr' : 'hot';
}

function parseRgb(css: string): [number, number, number] {
  const hex = /^#([0-9a-f]{6})$/i.exec(css);
  if (hex) {
    const n = parseInt(hex[1], 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const m = css.match(/\d+(\.\d+)?/g);
  if (!m || m.length < 3) throw new Error(`Unparseable colour ${css}`);
  return [Math.round(Number(m[0])), Math.round(Number(m[1])), Math.round(Number(m[2]))];
}

const tables = new Map<ColormapId, Uint8Array>();

/** LUT_SIZE RGB entries over t in [0, 1] (memoised: painting must not rebuild it). */
export function lut(id: ColormapId): Uint8Array {
  let table = tables.get(id);
  if (!table) {
    table = new Uint8Array(LUT_SIZE * 3);
    for (let i = 0; i < LUT_SIZE; i++) table.set(parseRgb(INTERPOLATORS[id](i / (LUT_SIZE - 1))), i * 3);
    tables.set(id, table);
  }
  return table;
}

/** The LUT entry painted for t (what the canvas shows, so legends and swatches match it exactly). */
export function lutColor(id: ColormapId, t: number): [number, number, number] {
  const k = Math.max(0, Math.min(LUT_SIZE - 1, Math.round(t * (LUT_SIZE - 1)))) * 3;
  const table = lut(id);
  return [table[k], table[k + 1], table[k + 2]];
}

export function cssColor(id: ColormapId, t: number): string {
  const [r, g, b] = lutColor(id, Math.max(0, Math.min(1, t)));
  return `rgb(${r}, ${g}, ${b})`;
}
