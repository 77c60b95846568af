/**
 * One lifecycle for every panel's runs (explain, compare, labs, attacks, counterfactuals): the newest
 * run wins (starting one aborts the older, and only the newest may write state, report progress or
 * publish partial results), cancel aborts it, and how it ended (done, cancelled, failed) becomes the
 * panel's state and its `data-*` marker (markers.ts).
 */
import type { AttributionOutput, Progress } from '../shared/protocol/messages';
import { resultFor } from './result-cache';
import { WorkerCallError } from './worker-client';
import { clearMarkers, setMarker, type MarkerKey } from './markers';
import type { RunFields } from './run-fields';

/** What a run's body gets: its signal, and writers that do nothing once a newer run started. */
export interface RunContext<S, P = Progress> {
  signal: AbortSignal;
  /** True while this run is the newest. */
  current(): boolean;
  /** Progress from the worker: shown only for the newest run. */
  progress(p: P): void;
  /** A partial result (compare's grid, a lab's series so far): written only for the newest run. */
  partial(patch: Partial<S>): void;
  /** The cache hook: an attribution by its result key, from the cache, a request already running for it, or `compute`. */
  cached: AttributionCache;
}

export type AttributionCache = (key: string, compute: () => Promise<AttributionOutput>) => Promise<AttributionOutput>;

/** How a panel's state changes at each step of a run. */
export interface LifecycleSpec<S, R, P = Progress> {
  /** Writes a patch of the panel's state. */
  set(patch: Partial<S>): void;
  /** The <html> marker deleted as a run starts and set to `label(result)` when it completes. */
  marker?: { key: MarkerKey; label: (result: R) => string };
  started(): Partial<S>;
  progress(p: P): Partial<S>;
  done(result: R): Partial<S>;
  cancelled(): Partial<S>;
  failed(message: string): Partial<S>;
  /** Where `ctx.cached` looks (default: the page's attribution cache, result-cache.ts). */
  cache?: AttributionCache;
}

/** Per run: the marker's value when it completes (default: the spec's label), and what follows the done state (timing marks). */
export interface RunOptions<R, S = unknown> {
  label?: string;
  onDone?(result: R): void;
  /** The state as this run starts, instead of the spec's started() (a live re-run keeps the result shown). */
  started?: Partial<S>;
}

export const isCancelled = (e: unknown): boolean => e instanceof WorkerCallError && e.error.code === 'cancelled';
export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export interface RunLifecycle<S, R, P = Progress> {
  /** Aborts the running run (if any); its cancellation is reported by the run itself. */
  cancel(): void;
  /** True while a run is in flight. */
  readonly running: boolean;
  /** Starts a run (aborting the older one); resolves when it ended, however it ended. */
  run(body: (ctx: RunContext<S, P>) => Promise<R>, options?: RunOptions<R, S>): Promise<void>;
}

export function runLifecycle<S, R, P = Progress>(spec: LifecycleSpec<S, R, P>): RunLifecycle<S, R, P> {
  let newest: AbortController | null = null;
  return {
    cancel() {
      newest?.abort();
    },
    get running() {
      return newest != null;
    },
    async run(body, options = {}) {
      newest?.abort();
      const abort = new AbortController();
      newest = abort;
      const current = () => newest === abort;
      spec.set(options.started ?? spec.started());
      if (spec.marker) clearMarkers(spec.marker.key);
      const ctx: RunContext<S, P> = {
        signal: abort.signal,
        current,
        progress: (p) => {
          if (current()) spec.set(spec.progress(p));
        },
        partial: (patch) => {
          if (current()) spec.set(patch);
        },
        cached: spec.cache ?? resultFor,
      };
      try {
        const result = await body(ctx);
        if (!current()) return; // stale: a newer run owns the panel
        spec.set(spec.done(result));
        if (spec.marker) setMarker(spec.marker.key, options.label ?? spec.marker.label(result));
        options.onDone?.(result);
      } catch (e) {
        if (!current()) return;
        spec.set(isCancelled(e) ? spec.cancelled() : spec.failed(messageOf(e)));
      } finally {
        if (current()) newest = null;
      }
    },
  };
}

/** Progress as panels show it (the worker's Progress fits; a page-side step may have only a message). */
export type PanelProgress = { message?: string; loaded?: number; total?: number };

/**
 * The usual panel run (labs, attacks, counterfactuals): the result is cleared as a run starts,
 * progress reads "Starting" until the worker reports, a cancelled run goes back to idle.
 */
export function panelLifecycle<R, S extends RunFields<R> = RunFields<R>>(
  set: (patch: Partial<S>) => void,
  marker: { key: MarkerKey; label: (result: R) => string },
): RunLifecycle<S, R, PanelProgress> {
  return runLifecycle<S, R, PanelProgress>({
    set,
    marker,
    started: () => ({ status: 'running', result: undefined, error: undefined, progress: { message: 'Starting' } }) as Partial<S>,
    progress: (p) => ({ progress: { message: p.message ?? '', loaded: p.loaded, total: p.total } }) as Partial<S>,
    done: (result) => ({ status: 'done', result, progress: undefined }) as Partial<S>,
    cancelled: () => ({ status: 'idle', progress: undefined, error: 'Cancelled.' }) as Partial<S>,
    failed: (error) => ({ status: 'error', progress: undefined, error }) as Partial<S>,
  });
}
