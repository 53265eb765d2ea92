import type { StaffListWords } from './words.js';

/**
 * A problem answer as the typed client throws it. Recognised by shape, not
 * `instanceof StaffGateProblem`: the host's client may come from its own copy
 * of @staffgate/client, whose class is not the one bundled here.
 */
export interface ProblemLike {
  status: number;
  code: string;
  errors?: { path: string; message: string }[] | undefined;
}

export function asProblem(error: unknown): ProblemLike | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, code } = error as Record<string, unknown>;
  return typeof status === 'number' && typeof code === 'string' ? (error as ProblemLike) : undefined;
}

/** Refusals that mean the list on screen is stale: the element reloads it. */
export const STALE_CODES: ReadonlySet<string> = new Set(['version_conflict', 'concurrent_update', 'not_found']);

/** The words for a failed call; codes programmed against, never the problem's title or detail. */
export function problemWords(error: unknown, words: StaffListWords): string {
  const problem = asProblem(error);
  if (!problem) return words.problemOffline;
  switch (problem.code) {
    case 'last_admin':
      return words.problemLastAdmin;
    case 'escalation_denied':
      return words.problemEscalation;
    case 'pin_unavailable':
      return words.problemPinUnavailable;
    case 'invalid_pin':
      return words.problemInvalidPin;
    case 'no_email':
      return words.problemNoEmail;
    case 'no_phone':
      return words.problemNoPhone;
    case 'plan_required':
      return words.problemPlanRequired;
    case 'already_member':
      return words.problemAlreadyMember;
    case 'invalid_status':
      return words.problemInvalidStatus;
    case 'version_conflict':
    case 'concurrent_update':
      return words.problemConflict;
    case 'forbidden':
    case 'not_permitted':
      return words.problemForbidden;
    case 'not_found':
      return words.problemNotFound;
    case 'validation_failed':
      return words.problemValidation;
    case 'too_many_attempts':
    case 'too_many_requests':
    case 'terminal_locked':
      return words.problemBusy;
    default:
      return problem.status >= 500 ? words.problemOffline : words.problemUnknown;
  }
}

/**
 * Field problems of a `validation_failed` answer, by the form field they
 * belong to (the server's path's first segment), so each shows beside its
 * field. Server messages are English; they say exactly what was wrong.
 */
export function fieldProblems(error: unknown): Record<string, string> {
  const problem = asProblem(error);
  const fields: Record<string, string> = {};
  if (problem?.code !== 'validation_failed') return fields;
  for (const { path, message } of problem.errors ?? []) {
    const field = path.split('.')[0] ?? '';
    fields[field] ??= message;
  }
  return fields;
}

/**
 * Field problems of a refused `branchLevels` list, by the branch each names
 * (`branchLevels.<branchId>`): the server's paths count entries of the list
 * as sent, which the dialog shows by branch.
 */
export function branchLevelProblems(error: unknown, sent: readonly { branchId: string }[]): Record<string, string> {
  const problem = asProblem(error);
  const fields: Record<string, string> = {};
  if (problem?.code !== 'validation_failed') return fields;
  for (const { path, message } of problem.errors ?? []) {
    const [field, index] = path.split('.');
    const branchId = field === 'branchLevels' && index !== undefined ? sent[Number(index)]?.branchId : undefined;
    if (branchId) fields[`branchLevels.${branchId}`] ??= message;
  }
  return fields;
}
