import { useState } from 'react';
import { METHODS } from '../../../methods/params';
import type { RandomizationLabResult, RandomizationSeries, Similarity } from '../protocol';
import { LineChart, type Series } from '../../../ui/LineChart';
import { MapGrid } from '../../compare/ui/MapGrid';
import { SimilarityTable } from './Similarity';
import { TopClasses } from './TopClasses';

const COLORS = ['#1a5fb4', '#c01c28', '#26a269', '#a347ba', '#e66100', '#5e5c64'];

type Metric = 'spearmanAbs' | 'spearman' | 'ssim' | 'topK';
const METRICS: Record<Metric, string> = {
  spearmanAbs: 'Spearman rank correlation of |map|',
  spearman: 'Spearman rank correlation (signed)',
  ssim: 'SSIM of normalised |map|',
  topK: 'Top 10 % pixel overlap',
};

/** Adebayo et al. 2018: the randomised models' predictions, similarity curves and maps, one set per method. */
export function RandomizationView({ r }: { r: RandomizationLabResult }) {
  const [metric, setMetric] = useState<Metric>('spearmanAbs');
  const stepName = (layers: string[]) => (r.mode === 'cascade' ? layers[layers.length - 1] : layers[0]);
  const title = (layers: string[]) => (r.mode === 'cascade' ? `Randomised down to ${stepName(layers)}` : `${stepName(layers)} randomised`);
  const categories = r.steps.map((s) => stepName(s.layers));
  // A result from before `series` existed holds one method.
  const all: RandomizationSeries[] = r.series ?? [
    { method: r.original.method, original: r.original, results: r.steps.map((s) => s.result), similarity: r.steps.map((s) => s.similarity) },
  ];
  const points = (sims: Similarity[], key: Metric) => sims.map((s, i) => ({ x: i, y: s[key] }));
  const series: Series[] =
    all.length > 1
      ? all.map((m, k) => ({ id: m.method, label: METHODS[m.method].label, points: points(m.similarity, metric), color: COLORS[k % COLORS.length], dashed: k >= COLORS.length }))
      : [
          { id: 'spearmanAbs', label: METRICS.spearmanAbs, points: points(all[0].similarity, 'spearmanAbs'), color: COLORS[0] },
          { id: 'ssim', label: METRICS.ssim, points: points(all[0].similarity, 'ssim'), color: COLORS[1], dashed: true },
          { id: 'topK', label: METRICS.topK, points: points(all[0].similarity, 'topK'), color: COLORS[2] },
        ];
  const chartTitle = `${all.length > 1 ? `${METRICS[metric]} to each method’s original map` : 'Similarity to the original map'}, ${
    r.mode === 'cascade' ? 'randomising from the top down to' : 'randomising only'
  } each layer`;
  return (
    <>
      {all.length > 1 && (
        <label className="field">
          Measure{' '}
          <select value={metric} onChange={(e) => setMetric(e.target.value as Metric)} data-testid="lab-metric">
            {Object.entries(METRICS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
      )}
      <LineChart
        title={chartTitle}
        series={series}
        x={{ label: r.mode === 'cascade' ? 'randomised down to layer' : 'randomised layer' }}
        y={{ label: 'similarity', domain: [-0.2, 1] }}
        xCategories={categories}
        testId="lab-chart"
      />
      <div className="lab-columns">
        <TopClasses title="Original model" top={r.originalTop.slice(0, 3)} />
        {r.steps.map((s, i) => (
          <TopClasses key={i} title={title(s.layers)} top={s.top.slice(0, 3)} />
        ))}
      </div>
      {all.map((m) => (
        <section key={m.method} data-lab-method={m.method}>
          <SimilarityTable
            caption={`${METHODS[m.method].label}: each randomised model’s map vs. the original model’s`}
            rows={m.similarity.map((s, i) => ({ label: categories[i], s }))}
          />
          <MapGrid
            channel={all.length > 1 ? `lab-randomization-${m.method}` : 'lab-randomization'}
            results={[m.original, ...m.results]}
            compare
            titles={['Original model', ...r.steps.map((s) => title(s.layers))].map((t) => (all.length > 1 ? `${METHODS[m.method].label}: ${t}` : t))}
            showInput={false}
          />
        </section>
      ))}
    </>
  );
}
