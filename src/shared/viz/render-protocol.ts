/**
 * Messages between the page and the render worker. Maps and images are sent once per result and
 * kept by the worker (`maps`), so a restyle posts only a few bytes; `reset` drops what it kept.
 */
import type { PanelInput, PanelOutput, RenderSettings } from './render-job';

export interface RenderRequest {
  id: number;
  reset?: boolean;
  maps: Array<Pick<PanelInput, 'mapId' | 'map' | 'rgba'>>;
  panels: Array<Pick<PanelInput, 'mapId' | 'view' | 'scaleGroup'>>;
  settings: RenderSettings;
}

export type RenderResponse = { id: number; ms: number } & ({ outputs: PanelOutput[]; error?: undefined } | { error: string; outputs?: undefined });
