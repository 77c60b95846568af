/** Query strings as state: applying one (a lesson's "try this"), and the link that reproduces the page. */
import { features, initAll, rerunAll, cancelAll } from './features-registry';
import { initViz } from './viz';
import { getApp, setApp, type AppState } from './store';
import { parseUrlState, replaceSearch } from './url';
import { isBuiltinModelId } from '../shared/models/registry';
import { selectSample, setModel } from './model-lifecycle';
import { initTab } from './workspace';

/**
 * Sets every control from a query string (a lesson's "try this") as if the page had been opened with
 * it, and re-runs what it asks for. Results already computed come back from the cache. An uploaded
 * photo stays when the query names no sample.
 */
export async function applySearch(search: string): Promise<void> {
  cancelAll();
  replaceSearch(search);
  const url = parseUrlState(search);
  initViz(search);
  initAll(search);
  initTab(search);
  setApp((s) => Object.assign({}, ...features().map((f) => f.resetForSearch?.(s) ?? {})) as Partial<AppState>);
  const image = getApp().image;
  const newImage = url.image != null && !(image?.kind === 'sample' && image.index === url.image);
  // A query without `model` keeps the model shown: an uploaded one is never in a query (url.ts).
  const model = new URLSearchParams(search).has('model') ? url.model : getApp().modelId;
  if (model !== getApp().modelId) {
    // setModel classifies the image held in the store: put the new sample there first.
    if (newImage) setApp({ image: { kind: 'sample', index: url.image! } });
    await setModel(model);
  } else if (newImage) {
    await selectSample(url.image!);
  } else {
    rerunAll();
  }
}

/**
 * The current page as a link that reproduces it: model and sample named explicitly, no forced backend.
 * An uploaded photo or model never leaves this computer, so neither is in it (`uploaded`, `uploadedModel`).
 */
export function shareableLink(): { url: string; uploaded: boolean; uploadedModel: boolean } {
  const { modelId, image } = getApp();
  const p = new URLSearchParams(location.search);
  const uploadedModel = !isBuiltinModelId(modelId);
  if (uploadedModel) p.delete('model'); // the link opens the default model
  else p.set('model', modelId);
  if (image?.kind === 'sample') p.set('image', String(image.index));
  else p.delete('image');
  p.delete('backend'); // the recipient's machine picks its own
  return { url: `${location.origin}${location.pathname}?${p.toString()}`, uploaded: image?.kind === 'file', uploadedModel };
}
