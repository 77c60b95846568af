import type { Similarity } from '../protocol';

const f = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '—');

/** Rows of similarity numbers, one per compared pair. */
export function SimilarityTable({ rows, caption }: { rows: Array<{ label: string; s: Similarity; extra?: string }>; caption: string }) {
  const k = rows[0]?.s.topKFraction ?? 0.1;
  return (
    <div className="table-wrap">
      <table className="similarity" data-testid="similarity">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Compared</th>
            <th scope="col" title="Spearman rank correlation of the signed maps">Spearman</th>
            <th scope="col" title="Spearman rank correlation of |map|">Spearman |·|</th>
            <th scope="col" title={`Share of the top ${k * 100} % pixels by |value| in common`}>Top {k * 100} % overlap</th>
            <th scope="col" title="Structural similarity of the normalised |maps|">SSIM</th>
            {rows.some((r) => r.extra) && <th scope="col">Note</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td className="num">{f(r.s.spearman)}</td>
              <td className="num">{f(r.s.spearmanAbs)}</td>
              <td className="num">{f(r.s.topK)}</td>
              <td className="num">{f(r.s.ssim)}</td>
              {rows.some((x) => x.extra) && <td>{r.extra}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
