/**
 * The CAM layer of a request: the one helper every CAM method (Grad-CAM, Grad-CAM++, Score-CAM, Guided
 * Grad-CAM) resolves `layer=` with. Pure: the controls, the units text and the worker's run.ts all use it.
 */
import { camLayersOf, camLayerText, type CamLayer } from '../shared/models/cam-layers';
import type { ModelId, ModelSpec } from '../shared/models/registry';
import { modelSpec } from '../shared/models/model-spec';
import type { ParamValues } from './values';

export { CAM_LAYERS, camLayersOf, camLayerText, type CamLayer } from '../shared/models/cam-layers';

/** Why `layer` cannot be used with `spec`'s model (null: it can; '' means the model's last conv block). */
function layerProblem(spec: ModelSpec, layer: string): string | null {
  const layers = camLayersOf(spec);
  if (layer === '' || layers.some((l) => l.name === layer)) return null;
  const names = layers.map((l) => l.name);
  return (
    `Unknown layer "${layer}" for ${spec.label}: layer= takes a conv block output, one of ` +
    `${names.join(', ')} (absent: the last, ${names[names.length - 1]}).`
  );
}

/** Why `layer` cannot be used with `model` (null: it can; '' means the model's last conv block). */
export const camLayerProblem = (model: ModelId, layer: string): string | null => layerProblem(modelSpec(model), layer);

/** The layer a CAM request explains: `params.layer`, or the model's last conv block when it is ''. Throws on an unknown name. */
export function camLayerOf(spec: ModelSpec, params: Pick<ParamValues, 'layer'>): CamLayer {
  const problem = layerProblem(spec, params.layer);
  if (problem) throw new Error(problem);
  const name = params.layer || spec.gradCamLayer;
  // A spec's own default layer that is not listed (a test's or stand-in's network) is still its default.
  return camLayersOf(spec).find((l) => l.name === name) ?? { name, block: 'last conv block', size: 0, channels: 0 };
}

/** The units' suffix of a CAM result: the layer its notes name, e.g. " at conv_pw_13_relu (block 13, 7×7×768)". */
export function camUnitsSuffix(model: ModelId, notes: Record<string, number | string> | undefined): string {
  const name = notes?.layer;
  if (typeof name !== 'string') return '';
  const layer = camLayersOf(modelSpec(model)).find((l) => l.name === name);
  return layer ? ` at ${camLayerText(layer)}` : ` at ${name} (${String(notes?.map ?? '')})`;
}
