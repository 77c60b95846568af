import { useSyncExternalStore } from 'react';
import { applyUpdate, getOfflineStatus, subscribeOffline, type OfflineStatus } from '../app/register-sw';
import { modelSpec } from '../shared/models/model-spec';
import { useApp } from '../client/store';

function text(s: OfflineStatus): string {
  switch (s.state) {
    case 'ready':
      return `Offline ready (v${__APP_VERSION__})`;
    case 'caching':
      return 'Caching for offline…';
    case 'offline':
      return 'Offline — using cached copy';
    case 'unsupported':
      return s.reason === 'dev' ? 'Offline: off in dev server' : 'Offline: unsupported';
  }
}

/** Whether this page would work without network now (see src/app/register-sw.ts for what "ready" checks). */
export function OfflineBadge() {
  const status = useSyncExternalStore(subscribeOffline, getOfflineStatus);
  const model = useApp((s) => modelSpec(s.modelId).label);
  const title =
    status.state === 'ready'
      ? `This page, the ${model} weights and the photos you opened are stored in this browser (cache ${__CACHE_VERSION__}).`
      : status.state === 'caching'
        ? `Storing the app and the ${model} weights in this browser, so that it keeps working without network.`
        : status.state === 'unsupported'
          ? 'This browser (or this page) has no service worker, so the app cannot be stored for use without network.'
          : undefined;
  const tone = status.state === 'ready' ? 'badge-ok' : status.state === 'caching' ? 'badge-pending' : 'badge-warn';
  return (
    <span className={`badge ${tone}`} data-testid="offline-status" data-state={status.state} title={title}>
      {text(status)}
      {status.updateReady ? (
        <>
          {' '}
          <button type="button" onClick={applyUpdate}>
            New version: reload
          </button>
        </>
      ) : null}
    </span>
  );
}
