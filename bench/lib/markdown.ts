import type { Summary } from './stats.js';

/** A GitHub-flavoured markdown table; cells are written as given (escape `|` yourself). */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function ms(value: number): string {
  return value.toFixed(value < 10 ? 2 : 1);
}

/** The standard benchmark table: metric | p50 | p99 | mean | n, durations in ms. */
export function summaryTable(rows: readonly { metric: string; summary: Summary }[]): string {
  return markdownTable(
    ['metric', 'p50 (ms)', 'p99 (ms)', 'mean (ms)', 'n'],
    rows.map(({ metric, summary }) => [metric, ms(summary.p50), ms(summary.p99), ms(summary.mean), String(summary.n)]),
  );
}

export const blockStart = (name: string) => `<!-- bench:${name}:start -->`;
export const blockEnd = (name: string) => `<!-- bench:${name}:end -->`;

/**
 * Replaces the content between `<!-- bench:<name>:start -->` and
 * `<!-- bench:<name>:end -->`, leaving everything else in the document as it
 * is. When the block does not exist yet it is appended at the end, so a new
 * benchmark adds its own block without touching the others.
 */
export function replaceMarkedBlock(document: string, name: string, content: string): string {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`block name must be lowercase letters, digits and dashes, got ${name}`);
  const start = blockStart(name);
  const end = blockEnd(name);
  const block = `${start}\n${content.trim()}\n${end}`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from === -1 && to === -1) return `${document.trimEnd()}\n\n${block}\n`;
  if (from === -1 || to === -1 || to < from || document.indexOf(start, from + 1) !== -1) {
    throw new Error(`BENCHMARKS.md: the markers of block "${name}" are broken (missing, doubled or out of order); fix them by hand`);
  }
  return document.slice(0, from) + block + document.slice(to + end.length);
}
