/**
 * A model seen through extra forward options (randomised weights, a shift-compensated first layer),
 * so the ordinary attribution engine and classifier run on it unchanged. The original weights are
 * never touched: overrides live only in the options of each call.
 */
import type { CompiledModel, ForwardOptions } from '../../../worker/runtime/compile';
import type { LoadedModel } from '../../../worker/runtime/load-model';

export function withForward(model: LoadedModel, extra: ForwardOptions): LoadedModel {
  const base = model.compiled;
  const compiled: CompiledModel = {
    layers: base.layers,
    numClasses: base.numClasses,
    logits: (x, options = {}) => base.logits(x, { ...extra, ...options, weights: { ...extra.weights, ...options.weights } }),
    dispose: () => {}, // the wrapped model owns nothing
  };
  return { ...model, compiled, dispose: () => {} };
}
