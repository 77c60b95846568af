/**
 * The methods' implementations by id (worker realm: they run tfjs). A Record over MethodId, so a
 * method in the registry without an implementation here does not compile.
 */
import type { MethodId } from './registry';
import type { MethodRun } from './run-types';
import { run as blur_ig } from './blur_ig/run';
import { run as deconvolution } from './deconvolution/run';
import { run as deeplift } from './deeplift/run';
import { run as expected_gradients } from './expected_gradients/run';
import { run as feature_ablation } from './feature_ablation/run';
import { run as kernel_shap } from './kernel_shap/run';
import { run as lime } from './lime/run';
import { run as lrp } from './lrp/run';
import { run as shapley_sampling } from './shapley_sampling/run';
import { run as deepliftshap } from './deepliftshap/run';
import { run as gradcam } from './gradcam/run';
import { run as gradcam_pp } from './gradcam_pp/run';
import { run as gradshap } from './gradshap/run';
import { run as guided_backprop } from './guided_backprop/run';
import { run as guided_gradcam } from './guided_gradcam/run';
import { run as guided_ig } from './guided_ig/run';
import { run as ig } from './ig/run';
import { run as ixg } from './ixg/run';
import { run as occlusion } from './occlusion/run';
import { run as saliency } from './saliency/run';
import { run as score_cam } from './score_cam/run';
import { run as xrai } from './xrai/run';

export const IMPLEMENTATIONS: Record<MethodId, MethodRun> = {
  saliency, ixg, ig, blur_ig, guided_ig, gradshap, expected_gradients, deeplift, deepliftshap, gradcam, gradcam_pp, score_cam, occlusion,
  guided_backprop, deconvolution, guided_gradcam, feature_ablation, shapley_sampling, lime, kernel_shap, xrai, lrp,
};
