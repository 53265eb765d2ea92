/**
 * The Mann-Whitney U test of two independent samples, by its normal
 * approximation with the tie correction: z of U for `a` (how often a value of
 * `a` exceeds one of `b`, ties counting one half). Positive z: `a` tends to be
 * larger. Rank-based, so a few slow outliers (a GC pause, a busy core) move it
 * far less than they move a mean.
 */
export interface MannWhitney {
  u: number;
  z: number;
}

export function mannWhitney(a: readonly number[], b: readonly number[]): MannWhitney {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new Error('mannWhitney needs two non-empty samples');
  const n = n1 + n2;
  const pooled = [...a.map((value) => ({ value, fromA: true })), ...b.map((value) => ({ value, fromA: false }))].sort((x, y) => x.value - y.value);

  // Average ranks (1-based) over each run of equal values; Σ(t³ − t) over those runs for the variance.
  let rankSumA = 0;
  let tieTerm = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && pooled[end]!.value === pooled[start]!.value) end += 1;
    const t = end - start;
    const rank = (start + 1 + end) / 2;
    for (let i = start; i < end; i += 1) if (pooled[i]!.fromA) rankSumA += rank;
    tieTerm += t ** 3 - t;
    start = end;
  }

  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  // Every value equal: no evidence either way.
  const z = variance > 0 ? (u - mean) / Math.sqrt(variance) : 0;
  return { u, z };
}
