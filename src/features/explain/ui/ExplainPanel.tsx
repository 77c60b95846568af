import { useApp, useClassNames } from '../../../client/store';
import { AttributionView } from './AttributionView';
import { DisplayControls } from './DisplayControls';
import { MapGrid, MapGridPlaceholder } from '../../compare/ui/MapGrid';
import { MethodControls } from './MethodControls';
import { SegmentsView } from './SegmentsView';

export function ExplainPanel() {
  const result = useApp((s) => s.explain.result);
  const enabled = useApp((s) => s.explain.enabled);
  const status = useApp((s) => s.explain.status);
  const method = useApp((s) => s.explain.params.method);
  const input = useApp((s) => s.result);
  const labels = useClassNames();
  const target = useApp((s) => s.explain.params.target ?? s.result?.top[0]?.index ?? null);
  const showDisplay = useApp((s) => s.explain.enabled || s.compare.methods.length > 0);
  return (
    <section className="explain" aria-label="Explanation">
      <h2>Explanation</h2>
      <div className="explain-grid">
        <MethodControls />
        <AttributionView />
      </div>
      {showDisplay && <DisplayControls />}
      {/* The map's space is kept from the moment an explanation is asked for: nothing jumps when it is drawn. */}
      {(result || (enabled && status !== 'error')) && (
        <div className="explain-maps" data-testid="explain-maps">
          {result ? (
            <>
              <MapGrid channel="single" results={[result]} compare={false} />
              {result.segments && <SegmentsView result={result} />}
            </>
          ) : (
            <MapGridPlaceholder
              channel="single"
              method={method}
              target={target == null ? null : `${labels?.display[target] ?? 'class'} #${target}`}
              input={input}
              running={status === 'running'}
            />
          )}
        </div>
      )}
    </section>
  );
}
