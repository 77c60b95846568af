import { beforeEach, describe, expect, it } from 'vitest';
import { clearMarkers, markerStore } from './markers';
import { panelLifecycle, runLifecycle } from './run-lifecycle';
import type { RunFields } from './run-fields';
import { WorkerCallError } from './worker-client';

/** A promise settled by the test, and a call that rejects as the worker client does when aborted. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}
function workerCall<T>(signal: AbortSignal, d: { promise: Promise<T> }): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    signal.addEventListener('abort', () => reject(new WorkerCallError({ code: 'cancelled', message: 'Cancelled.' })));
    d.promise.then(resolve, reject);
  });
}

function panel() {
  let state: RunFields<string> = { status: 'idle' };
  const writes: Array<Partial<RunFields<string>>> = [];
  const runs = panelLifecycle<string>(
    (patch) => {
      writes.push(patch);
      state = { ...state, ...patch };
    },
    { key: 'attack', label: (r) => `label:${r}` },
  );
  return { runs, get state() { return state; }, writes };
}

beforeEach(() => clearMarkers('attack', 'compare'));

describe('run lifecycle', () => {
  it('a run shows Starting, then its result, and sets its marker', async () => {
    const p = panel();
    const d = deferred<string>();
    const done = p.runs.run(({ signal }) => workerCall(signal, d));
    expect(p.state).toMatchObject({ status: 'running', progress: { message: 'Starting' } });
    expect(markerStore.getState().values.attack).toBeUndefined();
    d.resolve('fgsm');
    await done;
    expect(p.state).toEqual({ status: 'done', result: 'fgsm', progress: undefined, error: undefined });
    expect(markerStore.getState().values.attack).toBe('label:fgsm');
    expect(p.runs.running).toBe(false);
  });

  it('newest run wins: a slow older result never overwrites a newer one', async () => {
    const p = panel();
    const slow = deferred<string>();
    const fast = deferred<string>();
    // The older run ignores its signal (a cached or shared request may finish anyway).
    const older = p.runs.run(() => slow.promise);
    const newer = p.runs.run(({ signal }) => workerCall(signal, fast));
    fast.resolve('new');
    await newer;
    slow.resolve('old');
    await older;
    expect(p.state.result).toBe('new');
    expect(markerStore.getState().values.attack).toBe('label:new');
  });

  it('a stale run failing after the newer one finished writes nothing', async () => {
    const p = panel();
    const slow = deferred<string>();
    const older = p.runs.run(() => slow.promise);
    await p.runs.run(async () => 'new');
    const n = p.writes.length;
    slow.reject(new Error('boom'));
    await older;
    expect(p.writes.length).toBe(n);
    expect(p.state).toMatchObject({ status: 'done', result: 'new' });
  });

  it('starting a run aborts the older one', async () => {
    const p = panel();
    let first: AbortSignal | undefined;
    const older = p.runs.run(({ signal }) => ((first = signal), workerCall(signal, deferred<string>())));
    const newer = p.runs.run(async () => 'x');
    expect(first?.aborted).toBe(true);
    await Promise.all([older, newer]);
    expect(p.state.status).toBe('done');
  });

  it('cancel: idle and "Cancelled.", no marker', async () => {
    const p = panel();
    const d = deferred<string>();
    const run = p.runs.run(({ signal }) => workerCall(signal, d));
    p.runs.cancel();
    await run;
    expect(p.state).toMatchObject({ status: 'idle', error: 'Cancelled.', progress: undefined });
    expect(markerStore.getState().values.attack).toBeUndefined();
  });

  it('an error: status error with its message; the marker stays cleared', async () => {
    const p = panel();
    await p.runs.run(async () => {
      throw new Error('out of memory');
    });
    expect(p.state).toMatchObject({ status: 'error', error: 'out of memory', progress: undefined });
    expect(markerStore.getState().values.attack).toBeUndefined();
  });

  it('a new run clears the marker of the previous result', async () => {
    const p = panel();
    await p.runs.run(async () => 'a');
    expect(markerStore.getState().values.attack).toBe('label:a');
    const d = deferred<string>();
    const run = p.runs.run(({ signal }) => workerCall(signal, d));
    expect(markerStore.getState().values.attack).toBeUndefined();
    expect(p.state.result).toBeUndefined();
    d.resolve('b');
    await run;
    expect(markerStore.getState().values.attack).toBe('label:b');
  });

  it('progress and partial results only from the newest run', async () => {
    const p = panel();
    const slow = deferred<string>();
    let olderCtx: { progress(p: { message?: string }): void; partial(patch: Partial<RunFields<string>>): void } | undefined;
    const older = p.runs.run((ctx) => ((olderCtx = ctx), slow.promise));
    olderCtx!.progress({ message: 'old 1' });
    expect(p.state.progress).toEqual({ message: 'old 1', loaded: undefined, total: undefined });
    const fast = deferred<string>();
    const newer = p.runs.run((ctx) => {
      ctx.progress({ message: 'new 1', loaded: 1, total: 2 });
      return fast.promise;
    });
    olderCtx!.progress({ message: 'old 2' });
    olderCtx!.partial({ result: 'old partial' });
    expect(p.state.progress).toEqual({ message: 'new 1', loaded: 1, total: 2 });
    expect(p.state.result).toBeUndefined();
    fast.resolve('new');
    slow.resolve('old');
    await Promise.all([older, newer]);
    expect(p.state.result).toBe('new');
  });

  it('a per-run label and onDone; custom transitions (the compare grid keeps its partial results when cancelled)', async () => {
    type Grid = { status: string; results: string[]; error?: string };
    let state: Grid = { status: 'idle', results: [] };
    const runs = runLifecycle<Grid, string[]>({
      set: (patch) => (state = { ...state, ...patch }),
      marker: { key: 'compare', label: (r) => r.join(',') },
      started: () => ({ status: 'running', results: [], error: undefined }),
      progress: () => ({}),
      done: () => ({ status: 'done' }),
      cancelled: () => ({ status: 'done', error: 'Cancelled: partial' }),
      failed: (error) => ({ status: 'error', error }),
    });
    const gate = deferred<void>();
    const run = runs.run(async ({ signal, partial }) => {
      partial({ results: ['saliency'] });
      await workerCall(signal, gate);
      return ['saliency', 'ig'];
    });
    runs.cancel();
    await run;
    expect(state).toEqual({ status: 'done', results: ['saliency'], error: 'Cancelled: partial' });
    expect(markerStore.getState().values.compare).toBeUndefined();
    let after: string[] | undefined;
    await runs.run(async () => ['a', 'b'], { label: 'custom', onDone: (r) => (after = r) });
    expect(markerStore.getState().values.compare).toBe('custom');
    expect(after).toEqual(['a', 'b']);
  });

  it('the cache hook: ctx.cached asks the cache the spec names; a cached older result still loses to the newer run', async () => {
    type S = { status: string; result?: string };
    let state: S = { status: 'idle' };
    const asked: string[] = [];
    const runs = runLifecycle<S, string>({
      set: (patch) => (state = { ...state, ...patch }),
      started: () => ({ status: 'running' }),
      progress: () => ({}),
      done: (result) => ({ status: 'done', result }),
      cancelled: () => ({ status: 'idle' }),
      failed: (error) => ({ status: 'error', result: error }),
      cache: async (key, compute) => {
        asked.push(key);
        return key === 'hit' ? ({ method: 'saliency' } as never) : compute();
      },
    });
    const gate = deferred<void>();
    const older = runs.run(async ({ cached }) => {
      await gate.promise;
      return (await cached('hit', () => Promise.reject(new Error('not called')))).method;
    });
    const newer = runs.run(async ({ cached }) => (await cached('miss', async () => ({ method: 'ig' }) as never)).method);
    await newer;
    gate.resolve();
    await older;
    expect(asked).toEqual(['miss', 'hit']);
    expect(state).toEqual({ status: 'done', result: 'ig' });
  });

  it('a per-run started state: a live re-run keeps the result shown until the new one replaces it', async () => {
    const p = panel();
    await p.runs.run(async () => 'first');
    const d = deferred<string>();
    const done = p.runs.run(({ signal }) => workerCall(signal, d), { started: { status: 'running', error: undefined, progress: { message: 'Updating' } } });
    expect(p.state).toMatchObject({ status: 'running', result: 'first', progress: { message: 'Updating' } });
    d.resolve('second');
    await done;
    expect(p.state).toMatchObject({ status: 'done', result: 'second' });
    // Without it, the panel's own started() clears the result.
    void p.runs.run(() => new Promise<string>(() => {}));
    expect(p.state.result).toBeUndefined();
  });
});
