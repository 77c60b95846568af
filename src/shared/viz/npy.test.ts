import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy } from './npy';

describe('.npy encoding', () => {
  it('writes a v1.0 header aligned to 64 bytes and the float32 data after it', async () => {
    const data = Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => i - 0.5);
    const buf = await encodeNpy(data, [1, 2, 3, 4]).arrayBuffer();
    const bytes = new Uint8Array(buf);
    expect(Array.from(bytes.slice(0, 8))).toEqual([0x93, 78, 85, 77, 80, 89, 1, 0]);
    const headerLength = new DataView(buf).getUint16(8, true);
    expect((10 + headerLength) % 64).toBe(0);
    expect(String.fromCharCode(bytes[10 + headerLength - 1])).toBe('\n');
    expect(new TextDecoder().decode(bytes.slice(10, 10 + headerLength))).toContain("'shape': (1, 2, 3, 4)");
    const back = decodeNpy(buf);
    expect(back.shape).toEqual([1, 2, 3, 4]);
    expect(Array.from(back.data)).toEqual(Array.from(data));
  });
  it('refuses a shape that does not match the data', () => {
    expect(() => encodeNpy(new Float32Array(5), [2, 3])).toThrow(/does not match/);
  });
});
