/**
 * What a change of settings does to a panel's run. Live: one run LIVE_DELAY_MS after the last change of
 * a burst (a slider dragged, a number stepped, a select scrolled with the arrow keys), not one per
 * change; the run lifecycle then cancels whatever older run is still going. On demand: nothing, and a
 * live re-run still waiting is dropped (the settings it would use are no longer live). `now()` is the
 * button (Explain, Run): at once, whatever the mode.
 */
export const LIVE_DELAY_MS = 250;

export interface LiveRerun {
  /** A setting changed; `live` is the mode for the new settings. True when a run is scheduled. */
  changed(live: boolean): boolean;
  /** Runs at once, dropping a scheduled run. */
  now(): void;
  /** Drops a scheduled run (the panel's run is being cancelled). */
  cancel(): void;
  readonly pending: boolean;
}

export function liveRerun(run: () => void, delayMs = LIVE_DELAY_MS): LiveRerun {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return {
    changed(live) {
      cancel();
      if (!live) return false;
      timer = setTimeout(() => {
        timer = undefined;
        run();
      }, delayMs);
      return true;
    },
    now() {
      cancel();
      run();
    },
    cancel,
    get pending() {
      return timer !== undefined;
    },
  };
}
