/**
 * The methods, one line each: their metadata (meta.ts) in the order the method menu lists them. Pure:
 * the main thread reads it. The implementations (worker realm) are in implementations.ts, a map that
 * must have an entry for every id here.
 */
import { blurIg } from './blur_ig/meta';
import { deconvolution } from './deconvolution/meta';
import { deeplift } from './deeplift/meta';
import { expectedGradients } from './expected_gradients/meta';
import { featureAblation } from './feature_ablation/meta';
import { kernelShap } from './kernel_shap/meta';
import { lime } from './lime/meta';
import { lrp } from './lrp/meta';
import { shapleySampling } from './shapley_sampling/meta';
import { deepliftshap } from './deepliftshap/meta';
import { gradcam } from './gradcam/meta';
import { gradcamPP } from './gradcam_pp/meta';
import { gradshap } from './gradshap/meta';
import { guided_backprop } from './guided_backprop/meta';
import { guided_gradcam } from './guided_gradcam/meta';
import { guidedIg } from './guided_ig/meta';
import { ig } from './ig/meta';
import { ixg } from './ixg/meta';
import { NT, noiseTunnel } from './noise-tunnel/meta';
import { occlusion } from './occlusion/meta';
import { saliency } from './saliency/meta';
import { scoreCam } from './score_cam/meta';
import { xrai } from './xrai/meta';
import { BATCH, SEED, TARGET } from './common';
import type { ParamValues } from './values';
import type { MethodMeta, ParamSpec } from './spec';

export const METHOD_LIST = [
  saliency, ixg, ig, blurIg, guidedIg, gradshap, expectedGradients, deeplift, deepliftshap, gradcam, gradcamPP, scoreCam, occlusion,
  guided_backprop, deconvolution, guided_gradcam, featureAblation, shapleySampling, lime, kernelShap, xrai, lrp,
] as const;

export type MethodId = (typeof METHOD_LIST)[number]['id'];
export const METHOD_IDS = METHOD_LIST.map((m) => m.id) as readonly MethodId[];
export const METHODS = Object.fromEntries(METHOD_LIST.map((m) => [m.id, m])) as Record<MethodId, MethodMeta<MethodId>>;

/** The wrapper around every method. */
export const NOISE_TUNNEL = noiseTunnel;

/**
 * Every parameter spec once (shared ones such as the baseline appear in several methods), with the
 * request's own (target, seed, batch): the URL schema.
 */
export const ALL_SPECS: readonly ParamSpec[] = [...new Set([TARGET, ...METHOD_LIST.flatMap((m) => m.params), ...NOISE_TUNNEL.params, SEED, BATCH])];

/** Every URL key the attribution parameters are read from (`method` and the legacy keys included). */
export const URL_KEYS: readonly string[] = [...new Set(['method', ...ALL_SPECS.flatMap((s) => (s.legacyUrl ? [s.url, s.legacyUrl] : [s.url]))])];

/** The parameters that determine a result of `method` (the result cache keys on them). */
export function specsOf(method: MethodId, nt: ParamValues['nt']): readonly ParamSpec[] {
  return [...METHODS[method].params, ...(nt === 'none' ? [NT] : NOISE_TUNNEL.params)];
}

/** Whether a request draws random numbers (then the seed matters and its control is shown). */
export function usesSeed(p: ParamValues & { method: MethodId }): boolean {
  return METHODS[p.method].params.some((s) => s.seeded) || p.nt !== 'none';
}
