/**
 * DeepLiftShap (Lundberg & Lee 2017, "A Unified Approach to Interpreting Model Predictions",
 * https://arxiv.org/abs/1705.07874), as Captum's DeepLiftShap (captum/attr/_core/deep_lift.py):
 * DeepLift of x against each member b_i of a baseline distribution, attributions averaged over the
 * members. Captum's delta is per (input, baseline) pair, sum(attr_i) - (f(x) - f(b_i)); so is ours
 * (`sampleDeltas`), with their mean as `delta`.
 * Chunking: k pairs per pass, a batch of 2k rows [x repeated k; b_1..b_k] so the rules' half split
 * pairs row i with row k + i; k = max(1, floor(batchSize / 2)) keeps a pass within batchSize rows.
 * Where we differ: Captum requires more than one baseline; with one, this equals DeepLift.
 */
import * as tf from '@tensorflow/tfjs';
import type { Nonlinearities } from '../../worker/runtime/compile';
import { deepLiftNonlinearities } from '../deeplift/deeplift-rules';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';
import { checkReference, pairMultipliers } from '../deeplift/deeplift';

export interface DeepLiftShapParams {
  /** Baseline distribution [K, H, W, C] in model-input space, K >= 1. */
  baselines: tf.Tensor4D;
  /** Gradient overrides; default the Rescale rules. */
  nonlinearities?: Partial<Nonlinearities>;
}

export async function deepLiftShap(
  input: tf.Tensor4D,
  target: number,
  params: DeepLiftShapParams,
  ctx: AttributionContext,
): Promise<AttributionResult> {
  const { baselines } = params;
  checkReference(input, baselines, 'Baselines');
  const count = baselines.shape[0];
  if (input.shape[0] !== 1 || count < 1) throw new Error('DeepLiftShap takes one input and at least one baseline.');
  const rules = params.nonlinearities ?? deepLiftNonlinearities();
  const pairsPerPass = Math.max(1, Math.floor(ctx.batchSize / 2));
  let total: tf.Tensor | null = null;
  const deltas: number[] = [];
  const differences: number[] = [];
  let targetLogit = NaN;
  try {
    for (let start = 0; start < count; start += pairsPerPass) {
      const k = Math.min(pairsPerPass, count - start);
      const part = tf.tidy(() => {
        const refs = tf.slice(baselines, [start, 0, 0, 0], [k, -1, -1, -1]);
        const pairs = tf.concat([tf.tile(input, [k, 1, 1, 1]), refs], 0);
        const { multipliers, outputs } = pairMultipliers(ctx, pairs, target, rules);
        const attr = tf.mul(tf.sub(input, refs), multipliers); // [k, H, W, C], one map per pair
        const chunkSum = tf.sum(attr, 0, true);
        return { sum: total ? tf.add(total, chunkSum) : chunkSum, rowSums: tf.sum(attr, [1, 2, 3]), outputs };
      });
      total?.dispose();
      total = part.sum;
      const [rowSums, outputs] = await Promise.all([part.rowSums.data(), part.outputs.data()]);
      tf.dispose([part.rowSums, part.outputs]);
      targetLogit = outputs[0];
      for (let i = 0; i < k; i++) {
        const difference = outputs[i] - outputs[k + i];
        differences.push(difference);
        deltas.push(rowSums[i] - difference);
      }
      await ctx.step(start + k, count);
    }
  } catch (e) {
    total?.dispose();
    throw e;
  }
  const attributions = tf.tidy(() => tf.div(total!, count)) as tf.Tensor4D;
  total!.dispose();
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  return {
    attributions,
    targetLogit,
    delta: mean(deltas),
    sampleDeltas: deltas,
    outputDifference: mean(differences),
    notes: { baselines: count, pairsPerPass },
  };
}
