/**
 * What a feature (src/features/<f>/index.ts) tells the page about itself. The page's list is
 * src/app/features.ts; App.tsx renders the components, and the client calls the hooks through it
 * (features-registry.ts) instead of naming each feature.
 */
import type { ComponentType } from 'react';
import type { Panel } from './recovery';
import type { AppState } from './store';

export interface FeatureDescriptor {
  id: string;
  /** Rendered in the workspace: as a tab's panel when `tab` is given, else below the tabs. */
  Panel?: ComponentType;
  /**
   * The feature is a tab of the workspace. `requested` says whether a query string asks for it (its own
   * parameters are present: a shared link, a lesson's "try this"); `tab=<id>` names one outright.
   */
  tab?: { label: string; requested?(params: URLSearchParams): boolean };
  /** Rendered beside the pictures (the guided lesson), not in a tab. */
  Aside?: ComponentType;
  /** Rendered among the header's controls (after the backend badge). */
  HeaderControl?: ComponentType;
  /** Sets the feature's controls from a query string (page start, a lesson's "try this"). */
  init?(search: string): void;
  /** Aborts the feature's run: its image or model is being replaced (the worker runs one request at a time). */
  cancel?(): void;
  /** Re-runs the feature, if it is armed, for the image and model shown. */
  current?(): Promise<void>;
  /** What a new model resets of the feature's state. */
  resetForModel?(s: AppState): Partial<AppState>;
  /** What applying a query string resets of the feature's state (and its markers). */
  resetForSearch?(s: AppState): Partial<AppState>;
  /** A panel that the fault recovery re-runs (when armed) and disarms after a second fault. */
  recovery?: { panel: Panel; armed(s: AppState): boolean; disarm(s: AppState): Partial<AppState> };
}
