import { describe, expect, it } from 'vitest';
import { applyMarkers, clearMarkers, installMarkers, markerStore, setMarker } from './markers';

const values = () => markerStore.getState().values;

describe('markers', () => {
  it('maps the keys written onto the dataset: set, empty string kept, undefined deleted, others untouched', () => {
    const ds: DOMStringMap = { other: 'kept', lab: 'stale' };
    applyMarkers(ds, { backend: '', top1: '3' }, ['backend', 'top1']);
    expect(ds).toEqual({ other: 'kept', lab: 'stale', backend: '', top1: '3' });
    applyMarkers(ds, { backend: 'webgpu' }, ['backend', 'top1']);
    expect(ds).toEqual({ other: 'kept', lab: 'stale', backend: 'webgpu' });
    applyMarkers(ds, {}, ['lab']);
    expect(ds).toEqual({ other: 'kept', backend: 'webgpu' });
  });

  it('the subscriber mirrors every write from install on, until uninstalled', () => {
    const ds: DOMStringMap = {};
    setMarker('attribution', 'saliency');
    const stop = installMarkers(ds);
    expect(ds).toEqual({ attribution: 'saliency' });
    setMarker('attack', 'fgsm');
    clearMarkers('attribution');
    expect(ds).toEqual({ attack: 'fgsm' });
    setMarker('backend', '');
    expect(ds).toEqual({ attack: 'fgsm', backend: '' });
    clearMarkers('attack', 'backend');
    expect(ds).toEqual({});
    stop();
    setMarker('top1', '1');
    expect(ds.top1).toBeUndefined();
    expect(values().top1).toBe('1');
    clearMarkers('top1');
  });

  it('setting the same value again writes it again (a reader may have deleted it to wait for the next one)', () => {
    const ds: DOMStringMap = {};
    const stop = installMarkers(ds);
    setMarker('top1', '1');
    delete ds.top1; // as scripts/bench.mjs does before each photo
    setMarker('attribution', 'ig'); // another marker's write does not restore it
    expect(ds.top1).toBeUndefined();
    setMarker('top1', '1');
    expect(ds.top1).toBe('1');
    stop();
    clearMarkers('top1', 'attribution');
  });
});
