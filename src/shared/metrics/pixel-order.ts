/**
 * The pixel orders of the insertion and deletion curves: the single-channel map RISE sorts (`rankingMap`),
 * its descending order (`saliencyOrder`, RISE's `np.flip(np.argsort(...))` made deterministic) and the
 * seeded random-order control. See curves.ts for the curves themselves.
 */
import { createRng } from '../rng';

/** How a multi-channel attribution becomes RISE's single-channel map before its pixels are sorted. */
export const RANKS = ['signed', 'abs'] as const;
export type Rank = (typeof RANKS)[number];

/** "pixels ranked by …" */
export const RANK_LABELS: Record<Rank, string> = {
  signed: 'signed Σc a (the channel sum, most positive first)',
  abs: '|Σc a| (the magnitude of the channel sum, largest first)',
};

/** HWC attributions -> the H x W map whose descending order is the deletion/insertion order. */
export function rankingMap(attributions: ArrayLike<number>, channels: number, rank: Rank): Float32Array<ArrayBuffer> {
  if (!Number.isInteger(channels) || channels < 1 || attributions.length % channels !== 0) {
    throw new Error(`rankingMap: ${attributions.length} values do not split into ${channels} channels`);
  }
  const out = new Float32Array(attributions.length / channels);
  for (let i = 0; i < out.length; i++) {
    let s = 0;
    for (let c = 0; c < channels; c++) s += attributions[i * channels + c];
    out[i] = rank === 'abs' ? Math.abs(s) : s;
  }
  return out;
}

// Float64 bit patterns are read through a Uint32Array view; which word is the high one depends on
// the platform's byte order (little-endian everywhere in practice, but it costs nothing to ask).
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

/**
 * 64-bit keys (split into high and low words) whose unsigned ascending order is the values' descending
 * order: IEEE-754 bits are monotone in the magnitude, so positives have everything but the sign
 * inverted and negatives are kept as they are. -0 is folded into +0 so the two tie; NaN gets the
 * largest key, so it sorts last.
 */
function descendingKeys(map: ArrayLike<number>): { hi: Uint32Array; lo: Uint32Array } {
  const n = map.length;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = map[i] === 0 ? 0 : map[i];
  const bits = new Uint32Array(values.buffer);
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = bits[2 * i + HI];
    const l = bits[2 * i + LO];
    if (Number.isNaN(values[i])) {
      hi[i] = 0xffffffff;
      lo[i] = 0xffffffff;
    } else if (h & 0x80000000) {
      hi[i] = h;
      lo[i] = l;
    } else {
      hi[i] = h ^ 0x7fffffff;
      lo[i] = ~l;
    }
  }
  return { hi, lo };
}

/**
 * Indices ordered by the 64-bit keys with an LSD radix sort over 16-bit digits. It is stable, so
 * equal keys keep index order with no tie-break comparison, and on 50k values it is several times
 * faster than a comparator sort (about 20 ms in V8). Passes whose digit is the same for every key
 * (the low words of float32 maps, say) are skipped.
 */
function radixOrder(hi: Uint32Array, lo: Uint32Array): Uint32Array<ArrayBuffer> {
  const n = hi.length;
  let src = new Uint32Array(n);
  let dst = new Uint32Array(n);
  for (let i = 0; i < n; i++) src[i] = i;
  const start = new Uint32Array(0x10000);
  for (let pass = 0; pass < 4; pass++) {
    const words = pass < 2 ? lo : hi;
    const shift = (pass & 1) * 16;
    start.fill(0);
    for (let i = 0; i < n; i++) start[(words[i] >>> shift) & 0xffff]++;
    if (n === 0 || start[(words[0] >>> shift) & 0xffff] === n) continue;
    let sum = 0;
    for (let d = 0; d < 0x10000; d++) {
      const c = start[d];
      start[d] = sum;
      sum += c;
    }
    for (let j = 0; j < n; j++) {
      const i = src[j];
      dst[start[(words[i] >>> shift) & 0xffff]++] = i;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}

/**
 * Pixel indices by descending value, ties by lower index, NaN last. RISE's `np.flip(np.argsort(map))` gives
 * the same order except among exact ties, which NumPy's default (unstable) sort leaves in no promised order,
 * and NaN, which it would put first.
 */
export function saliencyOrder(map: ArrayLike<number>): Uint32Array<ArrayBuffer> {
  const { hi, lo } = descendingKeys(map);
  return radixOrder(hi, lo);
}

/** A seeded Fisher–Yates permutation of 0..n-1: the random-order control for the curves. */
export function randomOrder(n: number, seed: number): Uint32Array<ArrayBuffer> {
  if (!Number.isInteger(n) || n < 0) throw new Error(`randomOrder: n must be a non-negative integer, got ${n}`);
  const rng = createRng(seed);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
