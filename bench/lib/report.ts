import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { machineDescription } from './machine.js';
import { replaceMarkedBlock } from './markdown.js';

/** BENCHMARKS.md at the repository root. */
export const BENCHMARKS_FILE = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));

/** A results section: `## <ISO date> — <machine>` followed by `body`. */
export function resultSection(body: string, date: Date = new Date()): string {
  return `## ${date.toISOString()} — ${machineDescription()}\n\n${body.trim()}\n`;
}

/** Rewrites one marked block of BENCHMARKS.md (creating the file if it is missing). */
export function writeBenchmarkBlock(name: string, content: string, file: string = BENCHMARKS_FILE): void {
  const document = existsSync(file) ? readFileSync(file, 'utf8') : '# StaffGate benchmarks\n';
  writeFileSync(file, replaceMarkedBlock(document, name, content));
}
