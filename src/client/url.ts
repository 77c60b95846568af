/**
 * The public URL contract: ?model=<registry id>&image=<sample class index>[&backend=webgpu|webgl|wasm|cpu][&threads=N].
 * Unknown parameters are kept so later features can add theirs.
 */
import { DEFAULT_MODEL, isModelId, type ModelId } from '../shared/models/registry';
import { isBackendName, type BackendName } from '../shared/protocol/messages';

export interface UrlState {
  model: ModelId;
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
    model: isModelId(model) ? model : DEFAULT_MODEL,
    image: index != null && index < 1000 ? index : null,
    backend: isBackendName(backend) ? backend : undefined,
    ...(threads != null && /^\d+$/.test(threads) && Number(threads) >= 1 && Number(threads) <= 16 ? { threads: Number(threads) } : {}),
  };
}

export function writeUrlState(search: string, state: Partial<UrlState> & { image?: number | null }): string {
  const p = new URLSearchParams(search);
  if (state.model) p.set('model', state.model);
  if (state.image === null) p.delete('image');
  else if (state.image !== undefined) p.set('image', String(state.image));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Replaces the page's query string without a navigation. */
export function syncUrl(patch: Partial<UrlState> & { image?: number | null }): void {
  history.replaceState(null, '', `${location.pathname}${writeUrlState(location.search, patch)}${location.hash}`);
}

export function replaceSearch(search: string): void {
  history.replaceState(null, '', `${location.pathname}${search}${location.hash}`);
}
