import { dismissAlert, dismissNotice } from '../client/actions';
import { useApp } from '../client/store';

/** Errors (role alert) and notices the student should read, such as a recovered GPU fault (role status). */
export function AlertBanner() {
  const alert = useApp((s) => s.alert);
  const notice = useApp((s) => s.notice);
  return (
    <>
      {alert && (
        <div className="alert" role="alert">
          <span>{alert}</span>
          <button type="button" onClick={dismissAlert} aria-label="Dismiss message">
            ×
          </button>
        </div>
      )}
      {notice && (
        <div className="alert notice" role="status" data-testid="notice">
          <span>{notice}</span>
          <button type="button" onClick={dismissNotice} aria-label="Dismiss notice">
            ×
          </button>
        </div>
      )}
    </>
  );
}
