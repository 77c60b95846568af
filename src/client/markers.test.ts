import { describe, expect, it } from 'vitest';
import { applyMarkers, clearMarkers, installMarkers, markerStore, setMarker } from './markers';

describe('markers', () => {
  it('maps values onto the dataset: set, empty string kept, undefined deleted', () => {
    const ds: DOMStringMap = { other: 'kept' };
    applyMarkers(ds, { backend: '', top1: '3', lab: 'noise' }, null);
    expect(ds).toEqual({ other: 'kept', backend: '', top1: '3', lab: 'noise' });
    applyMarkers(ds, { backend: 'webgpu', lab: 'noise' }, { backend: '', top1: '3', lab: 'noise' });
    expect(ds).toEqual({ other: 'kept', backend: 'webgpu', lab: 'noise' });
  });

  it('only changed keys are written', () => {
    const ds: DOMStringMap = { lab: 'written by someone else' };
    applyMarkers(ds, { lab: 'noise', cf: 'swap' }, { lab: 'noise' });
    expect(ds).toEqual({ lab: 'written by someone else', cf: 'swap' });
  });

  it('the subscriber mirrors the store from install on, until uninstalled', () => {
    const ds: DOMStringMap = {};
    setMarker('attribution', 'saliency');
    const stop = installMarkers(ds);
    expect(ds.attribution).toBe('saliency');
    setMarker('attack', 'fgsm');
    clearMarkers('attribution');
    expect(ds).toEqual({ attack: 'fgsm' });
    setMarker('backend', '');
    expect(ds).toEqual({ attack: 'fgsm', backend: '' });
    stop();
    setMarker('top1', '1');
    expect(ds.top1).toBeUndefined();
    expect(markerStore.getState().top1).toBe('1');
    clearMarkers('attack', 'backend', 'top1');
  });
});
