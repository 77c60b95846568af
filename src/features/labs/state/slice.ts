/** The labs' part of the store (`s.lab`). */
import type { ApproximationMethod } from '../../../methods/ig/approximation';
import type { AttributionOutput } from '../../../shared/protocol/messages';
import type { RunFields } from '../../../client/run-fields';
import type { LabId, LabResult } from '../protocol';
import { DEFAULT_LAB_SETTINGS, type LabSettings } from './lab-settings';

/** Labs the page runs itself, as several ordinary attribution requests. */
export interface BaselinesLabResult {
  lab: 'baselines';
  results: AttributionOutput[];
}

export interface ConvergenceLabResult {
  lab: 'convergence';
  points: Array<{ approximation: ApproximationMethod; steps: number; delta: number; outputDifference: number }>;
}

export type LabView = LabResult | BaselinesLabResult | ConvergenceLabResult;

export interface LabState extends RunFields<LabView> {
  /** The lab shown (URL `lab=`); null = none. */
  open: LabId | null;
  /** Set once a lab was asked to run (by the URL or the Run button); then a new image re-runs it. */
  armed: boolean;
  settings: LabSettings;
}

export interface LabSlice {
  lab: LabState;
}

export const labSlice = (): LabSlice => ({ lab: { open: null, armed: false, settings: DEFAULT_LAB_SETTINGS, status: 'idle' } });
