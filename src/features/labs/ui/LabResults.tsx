import { useEffect, useRef, useState } from 'react';
import { APPROXIMATION_METHODS } from '../../../methods/ig/approximation';
import { BASELINES, METHODS } from '../../../methods/params';
import { fromModelInput } from '../../../shared/image/pixels';
import { perturbedInput } from '../../../shared/metrics/curves';
import { RANK_LABELS } from '../../../shared/metrics/pixel-order';
import type { InsertionDeletionResult, NoiseLabResult, ShiftLabResult } from '../protocol';
import type { BaselinesLabResult, ConvergenceLabResult } from '../../../client/store';
import { formatValue } from '../../../shared/viz/ticks';
import { LineChart, type Series } from '../../../ui/LineChart';
import { MapGrid } from '../../compare/ui/MapGrid';
import { SimilarityTable } from './Similarity';
import { TopClasses } from './TopClasses';

/** Relative L2 change below which a map counts as unchanged: float32 rounding of x + c flips a few ReLU6 units. */
const UNCHANGED = 0.02;

const COLORS = ['#1a5fb4', '#c01c28', '#26a269', '#a347ba', '#e66100', '#5e5c64'];

export function NoiseView({ r }: { r: NoiseLabResult }) {
  const same = r.before[0].index === r.after[0].index;
  return (
    <>
      <p className="lab-verdict" data-testid="lab-verdict">
        σ = {r.sigma} pixel levels: the prediction {same ? 'stays the same' : 'changes'}; the map’s rank correlation with
        the original is {r.similarity.spearmanAbs.toFixed(2)} (|values|) and {(r.similarity.topK * 100).toFixed(0)} % of its top{' '}
        {r.similarity.topKFraction * 100} % pixels stay.
      </p>
      <div className="lab-columns">
        <TopClasses title="Original image" top={r.before} />
        <TopClasses title={`Noisy image (σ = ${r.sigma})`} top={r.after} />
      </div>
      <SimilarityTable caption="Map on the noisy image vs. the original" rows={[{ label: METHODS[r.original.method].label, s: r.similarity }]} />
      <MapGrid channel="lab-noise" results={[r.original, r.noisy]} compare titles={['Original image', `Noisy image (σ = ${r.sigma})`]} showInput={false} columns={2} />
    </>
  );
}

export function ShiftView({ r }: { r: ShiftLabResult }) {
  const exact = r.maxLogitDifference < 1e-3;
  return (
    <>
      <p className="lab-verdict" data-testid="lab-verdict">
        Every pixel + {r.shift} (model input + {r.shiftModel.map((v) => formatValue(v)).join(', ')} per channel), absorbed in the bias of{' '}
        <code>{r.layer}</code>: max |logit difference| = <strong data-testid="shift-logit-diff">{r.maxLogitDifference.toExponential(2)}</strong>{' '}
        {exact ? '(the same function)' : '(not exact!)'}; with the bias alone and zero padding it would be {r.maxLogitDifferenceBiasOnly.toExponential(2)}.
      </p>
      <SimilarityTable
        caption="Map of the shifted model vs. the original model’s"
        rows={r.comparisons.map((c) => ({
          label: c.label,
          s: c.similarity,
          extra: `changed by ${(c.relativeChange * 100).toPrecision(2)} % (L2): ${c.relativeChange < UNCHANGED ? 'unchanged up to float rounding' : 'changed'}`,
        }))}
      />
      <MapGrid
        channel="lab-shift"
        results={r.comparisons.flatMap((c) => [c.original, c.shifted])}
        compare
        titles={r.comparisons.flatMap((c) => [`${c.label}: original`, `${c.label}: shifted`])}
        showInput={false}
        columns={2}
      />
    </>
  );
}

export function BaselinesView({ r }: { r: BaselinesLabResult }) {
  return (
    <MapGrid
      channel="lab-baselines"
      results={r.results}
      compare
      titles={r.results.map((x) => `IG, ${x.params.baseline} baseline`)}
      notes={r.results.map(
        (x) =>
          `delta ${formatValue(x.delta ?? NaN)} of f(x) − f(b) = ${formatValue(x.outputDifference ?? NaN)} (${BASELINES[x.params.baseline].split(' (')[0]})`,
      )}
    />
  );
}

export function ConvergenceView({ r }: { r: ConvergenceLabResult }) {
  const series: Series[] = APPROXIMATION_METHODS.filter((a) => r.points.some((p) => p.approximation === a)).map((a, i) => ({
    id: a,
    label: a,
    color: COLORS[i % COLORS.length],
    dashed: a.startsWith('riemann'),
    points: r.points.filter((p) => p.approximation === a).map((p) => ({ x: p.steps, y: Math.abs(p.delta) })),
  }));
  return (
    <>
      <LineChart title="|convergence delta| against n_steps" series={series} x={{ label: 'n_steps', log: true }} y={{ label: '|delta| (logit)', log: true }} testId="lab-chart" />
      <div className="table-wrap">
        <table className="similarity" data-testid="convergence-table">
          <caption>Integrated Gradients, target logit units; f(x) − f(baseline) = {formatValue(r.points[0]?.outputDifference ?? NaN)}</caption>
          <thead>
            <tr>
              <th scope="col">quadrature</th>
              <th scope="col">n_steps</th>
              <th scope="col">delta</th>
              <th scope="col">|delta| / |f(x) − f(b)|</th>
            </tr>
          </thead>
          <tbody>
            {r.points.map((p) => (
              <tr key={`${p.approximation}:${p.steps}`}>
                <td>{p.approximation}</td>
                <td className="num">{p.steps}</td>
                <td className="num">{formatValue(p.delta)}</td>
                <td className="num">{((Math.abs(p.delta) / Math.abs(p.outputDifference)) * 100).toPrecision(2)} %</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function InsertionDeletionView({ r, methodLabel }: { r: InsertionDeletionResult; methodLabel: string }) {
  const [selected, setSelected] = useState<{ seriesId: string; index: number } | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const pts = (scores: number[]) => scores.map((y, i) => ({ x: r.fractions[i], y }));
  const curve = (kind: 'deletion' | 'insertion') => [
    { id: `${kind}:saliency`, label: `${methodLabel} order (AUC ${r[kind].saliency.auc.toFixed(3)})`, points: pts(r[kind].saliency.scores), color: COLORS[0] },
    { id: `${kind}:random`, label: `random order (AUC ${r[kind].random.auc.toFixed(3)})`, points: pts(r[kind].random.scores), color: COLORS[5], dashed: true },
  ];
  const size = Math.round(Math.sqrt(r.input.length / 3));
  const zero = r.zeroRgb.map((v) => +v.toFixed(3)).join(', '); // 127.5, not a rounded 128
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx || !selected) return;
    const [kind, order] = selected.seriesId.split(':');
    const count = r.counts[selected.index];
    const ord = order === 'saliency' ? r.order : r.randomOrder;
    const x = kind === 'deletion' ? perturbedInput(r.input, new Float32Array(r.input.length), ord, count, 3) : perturbedInput(r.blurred, r.input, ord, count, 3);
    ctx.putImageData(new ImageData(fromModelInput(x, r.preprocessing), size, size), 0, 0);
  }, [selected, r, size]);
  const sel = selected ? { kind: selected.seriesId.split(':')[0] as 'deletion' | 'insertion', order: selected.seriesId.split(':')[1] as 'saliency' | 'random' } : null;
  return (
    <>
      <p className="lab-verdict" data-testid="lab-verdict">
        Deletion AUC {r.deletion.saliency.auc.toFixed(3)} vs. random {r.deletion.random.auc.toFixed(3)} (lower is better); insertion AUC{' '}
        {r.insertion.saliency.auc.toFixed(3)} vs. random {r.insertion.random.auc.toFixed(3)} (higher is better). Scores are the target’s softmax probability.
      </p>
      <p className="muted small" data-testid="lab-protocol">
        RISE’s protocol: pixels ranked by {RANK_LABELS[r.rank]}; {r.step} pixels per step, {r.nSteps} steps; deleted pixels
        become 0 in model-input space (RGB {zero}); insertion starts from the input blurred with gkern({r.kernel.klen}, {r.kernel.nsig}) in
        model-input space; AUC = (Σ scores − first/2 − last/2) / n_steps.
      </p>
      <div className="lab-columns charts">
        <LineChart title="Deletion: most important pixels set to zero (model input) first" series={curve('deletion')} x={{ label: 'share of pixels deleted', domain: [0, 1] }} y={{ label: 'probability', domain: [0, 1] }} selected={selected} onSelect={(seriesId, index) => setSelected({ seriesId, index })} testId="deletion-chart" />
        <LineChart title="Insertion: most important pixels restored into the blurred input first" series={curve('insertion')} x={{ label: 'share of pixels inserted', domain: [0, 1] }} y={{ label: 'probability', domain: [0, 1] }} selected={selected} onSelect={(seriesId, index) => setSelected({ seriesId, index })} testId="insertion-chart" />
      </div>
      <figure className="lab-step" hidden={!selected}>
        <canvas ref={canvas} width={size} height={size} role="img" aria-label="Image at the selected point" />
        {sel && selected && (
          <figcaption>
            {sel.kind === 'deletion' ? 'Deleted' : 'Inserted'} {(r.fractions[selected.index] * 100).toFixed(0)} % of the pixels ({r.counts[selected.index]}) in{' '}
            {sel.order === 'saliency' ? `${methodLabel}` : 'random'} order: probability {r[sel.kind][sel.order].scores[selected.index].toFixed(3)}
          </figcaption>
        )}
      </figure>
    </>
  );
}
