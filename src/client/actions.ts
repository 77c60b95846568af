/**
 * What the UI can ask for, in one place: the model and photo lifecycle (model-lifecycle.ts), query
 * strings and share links (search.ts), the alerts. Importing it wires the fault recovery (recovery-wiring.ts).
 */
import { setApp } from './store';
import { wireRecovery } from './recovery-wiring';

export { cancelClassify, modelOptions, selectSample, setModel, start, uploadFile, uploadModel } from './model-lifecycle';
export { looksLikeModelFiles } from './model-files';
export { applySearch, shareableLink } from './search';

wireRecovery();

export function dismissAlert(): void {
  setApp({ alert: null });
}

export function dismissNotice(): void {
  setApp({ notice: null });
}
