/** Test-only: decode a photo in Node with sharp and crop it exactly as the app's geometry says. */
import sharp from 'sharp';
import { centreCropRect } from '../shared/image/geometry';

export async function croppedRgb(path: string, size = 224): Promise<Uint8Array> {
  const img = sharp(path).rotate().removeAlpha().toColourspace('srgb');
  const meta = await sharp(path).rotate().toBuffer({ resolveWithObject: true });
  const { width, height } = meta.info;
  const r = centreCropRect(width, height, 256, size);
  const left = Math.round(r.sx);
  const top = Math.round(r.sy);
  const side = Math.min(Math.round(r.size), width - left, height - top);
  const { data } = await img
    .extract({ left, top, width: side, height: side })
    .resize(size, size, { kernel: 'linear' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
