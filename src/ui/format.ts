/**
 * Percentages that never round up to a claim the model did not make: 0.99998 shows as "99.998 %",
 * not "100.0 %", and tiny values keep their order of magnitude.
 */
export function formatProbability(p: number): string {
  const pct = p * 100;
  if (pct >= 99.9 && pct < 100) {
    const digits = Math.min(6, Math.max(1, Math.ceil(-Math.log10(100 - pct))));
    const f = 10 ** digits;
    return `${(Math.floor(pct * f) / f).toFixed(digits)} %`;
  }
  if (pct >= 0.1) return `${pct.toFixed(1)} %`;
  if (pct === 0) return '0 %';
  return `${pct.toExponential(1)} %`;
}

/**
 * Captum's per-sample deltas summarised: their signed mean can sit near 0 while each sample is far
 * from complete, so mean |δᵢ| and the largest |δᵢ| go beside it. Null for fewer than two.
 */
export function deltaSpread(deltas: readonly number[] | undefined): { count: number; meanAbs: number; maxAbs: number } | null {
  if (!deltas || deltas.length < 2) return null;
  const abs = deltas.map(Math.abs);
  return { count: deltas.length, meanAbs: abs.reduce((a, b) => a + b, 0) / abs.length, maxAbs: Math.max(...abs) };
}
