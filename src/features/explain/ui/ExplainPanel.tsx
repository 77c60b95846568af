import { useApp, useClassNames } from '../../../client/store';
import { AttributionView } from './AttributionView';
import { DisplayControls } from '../../../ui/DisplayControls';
import { MapGrid, MapGridPlaceholder } from '../../compare/ui/MapGrid';
import { MethodControls } from './MethodControls';
import { SegmentsView } from './SegmentsView';

/**
 * The map beside its controls: the map column comes first (on a phone it is above them), so it stays
 * in view while a control changes. The input is the stage's picture, beside this panel, so the grid
 * shows the map views only.
 */
export function ExplainPanel() {
  const result = useApp((s) => s.explain.result);
  const enabled = useApp((s) => s.explain.enabled);
  const status = useApp((s) => s.explain.status);
  const method = useApp((s) => s.explain.params.method);
  const input = useApp((s) => s.result);
  const labels = useClassNames();
  const target = useApp((s) => s.explain.params.target ?? s.result?.top[0]?.index ?? null);
  // The map's space is kept from the moment an explanation is asked for: nothing jumps when it is drawn.
  const showMaps = result || (enabled && status !== 'error');
  return (
    <section className="explain" aria-label="Explanation">
      <h2>Explanation</h2>
      <div className="explain-layout">
        <div className="explain-view">
          {showMaps ? (
            <div className="explain-maps" data-testid="explain-maps">
              {result ? (
                <>
                  <MapGrid channel="single" results={[result]} compare={false} showInput={false} />
                  {result.segments && <SegmentsView result={result} />}
                </>
              ) : (
                <MapGridPlaceholder
                  channel="single"
                  method={method}
                  target={target == null ? null : `${labels?.display[target] ?? 'class'} #${target}`}
                  input={input}
                  running={status === 'running'}
                  showInput={false}
                />
              )}
            </div>
          ) : (
            !enabled && <AttributionView />
          )}
        </div>
        <div className="explain-side">
          <MethodControls />
          {enabled && <AttributionView />}
          {enabled && <DisplayControls />}
        </div>
      </div>
    </section>
  );
}
