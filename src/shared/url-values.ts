/**
 * The one way a URL value becomes a setting, for every parser of the URL contract (client/url.ts,
 * methods/params.ts, features/<f>/state/*-settings.ts, shared/viz/settings.ts): a bad or hand-edited
 * link never breaks the app, it falls back to the default.
 */

/**
 * A number within [lo, hi], else `fallback`. Integers are digits only (an optional minus): "4.0", "1e1"
 * and "0x10" are not integers in a link. An empty value is no value (Number('') would be 0).
 */
export function numberParam<F = number>(v: string | null | undefined, lo: number, hi: number, fallback: F, integer = false): number | F {
  const s = v?.trim() ?? '';
  if (s === '' || (integer && !/^-?\d+$/.test(s))) return fallback;
  const n = Number(s);
  return Number.isFinite(n) && n >= lo && n <= hi ? n : fallback;
}

/** `v` if it is one of `values`, else undefined. */
export function oneOf<T extends string>(values: readonly T[], v: string | null | undefined): T | undefined {
  return v != null && (values as readonly string[]).includes(v) ? (v as T) : undefined;
}

/** A comma-separated list of allowed values, duplicates and unknown entries dropped; `fallback` if none is left. */
export function listOf<T extends string>(v: string | null | undefined, allowed: readonly T[], fallback: T[]): T[] {
  const items = (v ?? '')
    .split(',')
    .map((s) => oneOf(allowed, s.trim()))
    .filter((s): s is T => s != null);
  return items.length ? [...new Set(items)] : fallback;
}
