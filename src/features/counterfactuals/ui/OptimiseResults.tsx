import { useMemo } from 'react';
import type { OptimiseResult } from '../protocol';
import { useClassNames } from '../../../client/store';
import { cssColor, lutColor } from '../../../shared/viz/colormap';
import { formatValue } from '../../../shared/viz/ticks';
import { formatProbability } from '../../../ui/format';
import { TopClasses } from '../../labs/ui/TopClasses';
import { LineChart } from '../../../ui/LineChart';
import { Picture, amplifiedDifference } from '../../../ui/Picture';

/** |difference| summed over RGB, coloured with "hot" from 0 to its largest value. */
function magnitude(diff: Float32Array): { rgba: Uint8ClampedArray; max: number } {
  const n = diff.length / 3;
  const m = new Float32Array(n);
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, (m[i] = Math.abs(diff[i * 3]) + Math.abs(diff[i * 3 + 1]) + Math.abs(diff[i * 3 + 2])));
  const rgba = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    rgba.set(lutColor('hot', max > 0 ? m[i] / max : 0), i * 4);
    rgba[i * 4 + 3] = 255;
  }
  return { rgba, max };
}

export function OptimiseResults({ r }: { r: OptimiseResult }) {
  const labels = useClassNames();
  const name = (i: number) => `${labels?.display[i] ?? 'class'} #${i}`;
  const heat = useMemo(() => (r.difference ? magnitude(r.difference) : null), [r.difference]);
  const signed = useMemo(() => (r.difference ? amplifiedDifference(r.difference, r.linf) : null), [r]);
  const o = r.settings;
  const budget = `${o.iterations} iterations × ${o.searchSteps} search step${o.searchSteps > 1 ? 's' : ''}`;
  return (
    <>
      {r.found ? (
        <p className="lab-verdict" data-testid="cf-verdict" data-found="true">
          Counterfactual found: {name(r.label)} → <strong>{name(r.after![0].index)}</strong> ({formatProbability(r.after![0].probability)}), at
          iteration {r.foundAt!.iteration + 1} of search step {r.foundAt!.search + 1} (c = {formatValue(r.foundAt!.c)}); {r.iterations} iterations run. It
          changes {(r.changedFraction * 100).toFixed(1)} % of the pixels by more than half a level; mean |change| {formatValue(r.meanAbs)} levels, largest{' '}
          {formatValue(r.linf)}; L1 = {formatValue(r.l1)} (sum of |change| in 0–1 units).
        </p>
      ) : (
        <p className="lab-verdict warn" data-testid="cf-verdict" data-found="false" role="status">
          No counterfactual found within the budget ({budget}, {r.iterations} run): {name(r.target)} never overtook the other classes. Its best logit
          margin was {formatValue(r.bestMargin)} (it must be above 0). Try more iterations, a larger learning rate or a larger c.
        </p>
      )}
      <div className="lab-columns">
        <Picture rgba={r.original} size={r.size} label="Original image" caption={`Original: ${name(r.before[0].index)}`} />
        {r.pixels && <Picture rgba={r.pixels} size={r.size} label="Counterfactual image" caption={`Counterfactual: ${name(r.after![0].index)} (rounded to 8 bits for display)`} testId="cf-image" />}
        {signed && (
          <Picture rgba={signed} size={r.size} label="Signed difference" caption={`Difference, amplified: gray = 0, black/white = ∓${formatValue(r.linf)} levels`} />
        )}
        {heat && (
          <figure className="picture">
            <Picture rgba={heat.rgba} size={r.size} label="Size of the change" caption="Where it changed: |change| summed over R, G, B" />
            <div className="mini-colorbar" aria-hidden="true" style={{ background: `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map((t) => cssColor('hot', t)).join(', ')})` }} />
            <div className="mini-colorbar-labels small muted">
              <span>0</span>
              <span>{formatValue(heat.max)} levels</span>
            </div>
          </figure>
        )}
      </div>
      <div className="lab-columns">
        <TopClasses title="Original" top={r.before} />
        {r.after && <TopClasses title="Counterfactual (separate forward pass)" top={r.after} />}
      </div>
      <LineChart
        title={`Logit margin of ${name(r.target)} per iteration (above 0: counterfactual)`}
        series={Array.from({ length: o.searchSteps }, (_, k) => ({
          id: `s${k}`,
          label: `search step ${k + 1}`,
          points: r.trace.filter((t) => t.search === k).map((t) => ({ x: t.iteration + 1, y: t.margin })),
          color: ['#1a5fb4', '#c01c28', '#26a269', '#a347ba', '#e66100'][k % 5],
          dashed: k % 2 === 1,
        })).filter((s) => s.points.length > 0)}
        x={{ label: 'iteration', integer: true }}
        y={{ label: 'margin (logits)' }}
        testId="cf-chart"
      />
    </>
  );
}
