/**
 * Adversarial-example settings and their URL contract: `attack=fgsm|pgd` (opens and runs it for the
 * current image), `epsilon=<pixel levels>`, `attack_target=<class>` (targeted; absent = untargeted),
 * `pgd_steps=`, `pgd_step=<pixel levels>`, `pgd_random=1`.
 */
import { ATTACK_IDS, type AttackId } from '../protocol';
import { numberParam } from '../../../shared/url-values';

export interface AttackSettings {
  attack: AttackId;
  epsilon: number;
  target: number | null;
  steps: number;
  stepSize: number;
  randomStart: boolean;
}

export const DEFAULT_ATTACK: AttackSettings = { attack: 'fgsm', epsilon: 2, target: null, steps: 10, stepSize: 0.5, randomStart: false };

export function parseAttack(search: string): { requested: boolean; settings: AttackSettings } {
  const p = new URLSearchParams(search);
  const d = DEFAULT_ATTACK;
  const attack = p.get('attack');
  const requested = (ATTACK_IDS as readonly string[]).includes(attack ?? '');
  const target = numberParam(p.get('attack_target'), 0, 999, NaN, true);
  return {
    requested,
    settings: {
      attack: requested ? (attack as AttackId) : d.attack,
      epsilon: numberParam(p.get('epsilon'), 0, 255, d.epsilon),
      target: Number.isFinite(target) ? target : null,
      steps: numberParam(p.get('pgd_steps'), 1, 1000, d.steps, true),
      stepSize: numberParam(p.get('pgd_step'), 0, 255, d.stepSize),
      randomStart: p.get('pgd_random') === '1',
    },
  };
}

export function writeAttack(search: string, s: AttackSettings, open: boolean): string {
  const p = new URLSearchParams(search);
  const d = DEFAULT_ATTACK;
  const set = (key: string, value: string, fallback: string) => (value === fallback ? p.delete(key) : p.set(key, value));
  set('attack', open ? s.attack : '', '');
  set('epsilon', String(s.epsilon), String(d.epsilon));
  set('attack_target', s.target == null ? '' : String(s.target), '');
  set('pgd_steps', String(s.steps), String(d.steps));
  set('pgd_step', String(s.stepSize), String(d.stepSize));
  set('pgd_random', s.randomStart ? '1' : '', '');
  const out = p.toString();
  return out ? `?${out}` : '';
}
