/** The IG path explorer's part of the store (`s.igPath`). */
import type { RunFields } from '../../../client/run-fields';
import type { IgPathResult } from '../protocol';
import { DEFAULT_IG_PATH, type IgPathSettings } from './ig-path-settings';

export interface IgPathState extends RunFields<IgPathResult> {
  /** Re-run for each new image once asked for (URL `ig_path=1` or the Run button). */
  armed: boolean;
  settings: IgPathSettings;
}

export interface IgPathSlice {
  igPath: IgPathState;
}

export const igPathSlice = (): IgPathSlice => ({ igPath: { armed: false, settings: DEFAULT_IG_PATH, status: 'idle' } });
