/** Display settings: kept in the store and the URL; changing them never re-runs a method. */
import { parseViz, writeViz, type VizSettings } from '../shared/viz/settings';
import { getApp, setApp } from './store';
import { replaceSearch } from './url';

export function initViz(search: string): void {
  setApp({ viz: parseViz(search) });
}

export function updateViz(patch: Partial<VizSettings>): void {
  const viz = { ...getApp().viz, ...patch };
  setApp({ viz });
  replaceSearch(writeViz(location.search, viz));
}
