/**
 * The last run of each kind, for the diagnostics panel: how long it took and how it ended, so an
 * instructor can read the last run's timings. Results pass through untouched.
 */
import type { Method } from '../../../shared/protocol/api';
import { toWorkerError } from '../../../worker/errors';
import type { LastRun, RunKind } from '../protocol';
import { describeRun, isRunKind } from './runs';

export class RunLog {
  private runs: Partial<Record<RunKind, LastRun>> = {};

  async timed<T>(method: Method, run: () => Promise<T>): Promise<T> {
    if (!isRunKind(method)) return run();
    const t0 = performance.now();
    const note = (entry: Partial<LastRun>) => {
      this.runs[method] = { kind: method, totalMs: performance.now() - t0, finishedAt: Date.now(), ...entry };
    };
    try {
      const result = await run();
      note(describeRun(method, result as never));
      return result;
    } catch (e) {
      note({ error: toWorkerError(e).code });
      throw e;
    }
  }

  get all(): Partial<Record<RunKind, LastRun>> {
    return { ...this.runs };
  }

  get last(): LastRun | null {
    return Object.values(this.runs).reduce<LastRun | null>((a, r) => (!a || r.finishedAt >= a.finishedAt ? r : a), null);
  }
}
