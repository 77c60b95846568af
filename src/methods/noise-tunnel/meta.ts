/**
 * NoiseTunnel: not a method but a wrapper around any of them (the worker part is noise-tunnel.ts and
 * run.ts). Its parameters are the app's, and they differ from Captum's defaults, both declared here.
 */
import type { EnumSpec, NumberSpec, ParamSpec } from '../spec';
import { NT_TYPES, type NoiseTunnelKind, type ParamValues } from '../values';

export { NOISE_TUNNEL_TYPES, NT_TYPES, type NoiseTunnelKind, type NoiseTunnelType } from '../values';

const on = (p: ParamValues) => p.nt !== 'none';

export const NT: EnumSpec = { key: 'nt', url: 'nt', kind: 'enum', label: 'NoiseTunnel', default: 'none', values: NT_TYPES };

export const NT_SAMPLES: NumberSpec = {
  key: 'ntSamples', url: 'nt_samples', kind: 'int', label: 'NoiseTunnel samples', default: 5, min: 1, max: 500, shownWhen: on,
};

export const NT_STDEVS: NumberSpec = {
  key: 'ntStdevs', url: 'nt_stdevs', kind: 'float', label: 'NoiseTunnel noise stdev (model-input units; 0 = 15 % of the input range)',
  default: 0, min: 0, max: 1000, step: 0.01, shownWhen: on,
  // Links made before nt_stdevs existed used `stdevs` for both noises: they keep meaning what they meant.
  legacyUrl: 'stdevs',
  // Always explicit under a NoiseTunnel: an absent nt_stdevs falls back to `stdevs` (old links).
  writtenWhen: on,
};

export const noiseTunnel = {
  id: 'noise-tunnel',
  label: 'NoiseTunnel',
  paper: 'Smilkov et al. 2017 (SmoothGrad); Adebayo et al. 2018 (VarGrad)',
  params: [NT, NT_SAMPLES, NT_STDEVS] as readonly ParamSpec[],
  /**
   * Captum's defaults, which noise-tunnel.ts takes for a missing parameter. The app's default noise
   * (ntStdevs 0) is 15 % of the model input's range (SmoothGrad's), resolved per model by the worker.
   */
  captumDefaults: { type: 'smoothgrad' as NoiseTunnelKind, samples: 5, stdevs: 1.0 },
  captumDifference:
    'The default noise is 15 % of the model input\u2019s range (SmoothGrad\u2019s), not Captum\u2019s stdevs = 1.0; ' +
    'samples run one after another (Captum batches them).',
} as const;
