/**
 * Maps a request's parameters onto its method's implementation (methods/implementations.ts, one entry
 * per registry id), inside a NoiseTunnel when the request asks for one.
 */
import type * as tf from '@tensorflow/tfjs';
import { IMPLEMENTATIONS } from '../../methods/implementations';
import { wrap } from '../../methods/noise-tunnel/run';
import type { AttributionParams } from '../../methods/params';
import type { MethodInputs } from '../../methods/run-types';
import type { AttributionContext, AttributionResult } from './types';

export type { MethodInputs } from '../../methods/run-types';

export async function runMethod(
  ctx: AttributionContext,
  input: tf.Tensor4D,
  target: number,
  params: AttributionParams,
  inputs: MethodInputs,
): Promise<AttributionResult> {
  const call = wrap(params, inputs, IMPLEMENTATIONS[params.method](params, inputs));
  return call(input, target, ctx);
}
