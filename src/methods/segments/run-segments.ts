/** The segment methods' shared run.ts part: the feature mask of the clean photo, made once per request. */
import type { AttributionParams } from '../params';
import type { MethodInputs } from '../run-types';
import { segmentImage, type Segmentation } from './segmentation';

export function segmentsOf(params: AttributionParams, inputs: MethodInputs): () => Segmentation {
  let made: Segmentation | undefined;
  const size = inputs.spec.inputSize;
  return () => (made ??= segmentImage(inputs.pixels, size, size, params.segments, params.nSegments));
}
