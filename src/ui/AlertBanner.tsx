import { dismissAlert } from '../state/actions';
import { useApp } from '../state/store';

export function AlertBanner() {
  const alert = useApp((s) => s.alert);
  if (!alert) return null;
  return (
    <div className="alert" role="alert">
      <span>{alert}</span>
      <button type="button" onClick={dismissAlert} aria-label="Dismiss message">
        ×
      </button>
    </div>
  );
}
