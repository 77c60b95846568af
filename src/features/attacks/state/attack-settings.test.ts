import { describe, expect, it } from 'vitest';
import { DEFAULT_ATTACK, parseAttack, writeAttack } from './attack-settings';

describe('attack URL contract', () => {
  it('defaults, nothing requested', () => {
    expect(parseAttack('?image=1')).toEqual({ requested: false, settings: DEFAULT_ATTACK });
  });
  it('reads a targeted PGD and writes it back, keeping other parameters', () => {
    const search = '?image=1&attack=pgd&epsilon=4&attack_target=2&pgd_steps=5&pgd_step=1.5&pgd_random=1';
    const { requested, settings } = parseAttack(search);
    expect(requested).toBe(true);
    expect(settings).toEqual({ attack: 'pgd', epsilon: 4, target: 2, steps: 5, stepSize: 1.5, randomStart: true });
    const written = new URLSearchParams(writeAttack('?image=1', settings, true));
    expect(Object.fromEntries(written)).toEqual({ image: '1', attack: 'pgd', epsilon: '4', attack_target: '2', pgd_steps: '5', pgd_step: '1.5', pgd_random: '1' });
    expect(new URLSearchParams(writeAttack(search, DEFAULT_ATTACK, false)).toString()).toBe('image=1');
  });
  it('rejects invalid values', () => {
    const { requested, settings } = parseAttack('?attack=cw&epsilon=-1&attack_target=1000&pgd_steps=2.5&pgd_step=&pgd_random=yes');
    expect(requested).toBe(false);
    expect(settings).toEqual(DEFAULT_ATTACK);
  });
});
