/**
 * The public URL contract: ?model=<registry id>&image=<sample class index>[&backend=webgpu|webgl|wasm|cpu][&threads=N].
 * Unknown parameters are kept so later features can add theirs. `model` names only the app's own
 * models: an uploaded model's files never leave the machine, so no link can name one.
 */
import { DEFAULT_MODEL, isBuiltinModelId, type BuiltinModelId, type ModelId } from '../shared/models/registry';
import { isBackendName, type BackendName } from '../shared/protocol/messages';

export interface UrlState {
  model: BuiltinModelId;
  image: number | null;
  backend?: BackendName;
  /** `threads=N`: wasm's XNNPACK threads (1-16), where the page is cross-origin isolated; absent: tfjs' default. */
  threads?: number;
}

export function parseUrlState(search: string): UrlState {
  const p = new URLSearchParams(search);
  const model = p.get('model');
  const image = p.get('image');
  const backend = p.get('backend');
  const threads = p.get('threads');
  const index = image != null && /^\d+$/.test(image) ? Number(image) : null;
  return {
    model: isBuiltinModelId(model) ? model : DEFAULT_MODEL,
    image: index != null && index < 1000 ? index : null,
    backend: isBackendName(backend) ? backend : undefined,
    ...(threads != null && /^\d+$/.test(threads) && Number(threads) >= 1 && Number(threads) <= 16 ? { threads: Number(threads) } : {}),
  };
}

/** `model`: a built-in id is written; an uploaded one removes the parameter (the link opens the default model). */
export type UrlPatch = Partial<Omit<UrlState, 'model'>> & { model?: ModelId; image?: number | null };

export function writeUrlState(search: string, state: UrlPatch): string {
  const p = new URLSearchParams(search);
  if (state.model) {
    if (isBuiltinModelId(state.model)) p.set('model', state.model);
    else p.delete('model');
  }
  if (state.image === null) p.delete('image');
  else if (state.image !== undefined) p.set('image', String(state.image));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Replaces the page's query string without a navigation. */
export function syncUrl(patch: UrlPatch): void {
  history.replaceState(null, '', `${location.pathname}${writeUrlState(location.search, patch)}${location.hash}`);
}

export function replaceSearch(search: string): void {
  history.replaceState(null, '', `${location.pathname}${search}${location.hash}`);
}
