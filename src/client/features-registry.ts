/**
 * The features the page runs, given by the app (src/app/features.ts) before it starts; the client
 * calls their hooks through here, so it never imports a feature's module by name.
 */
import type { FeatureDescriptor } from './feature';

let registered: readonly FeatureDescriptor[] = [];

export function registerFeatures(list: readonly FeatureDescriptor[]): void {
  registered = list;
}

export function features(): readonly FeatureDescriptor[] {
  return registered;
}

export function cancelAll(): void {
  for (const f of registered) f.cancel?.();
}

export function initAll(search: string): void {
  for (const f of registered) f.init?.(search);
}

export function rerunAll(): void {
  for (const f of registered) void f.current?.();
}
