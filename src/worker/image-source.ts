/**
 * Photos as the worker reads them: fetched (samples) or taken from the File, decoded and cropped.
 * The last decoded photo is kept under one source key, so explaining the shown photo does not decode it again.
 */
import type { ModelSpec } from '../shared/models/registry';
import type { ImageSource } from '../shared/protocol/messages';
import { decodeCrop, type DecodedCrop } from './image/decode';
import { checkCancelled, type Job } from './job';

export function sourceKey(source: ImageSource): string {
  if (source.kind === 'sample') return `sample:${source.index}:${source.url}`;
  const f = source.file as Blob & { lastModified?: number };
  return `file:${source.name}:${f.size}:${f.type}:${f.lastModified ?? ''}`;
}

/** What a model's input is cut to: its size and its crop (ModelSpec). */
export type InputCut = Pick<ModelSpec, 'inputSize' | 'crop'>;

export class ImageCache {
  private decoded: { key: string; crop: Promise<DecodedCrop> } | null = null;

  /** The photo cut into `input`'s model input (its size and crop), from the cache when it is the last one decoded. */
  async decode(source: ImageSource, input: InputCut, job: Job): Promise<DecodedCrop> {
    const key = `${sourceKey(source)}@${input.inputSize}:${input.crop ?? ''}`;
    if (this.decoded?.key !== key) {
      job.progress({ stage: 'decode', message: 'Reading the image' });
      const crop = (async () => decodeCrop(await blobOf(source, job.signal), nameOf(source), input.inputSize, input.crop))();
      this.decoded = { key, crop };
      crop.catch(() => {
        if (this.decoded?.crop === crop) this.decoded = null;
      });
    }
    const crop = await this.decoded.crop;
    checkCancelled(job);
    return crop;
  }

  /** A photo decoded on the side, not cached (a counterfactual's distractor): the shown photo's crop stays. */
  async decodeUncached(source: ImageSource, input: InputCut, job: Job): Promise<DecodedCrop> {
    return decodeCrop(await blobOf(source, job.signal), nameOf(source), input.inputSize, input.crop);
  }
}

const blobOf = (source: ImageSource, signal: AbortSignal): Promise<Blob> =>
  source.kind === 'file' ? Promise.resolve(source.file) : fetchSample(source.url, signal);
const nameOf = (source: ImageSource) => (source.kind === 'file' ? source.name : `sample ${source.index}`);

async function fetchSample(url: string, signal: AbortSignal): Promise<Blob> {
  const res = await fetch(url, { signal });
  if (!res.ok) throw new Error(`Sample photo ${url} could not be loaded (HTTP ${res.status}). Run npm run assets.`);
  return res.blob();
}
