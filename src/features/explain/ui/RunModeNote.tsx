import { useApp } from '../../../client/store';
import { explainModeText, mapIsStale, methodRunMode } from '../state/live-mode';
import { startExplaining } from '../state/explain';

/**
 * One line saying whether a change of settings re-runs the map (live) or waits for Explain (on
 * demand, with its reason), the Explain button where it waits, and a mark on a map computed with other
 * settings than those shown.
 */
export function RunModeNote() {
  const text = useApp((s) => explainModeText(s));
  const live = useApp((s) => methodRunMode(s).live);
  const enabled = useApp((s) => s.explain.enabled);
  const hasImage = useApp((s) => s.result != null);
  const stale = useApp((s) => !methodRunMode(s).live && s.explain.status !== 'running' && mapIsStale(s));
  const backendKnown = useApp((s) => s.backend != null);
  if (!backendKnown) return null;
  return (
    <div className="run-mode" data-testid="run-mode" data-mode={live ? 'live' : 'on-demand'}>
      <p className="muted small">{text}</p>
      {/* Before the first explanation the panel's own "Explain this prediction" button starts it. */}
      {!live && enabled && (
        <button type="button" className="button primary" disabled={!hasImage} onClick={startExplaining}>
          Explain
        </button>
      )}
      {/* Present from the start, so a screen reader announces the mark when it appears. */}
      <p className="stale-note small" role="status">
        {stale && <strong data-testid="map-stale">Settings changed since this map was computed.</strong>}
      </p>
    </div>
  );
}
