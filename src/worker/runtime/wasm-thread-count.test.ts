import { describe, expect, it } from 'vitest';
import { wasmThreadCount } from './wasm-backend';

describe("wasm's thread count", () => {
  it("is tfjs' default, half the logical cores, at most 8, unless threads= forces one", () => {
    expect([1, 2, 3, 4, 8, 12, 32].map((cores) => wasmThreadCount(cores))).toEqual([1, 1, 1, 2, 4, 6, 8]);
    expect(wasmThreadCount(2, 2)).toBe(2);
    expect(wasmThreadCount(16, 1)).toBe(1);
    expect(wasmThreadCount(4, 12)).toBe(8);
  });
});
