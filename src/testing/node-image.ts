/** Test-only: decode a photo in Node with sharp and crop it as the app's geometry says (to whole pixels). */
import sharp from 'sharp';
import { centreCropRect, shortSideCropRect } from '../shared/image/geometry';
import type { Crop } from '../shared/models/registry';

export async function croppedRgb(path: string, size = 224, crop: Crop = 'resize256-center224'): Promise<Uint8Array> {
  const img = sharp(path).rotate().removeAlpha().toColourspace('srgb');
  const meta = await sharp(path).rotate().toBuffer({ resolveWithObject: true });
  const { width, height } = meta.info;
  const r =
    crop === 'short-side-center'
      ? shortSideCropRect(width, height, size)
      : ((c) => ({ sx: c.sx, sy: c.sy, sw: c.size, sh: c.size }))(centreCropRect(width, height, 256, size));
  const left = Math.round(r.sx);
  const top = Math.round(r.sy);
  const square = crop !== 'short-side-center';
  const w = Math.min(Math.round(r.sw), width - left, square ? height - top : Infinity);
  const h = square ? w : Math.min(Math.round(r.sh), height - top);
  const { data } = await img
    .extract({ left, top, width: w, height: h })
    .resize(size, size, { kernel: 'linear' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
