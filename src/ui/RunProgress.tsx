import type { RunFields } from '../client/store';

/** A long run's progress: what it is doing, how far, and a Cancel button (every long run has one). */
export function RunProgress({ message, loaded, total, label, onCancel }: { message: string; loaded?: number; total?: number; label: string; onCancel(): void }) {
  return (
    <div className="explain-progress" role="status">
      <span>
        {message}
        {total ? ` — ${loaded ?? 0} of ${total}` : '…'}
      </span>
      <progress max={total || 1} value={total ? loaded : undefined} aria-label={label} />
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

/** A panel run's state under its Run button: progress with Cancel while running, then the error or "Cancelled.". */
export function RunStatus({ run, label, failed, onCancel }: { run: RunFields<unknown>; label: string; failed: string; onCancel(): void }) {
  const p = run.progress;
  return (
    <>
      {run.status === 'running' && <RunProgress message={p?.message ?? 'Working'} loaded={p?.loaded} total={p?.total} label={label} onCancel={onCancel} />}
      {run.error && (
        <p className={run.status === 'error' ? 'error-text' : 'muted'} role={run.status === 'error' ? 'alert' : undefined}>
          {run.status === 'error' ? `${failed}: ${run.error}` : run.error}
        </p>
      )}
    </>
  );
}
