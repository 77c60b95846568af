import { useApp } from '../state/store';
import { AttributionView } from './AttributionView';
import { DisplayControls } from './DisplayControls';
import { MapGrid } from './MapGrid';
import { MethodControls } from './MethodControls';

export function ExplainPanel() {
  const result = useApp((s) => s.explain.result);
  const showDisplay = useApp((s) => s.explain.enabled || s.compare.methods.length > 0);
  return (
    <section className="explain" aria-label="Explanation">
      <h2>Explanation</h2>
      <div className="explain-grid">
        <MethodControls />
        <AttributionView />
      </div>
      {showDisplay && <DisplayControls />}
      {result && <MapGrid channel="single" results={[result]} compare={false} />}
    </section>
  );
}
