import { useMemo } from 'react';
import type { SwapResult } from '../protocol';
import { useClassNames } from '../../../client/store';
import { formatProbability } from '../../../ui/format';
import { TopClasses } from '../../labs/ui/TopClasses';
import { LineChart } from '../../../ui/LineChart';
import { Picture } from '../../../ui/Picture';

export function SwapResults({ r }: { r: SwapResult }) {
  const labels = useClassNames();
  const name = (i: number) => `${labels?.display[i] ?? 'class'} #${i}`;
  const grid = r.settings.grid;
  const into = useMemo(() => ({ grid, marks: r.steps.map((s, k) => ({ cell: s.cell, label: String(k + 1) })) }), [grid, r.steps]);
  const from = useMemo(() => ({ grid, marks: r.steps.map((s, k) => ({ cell: s.from, label: String(k + 1) })) }), [grid, r.steps]);
  const n = r.steps.length;
  const distractorIsTarget = r.distractorTop[0].index === r.target;
  return (
    <>
      <p className={`lab-verdict${r.reached ? '' : ' warn'}`} data-testid="cf-verdict" data-found={String(r.reached)} role="status">
        {r.reached
          ? n === 0
            ? `The model already predicts ${name(r.target)}: nothing to swap.`
            : `After ${n} of ${grid * grid} cells swapped the model predicts ${name(r.target)} (${formatProbability(r.after![0].probability)}), checked by a separate forward pass.`
          : `${name(r.target)} was not reached, even with all ${grid * grid} cells swapped (the last image predicts ${name(r.after![0].index)}).`}{' '}
        {r.evaluated} images evaluated.
      </p>
      {!distractorIsTarget && (
        <p className="muted small">
          Note: the model does not classify the distractor photo itself as {name(r.target)} (it says {name(r.distractorTop[0].index)}), so its cells may not
          carry the evidence.
        </p>
      )}
      <div className="lab-columns">
        <Picture rgba={r.original} size={r.size} label="Original image with the swapped cells numbered" caption={`Original (${name(r.label)}): cells replaced, in order`} overlay={into} />
        <Picture rgba={r.distractor} size={r.size} label="Distractor image with the cells taken numbered" caption={`Distractor (${name(r.distractorTop[0].index)}): cells taken`} overlay={from} />
        {r.pixels && <Picture rgba={r.pixels} size={r.size} label="Edited image" caption={`Edited: ${name(r.after![0].index)}`} testId="cf-image" />}
      </div>
      <div className="table-wrap">
        <table className="similarity" data-testid="cf-steps">
          <caption className="small muted">Probabilities after each swap</caption>
          <thead>
            <tr>
              <th scope="col">swap</th>
              <th scope="col">cell (row, col)</th>
              <th scope="col">from distractor cell</th>
              <th scope="col">P({labels?.display[r.target] ?? 'target'})</th>
              <th scope="col">P({labels?.display[r.label] ?? 'predicted'})</th>
              <th scope="col">top class</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>0</td>
              <td colSpan={2}>original image</td>
              <td>{formatProbability(r.start.pTarget)}</td>
              <td>{formatProbability(r.start.pLabel)}</td>
              <td>{name(r.start.top)}</td>
            </tr>
            {r.steps.map((s, k) => (
              <tr key={k}>
                <td>{k + 1}</td>
                <td>
                  ({Math.floor(s.cell / grid) + 1}, {(s.cell % grid) + 1})
                </td>
                <td>
                  ({Math.floor(s.from / grid) + 1}, {(s.from % grid) + 1})
                </td>
                <td>{formatProbability(s.pTarget)}</td>
                <td>{formatProbability(s.pLabel)}</td>
                <td>
                  {name(s.top)} ({formatProbability(s.pTop)})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {n > 0 && (
        <LineChart
          title="Probability after each swap"
          series={[
            { id: 'target', label: `${name(r.target)} (target)`, points: [r.start, ...r.steps].map((s, k) => ({ x: k, y: s.pTarget })), color: '#c01c28' },
            { id: 'label', label: `${name(r.label)} (predicted before)`, points: [r.start, ...r.steps].map((s, k) => ({ x: k, y: s.pLabel })), color: '#1a5fb4', dashed: true },
          ]}
          x={{ label: 'cells swapped', integer: true }}
          y={{ label: 'probability', domain: [0, 1] }}
          testId="cf-chart"
        />
      )}
      <div className="lab-columns">
        <TopClasses title="Original" top={r.before} />
        {r.after && <TopClasses title="Edited (separate forward pass)" top={r.after} />}
      </div>
    </>
  );
}
