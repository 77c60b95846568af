/** The attacks' part of the store (`s.attack`). */
import type { RunFields } from '../../../client/run-fields';
import type { AttackResult } from '../protocol';
import { DEFAULT_ATTACK, type AttackSettings } from './attack-settings';

export interface AttackState extends RunFields<AttackResult> {
  /** Shown and re-run for each new image once asked for (URL `attack=` or the Run button). */
  armed: boolean;
  settings: AttackSettings;
}

export interface AttackSlice {
  attack: AttackState;
}

export const attackSlice = (): AttackSlice => ({ attack: { armed: false, settings: DEFAULT_ATTACK, status: 'idle' } });
