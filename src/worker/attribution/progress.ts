/**
 * Progress for composed methods: a sub-context whose step(done, total) reports into slice `index`
 * of `count` equal slices of the outer run, e.g. sample 2 of 5 of a NoiseTunnel at 40-60 %.
 */
import type { AttributionContext } from './types';

export function subContext(ctx: AttributionContext, index: number, count: number): AttributionContext {
  return {
    ...ctx,
    logits: (x, options) => ctx.logits(x, options),
    step: (done, total) => ctx.step(index * total + done, count * total),
  };
}
