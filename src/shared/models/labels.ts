/** ImageNet class names for display and search (UI realm; fetched from public/assets), and class names of any model. */

export interface SampleEntry {
  index: number;
  synset: string;
  label: string;
  file: string;
}

/** A model's class names by output index (an uploaded model's are its metadata labels, both lists alike). */
export interface ClassNames {
  /** Unique short names for display, e.g. "crane (bird)". */
  display: string[];
  /** Full names, e.g. "tench, Tinca tinca" (WordNet-style for ImageNet). */
  full: string[];
}

/** ImageNet's class names and the app's sample photos, one per class. */
export interface Labels extends ClassNames {
  samples: SampleEntry[];
}

/**
 * Two short names occur twice in the standard list; their WordNet synsets tell them apart.
 * n02012849 / n03126707 and n03710637 (tights for dancers) / n03710721 (one-piece bathing suit).
 */
const DISAMBIGUATION: Record<number, string> = {
  134: 'crane (bird)',
  517: 'crane (machine)',
  638: 'maillot (dancer\u2019s tights)',
  639: 'maillot (tank suit)',
};

export function buildLabels(samples: SampleEntry[], full: string[]): Labels {
  if (samples.length !== 1000 || full.length !== 1000) {
    throw new Error(`Label files have ${samples.length} samples and ${full.length} names; expected 1000 each.`);
  }
  samples.forEach((s, i) => {
    if (s.index !== i) throw new Error(`samples/index.json is out of order at ${i}.`);
  });
  return { display: samples.map((s, i) => DISAMBIGUATION[i] ?? s.label), full, samples };
}

export async function fetchLabels(base: string): Promise<Labels> {
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(new URL(path, base));
    if (!res.ok) throw new Error(`${path} could not be loaded (HTTP ${res.status}). Run npm run assets.`);
    return (await res.json()) as T;
  };
  const [samples, full] = await Promise.all([
    get<SampleEntry[]>('assets/samples/index.json'),
    get<string[]>('assets/labels/imagenet-labels.json'),
  ]);
  return buildLabels(samples, full);
}

/** Case-insensitive search over short and full names; a number matches that class index. */
export function searchClasses(labels: ClassNames, query: string): number[] {
  const q = query.trim().toLowerCase();
  const all = labels.display.map((_, i) => i);
  if (!q) return all;
  if (/^\d+$/.test(q)) {
    const i = Number(q);
    return i < labels.display.length ? [i] : [];
  }
  return all.filter((i) => labels.display[i].toLowerCase().includes(q) || labels.full[i].toLowerCase().includes(q));
}

export function sampleUrl(labels: Labels, index: number, base: string): string {
  return new URL(`assets/samples/${encodeURIComponent(labels.samples[index].file)}`, base).href;
}

export function thumbUrl(index: number, base: string): string {
  return new URL(`assets/thumbs/${index}.webp`, base).href;
}
