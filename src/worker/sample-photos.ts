/**
 * The app's ImageNet sample photos as the worker reads them for Expected Gradients' reference set:
 * `assets/samples/index.json` under the app's base URL (fetched once), each photo fetched, decoded and
 * cut like the model's own input (image-source.ts), the crops kept (HWC RGB 0..255; at most MAX_KEPT,
 * about 0.6 MB each at 224) so a second explanation with the same seed reads nothing again.
 */
import type { SampleEntry } from '../shared/models/labels';
import type { Crop } from '../shared/models/registry';
import type { SamplePhotos } from './attribution/engine';
import type { ImageCache } from './image-source';
import type { Job } from './job';

const MAX_KEPT = 64;

export class SamplePhotoStore {
  private index: { base: string; entries: Promise<SampleEntry[]> } | null = null;
  private readonly kept = new Map<string, Float32Array>();

  constructor(private readonly images: ImageCache) {}

  private entries(base: string): Promise<SampleEntry[]> {
    if (this.index?.base !== base) {
      const entries = fetch(new URL('assets/samples/index.json', base)).then(async (res) => {
        if (!res.ok) throw new Error(`assets/samples/index.json could not be loaded (HTTP ${res.status}). Run npm run assets.`);
        return (await res.json()) as SampleEntry[];
      });
      entries.catch(() => {
        if (this.index?.entries === entries) this.index = null;
      });
      this.index = { base, entries };
    }
    return this.index.entries;
  }

  /** The photos for one request, cut by the model's `crop`; `exclude` is the explained photo's class index (null for an upload). */
  forRequest(base: string, count: number, exclude: number | null, crop: Crop | undefined, job: Job): SamplePhotos {
    return {
      count,
      exclude,
      load: async (indices, size) => {
        const entries = await this.entries(base);
        const crops: Float32Array[] = [];
        for (const [i, index] of indices.entries()) {
          job.progress({ stage: 'decode', message: `Reading reference photo ${i + 1} of ${indices.length}`, loaded: i, total: indices.length });
          const key = `${base}:${index}:${crop ?? ''}:${size}`;
          let rgb = this.kept.get(key);
          if (!rgb) {
            const url = new URL(`assets/samples/${encodeURIComponent(entries[index].file)}`, base).href;
            const { rgba } = await this.images.decodeUncached({ kind: 'sample', index, url }, { inputSize: size, crop }, job);
            rgb = new Float32Array((rgba.length / 4) * 3);
            for (let p = 0; p < rgba.length / 4; p++) for (let c = 0; c < 3; c++) rgb[p * 3 + c] = rgba[p * 4 + c];
            if (this.kept.size >= MAX_KEPT) this.kept.delete(this.kept.keys().next().value!);
            this.kept.set(key, rgb);
          }
          crops.push(rgb);
        }
        return crops;
      },
    };
  }
}
