import { useState } from 'react';
import { METHODS, METHOD_IDS, type MethodId } from '../../../methods/params';
import { cancelCompare, closeCompare, compareMethods } from '../state/compare';
import { useApp } from '../../../client/store';
import { MapGrid } from './MapGrid';
import { RunProgress } from '../../../ui/RunProgress';
import { DisplayControls } from '../../../ui/DisplayControls';

const DEFAULT_SELECTION: MethodId[] = ['saliency', 'ixg', 'ig', 'deeplift', 'gradcam'];

/**
 * Several methods on the same image, model, target and parameters, in one grid that follows the
 * display settings (choose "Shared across panels" to compare magnitudes between methods).
 */
export function ComparePanel() {
  const compare = useApp((s) => s.compare);
  const hasImage = useApp((s) => s.result != null);
  const [chosen, setChosen] = useState<MethodId[]>(compare.methods.length ? compare.methods : DEFAULT_SELECTION);
  const c = compare.current;
  return (
    <section className="compare" aria-label="Compare methods">
      <h2>Compare methods</h2>
      <div className="compare-bar">
        <div role="group" aria-label="Methods to compare" className="compare-methods">
          {METHOD_IDS.map((m) => (
            <label key={m} className="field checkbox">
              <input
                type="checkbox"
                checked={chosen.includes(m)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, m] : chosen.filter((x) => x !== m))}
              />
              {METHODS[m].label}
            </label>
          ))}
        </div>
        <button type="button" className="button primary" disabled={!hasImage || chosen.length < 2} onClick={() => compareMethods(chosen)}>
          Compare {chosen.length} methods
        </button>
        {compare.methods.length > 0 && (
          <button type="button" onClick={closeCompare}>
            Close grid
          </button>
        )}
      </div>
      <p className="muted small">
        Each method uses the parameters and the target set in the Explain tab (steps, baseline, samples…). On this machine each
        gradient method takes seconds to minutes; results already computed are reused.
      </p>
      {compare.status === 'running' && c && (
        <RunProgress
          message={`${c.index + 1} of ${c.total}: ${METHODS[c.method].label}`}
          loaded={c.progress?.loaded}
          total={c.progress?.total}
          label="Comparison progress"
          onCancel={cancelCompare}
        />
      )}
      {compare.error && (
        <p className={compare.status === 'error' ? 'error-text' : 'muted'} role={compare.status === 'error' ? 'alert' : undefined}>
          {compare.error}
        </p>
      )}
      {compare.methods.length > 0 && <DisplayControls />}
      {compare.methods.length > 0 && <MapGrid channel="compare" results={compare.results} compare />}
    </section>
  );
}
