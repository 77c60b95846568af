import { describe, expect, it } from 'vitest';
import { lut } from './colormap';
import { paintMap } from './views';

describe('colormaps', () => {
  it('bwr: zero is white-ish, +1 red, -1 blue', () => {
    const px = paintMap(Float32Array.from([-1, 0, 1]), true, 'bwr');
    const [br, , bb] = px.slice(0, 3);
    const [wr, wg, wb] = px.slice(4, 7);
    const [rr, , rb] = px.slice(8, 11);
    expect(bb).toBeGreaterThan(br); // blue for negative
    expect(rr).toBeGreaterThan(rb); // red for positive
    expect([wr, wg, wb]).toEqual([255, 255, 255]); // exactly neutral at zero
    const rdbu = paintMap(Float32Array.from([0]), true, 'rdbu');
    expect(Math.min(rdbu[0], rdbu[1], rdbu[2])).toBeGreaterThan(230); // d3's RdBu centre is near-white
  });
  it('hot starts black and ends white', () => {
    const t = lut('hot');
    expect(Array.from(t.slice(0, 3))).toEqual([0, 0, 0]);
    expect(Array.from(t.slice(-3))).toEqual([255, 255, 255]);
  });
});
