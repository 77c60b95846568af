import { describe, expect, it } from 'vitest';
import { checkClass } from './class-index';

describe('checkClass', () => {
  const waste = { label: 'tm-my-image-model', numClasses: 12 };
  it('accepts exactly the indices 0 … numClasses − 1', () => {
    for (const i of [0, 5, 11]) expect(() => checkClass(waste, i)).not.toThrow();
    for (const i of [12, 954, -1, 1.5, Number.NaN]) expect(() => checkClass(waste, i), String(i)).toThrow(/is not a class of tm-my-image-model: it has 12 classes, #0 to #11/);
  });
  it('names what asked for the class', () => {
    expect(() => checkClass(waste, 281, 'The class to reach')).toThrow(/^The class to reach #281/);
  });
});
