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
