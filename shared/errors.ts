/**
 * The one error hierarchy of StaffGate. Domain code and repositories throw
 * these; `shared/http/problem.ts` is the only place that turns them into HTTP
 * responses. Anything else that escapes is a bug and answers a bare 500.
 */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * Every `code` a problem answer of StaffGate's own can carry: the OpenAPI
 * document lists them (its Problem schema), and AppError takes nothing else,
 * so a new code does not compile until it is added here. (The codes API
 * Gateway answers with itself are in shared/http/gateway-responses.ts.)
 */
export const PROBLEM_CODES = [
  'validation_failed',
  'invalid_json',
  'weak_password',
  'reserved_action',
  'no_email',
  'no_phone',
  'no_contact',
  'pins_disabled',
  'pins_required',
  'pins_enabled',
  'no_desk_level',
  'staff_session_required',
  'invalid_pin',
  'pin_length_changed',
  'unknown_permission',
  'unknown_access_level',
  'unknown_branch',
  'invalid_status',
  'unauthorized',
  'invalid_credentials',
  'invalid_token',
  'invalid_code',
  'session_expired',
  'totp_required',
  'plan_required',
  'forbidden',
  'not_permitted',
  'escalation_denied',
  'remote_access_denied',
  'mobile_app_denied',
  'two_factor_required',
  'two_factor_required_first',
  'not_found',
  'invitation_not_found',
  'pairing_not_found',
  'method_not_allowed',
  'concurrent_update',
  'last_admin',
  'login_taken',
  'already_member',
  'name_taken',
  'external_id_taken',
  'in_use',
  'pin_unavailable',
  'totp_already_enabled',
  'idempotency_key_in_use',
  'idempotency_key_committed',
  'too_many_webhooks',
  'webhook_not_active',
  'version_conflict',
  'payload_too_large',
  'unsupported_media_type',
  'idempotency_key_reused',
  'terminal_locked',
  'too_many_attempts',
  'too_many_requests',
  'service_unavailable',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
  readonly code: ProblemCode;
  readonly headers: Record<string, string> = {};

  constructor(code: ProblemCode, detail: string) {
    super(detail);
    this.code = code;
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  readonly status = 400;
  readonly title = 'Bad request';
}

export class InvalidJsonError extends BadRequestError {
  constructor() {
    super('invalid_json', 'The request body is not valid JSON.');
  }
}

export class ValidationError extends BadRequestError {
  constructor(readonly errors: FieldError[]) {
    super('validation_failed', 'The request does not match the expected schema.');
  }
}

export class UnauthorizedError extends AppError {
  readonly status = 401;
  readonly title = 'Unauthorized';
  constructor(code: ProblemCode = 'unauthorized', detail = 'A valid bearer token is required.') {
    super(code, detail);
    this.headers['WWW-Authenticate'] = 'Bearer';
  }
}

export class PaymentRequiredError extends AppError {
  readonly status = 402;
  readonly title = 'Payment required';
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly title = 'Forbidden';
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly title = 'Not found';
  constructor(code: ProblemCode = 'not_found', detail = 'The resource does not exist.') {
    super(code, detail);
  }
}

export class MethodNotAllowedError extends AppError {
  readonly status = 405;
  readonly title = 'Method not allowed';
  constructor(allowed: string[]) {
    super('method_not_allowed', `This route accepts ${allowed.join(', ')}.`);
    this.headers.Allow = allowed.join(', ');
  }
}

export class ConflictError extends AppError {
  readonly status = 409;
  readonly title = 'Conflict';
}

export class VersionConflictError extends AppError {
  readonly status = 412;
  readonly title = 'Precondition failed';
  constructor(detail = 'The resource was changed by someone else; fetch it again and retry.') {
    super('version_conflict', detail);
  }
}

export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly title = 'Payload too large';
  constructor(limitBytes: number) {
    super('payload_too_large', `The request body exceeds ${limitBytes} bytes.`);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly title = 'Unsupported media type';
  constructor(mediaType = 'application/json') {
    super('unsupported_media_type', `Send the request body as ${mediaType}.`);
  }
}

export class LockedError extends AppError {
  readonly status = 423;
  readonly title = 'Locked';
  constructor(code: ProblemCode, detail: string, retryAfterSeconds: number) {
    super(code, detail);
    this.headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  }
}

export class TooManyRequestsError extends AppError {
  readonly status = 429;
  readonly title = 'Too many requests';
  constructor(retryAfterSeconds: number, code: ProblemCode = 'too_many_attempts') {
    super(code, 'Too many attempts; wait before trying again.');
    this.headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  }
}

/**
 * A service StaffGate depends on (DynamoDB, KMS, the queue) failed, timed out
 * or throttled. The client may retry; the detail names no dependency, since
 * which one failed is ours to know (it is logged), not the caller's.
 */
export class ServiceUnavailableError extends AppError {
  /** Throttling and stalls seldom clear within a second; a few seconds spread the retries without keeping a front desk waiting. */
  static readonly RETRY_AFTER_SECONDS = 3;
  readonly status = 503;
  readonly title = 'Service unavailable';
  constructor() {
    super('service_unavailable', 'The service cannot complete this request right now; try again after the time in Retry-After.');
    this.headers['Retry-After'] = String(ServiceUnavailableError.RETRY_AFTER_SECONDS);
  }
}
