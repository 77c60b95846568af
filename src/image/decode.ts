/**
 * Decodes a photo in the worker and draws the model's centre crop: EXIF orientation applied,
 * grayscale expanded to RGB by the canvas, transparency composited over white.
 */
import { centreCropRect } from './geometry';

export class DecodeError extends Error {}

export interface DecodedCrop {
  rgba: Uint8ClampedArray;
  original: { width: number; height: number };
}

export async function decodeCrop(blob: Blob, name: string, size: number): Promise<DecodedCrop> {
  if (blob.size === 0) throw new DecodeError(`${name} is empty (0 bytes).`);
  if (blob.type && !blob.type.startsWith('image/')) {
    throw new DecodeError(`${name} is not an image (type ${blob.type}). Choose a JPEG, PNG, WebP or GIF photo.`);
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image', colorSpaceConversion: 'default' });
  } catch {
    throw new DecodeError(
      `${name} could not be decoded: it is not an image this browser can read, or the file is damaged or incomplete.`,
    );
  }
  try {
    const original = { width: bitmap.width, height: bitmap.height };
    const rect = centreCropRect(bitmap.width, bitmap.height, Math.round((size * 256) / 224), size);
    const canvas = new OffscreenCanvas(size, size);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('No 2D canvas in this worker.');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, size, size);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, rect.sx, rect.sy, rect.size, rect.size, 0, 0, size, size);
    return { rgba: ctx.getImageData(0, 0, size, size).data, original };
  } finally {
    bitmap.close();
  }
}
