import type { AttributionParams } from '../params';
import type { MethodCall, MethodInputs } from '../run-types';
import { noiseTunnel } from './noise-tunnel';

/** `call` inside a NoiseTunnel when the request asks for one, else `call` itself. */
export function wrap(params: AttributionParams, inputs: MethodInputs, call: MethodCall): MethodCall {
  if (params.nt === 'none') return call;
  const type = params.nt;
  return async (input, target, ctx) => {
    inputs.setPhase(` inside NoiseTunnel (${type})`);
    const result = await noiseTunnel(
      input,
      target,
      { type, samples: params.ntSamples, stdevs: inputs.noiseStdev },
      ctx,
      (noisy, inner) => call(noisy, target, inner),
    );
    return { ...result, notes: { ...result.notes, noiseStdev: inputs.noiseStdev } };
  };
}
