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
