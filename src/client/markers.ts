/**
 * The `data-*` markers on <html>: part of the app's public contract (e2e tests and scripts/bench.mjs
 * wait on them). Code never writes the DOM for them: the model lifecycle and the run lifecycle record
 * what each marker says in this small store, and one subscriber (installMarkers) mirrors each write
 * onto <html>.
 *
 * - backend: '' once the backend answered (or the worker stopped for good), its name once a model is ready.
 * - model: the id of the model loaded and shown (e.g. mobilenet_v1_0.75_224, uploaded:<slug>); deleted while a switch is pending.
 * - top1: the shown prediction's top class index (into the shown model's classes); deleted while a model switch is pending.
 * - attribution / compare / lab / attack / cf / igpath: deleted when a run starts, set when it completes.
 *
 * Every set or clear is written, even with an unchanged value: a reader may delete a marker itself to
 * wait for the next one (the benchmark deletes data-top1 before each photo).
 */
import { createStore } from 'zustand/vanilla';

export const MARKER_KEYS = ['backend', 'model', 'top1', 'attribution', 'compare', 'lab', 'attack', 'cf', 'igpath'] as const;
export type MarkerKey = (typeof MARKER_KEYS)[number];
/** A marker's value; undefined = the attribute is absent. */
export type Markers = Partial<Record<MarkerKey, string>>;

export interface MarkerState {
  values: Markers;
  /** The keys the last write set or cleared. */
  written: readonly MarkerKey[];
}

export const markerStore = createStore<MarkerState>(() => ({ values: {}, written: [] }));

/** Sets a marker (undefined clears it). */
export function setMarker(key: MarkerKey, value: string | undefined): void {
  markerStore.setState((s) => ({ values: { ...s.values, [key]: value }, written: [key] }));
}

export function clearMarkers(...keys: MarkerKey[]): void {
  if (!keys.length) return;
  markerStore.setState((s) => ({ values: { ...s.values, ...Object.fromEntries(keys.map((k) => [k, undefined])) }, written: keys }));
}

/** The mapping onto a dataset: each key written is set (an empty string is a value) or deleted. */
export function applyMarkers(dataset: DOMStringMap, values: Markers, written: readonly MarkerKey[]): void {
  for (const key of written) {
    const value = values[key];
    if (value === undefined) delete dataset[key];
    else dataset[key] = value;
  }
}

/** The one subscriber: mirrors the markers onto `dataset` (document.documentElement's by default) from now on. */
export function installMarkers(dataset: DOMStringMap = document.documentElement.dataset): () => void {
  const { values } = markerStore.getState();
  applyMarkers(dataset, values, MARKER_KEYS.filter((k) => values[k] !== undefined));
  return markerStore.subscribe((s) => applyMarkers(dataset, s.values, s.written));
}
