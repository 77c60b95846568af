import { METHODS } from '../../../methods/params';
import { cancelExplain, startExplaining } from '../state/explain';
import { useApp, useClassNames } from '../../../client/store';
import { encodeNpy } from '../../../shared/viz/npy';
import { downloadBlob } from '../../../ui/download';
import { deltaSpread } from '../../../ui/format';
import { RunProgress } from '../../../ui/RunProgress';

const fmt = (v: number, digits = 4) => (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(digits) : v.toExponential(2));

/** The run's state and the numbers that say how far to trust the map (the map itself: MapGrid). */
export function AttributionView() {
  const explain = useApp((s) => s.explain);
  const labels = useClassNames();
  const hasImage = useApp((s) => s.result != null);
  const r = explain.result;

  if (!explain.enabled) {
    return (
      <div className="explain-start">
        <button type="button" className="button primary" disabled={!hasImage} onClick={startExplaining}>
          Explain this prediction
        </button>
      </div>
    );
  }
  const p = explain.progress;
  const name = r ? `${labels?.display[r.params.target] ?? 'class'} #${r.params.target}` : '';
  const relative = r?.delta != null && r.outputDifference ? Math.abs(r.delta / r.outputDifference) : null;
  const spread = deltaSpread(r?.sampleDeltas);
  return (
    <div className="attribution" aria-busy={explain.status === 'running'}>
      {r && (
        <p className="result-title">
          {METHODS[r.method].label} for <strong>{name}</strong>
        </p>
      )}
      {explain.status === 'running' && (
        <RunProgress message={p?.message ?? 'Starting'} loaded={p?.loaded} total={p?.total} label="Attribution progress" onCancel={cancelExplain} />
      )}
      {explain.status === 'error' && (
        <p className="error-text" role="alert">
          The explanation failed: {explain.error}
        </p>
      )}
      {r && (
        <dl className="numbers">
          <dt>Target logit</dt>
          <dd data-testid="target-logit">{fmt(r.targetLogit)}</dd>
          {r.delta != null && (
            <>
              <dt>Convergence delta</dt>
              <dd data-testid="delta">
                {fmt(r.delta)}
                {relative != null && r.outputDifference != null && (
                  <span className="muted">
                    {' '}
                    ({(relative * 100).toPrecision(2)} % of |f(x) − f(baseline)| = {fmt(Math.abs(r.outputDifference), 3)})
                  </span>
                )}
                {spread && (
                  <span className="delta-spread" data-testid="delta-spread" data-mean-abs={spread.meanAbs} data-max-abs={spread.maxAbs}>
                    {' '}
                    — the mean of {spread.count} per-sample deltas (Captum returns each); mean |δᵢ| = {fmt(spread.meanAbs)}, largest |δᵢ| ={' '}
                    {fmt(spread.maxAbs)}
                  </span>
                )}
              </dd>
            </>
          )}
          <dt>GPU tensors</dt>
          <dd data-testid="memory">
            {r.memory.numTensorsBefore} before, {r.memory.numTensorsAfter} after
            {r.memory.numTensorsAfter === r.memory.numTensorsBefore ? ' (nothing leaked)' : ' (leaked!)'}; up to{' '}
            {(r.memory.maxBytesAtChunkEnds / 1e6).toFixed(0)} MB between chunks
          </dd>
          <dt>Computed</dt>
          <dd>
            in {(r.timings.totalMs / 1000).toFixed(1)} s, batches of {r.batchSize}
            {r.notes.outOfMemoryRetries ? (
              <span data-testid="oom-retries"> (the GPU ran out of memory with larger batches; batch sizes tried: {r.notes.outOfMemoryRetries})</span>
            ) : null}
            {r.notes.nonFiniteValues ? <strong className="error-text"> — {r.notes.nonFiniteValues} values are NaN/Inf</strong> : null}
          </dd>
        </dl>
      )}
      <div className="downloads">
        <button type="button" disabled={!r} onClick={() => r && downloadBlob(encodeNpy(r.input, [1, r.shape[1], r.shape[2], 3]), `input_${r.model}.npy`)}>
          Download input (.npy)
        </button>
        <button type="button" disabled={!r} onClick={() => r && downloadBlob(encodeNpy(r.attributions, r.shape), `attributions_${r.method}_${r.model}.npy`)}>
          Download attributions (.npy)
        </button>
      </div>
    </div>
  );
}
