/**
 * The `data-*` markers on <html>: part of the app's public contract (e2e tests and scripts wait on
 * them). Code never writes the DOM for them: the model lifecycle and the run lifecycle record what
 * each marker says in this small store, and one subscriber (installMarkers) mirrors it onto <html>.
 *
 * - backend: '' once the backend answered (or the worker stopped for good), its name once a model is ready.
 * - top1: the shown prediction's top class index; deleted while a model switch is pending.
 * - attribution / compare / lab / attack / cf: deleted when a run starts, set when it completes.
 */
import { createStore } from 'zustand/vanilla';

export const MARKER_KEYS = ['backend', 'top1', 'attribution', 'compare', 'lab', 'attack', 'cf'] as const;
export type MarkerKey = (typeof MARKER_KEYS)[number];
/** A marker's value; undefined = the attribute is absent. */
export type Markers = Partial<Record<MarkerKey, string>>;

export const markerStore = createStore<Markers>(() => ({}));

export function setMarker(key: MarkerKey, value: string | undefined): void {
  if (markerStore.getState()[key] === value) return;
  markerStore.setState({ [key]: value });
}

export function clearMarkers(...keys: MarkerKey[]): void {
  for (const key of keys) setMarker(key, undefined);
}

/** The mapping onto a dataset: changed keys are set (an empty string is a value) or deleted. */
export function applyMarkers(dataset: DOMStringMap, next: Markers, prev: Markers | null): void {
  for (const key of MARKER_KEYS) {
    if (prev && next[key] === prev[key]) continue;
    const value = next[key];
    if (value === undefined) delete dataset[key];
    else dataset[key] = value;
  }
}

/** The one subscriber: mirrors the markers onto `dataset` (document.documentElement's by default) from now on. */
export function installMarkers(dataset: DOMStringMap = document.documentElement.dataset): () => void {
  applyMarkers(dataset, markerStore.getState(), null);
  return markerStore.subscribe((next, prev) => applyMarkers(dataset, next, prev));
}
