import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { perturbationWalk, perturbedInput, riseAuc, riseSteps } from './curves';
import { saliencyOrder } from './pixel-order';

describe("riseSteps: RISE's step and n_steps", () => {
  it('n_steps = ceil(HW / step), n_steps + 1 points, the last step taking what is left (hand-computed)', () => {
    // 10 pixels, 4 steps: step = ceil(10 / 4) = 3; RISE: n_steps = (10 + 3 - 1) // 3 = 4; coords [0:3], [3:6], [6:9], [9:12].
    expect(riseSteps(10, 4)).toEqual({ step: 3, nSteps: 4, counts: [0, 3, 6, 9, 10] });
    // 6 steps asked of 10 pixels: step 2 gives only 5 (6^2 > 10 + 6).
    expect(riseSteps(10, 6)).toEqual({ step: 2, nSteps: 5, counts: [0, 2, 4, 6, 8, 10] });
    expect(riseSteps(5, 1)).toEqual({ step: 5, nSteps: 1, counts: [0, 5] });
  });
  it('reproduces the notebook’s settings on 224 x 224: step 224 (224 steps) and 224 * 8 (28 steps)', () => {
    const hw = 224 * 224;
    const single = riseSteps(hw, 224);
    expect([single.step, single.nSteps, single.counts.length, single.counts[1], single.counts[224]]).toEqual([224, 224, 225, 224, hw]);
    const batch = riseSteps(hw, 28);
    expect([batch.step, batch.nSteps, batch.counts.length]).toEqual([224 * 8, 28, 29]);
    const ours = riseSteps(hw, 20); // the lab's default
    expect([ours.step, ours.nSteps, ours.counts[19], ours.counts[20]]).toEqual([2509, 20, 47671, hw]);
  });
  it('gives exactly the steps asked for whenever steps^2 <= HW + steps (every lab setting), else maybe fewer, never more', () => {
    const hw = 224 * 224;
    for (let s = 1; s <= 500; s++) {
      const { step, nSteps, counts } = riseSteps(hw, s);
      expect(nSteps).toBe(Math.floor((hw + step - 1) / step)); // RISE's integer formula
      if (s * s <= hw + s) expect(nSteps).toBe(s);
      expect(nSteps).toBeLessThanOrEqual(s);
      expect(counts[nSteps]).toBe(hw);
      expect(counts[nSteps - 1]).toBeLessThan(hw);
    }
    expect(riseSteps(hw, 300).nSteps).toBe(299); // step 168: 299 steps cover 50,232 >= 50,176 pixels
  });
  it('rejects bad totals and steps', () => {
    expect(() => riseSteps(10, 0)).toThrow(/steps/);
    expect(() => riseSteps(0, 4)).toThrow(/total/);
    expect(() => riseSteps(10, 2.5)).toThrow(/steps/);
  });
});

describe("riseAuc: RISE's auc", () => {
  it('(sum - first / 2 - last / 2) / (points - 1), hand-computed', () => {
    // (1 + 0.5 + 0.25 + 0 - 0.5 - 0) / 3 = 1.25 / 3
    expect(riseAuc([1, 0.5, 0.25, 0])).toBeCloseTo(1.25 / 3, 15);
    expect(riseAuc([0.7, 0.7, 0.7])).toBeCloseTo(0.7, 15);
    expect(riseAuc([1, 0])).toBeCloseTo(0.5, 15);
  });
  it('is the trapezoid rule on x = i / n_steps (RISE’s x axis, even when the last step is short)', () => {
    const scores = [0.9, 0.6, 0.65, 0.2, 0.1];
    const n = scores.length - 1;
    let trapezoid = 0;
    for (let i = 1; i <= n; i++) trapezoid += ((scores[i] + scores[i - 1]) / 2) * (1 / n);
    expect(riseAuc(scores)).toBeCloseTo(trapezoid, 15);
  });
  it('needs two points', () => {
    expect(() => riseAuc([0.5])).toThrow(/2 scores/);
  });
});

describe('perturbedInput', () => {
  // Two channels per pixel, four pixels, distinct values everywhere.
  const base = Float32Array.from([10, 20, 40, 50, 70, 80, 1, 2]);
  const fill = Float32Array.from([-1, -2, -3, -4, -5, -6, -7, -8]);
  const order = Uint32Array.from([2, 0, 3, 1]);

  it("gives the first count pixels of the order every channel of fill (hand-checked)", () => {
    expect(Array.from(perturbedInput(base, fill, order, 2, 2))).toEqual([-1, -2, 40, 50, -5, -6, 1, 2]);
    expect(Array.from(perturbedInput(base, fill, order, 4, 2))).toEqual(Array.from(fill));
  });
  it('copies rather than aliasing or mutating base', () => {
    const before = Array.from(base);
    const out = perturbedInput(base, fill, order, 0, 2);
    expect(Array.from(out)).toEqual(before);
    expect(out.buffer).not.toBe(base.buffer);
    perturbedInput(base, fill, order, 4, 2);
    expect(Array.from(base)).toEqual(before);
  });
  it('rejects mismatched inputs, bad counts and out-of-range pixels', () => {
    expect(() => perturbedInput(base, fill.subarray(2), order, 1, 2)).toThrow(/values/);
    expect(() => perturbedInput(base, fill, order, 1, 3)).toThrow(/channels/);
    expect(() => perturbedInput(base, fill, order, 5, 2)).toThrow(/count/);
    expect(() => perturbedInput(base, fill, Uint32Array.from([4]), 1, 2)).toThrow(/not a pixel/);
  });
});

describe('perturbationWalk', () => {
  const side = 8;
  const rng = createRng(5);
  const image = Float32Array.from({ length: side * side * 3 }, () => rng.uniform() * 2 - 1);
  const zeros = new Float32Array(side * side * 3);
  const order = saliencyOrder(Float32Array.from({ length: side * side }, () => rng.uniform()));

  it('equals perturbedInput at every count of RISE’s schedule (deletion and insertion)', () => {
    const { counts } = riseSteps(side * side, 7);
    for (const [b, f] of [[image, zeros], [zeros, image]]) {
      const walk = perturbationWalk(b, f, order, 3);
      for (const c of counts) expect(Array.from(walk.advanceTo(c))).toEqual(Array.from(perturbedInput(b, f, order, c, 3)));
    }
  });
  it('leaves base alone, repeats a count, and refuses to go back', () => {
    const before = Array.from(image);
    const walk = perturbationWalk(image, zeros, order, 3);
    walk.advanceTo(5);
    expect(Array.from(walk.advanceTo(5))).toEqual(Array.from(perturbedInput(image, zeros, order, 5, 3)));
    expect(Array.from(image)).toEqual(before);
    expect(() => walk.advanceTo(3)).toThrow(/decrease/);
    expect(() => walk.advanceTo(65)).toThrow(/count/);
  });
});
