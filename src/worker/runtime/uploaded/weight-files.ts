/**
 * The weight files model.json's weightsManifest names, found among the uploaded files by basename,
 * checked against the sizes the manifest implies, and joined into tfjs' one weightData buffer.
 */
import type * as tf from '@tensorflow/tfjs';
import { UploadError } from './upload-error';
import type { UploadedFile } from './types';

export const basename = (path: string): string => path.split(/[\\/]/).pop() ?? path;

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8 };

/** Bytes one manifest entry takes in the weight files (quantised weights take their quantised size). */
function entryBytes(w: tf.io.WeightsManifestEntry): number {
  const dtype = w.quantization?.dtype ?? w.dtype;
  const per = BYTES[dtype];
  if (per === undefined) throw new UploadError(`The weight ${w.name} has the type ${dtype}, which cannot be read here.`);
  return w.shape.reduce((a, b) => a * b, 1) * per;
}

const n = (x: number) => x.toLocaleString('en-US');

/** Matches a manifest path to an uploaded file: by basename, also URL-decoded (tfjs writes paths as URLs). */
function findFile(files: UploadedFile[], path: string): UploadedFile | undefined {
  const want = [basename(path), basename(safeDecode(path))].map((s) => s.toLowerCase());
  return files.find((f) => want.includes(basename(f.name).toLowerCase()));
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The manifest's weight specs in order and their bytes as one buffer; UploadError for a missing or wrong-size file. */
export function weightData(
  manifest: tf.io.WeightsManifestConfig,
  files: UploadedFile[],
  modelJson: string,
): { weightSpecs: tf.io.WeightsManifestEntry[]; weightData: ArrayBuffer; bytes: number } {
  const groups = manifest.map((g) => ({ g, found: g.paths.map((p) => ({ path: p, file: findFile(files, p) })) }));
  const missing = groups.flatMap(({ found }) => found.filter((f) => !f.file).map((f) => f.path));
  if (missing.length) {
    const list = missing.join(', ');
    throw new UploadError(
      `The weight file${missing.length > 1 ? 's' : ''} ${list} ${missing.length > 1 ? 'are' : 'is'} missing: ${modelJson} lists ${missing.length > 1 ? 'them' : 'it'}. ` +
        `Select ${missing.length > 1 ? 'them' : 'it'} together with ${modelJson} (and metadata.json), or drop the zip Teachable Machine downloads.`,
    );
  }
  let total = 0;
  for (const { g, found } of groups) {
    const expected = g.weights.reduce((s, w) => s + entryBytes(w), 0);
    const got = found.reduce((s, f) => s + f.file!.bytes.byteLength, 0);
    if (got !== expected) {
      const what = found.length === 1 ? `${found[0].path} has ${n(got)} bytes` : `${found.map((f) => f.path).join(', ')} have ${n(got)} bytes together`;
      throw new UploadError(
        `${what}, but ${modelJson} expects ${n(expected)} bytes (${g.weights.length} weight tensors): ` +
          `the files are from different exports or a download did not finish. Download the model again and select all its files.`,
      );
    }
    total += got;
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const { found } of groups) {
    for (const f of found) {
      out.set(new Uint8Array(f.file!.bytes), offset);
      offset += f.file!.bytes.byteLength;
    }
  }
  return { weightSpecs: manifest.flatMap((g) => g.weights), weightData: out.buffer, bytes: total };
}
