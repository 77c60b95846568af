import { useApp } from '../client/store';

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

export function ModelProgress() {
  const model = useApp((s) => s.model);
  if (model.status !== 'loading') return null;
  const p = model.progress;
  const fraction = p?.loaded != null && p.total ? Math.min(1, p.loaded / p.total) : undefined;
  return (
    <div className="model-progress" role="status" aria-live="polite">
      <span>
        {p?.message ?? 'Loading the model'}
        {p?.loaded != null && p.total ? ` — ${mb(p.loaded)} of ${mb(p.total)} MB` : '…'}
      </span>
      <progress max={1} value={fraction} aria-label="Model loading progress" />
    </div>
  );
}
