/**
 * NumPy .npy (format 1.0) for float32 arrays, C order, so students can load the exact tensors with
 * `np.load` and compare with Captum. Header: magic, version, little-endian header length, a Python
 * dict literal padded with spaces to a multiple of 64 bytes and ended by a newline.
 */
export function encodeNpy(data: Float32Array, shape: readonly number[]): Blob {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new Error(`Shape ${shape.join('x')} does not match ${data.length} values.`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const preamble = new Uint8Array(10);
  preamble.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]); // \x93NUMPY v1.0
  new DataView(preamble.buffer).setUint16(8, header.length, true);
  // Float32Array is little-endian on every platform browsers run on.
  return new Blob([preamble, new TextEncoder().encode(header), data.slice().buffer as ArrayBuffer], {
    type: 'application/octet-stream',
  });
}

/** Parses what encodeNpy writes (float32, C order); used by tests and e2e to check downloads. */
export function decodeNpy(buffer: ArrayBuffer): { shape: number[]; data: Float32Array } {
  const bytes = new Uint8Array(buffer);
  if (bytes[0] !== 0x93 || String.fromCharCode(...bytes.slice(1, 6)) !== 'NUMPY') throw new Error('Not an .npy file.');
  const headerLength = new DataView(buffer).getUint16(8, true);
  const header = new TextDecoder().decode(bytes.slice(10, 10 + headerLength));
  if (!header.includes("'descr': '<f4'") || !header.includes("'fortran_order': False")) {
    throw new Error(`Unsupported .npy header: ${header}`);
  }
  const shape = (/'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  return { shape, data: new Float32Array(buffer.slice(10 + headerLength)) };
}
