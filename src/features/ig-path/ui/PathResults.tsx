import { useMemo, type KeyboardEvent } from 'react';
import type { IgPathResult } from '../protocol';
import type { PathScale } from '../state/ig-path-settings';
import { updateIgPathSettings } from '../state/ig-path';
import { nearestStop, pathStops, pathTotals } from './path-view';
import { PathFigures } from './PathFigures';
import { useApp } from '../../../client/store';
import { BASELINES } from '../../../methods/params';

const fmt = (v: number) => v.toPrecision(6).replace('-', '\u2212');

function Readout({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId} data-value={value}>
        {fmt(value)}
      </dd>
    </div>
  );
}

/** The slider over α (snapping to 0, the quadrature points and 1), the four views, and the readouts. */
export function PathResults({ r, alpha, scale }: { r: IgPathResult; alpha: number; scale: PathScale }) {
  const labels = useApp((s) => s.labels);
  const stops = useMemo(() => pathStops(r), [r]);
  const at = nearestStop(stops, alpha);
  const stop = stops[at];
  const totals = pathTotals(r);
  const go = (i: number) => updateIgPathSettings({ alpha: stops[Math.max(0, Math.min(stops.length - 1, i))].alpha });
  // Arrow keys step from stop to stop (the range's own small step would snap back to the same one).
  const onKey = (e: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowLeft: at - 1, ArrowDown: at - 1, ArrowRight: at + 1, ArrowUp: at + 1, Home: 0, End: stops.length - 1 };
    if (!(e.key in moves)) return;
    e.preventDefault();
    go(moves[e.key]);
  };
  const k = stop.gradient.of === 'point' ? stop.gradient.index : -1;
  const req = r.request;
  return (
    <>
      <p className="lab-verdict">
        Explaining {labels?.display[req.target] ?? 'class'} #{req.target} from {BASELINES[req.baseline].split(' (')[0].toLowerCase()}, {req.method}, {req.steps} steps
        ({r.alphas.length} points and both ends, {r.batchSize} rows per pass).
      </p>
      <div className="ig-path-slider">
        <label htmlFor="ig-path-alpha">α</label>
        <input
          id="ig-path-alpha"
          type="range"
          min={0}
          max={1}
          step={0.001}
          value={stop.alpha}
          aria-valuetext={`α = ${stop.alpha.toFixed(4)}`}
          onChange={(e) => go(nearestStop(stops, Number(e.currentTarget.value)))}
          onKeyDown={onKey}
          data-testid="igpath-alpha"
        />
        <span />
        <span className="small muted" data-testid="igpath-stop">
          α = {stop.alpha.toFixed(4)}
          {k >= 0 ? `: quadrature point ${k + 1} of ${r.alphas.length}, weight w = ${r.weights[k].toPrecision(4)}` : stop.alpha === 0 ? ': the baseline' : ': the photo'}
          {' · '}f(x_α) − f(b) = {fmt(stop.score)} · running sum = {fmt(stop.running)}
        </span>
      </div>
      <PathFigures r={r} stops={stops} at={at} scale={scale} />
      <h3 className="ig-path-readouts-title">At the end of the path</h3>
      <dl className="ig-path-readouts">
        <Readout label="f(baseline), logit" value={r.fBaseline} testId="igpath-f-baseline" />
        <Readout label="f(x), logit" value={r.fInput} testId="igpath-f-input" />
        <Readout label="f(x) − f(baseline)" value={totals.outputDifference} testId="igpath-output-difference" />
        <Readout label="curve at α = 1" value={stops[stops.length - 1].score} testId="igpath-curve-end" />
        <Readout label="Σ attributions (IG’s map)" value={totals.attributionSum} testId="igpath-attribution-sum" />
        <Readout label="running sum at α = 1" value={totals.runningEnd} testId="igpath-running-end" />
        <Readout label="convergence delta: Σ − (f(x) − f(b))" value={totals.delta} testId="igpath-delta" />
        <Readout label="delta, % of |f(x) − f(b)|" value={(100 * totals.delta) / Math.abs(totals.outputDifference)} testId="igpath-delta-percent" />
      </dl>
    </>
  );
}
