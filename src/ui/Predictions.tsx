import { describeChoice, useApp, useClassNames } from '../client/store';
import { formatProbability } from './format';


/** Top-5 classes: softmax probability (over all the model's classes) and the raw logit it comes from. */
export function Predictions() {
  const result = useApp((s) => s.result);
  const labels = useApp((s) => s.labels);
  const classes = useClassNames();
  const pending = useApp((s) => s.pending);
  const info = useApp((s) => s.model.info);
  return (
    <section className="predictions" aria-label="Prediction" aria-busy={pending != null}>
      <h2>Prediction</h2>
      {pending ? (
        <p className="working" role="status">
          {pending.progress?.message ?? 'Working'} — {describeChoice(pending.choice, labels)}…
        </p>
      ) : null}
      {result ? (
        <>
          <div className="table-wrap">
            <table className="top5">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Class</th>
                  <th scope="col">Probability</th>
                  <th scope="col">Logit</th>
                </tr>
              </thead>
              <tbody>
                {result.top.map((c, rank) => (
                  <tr key={c.index} data-class-index={c.index}>
                    <td>{rank + 1}</td>
                    <td title={classes?.full[c.index]}>
                      <span className="class-name">{classes?.display[c.index] ?? `class ${c.index}`}</span>{' '}
                      <span className="muted">#{c.index}</span>
                    </td>
                    <td className="prob">
                      <span className="bar" style={{ width: `${Math.max(1, c.probability * 100)}%` }} />
                      <span>{formatProbability(c.probability)}</span>
                    </td>
                    <td className="num">{c.logit.toFixed(2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted small">
            Probabilities are the softmax of the logits over all {(classes?.display.length ?? 1000).toLocaleString('en')} classes. Decoded in{' '}
            {result.timings.decodeMs.toFixed(0)} ms, classified in {result.timings.predictMs.toFixed(0)} ms
            {info ? ` on ${info.backend.name}` : ''}.
          </p>
        </>
      ) : !pending ? (
        <p className="muted">No image yet.</p>
      ) : null}
    </section>
  );
}
