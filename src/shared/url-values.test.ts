import { describe, expect, it } from 'vitest';
import { listOf, numberParam, oneOf } from './url-values';

describe('the one URL value parser', () => {
  it('numbers: in range or the fallback; empty is no value; integers are digits only', () => {
    expect(numberParam('2.5', 0, 10, 7)).toBe(2.5);
    expect(numberParam(' 3 ', 0, 10, 7)).toBe(3);
    expect(numberParam('', 0, 10, 7)).toBe(7);
    expect(numberParam(null, 0, 10, 7)).toBe(7);
    expect(numberParam('11', 0, 10, 7)).toBe(7);
    expect(numberParam('NaN', 0, 10, 7)).toBe(7);
    expect(numberParam('-4', -5, 10, 7, true)).toBe(-4);
    for (const bad of ['4.0', '1e1', '0x10', '+4', '4a']) expect(numberParam(bad, 0, 100, 7, true)).toBe(7);
    expect(numberParam('x', 0, 1, null)).toBeNull();
  });
  it('one of a list, and comma lists without unknowns or duplicates', () => {
    expect(oneOf(['a', 'b'] as const, 'b')).toBe('b');
    expect(oneOf(['a', 'b'] as const, 'c')).toBeUndefined();
    expect(listOf(' b, a,x,b', ['a', 'b'] as const, ['a'])).toEqual(['b', 'a']);
    expect(listOf('x', ['a', 'b'] as const, ['a'])).toEqual(['a']);
  });
});
