/**
 * The worker's side of the diagnostics' run log: which requests are kept, and what is kept of each
 * result. (Here rather than in ../protocol.ts, which the request map in shared/protocol/api.ts imports.)
 */
import type { Method, Result } from '../../../shared/protocol/api';
import { RUN_KINDS, type LastRun, type RunKind } from '../protocol';

export function isRunKind(method: Method): method is RunKind {
  return (RUN_KINDS as readonly string[]).includes(method);
}

/** The details worth keeping from a finished request's result (never its arrays). */
export function describeRun<K extends RunKind>(kind: K, result: Result<K>): Pick<LastRun, 'what' | 'timings'> {
  const r = result as Result<RunKind>;
  switch (kind) {
    case 'classify': {
      const { decodeMs, predictMs } = (r as Result<'classify'>).timings;
      return { timings: { decodeMs, predictMs } };
    }
    case 'attribute': {
      const out = r as Result<'attribute'>;
      const nt = out.params.nt !== 'none' ? ` + ${out.params.nt}` : '';
      return { what: `${out.method}${nt}`, timings: { engineMs: out.timings.totalMs } };
    }
    case 'lab':
      return { what: (r as Result<'lab'>).lab };
    case 'attack':
      return { what: (r as Result<'attack'>).attack };
    default:
      return { what: (r as Result<'counterfactual'>).kind };
  }
}
