import { describe, expect, it } from 'vitest';
import { CAFFE_MEAN_BGR, fromModelInput, modelInputRange, modelZeroRgb, pixelScale, toModelInput } from './pixels';

describe('toModelInput', () => {
  it('mobilenet: rgb / 127.5 - 1 keeps RGB order and maps [0,255] to [-1,1]', () => {
    const x = toModelInput(new Uint8Array([0, 255, 51]), 'mobilenet');
    expect(x[0]).toBe(-1);
    expect(x[1]).toBe(1);
    expect(x[2]).toBeCloseTo(51 / 127.5 - 1, 6);
  });
  it('caffe: BGR order minus the channel means, no scaling', () => {
    const x = toModelInput(new Uint8Array([10, 20, 30]), 'caffe');
    expect(x[0]).toBeCloseTo(30 - CAFFE_MEAN_BGR[0], 4); // B
    expect(x[1]).toBeCloseTo(20 - CAFFE_MEAN_BGR[1], 4); // G
    expect(x[2]).toBeCloseTo(10 - CAFFE_MEAN_BGR[2], 4); // R
  });
  it('RGBA input ignores alpha and yields 3 channels per pixel', () => {
    const x = toModelInput(new Uint8ClampedArray([255, 0, 0, 7, 0, 0, 255, 255]), 'mobilenet', 4);
    expect(Array.from(x)).toEqual([1, -1, -1, -1, -1, 1]);
  });
});

describe('fromModelInput and modelZeroRgb', () => {
  it('inverts toModelInput for both preprocessings (opaque RGBA)', () => {
    const rgba = Uint8ClampedArray.from([0, 128, 255, 9, 10, 20, 30, 255]);
    for (const p of ['mobilenet', 'caffe'] as const) {
      expect(Array.from(fromModelInput(toModelInput(rgba, p, 4), p))).toEqual([0, 128, 255, 255, 10, 20, 30, 255]);
    }
  });
  it("the zero tensor is mid-gray for MobileNet and the caffe mean colour (RGB) for ResNet-50", () => {
    expect(modelZeroRgb('mobilenet')).toEqual([127.5, 127.5, 127.5]);
    expect(modelZeroRgb('caffe')).toEqual([CAFFE_MEAN_BGR[2], CAFFE_MEAN_BGR[1], CAFFE_MEAN_BGR[0]]);
    for (const p of ['mobilenet', 'caffe'] as const) expect(Array.from(toModelInput(modelZeroRgb(p), p))).toEqual([0, 0, 0]);
    expect(Array.from(fromModelInput(new Float32Array(3), 'mobilenet'))).toEqual([128, 128, 128, 255]);
    expect(Array.from(fromModelInput(new Float32Array(3), 'caffe'))).toEqual([124, 117, 104, 255]);
  });
});

describe("'teachable' (Teachable Machine's capture: x / 127 - 1)", () => {
  it('0 -> -1, 127 -> 0, 254 -> 1, 255 -> 128/127: the float32 ops div(127) then sub(1)', () => {
    const x = toModelInput(new Uint8Array([0, 127, 254, 255, 51, 200]), 'teachable');
    expect(Array.from(x.subarray(0, 3))).toEqual([-1, 0, 1]);
    expect(x[3]).toBe(Math.fround(255 / 127) - 1); // exact in float32: the result has one more bit of room
    expect(Math.abs(x[3] - 128 / 127)).toBeLessThan(2 ** -22);
    expect(x[4]).toBe(Math.fround(Math.fround(51 / 127) - 1));
    expect(x[4]).toBeCloseTo(-76 / 127, 6);
    expect(x[5]).toBeCloseTo(73 / 127, 6);
  });
  it('keeps RGB order, ignores alpha, and the tensor pipeline gives the same bits', () => {
    const x = toModelInput(new Uint8ClampedArray([254, 0, 127, 9]), 'teachable', 4);
    expect(Array.from(x)).toEqual([1, -1, 0]);
    // What tfjs computes in float32 for every byte value.
    for (let v = 0; v <= 255; v++) expect(toModelInput([v, v, v], 'teachable')[0]).toBe(Math.fround(Math.fround(v / 127) - 1));
  });
  it('zero colour, inverse, scale and range', () => {
    expect(modelZeroRgb('teachable')).toEqual([127, 127, 127]);
    expect(Array.from(toModelInput(modelZeroRgb('teachable'), 'teachable'))).toEqual([0, 0, 0]);
    const rgba = Uint8ClampedArray.from([0, 128, 255, 9, 10, 20, 30, 255]);
    expect(Array.from(fromModelInput(toModelInput(rgba, 'teachable', 4), 'teachable'))).toEqual([0, 128, 255, 255, 10, 20, 30, 255]);
    expect(pixelScale('teachable')).toBe(1 / 127);
    expect(pixelScale('mobilenet')).toBe(1 / 127.5);
    expect(pixelScale('caffe')).toBe(1);
    expect(modelInputRange('teachable')).toEqual({ low: [-1, -1, -1], high: Array(3).fill(Math.fround(255 / 127) - 1) });
    expect(modelInputRange('mobilenet')).toEqual({ low: [-1, -1, -1], high: [1, 1, 1] });
    expect(modelInputRange('caffe').low).toEqual(CAFFE_MEAN_BGR.map((m) => -m));
  });
});
