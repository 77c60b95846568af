import { sampleUrl } from '../shared/models/labels';
import type { ImageSource } from '../shared/protocol/messages';
import { getApp } from './store';
import { base } from './worker';

/** The image currently shown, as the worker wants it (null while there is none). */
export function currentSource(): ImageSource | null {
  const { image, labels } = getApp();
  if (!image) return null;
  if (image.kind === 'file') return { kind: 'file', file: image.file, name: image.name };
  return labels ? { kind: 'sample', index: image.index, url: sampleUrl(labels, image.index, base) } : null;
}
