/**
 * Unzips the archive Teachable Machine's "Download my model" gives (model.json, weights.bin,
 * metadata.json, sometimes inside a folder), in memory, with fflate. Directories and macOS' __MACOSX
 * resource forks are skipped; the total unzipped size is capped so that a zip bomb is refused before
 * it is inflated.
 */
import { unzipSync } from 'fflate';
import { UploadError } from './upload-error';
import type { UploadedFile } from './types';

/** Largest total unzipped size: a Teachable Machine image model is ~2 MB, a Keras MobileNet ~ 17 MB, a ResNet-50 ~ 100 MB. */
export const MAX_UNZIPPED_BYTES = 512 * 1024 * 1024;

const isZipMagic = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && (b[3] === 4 || b[3] === 6);

/** A zip by its name, or by its first bytes (PK\x03\x04, or PK\x05\x06 for an empty zip) unless it is named as a model file. */
export function isZip(file: UploadedFile): boolean {
  if (/\.zip$/i.test(file.name)) return true;
  return !/\.(bin|json)$/i.test(file.name) && isZipMagic(new Uint8Array(file.bytes, 0, Math.min(4, file.bytes.byteLength)));
}

/** The files inside a zip, named by their path in it. */
export function unzipFiles(zip: UploadedFile): UploadedFile[] {
  let total = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(zip.bytes), {
      filter: (f) => {
        if (f.name.endsWith('/') || f.name.startsWith('__MACOSX/') || /(^|\/)\._/.test(f.name)) return false;
        total += f.originalSize;
        if (total > MAX_UNZIPPED_BYTES) {
          throw new UploadError(`${zip.name} unzips to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB, far more than an image classifier needs; it cannot be opened.`);
        }
        return true;
      },
    });
  } catch (e) {
    if (e instanceof UploadError) throw e;
    throw new UploadError(`${zip.name} is not a zip file that can be opened (${(e as Error).message}). Download the model from Teachable Machine again.`);
  }
  return Object.entries(entries).map(([name, data]) => ({
    name,
    bytes: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
  }));
}
