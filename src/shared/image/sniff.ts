/**
 * What a file is, from its first bytes (never its name; its MIME type only as a hint), and the pixel
 * size its header declares, so a photo too big to decode is refused before it is decoded.
 */

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp' | 'ico' | 'avif';
/** Recognised files that are not photos a browser can decode (HEIC and TIFF are still tried: Safari reads them). */
export type OtherKind = 'svg' | 'heic' | 'tiff' | 'pdf' | 'psd' | 'video' | 'text' | 'unknown';

export type Sniffed =
  | { kind: 'image'; format: ImageFormat; width?: number; height?: number }
  | { kind: OtherKind };

export const FORMAT_NAMES: Record<ImageFormat, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  gif: 'GIF',
  webp: 'WebP',
  bmp: 'BMP',
  ico: 'ICO',
  avif: 'AVIF',
};

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));
const u16be = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];
const u16le = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u24le = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16);
const u32be = (b: Uint8Array, at: number) => ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
const i32le = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);
const u32le = (b: Uint8Array, at: number) => i32le(b, at) >>> 0;
const startsWith = (b: Uint8Array, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);

/** The size in a JPEG's first start-of-frame marker, walking the segments; undefined if not in `b`. */
function jpegSize(b: Uint8Array): { width: number; height: number } | undefined {
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return undefined; // not a marker: damaged
    let marker = b[i + 1];
    while (marker === 0xff && i + 2 < b.length) marker = b[++i + 1]; // fill bytes
    i += 2;
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length
    if (marker === 0xd9 || marker === 0xda || i + 2 > b.length) return undefined; // end or scan before a frame
    const length = u16be(b, i);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return i + 7 <= b.length ? { height: u16be(b, i + 3), width: u16be(b, i + 5) } : undefined;
    if (length < 2) return undefined;
    i += length;
  }
  return undefined;
}

/** A GIF's logical screen, enlarged to its first frame (browsers draw a frame that overflows the screen). */
function gifSize(b: Uint8Array): { width: number; height: number } {
  let width = u16le(b, 6);
  let height = u16le(b, 8);
  let i = 13 + (b[10] & 0x80 ? 3 * 2 ** ((b[10] & 7) + 1) : 0);
  while (i < b.length) {
    if (b[i] === 0x21) {
      i += 2; // extension introducer + label, then data sub-blocks
      while (i < b.length && b[i] !== 0) i += b[i] + 1;
      i++;
    } else {
      if (b[i] === 0x2c && i + 9 <= b.length) {
        width = Math.max(width, u16le(b, i + 1) + u16le(b, i + 5));
        height = Math.max(height, u16le(b, i + 3) + u16le(b, i + 7));
      }
      break;
    }
  }
  return { width, height };
}

function webpSize(b: Uint8Array): { width: number; height: number } | undefined {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8X' && b.length >= 30) return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  if (chunk === 'VP8L' && b.length >= 25) {
    return { width: 1 + (((b[22] & 0x3f) << 8) | b[21]), height: 1 + (((b[24] & 0x0f) << 10) | (b[23] << 2) | ((b[22] & 0xc0) >> 6)) };
  }
  if (chunk === 'VP8 ' && b.length >= 30) return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  return undefined;
}

/** ISO base media files (MP4, MOV, HEIC, AVIF): the ftyp box's major and compatible brands. */
function ftypBrands(b: Uint8Array): string[] | undefined {
  if (b.length < 12 || ascii(b, 4, 4) !== 'ftyp') return undefined;
  const end = Math.min(b.length, u32be(b, 0));
  const brands = [ascii(b, 8, 4)];
  for (let i = 16; i + 4 <= end; i += 4) brands.push(ascii(b, i, 4));
  return brands;
}

/** Text: no NUL byte and almost only printable characters (UTF-8 allowed) in the first kilobyte. */
function looksLikeText(b: Uint8Array): boolean {
  const n = Math.min(b.length, 1024);
  if (n === 0) return false;
  let printable = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c === 0) return false;
    if (c >= 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) printable++;
  }
  return printable >= 0.95 * n;
}

function looksLikeSvg(b: Uint8Array): boolean {
  let i = startsWith(b, [0xef, 0xbb, 0xbf]) ? 3 : 0; // UTF-8 BOM
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d)) i++;
  if (b[i] !== 0x3c) return false; // '<'
  return /<svg[\s>]/i.test(ascii(b, i, Math.min(b.length - i, 4096)));
}

/** What a file is, from its first bytes (and `type`, only to recognise SVG); with its size where the header holds it. */
export function sniffImage(b: Uint8Array, type = ''): Sniffed {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { kind: 'image', format: 'jpeg', ...jpegSize(b) };
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    const ok = b.length >= 24 && ascii(b, 12, 4) === 'IHDR';
    return { kind: 'image', format: 'png', ...(ok ? { width: u32be(b, 16), height: u32be(b, 20) } : {}) };
  }
  if (b.length >= 10 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return { kind: 'image', format: 'gif', ...gifSize(b) };
  if (b.length >= 16 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return { kind: 'image', format: 'webp', ...webpSize(b) };
  if (b.length >= 26 && ascii(b, 0, 2) === 'BM' && [12, 40, 52, 56, 64, 108, 124].includes(u32le(b, 14))) {
    // OS/2 BITMAPCOREHEADER (12 bytes): 16-bit sizes; otherwise 32-bit, the height negative when top-down.
    const size = u32le(b, 14) === 12 ? { width: u16le(b, 18), height: u16le(b, 20) } : { width: Math.abs(i32le(b, 18)), height: Math.abs(i32le(b, 22)) };
    return { kind: 'image', format: 'bmp', ...size };
  }
  if (startsWith(b, [0, 0, 1, 0]) || startsWith(b, [0, 0, 2, 0])) {
    if (b.length >= 6 && u16le(b, 4) > 0) return { kind: 'image', format: 'ico' };
  }
  const brands = ftypBrands(b);
  if (brands) {
    if (brands.some((x) => x === 'avif' || x === 'avis')) return { kind: 'image', format: 'avif' };
    if (brands.some((x) => ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'].includes(x))) return { kind: 'heic' };
    return { kind: 'video' };
  }
  if (startsWith(b, [0x49, 0x49, 0x2a, 0]) || startsWith(b, [0x4d, 0x4d, 0, 0x2a])) return { kind: 'tiff' };
  if (b.length >= 5 && ascii(b, 0, 5) === '%PDF-') return { kind: 'pdf' };
  if (b.length >= 4 && ascii(b, 0, 4) === '8BPS') return { kind: 'psd' };
  if (b.length >= 4 && (startsWith(b, [0x1a, 0x45, 0xdf, 0xa3]) || (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'AVI '))) return { kind: 'video' };
  if (/^image\/svg/i.test(type) || looksLikeSvg(b)) return { kind: 'svg' };
  if (looksLikeText(b)) return { kind: 'text' };
  return { kind: 'unknown' };
}

