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
