/**
 * Attribution request parameters: pure data shared by the UI and the worker, with the URL contract.
 * The keys, defaults and ranges are the methods' parameter specs (each method's meta.ts, NoiseTunnel's,
 * and the request's own in common.ts, gathered by registry.ts); this file reads and writes them.
 */
import { ALL_SPECS, METHOD_IDS, METHODS, type MethodId } from './registry';
import type { NoiseTunnelType, ParamValues } from './values';
import type { ParamSpec } from './spec';
import { numberParam, oneOf } from '../shared/url-values';

export { METHOD_IDS, METHODS, type MethodId } from './registry';
export { BASELINES, BASELINE_IDS, DISTRIBUTIONS, DISTRIBUTION_IDS, UNITS, type BaselineId, type DistributionId } from './common';
export { NT_TYPES, type NoiseTunnelType } from './noise-tunnel/meta';
export type { AttributionUnits, MethodMeta } from './spec';

export interface AttributionParams extends ParamValues {
  method: MethodId;
}

/** The method shown first. */
const DEFAULT_METHOD: MethodId = 'saliency';

export const DEFAULT_PARAMS: AttributionParams = Object.fromEntries([
  ['method', DEFAULT_METHOD],
  ...ALL_SPECS.map((s) => [s.key, s.default]),
]) as unknown as AttributionParams;

/** The scale group of a result: NoiseTunnel's smoothgrad_sq and vargrad square the units; `layer`: a CAM result's (its notes.layer). */
export function scaleGroupOf(method: MethodId, nt: NoiseTunnelType, layer?: string | number): string {
  // A CAM map's values depend on its layer: maps of different layers never share a scale.
  const units = METHODS[method].layer && layer != null ? `${METHODS[method].units}@${layer}` : METHODS[method].units;
  return nt === 'smoothgrad_sq' || nt === 'vargrad' ? `${units}^2` : units;
}


/** The spec's value in the query, or its default when absent or invalid. */
function parseValue(p: URLSearchParams, spec: ParamSpec): AttributionParams[keyof AttributionParams] | undefined {
  const v = p.get(spec.url) ?? (spec.legacyUrl ? p.get(spec.legacyUrl) : null);
  switch (spec.kind) {
    case 'int':
    case 'float':
      return numberParam(v, spec.min, spec.max, spec.default, spec.kind === 'int');
    case 'enum':
      return (oneOf(spec.values, v) ?? spec.default) as AttributionParams[keyof AttributionParams];
    case 'bool':
      return v === '1' || v === 'true';
    case 'layer':
      // Any name is kept (the model decides which exist): an unknown one is refused by the request with a clear message.
      return v == null ? spec.default : v.trim().slice(0, 100);
  }
}

/** Reads attribution parameters from a query string; invalid values fall back to defaults. */
export function parseParams(search: string): { params: AttributionParams; requested: boolean } {
  const p = new URLSearchParams(search);
  const method = p.get('method') ?? '';
  const requested = (METHOD_IDS as readonly string[]).includes(method);
  const params = { ...DEFAULT_PARAMS, method: requested ? (method as MethodId) : DEFAULT_PARAMS.method };
  const fields = params as Record<keyof AttributionParams, unknown>;
  for (const spec of ALL_SPECS) fields[spec.key] = parseValue(p, spec);
  // A least value that depends on other parameters (steps on the quadrature) raises the one read.
  for (const spec of ALL_SPECS) if ((spec.kind === 'int' || spec.kind === 'float') && spec.minFor) fields[spec.key] = Math.max(fields[spec.key] as number, spec.minFor(params));
  return { params, requested };
}

/** Writes the parameters that differ from the defaults (plus method) into a query string. */
export function writeParams(search: string, params: AttributionParams): string {
  const p = new URLSearchParams(search);
  p.set('method', params.method);
  for (const spec of ALL_SPECS) {
    const v = params[spec.key];
    const written = spec.writtenWhen ? spec.writtenWhen(params) : !(v === spec.default || v === null || v === false);
    if (written) p.set(spec.url, v === true ? '1' : String(v));
    else p.delete(spec.url);
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}
