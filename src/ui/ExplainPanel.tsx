import { AttributionView } from './AttributionView';
import { MethodControls } from './MethodControls';

export function ExplainPanel() {
  return (
    <section className="explain" aria-label="Explanation">
      <h2>Explanation</h2>
      <div className="explain-grid">
        <MethodControls />
        <AttributionView />
      </div>
    </section>
  );
}
