import { z } from 'zod';
import { PROBLEM_CODES } from '../errors.js';
import { GATEWAY_RESPONSES, WAF_RATE_LIMITED } from './gateway-responses.js';

/** Every code a 4xx or 503 problem may carry: StaffGate's own and those API Gateway answers with itself. */
export const DOCUMENTED_PROBLEM_CODES: readonly string[] = [
  ...new Set([...PROBLEM_CODES, ...Object.values(GATEWAY_RESPONSES).map((answer) => answer.problem.code), WAF_RATE_LIMITED.problem.code]),
].sort();

/**
 * An RFC 9457 problem as the API sends it. The OpenAPI document's Problem
 * component is generated from this, and local mode (with the tests) checks
 * every problem answer against it (local/server.ts).
 */
export const Problem = z
  .strictObject({
    type: z.string().describe('`urn:staffgate:problem:<code>`'),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string().describe('For people; may change. Program against `status` and `code`.'),
    code: z.enum(DOCUMENTED_PROBLEM_CODES as [string, ...string[]]),
    errors: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional().describe('With validation_failed: the fields that failed.'),
  })
  .meta({ id: 'Problem' });
