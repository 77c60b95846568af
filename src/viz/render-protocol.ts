/** Messages between the page and the render worker. */
import type { PanelInput, PanelOutput, RenderSettings } from './render-job';

export interface RenderRequest {
  id: number;
  panels: PanelInput[];
  settings: RenderSettings;
}

export type RenderResponse = { id: number; ms: number } & ({ outputs: PanelOutput[]; error?: undefined } | { error: string; outputs?: undefined });
