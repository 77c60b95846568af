/** One request as a handler sees it: its cancel signal and its progress channel. */
import type { Progress } from '../shared/protocol/messages';
import { Cancelled } from './cancel';

export interface Job {
  signal: AbortSignal;
  progress(p: Progress): void;
}

export function checkCancelled(job: Job): void {
  if (job.signal.aborted) throw new Cancelled();
}
