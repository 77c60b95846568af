/**
 * The CAM layer of a request: the one helper every CAM method (Grad-CAM, Grad-CAM++, Score-CAM, Guided
 * Grad-CAM) resolves `layer=` with. Pure: the controls, the units text and the worker's run.ts all use it.
 */
import { CAM_LAYERS, camLayerText, type CamLayer } from '../shared/models/cam-layers';
import type { ModelId, ModelSpec } from '../shared/models/registry';
import { MODELS } from '../shared/models/registry';
import type { ParamValues } from './values';

export { CAM_LAYERS, camLayerText, type CamLayer } from '../shared/models/cam-layers';

/** Why `layer` cannot be used with `model` (null: it can; '' means the model's last conv block). */
export function camLayerProblem(model: ModelId, layer: string): string | null {
  if (layer === '' || CAM_LAYERS[model].some((l) => l.name === layer)) return null;
  const names = CAM_LAYERS[model].map((l) => l.name);
  return (
    `Unknown layer "${layer}" for ${MODELS[model].label}: layer= takes a conv block output, one of ` +
    `${names.join(', ')} (absent: the last, ${names[names.length - 1]}).`
  );
}

/** The layer a CAM request explains: `params.layer`, or the model's last conv block when it is ''. Throws on an unknown name. */
export function camLayerOf(spec: ModelSpec, params: Pick<ParamValues, 'layer'>): CamLayer {
  const problem = camLayerProblem(spec.id, params.layer);
  if (problem) throw new Error(problem);
  const name = params.layer || spec.gradCamLayer;
  // A spec's own default layer that is not listed (a test's or stand-in's network) is still its default.
  return CAM_LAYERS[spec.id].find((l) => l.name === name) ?? { name, block: 'last conv block', size: 0, channels: 0 };
}

/** The units' suffix of a CAM result: the layer its notes name, e.g. " at conv_pw_13_relu (block 13, 7×7×768)". */
export function camUnitsSuffix(model: ModelId, notes: Record<string, number | string> | undefined): string {
  const name = notes?.layer;
  if (typeof name !== 'string') return '';
  const layer = CAM_LAYERS[model].find((l) => l.name === name);
  return layer ? ` at ${camLayerText(layer)}` : ` at ${name} (${String(notes?.map ?? '')})`;
}
