import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DecodeError, MAX_FILE_BYTES, decodeFailure, inspect, refusal, sniffImage, tooManyPixels } from './decode';

const TEST_PHOTOS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/test-photos');
/** A copy in a plain ArrayBuffer (what a Blob part must be). */
const bytes = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b);
/** `n` frames of width x height, each a different gray (identical frames would be merged by the encoders). */
const frames = (width: number, height: number, n: number, channels: 3 | 4) => {
  const raw = Buffer.alloc(width * height * n * channels);
  for (let f = 0; f < n; f++) raw.fill(40 + 60 * f, f * width * height * channels, (f + 1) * width * height * channels);
  return sharp(raw, { raw: { width, height: height * n, channels, pageHeight: height } });
};
const solid = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background: { r: 200, g: 30, b: 60, alpha: 0.5 } } });

/** A small JPEG whose start-of-frame says `width` x `height` (the rest of the file is not touched). */
async function jpegClaiming(width: number, height: number): Promise<Uint8Array<ArrayBuffer>> {
  const b = bytes(await solid(16, 8).jpeg().toBuffer());
  for (let i = 2; i < b.length; ) {
    const marker = b[i + 1];
    if (marker === 0xc0 || marker === 0xc2) {
      b[i + 5] = height >> 8;
      b[i + 6] = height & 255;
      b[i + 7] = width >> 8;
      b[i + 8] = width & 255;
      return b;
    }
    i += 2 + ((b[i + 2] << 8) | b[i + 3]);
  }
  throw new Error('no SOF');
}

describe('sniffImage: format and size from the first bytes', () => {
  it('JPEG: baseline, progressive, CMYK, and behind 64 kB of EXIF/ICC metadata', async () => {
    expect(sniffImage(bytes(await solid(320, 200).jpeg().toBuffer()))).toEqual({ kind: 'image', format: 'jpeg', width: 320, height: 200 });
    expect(sniffImage(bytes(await solid(33, 17).jpeg({ progressive: true }).toBuffer()))).toMatchObject({ width: 33, height: 17 });
    const cmyk = await solid(40, 30).toColourspace('cmyk').jpeg().toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    expect(sniffImage(bytes(cmyk))).toMatchObject({ format: 'jpeg', width: 40, height: 30 });
    // Orientation 6: the header holds the stored size (the pixel count is what the limit needs).
    const big = await solid(50, 20)
      .jpeg()
      .withMetadata({ orientation: 6, exif: { IFD0: { ImageDescription: 'x'.repeat(60_000) } } })
      .withIccProfile('p3')
      .toBuffer();
    expect(big.length).toBeGreaterThan(60_000);
    expect(sniffImage(bytes(big))).toMatchObject({ format: 'jpeg', width: 50, height: 20 });
  });
  it('PNG (gray, RGBA), GIF (animated), WebP (lossy, lossless, animated), AVIF', async () => {
    expect(sniffImage(bytes(await readFile(resolve(TEST_PHOTOS, 'camera.png'))))).toEqual({ kind: 'image', format: 'png', width: 512, height: 512 });
    expect(sniffImage(bytes(await solid(7, 9, 4).png().toBuffer()))).toEqual({ kind: 'image', format: 'png', width: 7, height: 9 });
    const gif = await frames(30, 20, 3, 3).gif().toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(3);
    expect(sniffImage(bytes(gif))).toEqual({ kind: 'image', format: 'gif', width: 30, height: 20 });
    expect(sniffImage(bytes(await solid(301, 123).webp().toBuffer()))).toEqual({ kind: 'image', format: 'webp', width: 301, height: 123 });
    expect(sniffImage(bytes(await solid(301, 123).webp({ lossless: true }).toBuffer()))).toMatchObject({ width: 301, height: 123 });
    const animated = await frames(40, 20, 2, 4).webp().toBuffer();
    expect((await sharp(animated).metadata()).pages).toBe(2);
    expect(sniffImage(bytes(animated))).toMatchObject({ format: 'webp', width: 40, height: 20 });
    expect(sniffImage(bytes(await solid(16, 16).avif().toBuffer()))).toEqual({ kind: 'image', format: 'avif' });
  });
  it('GIF: a frame larger than the logical screen counts (a tiny decompression bomb)', () => {
    const gif = new Uint8Array([...'GIF89a'].map((c) => c.charCodeAt(0)).concat([1, 0, 1, 0, 0, 0, 0, 0x2c, 0, 0, 0, 0, 0x20, 0x4e, 0x20, 0x4e, 0]));
    expect(sniffImage(gif)).toEqual({ kind: 'image', format: 'gif', width: 20000, height: 20000 });
  });
  it('BMP: 32-bit sizes, top-down (negative height)', () => {
    const b = new Uint8Array(54);
    b.set([0x42, 0x4d], 0);
    new DataView(b.buffer).setUint32(14, 40, true);
    new DataView(b.buffer).setInt32(18, 640, true);
    new DataView(b.buffer).setInt32(22, -480, true);
    expect(sniffImage(b)).toEqual({ kind: 'image', format: 'bmp', width: 640, height: 480 });
    expect(sniffImage(new TextEncoder().encode('BMW notes: a text file that starts with BM'))).toEqual({ kind: 'text' });
  });
  it('files that are not photos: SVG, HEIC, TIFF, PDF, PSD, video, text, garbage', async () => {
    const text = (s: string) => new TextEncoder().encode(s);
    const svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>';
    expect(sniffImage(text(svg))).toEqual({ kind: 'svg' });
    expect(sniffImage(text('\uFEFF  <svg viewBox="0 0 1 1"></svg>'))).toEqual({ kind: 'svg' });
    expect(sniffImage(text('<svg/>'), 'image/svg+xml')).toEqual({ kind: 'svg' });
    expect(sniffImage(text('<html><body>hi</body></html>'))).toEqual({ kind: 'text' });
    const ftyp = (...brands: string[]) => {
      const b = new Uint8Array(8 + 4 * (brands.length + 1));
      new DataView(b.buffer).setUint32(0, b.length);
      b.set(text('ftyp'), 4);
      b.set(text(brands[0]), 8);
      brands.slice(1).forEach((x, i) => b.set(text(x), 16 + 4 * i));
      return b;
    };
    expect(sniffImage(ftyp('heic', 'mif1', 'heic'))).toEqual({ kind: 'heic' });
    expect(sniffImage(ftyp('mif1', 'mif1', 'avif'))).toMatchObject({ kind: 'image', format: 'avif' });
    expect(sniffImage(ftyp('isom', 'isom', 'mp41'))).toEqual({ kind: 'video' });
    expect(sniffImage(bytes(await solid(8, 8).tiff().toBuffer()))).toEqual({ kind: 'tiff' });
    expect(sniffImage(text('%PDF-1.7\n'))).toEqual({ kind: 'pdf' });
    expect(sniffImage(text('8BPS\u0000\u0001'))).toEqual({ kind: 'psd' });
    expect(sniffImage(text('This is a text file, not a photo.\n'))).toEqual({ kind: 'text' });
    expect(sniffImage(new Uint8Array([0, 1, 2, 3, 250, 251, 0, 0, 9]))).toEqual({ kind: 'unknown' });
  });
  it('a truncated JPEG is still recognised as a JPEG', async () => {
    const truncated = bytes(await readFile(resolve(TEST_PHOTOS, 'truncated.jpg')));
    expect(sniffImage(truncated)).toMatchObject({ kind: 'image', format: 'jpeg' });
    expect(sniffImage(truncated.subarray(0, 3))).toEqual({ kind: 'image', format: 'jpeg' });
  });
});

describe('refusal: what is refused before decoding, and the message', () => {
  const png = { kind: 'image', format: 'png', width: 640, height: 480 } as const;
  it('a photo within the limits is decoded', () => {
    expect(refusal('cat.png', 1000, 'image/png', png)).toBeNull();
    expect(refusal('8k.jpg', 40 << 20, 'image/jpeg', { kind: 'image', format: 'jpeg', width: 8000, height: 8000 })).toBeNull();
    expect(refusal('x.jpg', MAX_FILE_BYTES, 'image/jpeg', { kind: 'image', format: 'jpeg' })).toBeNull();
    // An image sent with a wrong type is read by its bytes.
    expect(refusal('photo.bin', 1000, 'application/octet-stream', png)).toBeNull();
    // Unknown bytes with an image type (or none) are still tried: the browser may read a format we do not sniff.
    expect(refusal('photo.jxl', 1000, 'image/jxl', { kind: 'unknown' })).toBeNull();
    expect(refusal('photo.heic', 1000, 'image/heic', { kind: 'heic' })).toBeNull();
  });
  it('empty, too many bytes, too many pixels: say what is wrong and what to do', () => {
    expect(refusal('empty.jpg', 0, 'image/jpeg', { kind: 'unknown' })).toMatch(/^empty\.jpg is empty \(0 bytes\)\. Choose a photo/);
    const big = refusal('scan.png', 150 * 1024 * 1024, 'image/png', png)!;
    expect(big).toMatch(/^scan\.png is too large to open \(150\.0 MB; Saliency Lab reads files up to 100 MB\)/);
    expect(big).toMatch(/save a smaller copy/);
    const huge = refusal('pano.jpg', 1000, 'image/jpeg', { kind: 'image', format: 'jpeg', width: 12000, height: 10000 })!;
    expect(huge).toMatch(/^pano\.jpg is too large to open \(12000 × 10000 pixels, 120 megapixels; Saliency Lab reads images up to 100 megapixels\)/);
    expect(huge).toMatch(/The model only sees 224 × 224 pixels: save a smaller copy/);
    expect(tooManyPixels('a.png', 10000, 10000)).toBeNull();
    expect(tooManyPixels('a.png', 10000, 10001)).toMatch(/100 megapixels/);
    expect(refusal('zero.png', 100, 'image/png', { kind: 'image', format: 'png', width: 0, height: 10 })).toMatch(/no pixels/);
  });
  it('formats that are not photos get their own advice', () => {
    expect(refusal('logo.svg', 100, 'image/svg+xml', { kind: 'svg' })).toMatch(/^logo\.svg is an SVG drawing .* export it .* as PNG/);
    expect(refusal('notes.txt', 100, 'text/plain', { kind: 'text' })).toBe('notes.txt is not an image (type text/plain). Choose a JPEG, PNG, WebP or GIF photo.');
    expect(refusal('notes.jpg', 100, 'image/jpeg', { kind: 'text' })).toMatch(/^notes\.jpg is not an image: it contains text\./);
    expect(refusal('a.zip', 100, 'application/zip', { kind: 'unknown' })).toMatch(/^a\.zip is not an image \(type application\/zip\)/);
    expect(refusal('doc.pdf', 100, 'application/pdf', { kind: 'pdf' })).toMatch(/PDF document/);
    expect(refusal('clip.mp4', 100, 'video/mp4', { kind: 'video' })).toMatch(/is a video, not a photo/);
    expect(refusal('art.psd', 100, '', { kind: 'psd' })).toMatch(/Photoshop/);
  });
  it('a failed decode names the format found and what to do', () => {
    const jpeg = decodeFailure('truncated.jpg', { kind: 'image', format: 'jpeg' });
    expect(jpeg).toMatch(/^truncated\.jpg could not be decoded: it is a JPEG file, but damaged or incomplete/);
    expect(decodeFailure('IMG_1.HEIC', { kind: 'heic' })).toMatch(/HEIC.*export it as JPEG/);
    expect(decodeFailure('raw.cr2', { kind: 'tiff' })).toMatch(/TIFF image or a camera RAW file/);
    expect(decodeFailure('noise.jpg', { kind: 'unknown' })).toMatch(/^noise\.jpg could not be decoded: it is not an image this browser can read/);
  });
});

describe('inspect: the checks decodeCrop runs on a Blob before decoding', () => {
  it('passes a photo, refuses with a DecodeError naming the file', async () => {
    const jpeg = await solid(64, 48).jpeg().toBuffer();
    await expect(inspect(new Blob([bytes(jpeg)], { type: 'image/jpeg' }), 'ok.jpg')).resolves.toMatchObject({ format: 'jpeg', width: 64 });
    await expect(inspect(new Blob([]), 'empty.jpg')).rejects.toThrow(/empty\.jpg is empty/);
    await expect(inspect(new Blob(['<svg></svg>'], { type: 'image/svg+xml' }), 'a.svg')).rejects.toBeInstanceOf(DecodeError);
    await expect(inspect(new Blob([await jpegClaiming(12000, 10000)], { type: 'image/jpeg' }), 'huge.jpg')).rejects.toThrow(/12000 × 10000 pixels/);
    await expect(inspect(new Blob([await jpegClaiming(10000, 10000)], { type: 'image/jpeg' }), 'ok.jpg')).resolves.toMatchObject({ width: 10000 });
  });
});
