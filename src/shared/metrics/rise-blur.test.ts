import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { fromModelInput, modelZeroRgb, toModelInput } from '../image/pixels';
import { perturbedInput } from './curves';
import { saliencyOrder } from './pixel-order';
import { RISE_KLEN, RISE_NSIG, blurModelInput, gaussianKernel1d, gkern, reflectIndex } from './rise-blur';

// gkern(11, 5) as RISE builds it, computed with SciPy 1.17.1 and NumPy 2.4:
//   inp = np.zeros((11, 11)); inp[5, 5] = 1; gaussian_filter(inp, 5).astype('float32')
// One quadrant (rows and columns 5..10); the kernel is symmetric about its centre in both axes.
const SCIPY_GKERN_QUADRANT = [
  [0.008832627907395363, 0.008786325342953205, 0.008664311841130257, 0.008502951823174953, 0.008354640565812588, 0.008266488090157509],
  [0.008786325342953205, 0.008740265853703022, 0.00861889123916626, 0.008458376862108707, 0.00831084419041872, 0.00822315365076065],
  [0.008664311841130257, 0.00861889123916626, 0.008499202318489552, 0.008340917527675629, 0.008195432834327221, 0.008108959533274174],
  [0.008502951823174953, 0.008458376862108707, 0.008340917527675629, 0.008185580372810364, 0.008042804896831512, 0.00795794278383255],
  [0.008354640565812588, 0.00831084419041872, 0.008195432834327221, 0.008042804896831512, 0.007902519777417183, 0.007819137535989285],
  [0.008266488090157509, 0.00822315365076065, 0.008108959533274174, 0.00795794278383255, 0.007819137535989285, 0.007736635394394398],
];
// gaussian_filter1d of a delta at index 5 of 11 (float64): the 1-D profile whose outer product is gkern.
const SCIPY_PROFILE = [
  0.08795814577727815, 0.08889611977709484, 0.09047419654910865, 0.09219111781938806, 0.09348938844291409, 0.09398206326843249,
  0.09348938844291409, 0.09219111781938806, 0.09047419654910865, 0.08889611977709484, 0.08795814577727815,
];

describe("gkern: RISE's insertion blur kernel", () => {
  it("scipy's 1-D Gaussian: radius int(4 * sigma + 0.5), exp(-x^2 / 2 sigma^2), normalised", () => {
    const w = gaussianKernel1d(5, 20);
    expect(w).toHaveLength(41);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
    let z = 0;
    for (let j = -20; j <= 20; j++) z += Math.exp(-(j * j) / 50);
    expect(w[20]).toBeCloseTo(1 / z, 17);
    expect(w[25]).toBeCloseTo(Math.exp(-25 / 50) / z, 17);
  });
  it("scipy's mode 'reflect' (d c b a | a b c d | d c b a)", () => {
    expect([-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8].map((p) => reflectIndex(p, 4))).toEqual([3, 3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0, 0]);
    expect([-2, -1, 0, 1, 2].map((p) => reflectIndex(p, 1))).toEqual([0, 0, 0, 0, 0]);
  });
  it('equals SciPy’s gaussian_filter of a centred delta, cast to float32, bit for bit', () => {
    const k = gkern(RISE_KLEN, RISE_NSIG);
    expect([RISE_KLEN, RISE_NSIG]).toEqual([11, 5]);
    expect(k).toHaveLength(121);
    for (let u = 0; u < 11; u++) {
      for (let v = 0; v < 11; v++) expect(k[u * 11 + v]).toBe(SCIPY_GKERN_QUADRANT[Math.abs(u - 5)][Math.abs(v - 5)]);
    }
  });
  it('follows from the derivation: the reflected tails of a sigma-5 Gaussian folded into 11 taps, per axis', () => {
    // gaussian_filter(inp, 5): radius = int(4.0 * 5 + 0.5) = 20 and w[j] = exp(-j^2 / 50) / Z over |j| <= 20.
    // Mode 'reflect' extends the 11 samples with period 22 (a..k | k..a | a..k), so the delta at 5 reappears
    // at 5 - 22 = -17, -1 - 5 = -6, 21 - 5 = 16 and 5 + 22 = 27. Output i (0..10) sees the copies within 20 of it:
    //   k1[i] = sum over p in {-17, -6, 5, 16, 27} with |p - i| <= 20 of w[p - i]
    // e.g. k1[5] = w[0] + 2 w[11] (-17 and 27 are 22 away) and k1[0] = w[5] + w[6] + w[16] + w[17].
    // The filter runs along each axis in turn, so on a delta gkern = outer(k1, k1).
    let z = 0;
    for (let j = -20; j <= 20; j++) z += Math.exp(-(j * j) / 50);
    const w = (j: number) => (Math.abs(j) <= 20 ? Math.exp(-(j * j) / 50) / z : 0);
    const k1 = Array.from({ length: 11 }, (_, i) => [-17, -6, 5, 16, 27].reduce((s, p) => s + w(p - i), 0));
    expect(k1[5]).toBeCloseTo(w(0) + 2 * w(11), 16);
    expect(k1[0]).toBeCloseTo(w(5) + w(6) + w(16) + w(17), 16);
    k1.forEach((v, i) => expect(v).toBeCloseTo(SCIPY_PROFILE[i], 15));
    expect(k1.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15); // reflection keeps all the mass
    const k = gkern(11, 5);
    for (let u = 0; u < 11; u++) for (let v = 0; v < 11; v++) expect(Math.abs(k[u * 11 + v] - k1[u] * k1[v])).toBeLessThan(1e-9);
    // Nearly flat: corner / centre = 0.876; the spread along an axis is 3.13 px (an 11-px box has 3.16), not 5.
    expect(k[0] / k[60]).toBeCloseTo(0.8759, 4);
    const sd = Math.sqrt(k1.reduce((s, v, i) => s + v * (i - 5) ** 2, 0));
    expect(sd).toBeCloseTo(3.1298, 4);
  });
  it('rejects bad sizes', () => {
    expect(() => gkern(0, 5)).toThrow(/klen/);
    expect(() => gkern(11, 0)).toThrow(/nsig/);
  });
});

/** conv2d(x, kern, padding=klen // 2) with kern[c, c] = k and 0 across channels, written out naively (NCHW). */
function referenceConv(x: Float32Array, h: number, w: number, ch: number, k: Float32Array, klen: number): Float64Array {
  const pad = klen >> 1;
  const out = new Float64Array(x.length);
  for (let c = 0; c < ch; c++) {
    for (let y = 0; y < h; y++) {
      for (let xx = 0; xx < w; xx++) {
        let s = 0;
        for (let c2 = 0; c2 < ch; c2++) {
          for (let u = 0; u < klen; u++) {
            for (let v = 0; v < klen; v++) {
              const sy = y + u - pad;
              const sx = xx + v - pad;
              const weight = c2 === c ? k[u * klen + v] : 0;
              const value = sy >= 0 && sy < h && sx >= 0 && sx < w ? x[(sy * w + sx) * ch + c2] : 0;
              s += weight * value;
            }
          }
        }
        out[(y * w + xx) * ch + c] = s;
      }
    }
  }
  return out;
}

describe("substrates in model-input space (RISE's zeros_like and blur)", () => {
  const kernel = gkern(11, 5);
  // Sum of the profile's right half: a corner pixel keeps (0.54699...)^2 = 0.29920 of its own value; the
  // rest of its window is zero padding.
  const HALF = 0.5469910316342163;

  it('the blur equals a naive conv2d with zero padding on a random input', () => {
    const rng = createRng(3);
    const [h, w] = [13, 9];
    const x = Float32Array.from({ length: h * w * 3 }, () => rng.uniform() * 2 - 1);
    const got = blurModelInput(x, h, w, 3, kernel, 11);
    const want = referenceConv(x, h, w, 3, kernel, 11);
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 6));
  });
  for (const preprocessing of ['mobilenet', 'caffe'] as const) {
    it(`${preprocessing}: deletion's zeros are the colour ${preprocessing === 'mobilenet' ? 'mid-gray 127.5' : 'of the caffe means'}; the blur pads with that colour, not black`, () => {
      const zero = modelZeroRgb(preprocessing);
      expect(zero).toEqual(preprocessing === 'mobilenet' ? [127.5, 127.5, 127.5] : [123.68, 116.779, 103.939]);
      expect(Array.from(toModelInput(zero, preprocessing))).toEqual([0, 0, 0]);
      const size = 16;
      const n = size * size;
      const colour = [200, 40, 90];
      const rgba = Uint8ClampedArray.from({ length: n * 4 }, (_, i) => (i % 4 === 3 ? 255 : colour[i % 4]));
      const x = toModelInput(rgba, preprocessing, 4);
      // Deletion: every pixel deleted is the zero tensor, shown as the model's zero colour.
      const zeros = new Float32Array(n * 3);
      const deleted = perturbedInput(x, zeros, saliencyOrder(new Float32Array(n)), n, 3);
      expect(deleted.every((v) => v === 0)).toBe(true);
      expect(Array.from(fromModelInput(deleted, preprocessing).slice(0, 4))).toEqual([...zero.map(Math.round), 255]);
      // Insertion's start: blurred in model space. Inside, a flat image stays flat; at the edges zero padding
      // mixes in the model's zero, i.e. the pixel colour `zero`.
      const blurred = blurModelInput(x, size, size, 3, kernel, 11);
      const at = (y: number, xx: number) => Array.from(blurred.slice((y * size + xx) * 3, (y * size + xx) * 3 + 3));
      at(8, 8).forEach((v, c) => expect(v).toBeCloseTo(x[c], 5));
      at(0, 0).forEach((v, c) => expect(v).toBeCloseTo(HALF * HALF * x[c], 5));
      at(8, 0).forEach((v, c) => expect(v).toBeCloseTo(HALF * x[c], 5));
      const corner = fromModelInput(blurred.slice(0, 3), preprocessing);
      for (let c = 0; c < 3; c++) {
        const expected = zero[c] + HALF * HALF * (colour[c] - zero[c]); // 70 % of the way to the zero colour
        expect(Math.abs(corner[c] - expected)).toBeLessThanOrEqual(0.5 + 1e-3);
        expect(Math.abs(corner[c] - HALF * HALF * colour[c])).toBeGreaterThan(10); // pixel-space zero padding (black) would give this
      }
    });
  }
  it('rejects shapes that do not match', () => {
    expect(() => blurModelInput(new Float32Array(10), 2, 2, 3, kernel, 11)).toThrow(/values/);
    expect(() => blurModelInput(new Float32Array(12), 2, 2, 3, kernel, 9)).toThrow(/kernel/);
  });
});
