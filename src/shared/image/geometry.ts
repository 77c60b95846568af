/**
 * Where the model's 224x224 input comes from in the original photo.
 * The notebook does Resize(256) (shorter side) then CenterCrop(224). Both are one affine map, so we
 * draw the source square of side min(w,h) * 224/256, centred, straight into 224x224: one resampling
 * instead of two, same geometry.
 */
export interface CropRect {
  sx: number;
  sy: number;
  size: number;
}

export function centreCropRect(width: number, height: number, resize = 256, crop = 224): CropRect {
  if (!(width > 0 && height > 0)) throw new Error(`Image has no pixels (${width}x${height}).`);
  const short = Math.min(width, height);
  const scale = resize / short;
  const size = crop / scale;
  // torchvision's CenterCrop rounds the top-left corner in the resized image.
  const sx = Math.round((width * scale - crop) / 2) / scale;
  const sy = Math.round((height * scale - crop) / 2) / scale;
  return { sx, sy, size };
}

/** How a photo becomes a model's square input: ImageNet's Resize(256/224 · size) + CenterCrop(size), or Teachable Machine's. */
export type CropStyle = 'imagenet' | 'teachable';

/** A model's input as cut from a photo: size × size pixels, in `style`. */
export interface InputCrop {
  size: number;
  style: CropStyle;
}

/** One drawImage call onto the size × size input canvas: source rectangle → destination rectangle. */
export interface DrawRect {
  sx: number;
  sy: number;
  sw: number;
  sh: number;
  dx: number;
  dy: number;
  dw: number;
  dh: number;
}

/**
 * Teachable Machine's `cropTo` (@teachablemachine/image, src/utils/canvas.ts): the whole photo drawn
 * scaled so its short side is `size` (each scaled side rounded up), shifted left/up by half the
 * overflow rounded towards zero. The rounding moves the crop by up to a pixel from an exact centre
 * crop (in float64, 375 · (224 / 375) is 224.00000000000003, so even the short side can round up to
 * 225); copying it gives the inputs, and so the probabilities, Teachable Machine's own page gives.
 */
export function teachableCropDraw(width: number, height: number, size: number): DrawRect {
  if (!(width > 0 && height > 0)) throw new Error(`Image has no pixels (${width}x${height}).`);
  const scale = size / Math.min(width, height);
  const dw = Math.ceil(width * scale);
  const dh = Math.ceil(height * scale);
  return { sx: 0, sy: 0, sw: width, sh: height, dx: 0 - Math.trunc((dw - size) / 2), dy: 0 - Math.trunc((dh - size) / 2), dw, dh };
}

/** The draw that turns a width × height photo into the size × size input of a model cropping in `style`. */
export function cropDraw(width: number, height: number, size: number, style: CropStyle): DrawRect {
  if (style === 'teachable') return teachableCropDraw(width, height, size);
  const r = centreCropRect(width, height, Math.round((size * 256) / 224), size);
  return { sx: r.sx, sy: r.sy, sw: r.size, sh: r.size, dx: 0, dy: 0, dw: size, dh: size };
}
