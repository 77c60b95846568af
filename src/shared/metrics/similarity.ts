/**
 * How alike two saliency maps are: Spearman rank correlation, top-k intersection and SSIM, the
 * measures of Ghorbani, Abid & Zou 2019 ("Interpretation of Neural Networks is Fragile", AAAI) and
 * of Adebayo et al. 2018 ("Sanity Checks for Saliency Maps", NeurIPS). SSIM is Wang, Bovik, Sheikh &
 * Simoncelli 2004, computed as scikit-image's structural_similarity does with Gaussian weights.
 * Pure TypeScript (no tfjs, no DOM): it runs in the worker and in the UI.
 */
import { saliencyOrder } from './pixel-order';

function checkSameLength(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  if (a.length !== b.length) throw new Error(`${what}: lengths differ (${a.length} vs ${b.length})`);
}

/**
 * 1-based ranks with ties averaged, as scipy.stats.rankdata(method='average'). Like SciPy's default
 * nan_policy='propagate', any NaN makes every rank NaN: a NaN has no place in an order.
 */
export function rankData(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) if (Number.isNaN(values[i])) return ranks.fill(Number.NaN);
  // The descending order serves as well as an ascending one: a tied block at descending positions
  // [s, e) holds the ascending ranks n - e + 1 .. n - s, whose mean is (2n - s - e + 1) / 2.
  const order = saliencyOrder(values);
  for (let s = 0; s < n; ) {
    const v = values[order[s]];
    let e = s + 1;
    while (e < n && values[order[e]] === v) e++;
    const rank = (2 * n - s - e + 1) / 2;
    for (let j = s; j < e; j++) ranks[order[j]] = rank;
    s = e;
  }
  return ranks;
}

/** Spearman's rho: Pearson correlation of the average ranks. NaN when either input is constant. */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkSameLength(a, b, 'spearman');
  const ra = rankData(a);
  const rb = rankData(b);
  const n = ra.length;
  // Averaged ranks always sum to n(n+1)/2, so the mean is known without a pass.
  const mean = (n + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = ra[i] - mean;
    const db = rb[i] - mean;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return Number.NaN;
  // Rounding can push |rho| a hair past 1 for (anti-)monotone pairs.
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
}

/**
 * Share (0..1) of the k largest entries of a that are also among the k largest of b, with
 * k = max(1, round(fraction * n)). Ties go to the lower index and NaN ranks lowest, so the sets
 * are deterministic even on maps with plateaus (common after clipping or ReLU).
 */
export function topKIntersection(a: ArrayLike<number>, b: ArrayLike<number>, fraction: number): number {
  checkSameLength(a, b, 'topKIntersection');
  if (!(fraction >= 0 && fraction <= 1)) throw new Error(`topKIntersection: fraction ${fraction} outside [0, 1]`);
  const n = a.length;
  if (n === 0) throw new Error('topKIntersection: empty maps');
  const k = Math.max(1, Math.round(fraction * n));
  const topA = saliencyOrder(a);
  const topB = saliencyOrder(b);
  const inA = new Uint8Array(n);
  for (let i = 0; i < k; i++) inA[topA[i]] = 1;
  let shared = 0;
  for (let i = 0; i < k; i++) shared += inA[topB[i]];
  return shared / k;
}

// skimage uses truncate = 3.5 with sigma = 1.5, giving radius int(3.5 * 1.5 + 0.5) = 5: an 11-tap window.
const SSIM_SIGMA = 1.5;
const SSIM_RADIUS = 5;
const SSIM_WIN = 2 * SSIM_RADIUS + 1;
const SSIM_K1 = 0.01;
const SSIM_K2 = 0.03;

/** The normalised 1-D Gaussian taps, as scipy.ndimage.gaussian_filter1d builds them. */
function gaussianTaps(): Float64Array {
  const taps = new Float64Array(SSIM_WIN);
  let sum = 0;
  for (let i = 0; i < SSIM_WIN; i++) {
    const x = i - SSIM_RADIUS;
    taps[i] = Math.exp((-0.5 * x * x) / (SSIM_SIGMA * SSIM_SIGMA));
    sum += taps[i];
  }
  for (let i = 0; i < SSIM_WIN; i++) taps[i] /= sum;
  return taps;
}

const TAPS = gaussianTaps();

/**
 * Mean SSIM over the 'valid' region (pixels whose whole 11x11 window is inside the image); this equals
 * skimage's structural_similarity(gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
 * data_range=L), which filters with edge padding and then crops exactly that 5-pixel border.
 * The 2-D Gaussian is the product of two 1-D ones, so the five local moments are filtered along rows
 * and then along columns: 22 taps per pixel per moment instead of 121.
 */
export function ssim(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  width: number,
  height: number,
  options: { dataRange?: number } = {},
): number {
  checkSameLength(a, b, 'ssim');
  if (!Number.isInteger(width) || !Number.isInteger(height) || width * height !== a.length) {
    throw new Error(`ssim: ${width}x${height} does not match ${a.length} values`);
  }
  if (width < SSIM_WIN || height < SSIM_WIN) {
    throw new Error(`ssim: ${width}x${height} is smaller than the ${SSIM_WIN}x${SSIM_WIN} window`);
  }
  const range = options.dataRange ?? 1;
  if (!(range > 0 && Number.isFinite(range))) throw new Error(`ssim: dataRange must be positive, got ${range}`);
  const c1 = (SSIM_K1 * range) ** 2;
  const c2 = (SSIM_K2 * range) ** 2;

  // Row pass: for every row, the valid columns of the filtered x, y, xx, yy, xy.
  const vw = width - SSIM_WIN + 1;
  const vh = height - SSIM_WIN + 1;
  const rowSize = height * vw;
  const rows = new Float64Array(5 * rowSize);
  for (let r = 0; r < height; r++) {
    const line = r * width;
    for (let c = 0; c < vw; c++) {
      let mx = 0, my = 0, mxx = 0, myy = 0, mxy = 0;
      for (let t = 0; t < SSIM_WIN; t++) {
        const w = TAPS[t];
        const x = a[line + c + t];
        const y = b[line + c + t];
        mx += w * x;
        my += w * y;
        mxx += w * x * x;
        myy += w * y * y;
        mxy += w * x * y;
      }
      const o = r * vw + c;
      rows[o] = mx;
      rows[rowSize + o] = my;
      rows[2 * rowSize + o] = mxx;
      rows[3 * rowSize + o] = myy;
      rows[4 * rowSize + o] = mxy;
    }
  }

  // Column pass over the valid rows, folding each pixel's SSIM straight into the mean.
  let total = 0;
  for (let r = 0; r < vh; r++) {
    for (let c = 0; c < vw; c++) {
      let mx = 0, my = 0, mxx = 0, myy = 0, mxy = 0;
      for (let t = 0; t < SSIM_WIN; t++) {
        const w = TAPS[t];
        const o = (r + t) * vw + c;
        mx += w * rows[o];
        my += w * rows[rowSize + o];
        mxx += w * rows[2 * rowSize + o];
        myy += w * rows[3 * rowSize + o];
        mxy += w * rows[4 * rowSize + o];
      }
      // Population (biased) moments, as use_sample_covariance=False.
      const vx = mxx - mx * mx;
      const vy = myy - my * my;
      const cxy = mxy - mx * my;
      total += ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
    }
  }
  return total / (vw * vh);
}
