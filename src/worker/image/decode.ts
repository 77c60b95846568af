/**
 * Decodes a photo in the worker and draws the model's centre crop: EXIF orientation applied,
 * grayscale expanded to RGB by the canvas, transparency composited over white; an animated image
 * gives its first frame.
 *
 * Before decoding, the file is checked from its size and its first bytes (never its name, and its
 * MIME type only as a hint), so that a student gets a message that says what is wrong and what to
 * do instead of "could not be decoded", and so that a photo too big for a classroom laptop is refused
 * before it is decoded (a decoded image takes 4 bytes per pixel: 100 megapixels is 400 MB).
 */
import { inputCropRect } from '../../shared/image/geometry';
import type { Crop } from '../../shared/models/registry';
import { FORMAT_NAMES, sniffImage, type Sniffed } from '../../shared/image/sniff';

export { sniffImage };

export class DecodeError extends Error {}

export interface DecodedCrop {
  rgba: Uint8ClampedArray;
  original: { width: number; height: number };
}

/** Largest file read: a phone or DSLR photo is 2–30 MB; 100 MB leaves room for big PNGs and panoramas. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
/** Largest image decoded: 100 megapixels (400 MB once decoded), e.g. 12000 × 8000 or a 48 MP phone photo. */
export const MAX_PIXELS = 100_000_000;
/** How much of the file is read to recognise its format and dimensions (JPEG metadata can precede the size). */
export const HEAD_BYTES = 4 * 1024 * 1024;

/** Formats browsers decode with createImageBitmap (Chromium sniffs the same signatures). */
const READABLE = 'JPEG, PNG, WebP or GIF';

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const smaller = (size: number) =>
  `The model only sees ${size} × ${size} pixels: save a smaller copy (for example a JPEG at most 4000 pixels wide) and upload that.`;

/** The message for an image over MAX_PIXELS, or null. */
export function tooManyPixels(name: string, width: number, height: number, size = 224): string | null {
  if (width * height <= MAX_PIXELS) return null;
  const mp = Math.round((width * height) / 1e6);
  return `${name} is too large to open (${width} × ${height} pixels, ${mp} megapixels; Saliency Lab reads images up to ${MAX_PIXELS / 1e6} megapixels). ${smaller(size)}`;
}

/** Why a file is refused before decoding, or null if it is worth decoding. */
export function refusal(name: string, bytes: number, type: string, sniffed: Sniffed, size = 224): string | null {
  if (bytes === 0) return `${name} is empty (0 bytes). Choose a photo (${READABLE}).`;
  if (bytes > MAX_FILE_BYTES) {
    return `${name} is too large to open (${megabytes(bytes)}; Saliency Lab reads files up to ${megabytes(MAX_FILE_BYTES).replace('.0', '')}). ${smaller(size)}`;
  }
  switch (sniffed.kind) {
    case 'image': {
      const { width, height } = sniffed;
      if (width == null || height == null) return null;
      if (width === 0 || height === 0) return `${name} is damaged: its header says it has no pixels (${width} × ${height}). Choose another photo.`;
      return tooManyPixels(name, width, height, size);
    }
    case 'svg':
      return `${name} is an SVG drawing (vector graphics), which Saliency Lab cannot read. Open it in a browser or drawing program, export it (or a screenshot of it) as PNG, and upload that.`;
    case 'pdf':
      return `${name} is a PDF document, not a photo. Export the picture you want from it as PNG or JPEG and upload that.`;
    case 'psd':
      return `${name} is a Photoshop document, which browsers cannot read. Export it as PNG or JPEG and upload that.`;
    case 'video':
      return `${name} is a video, not a photo. Save one frame as a JPEG or PNG (for example with a screenshot) and upload that.`;
    case 'text':
      return type && !type.startsWith('image/')
        ? `${name} is not an image (type ${type}). Choose a ${READABLE} photo.`
        : `${name} is not an image: it contains text. Choose a ${READABLE} photo.`;
    case 'unknown':
      return type && !type.startsWith('image/') ? `${name} is not an image (type ${type}). Choose a ${READABLE} photo.` : null;
    default:
      return null; // HEIC, TIFF: some browsers read them
  }
}

/** The message when the browser could not decode a file that was worth trying. */
export function decodeFailure(name: string, sniffed: Sniffed): string {
  switch (sniffed.kind) {
    case 'image':
      return `${name} could not be decoded: it is a ${FORMAT_NAMES[sniffed.format]} file, but damaged or incomplete (perhaps a download or copy that did not finish). Save or download the photo again, or choose another.`;
    case 'heic':
      return `${name} could not be decoded: it is a HEIC/HEIF photo (the iPhone's format), which this browser cannot read. Save or export it as JPEG (on an iPhone: Settings → Camera → Formats → Most Compatible) and upload that.`;
    case 'tiff':
      return `${name} could not be decoded: it is a TIFF image or a camera RAW file, which this browser cannot read. Save or export it as JPEG or PNG and upload that.`;
    default:
      return `${name} could not be decoded: it is not an image this browser can read. Choose a ${READABLE} photo.`;
  }
}

/** Checks a file before decoding it: throws a DecodeError saying what is wrong, or returns what it is. */
export async function inspect(blob: Blob, name: string, size = 224): Promise<Sniffed> {
  const head = blob.size > 0 && blob.size <= MAX_FILE_BYTES ? new Uint8Array(await blob.slice(0, HEAD_BYTES).arrayBuffer()) : new Uint8Array(0);
  const sniffed = sniffImage(head, blob.type);
  const why = refusal(name, blob.size, blob.type, sniffed, size);
  if (why) throw new DecodeError(why);
  return sniffed;
}

/** The model's size × size input drawn from the photo by the model's crop (ModelSpec.crop; the ImageNet recipe by default). */
export async function decodeCrop(blob: Blob, name: string, size: number, crop: Crop = 'resize256-center224'): Promise<DecodedCrop> {
  const sniffed = await inspect(blob, name, size);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image', colorSpaceConversion: 'default' });
  } catch {
    throw new DecodeError(decodeFailure(name, sniffed));
  }
  try {
    const original = { width: bitmap.width, height: bitmap.height };
    if (!(original.width > 0 && original.height > 0)) throw new DecodeError(`${name} has no pixels. Choose another photo.`);
    // Only images whose header gave no size (AVIF, ICO, HEIC in Safari) can get here over the limit: refuse them like the others.
    const tooMany = tooManyPixels(name, original.width, original.height, size);
    if (tooMany) throw new DecodeError(tooMany);
    const rect = inputCropRect(bitmap.width, bitmap.height, size, crop);
    const canvas = new OffscreenCanvas(size, size);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('No 2D canvas in this worker.');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, size, size);
    ctx.imageSmoothingEnabled = true;
    // Teachable Machine's cropTo draws on a fresh canvas, whose smoothing quality is 'low': the same
    // resampling its model was trained and is run with.
    ctx.imageSmoothingQuality = crop === 'short-side-center' ? 'low' : 'high';
    ctx.drawImage(bitmap, rect.sx, rect.sy, rect.sw, rect.sh, 0, 0, size, size);
    return { rgba: ctx.getImageData(0, 0, size, size).data, original };
  } finally {
    bitmap.close();
  }
}
