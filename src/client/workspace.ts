/**
 * The workspace's open tab. A query string chooses it: `tab=<feature id>` outright, else the first tab
 * whose own parameters it carries (`lab=noise` opens the labs), else the first tab. Opening a tab
 * writes `tab=` so a copied link reopens it.
 */
import type { FeatureDescriptor } from './feature';
import { features } from './features-registry';
import { getApp, setApp } from './store';
import { replaceSearch } from './url';

export function tabFor(search: string, list: readonly FeatureDescriptor[]): string {
  const tabs = list.filter((f) => f.tab);
  const params = new URLSearchParams(search);
  const named = params.get('tab');
  if (named && tabs.some((f) => f.id === named)) return named;
  return (tabs.find((f) => f.tab!.requested?.(params)) ?? tabs[0])?.id ?? '';
}

/** Chooses the tab a query string asks for (page start, a lesson's "try this"). */
export function initTab(search: string): void {
  setApp({ tab: tabFor(search, features()) });
}

export function openTab(id: string): void {
  if (getApp().tab === id) return;
  setApp({ tab: id });
  const params = new URLSearchParams(location.search);
  params.set('tab', id);
  replaceSearch(`?${params.toString()}`);
}
