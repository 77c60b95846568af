/**
 * A page for unit tests of client code in Node: a location that replaceSearch rewrites, and the store
 * fields of a model ready on a backend with an uploaded photo predicted as class 1.
 */
import { vi } from 'vitest';
import type { ModelId } from '../shared/models/registry';
import type { BackendReport, ClassifyResult } from '../shared/protocol/messages';

export function stubLocation(search: string): { search: string; pathname: string; hash: string } {
  const url = { search, pathname: '/', hash: '' };
  vi.stubGlobal('location', url);
  vi.stubGlobal('history', { replaceState: (_s: unknown, _t: string, to: string) => (url.search = new URL(to, 'http://localhost').search) });
  return url;
}

export function readyPhoto(backend: BackendReport, model: ModelId) {
  return {
    backend,
    model: { status: 'ready' as const },
    image: { kind: 'file' as const, name: 'fish.png', file: new File([new Uint8Array(8)], 'fish.png', { lastModified: 1 }) },
    result: { model, top: [{ index: 1, probability: 0.9, logit: 20 }] } as unknown as ClassifyResult,
  };
}
