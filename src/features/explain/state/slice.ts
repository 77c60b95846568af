/** The explanation's part of the store (`s.explain`). */
import { DEFAULT_PARAMS, type AttributionParams } from '../../../methods/params';
import type { AttributionOutput, Progress } from '../../../shared/protocol/messages';

export interface ExplainState {
  /** Set once the student asks for an explanation (or the URL names a method); then changes re-run it. */
  enabled: boolean;
  params: AttributionParams;
  status: 'idle' | 'running' | 'done' | 'error';
  progress?: Progress;
  result?: AttributionOutput;
  error?: string;
  /** The last measured run (ms) of each method, by backend, model and method (live-mode.ts): the live policy reads it. */
  runMs: Record<string, number>;
}

export interface ExplainSlice {
  explain: ExplainState;
}

export const explainSlice = (): ExplainSlice => ({ explain: { enabled: false, params: DEFAULT_PARAMS, status: 'idle', runMs: {} } });
