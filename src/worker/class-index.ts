/** A class index a request names (a target from a link or a control) checked against the model that runs it. */
import type { ModelSpec } from '../shared/models/registry';

/** Throws, in words, when `index` is not one of the model's classes (a link made for ImageNet's 1,000 may name one an uploaded model lacks). */
export function checkClass(spec: Pick<ModelSpec, 'label' | 'numClasses'>, index: number, what = 'The target class'): void {
  if (Number.isInteger(index) && index >= 0 && index < spec.numClasses) return;
  throw new Error(`${what} #${index} is not a class of ${spec.label}: it has ${spec.numClasses} classes, #0 to #${spec.numClasses - 1}.`);
}
