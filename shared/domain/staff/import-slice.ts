/**
 * How long one slice of an import job writes rows: well inside the worker's
 * 60 s (infra/constructs/staff-imports.ts), leaving room for the row under
 * way, the next slice's message and the answer. STAFF_IMPORT_SLICE_MS
 * shortens it (tests: a slice of one row).
 */
export const IMPORT_SLICE_MS = 40_000;

export function importSliceMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.STAFF_IMPORT_SLICE_MS);
  return Number.isFinite(value) && value > 0 ? value : IMPORT_SLICE_MS;
}
