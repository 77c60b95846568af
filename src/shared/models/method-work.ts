/**
 * How many passes through the network one attribution request makes, read from the method code, so a
 * measured wall time can be turned into achieved FLOP/s (scripts/bench.mjs, scripts/webgpu-node.ts).
 *
 * Counted per image row at the model's input size, through the worker's engine
 * (worker/attribution/engine.ts):
 *  - the engine's predicted-class forward pass (1 row, inference only) when the request names no target;
 *  - saliency: one value-and-gradient pass (gradientAndLogit), 1 row;
 *  - ig: `steps` gradient rows (accumulateGradients), then f(x) and f(baseline), 2 inference rows
 *    (targetLogits) for the convergence delta;
 *  - deepliftshap: one gradient row per input-baseline pair member, 2 × baselines rows (pairMultipliers).
 * Convention (the usual one for training): a gradient row (forward + backward) costs **3 forward passes**,
 * the backward counted as the input gradient plus the filter gradient. The app's input gradients skip the
 * filter gradient (no Conv2DBackpropFilter is dispatched), so their real arithmetic is nearer 2 forward
 * passes: FLOP/s under this convention overstate the work done by up to 1.5x. FLOP = 2 x MAC (./flops.ts).
 * The method-work test in worker/attribution counts the rows the engine really runs against this table.
 */
export const GRADIENT_PASS_FORWARDS = 3;

export type BenchedMethod = 'saliency' | 'ig' | 'deepliftshap';

export interface MethodWork {
  /** Rows through the network without a gradient. */
  forwardRows: number;
  /** Rows through the network and back to the input. */
  gradientRows: number;
  /** forwardRows + GRADIENT_PASS_FORWARDS × gradientRows. */
  forwardEquivalents: number;
}

export interface WorkOptions {
  /** IG quadrature points (Captum's n_steps). */
  steps?: number;
  /** DeepLiftShap distribution members. */
  baselines?: number;
  /** The request names its target: no predicted-class pass. */
  targetGiven?: boolean;
}

export function methodWork(method: BenchedMethod, { steps = 50, baselines = 2, targetGiven = false }: WorkOptions = {}): MethodWork {
  const predicted = targetGiven ? 0 : 1;
  const [forwardRows, gradientRows] =
    method === 'saliency' ? [predicted, 1] : method === 'ig' ? [predicted + 2, steps] : [predicted, 2 * baselines];
  return { forwardRows, gradientRows, forwardEquivalents: forwardRows + GRADIENT_PASS_FORWARDS * gradientRows };
}
