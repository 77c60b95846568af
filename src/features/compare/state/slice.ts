/** The comparison grid's part of the store (`s.compare`). */
import type { MethodId } from '../../../methods/params';
import type { AttributionOutput, Progress } from '../../../shared/protocol/messages';

export interface CompareState {
  /** Methods in the comparison grid (URL `compare=`); empty = no grid. */
  methods: MethodId[];
  status: 'idle' | 'running' | 'done' | 'error';
  /** The method being computed and its place in the queue. */
  current?: { method: MethodId; index: number; total: number; progress?: Progress };
  /** Results for the current image, model and target, in `methods` order as they arrive. */
  results: AttributionOutput[];
  error?: string;
}

export interface CompareSlice {
  compare: CompareState;
}

export const compareSlice = (): CompareSlice => ({ compare: { methods: [], status: 'idle', results: [] } });
