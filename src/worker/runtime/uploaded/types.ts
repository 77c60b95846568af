/** What readUploadedModel reads and returns. */
import type * as tf from '@tensorflow/tfjs';
import type { CamLayer } from '../../../shared/models/cam-layers';
import type { ModelSpec } from '../../../shared/models/registry';

/** One file the student chose or dropped: its name (maybe with a relative path; matched by basename) and contents. */
export interface UploadedFile {
  name: string;
  bytes: ArrayBuffer;
}

export interface UploadedModel {
  /** id `uploaded:<slug of the model name>`, crop and preprocessing from metadata.json, camLayers set. */
  spec: ModelSpec;
  /** One per output, in output order: metadata.json's `labels`, or class_0, class_1, … */
  labels: string[];
  /** Topology and weights, ready for tf.io.fromMemory(artifacts) and loadModel. */
  artifacts: tf.io.ModelArtifacts;
  /** spec.camLayers with their block and output size at inputSize (what camLayerText shows). */
  camLayers: CamLayer[];
}
