/**
 * A model the student uploads (issue 18): readUploadedModel turns the files into a ModelSpec, labels
 * and tfjs ModelArtifacts, or throws an UploadError whose message the student reads. Then, as for the
 * built-in models: loadModel(spec, tf.io.fromMemory(artifacts)).
 */
export { readUploadedModel } from './read-uploaded';
export { UploadError } from './upload-error';
export type { UploadedFile, UploadedModel } from './types';
export { MAX_UNZIPPED_BYTES } from './zip';
