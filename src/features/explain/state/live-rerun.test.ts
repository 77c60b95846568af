import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LIVE_DELAY_MS, liveRerun } from './live-rerun';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('live re-runs', () => {
  it('five rapid changes (a slider dragged) make one run, LIVE_DELAY_MS after the last', () => {
    const run = vi.fn();
    const r = liveRerun(run);
    for (let i = 0; i < 5; i++) {
      expect(r.changed(true)).toBe(true);
      vi.advanceTimersByTime(100); // each change comes before the previous one's wait is over
    }
    expect(run).not.toHaveBeenCalled();
    expect(r.pending).toBe(true);
    vi.advanceTimersByTime(LIVE_DELAY_MS - 100 - 1);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
    expect(r.pending).toBe(false);
    vi.advanceTimersByTime(10 * LIVE_DELAY_MS);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('changes further apart than the delay each run', () => {
    const run = vi.fn();
    const r = liveRerun(run);
    for (let i = 0; i < 3; i++) {
      r.changed(true);
      vi.advanceTimersByTime(LIVE_DELAY_MS);
    }
    expect(run).toHaveBeenCalledTimes(3);
  });

  it('on demand never runs, and drops a live run still waiting', () => {
    const run = vi.fn();
    const r = liveRerun(run);
    for (let i = 0; i < 5; i++) expect(r.changed(false)).toBe(false);
    vi.advanceTimersByTime(100 * LIVE_DELAY_MS);
    expect(run).not.toHaveBeenCalled();
    // saliency's steps changed (live), then the method became IG (on demand): nothing runs.
    r.changed(true);
    r.changed(false);
    vi.advanceTimersByTime(100 * LIVE_DELAY_MS);
    expect(run).not.toHaveBeenCalled();
  });

  it('now() (the button) runs at once and replaces the waiting run; cancel() drops it', () => {
    const run = vi.fn();
    const r = liveRerun(run);
    r.changed(true);
    r.now();
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10 * LIVE_DELAY_MS);
    expect(run).toHaveBeenCalledTimes(1);
    r.changed(true);
    r.cancel();
    vi.advanceTimersByTime(10 * LIVE_DELAY_MS);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
