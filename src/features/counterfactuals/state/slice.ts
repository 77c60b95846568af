/** The counterfactuals' part of the store (`s.cf`). */
import type { RunFields } from '../../../client/run-fields';
import type { CounterfactualResult } from '../protocol';
import { DEFAULT_CF, type CfSettings } from './cf-settings';

export interface CfState extends RunFields<CounterfactualResult> {
  /** Shown and re-run for each new image once asked for (URL `cf=` or the Run button). */
  armed: boolean;
  settings: CfSettings;
  /** A photo of the target class the student chose for the region swap (not in the URL). */
  distractorFile?: { file: File; name: string };
}

export interface CfSlice {
  cf: CfState;
}

export const cfSlice = (): CfSlice => ({ cf: { armed: false, settings: DEFAULT_CF, status: 'idle' } });
