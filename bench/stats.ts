/** The q-quantile (0–1) of samples, nearest rank. */
export function quantile(samples: number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

export const median = (samples: number[]): number => quantile(samples, 0.5);

/** `0.123 ms` */
export const ms = (value: number): string => `${value.toFixed(3)} ms`;

/** `+0.041 ms` / `-0.002 ms` */
export const delta = (value: number): string => `${value >= 0 ? '+' : ''}${value.toFixed(3)} ms`;

/** Pads columns of a table of strings for a terminal. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('   '),
    )
    .join('\n');
}
