import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AppError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  InvalidJsonError,
  LockedError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  PaymentRequiredError,
  TooManyRequestsError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
  VersionConflictError,
} from '#shared/errors.js';
import { errorToResponse, PROBLEM_CONTENT_TYPE, problemResponse, problemType } from '#shared/http/problem.js';
import { logger } from '#shared/logger.js';

const REQUEST_ID = 'req-123';

function body(response: { body: string }): Record<string, unknown> {
  return JSON.parse(response.body) as Record<string, unknown>;
}

const cases: [string, AppError, { status: number; code: string; title: string }][] = [
  ['BadRequestError', new BadRequestError('invalid_pin', 'Bad PIN.'), { status: 400, code: 'invalid_pin', title: 'Bad request' }],
  ['InvalidJsonError', new InvalidJsonError(), { status: 400, code: 'invalid_json', title: 'Bad request' }],
  ['ValidationError', new ValidationError([{ path: 'email', message: 'Required' }]), { status: 400, code: 'validation_failed', title: 'Bad request' }],
  ['UnauthorizedError', new UnauthorizedError(), { status: 401, code: 'unauthorized', title: 'Unauthorized' }],
  ['UnauthorizedError with a code', new UnauthorizedError('invalid_credentials', 'Wrong login or password.'), { status: 401, code: 'invalid_credentials', title: 'Unauthorized' }],
  ['PaymentRequiredError', new PaymentRequiredError('plan_required', 'Upgrade.'), { status: 402, code: 'plan_required', title: 'Payment required' }],
  ['ForbiddenError', new ForbiddenError('escalation_denied', 'No.'), { status: 403, code: 'escalation_denied', title: 'Forbidden' }],
  ['NotFoundError', new NotFoundError(), { status: 404, code: 'not_found', title: 'Not found' }],
  ['NotFoundError with a code', new NotFoundError('invitation_not_found', 'Gone.'), { status: 404, code: 'invitation_not_found', title: 'Not found' }],
  ['MethodNotAllowedError', new MethodNotAllowedError(['GET', 'POST']), { status: 405, code: 'method_not_allowed', title: 'Method not allowed' }],
  ['ConflictError', new ConflictError('name_taken', 'Taken.'), { status: 409, code: 'name_taken', title: 'Conflict' }],
  ['VersionConflictError', new VersionConflictError(), { status: 412, code: 'version_conflict', title: 'Precondition failed' }],
  ['PayloadTooLargeError', new PayloadTooLargeError(16384), { status: 413, code: 'payload_too_large', title: 'Payload too large' }],
  ['UnsupportedMediaTypeError', new UnsupportedMediaTypeError(), { status: 415, code: 'unsupported_media_type', title: 'Unsupported media type' }],
  ['LockedError', new LockedError('terminal_locked', 'Locked.', 300), { status: 423, code: 'terminal_locked', title: 'Locked' }],
  ['TooManyRequestsError', new TooManyRequestsError(30), { status: 429, code: 'too_many_attempts', title: 'Too many requests' }],
];

describe('errorToResponse for application errors', () => {
  it.each(cases)('answers a %s with its status, code and title', (_name, error, expected) => {
    const response = errorToResponse(error, REQUEST_ID);
    expect(response.statusCode).toBe(expected.status);
    expect(body(response)).toMatchObject({
      type: problemType(expected.code),
      title: expected.title,
      status: expected.status,
      code: expected.code,
      detail: error.message,
    });
  });

  it.each(cases)('answers a %s as application/problem+json', (_name, error) => {
    expect(errorToResponse(error, REQUEST_ID).headers).toMatchObject({ 'Content-Type': 'application/problem+json' });
  });

  it.each(cases)('keeps the status in the body equal to the status code for a %s', (_name, error) => {
    const response = errorToResponse(error, REQUEST_ID);
    expect(body(response).status).toBe(response.statusCode);
  });

  it('uses a snake_case code for every error', () => {
    for (const [, error] of cases) expect(error.code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });

  it('adds Retry-After to a TooManyRequestsError', () => {
    expect(errorToResponse(new TooManyRequestsError(30), REQUEST_ID).headers).toMatchObject({ 'Retry-After': '30' });
  });

  it('adds Retry-After to a LockedError', () => {
    expect(errorToResponse(new LockedError('terminal_locked', 'Locked.', 300), REQUEST_ID).headers).toMatchObject({ 'Retry-After': '300' });
  });

  it.each([
    [0.2, '1'],
    [0, '1'],
    [-5, '1'],
    [2.1, '3'],
    [59.999, '60'],
  ])('rounds a Retry-After of %d seconds up to a whole, positive %s', (seconds, header) => {
    expect(new TooManyRequestsError(seconds).headers['Retry-After']).toBe(header);
    expect(new LockedError('terminal_locked', 'Locked.', seconds).headers['Retry-After']).toBe(header);
  });

  it('adds Allow to a MethodNotAllowedError', () => {
    expect(errorToResponse(new MethodNotAllowedError(['GET', 'POST']), REQUEST_ID).headers).toMatchObject({ Allow: 'GET, POST' });
  });

  it('adds WWW-Authenticate: Bearer to an UnauthorizedError', () => {
    expect(errorToResponse(new UnauthorizedError('session_expired', 'Expired.'), REQUEST_ID).headers).toMatchObject({
      'WWW-Authenticate': 'Bearer',
    });
  });

  it.each(
    cases.filter(([, error]) => !(error instanceof UnauthorizedError || error instanceof MethodNotAllowedError || error instanceof LockedError || error instanceof TooManyRequestsError)),
  )('adds no extra header to a %s', (_name, error) => {
    expect(errorToResponse(error, REQUEST_ID).headers).toEqual({ 'Content-Type': PROBLEM_CONTENT_TYPE });
  });

  it('does not share extra headers between instances', () => {
    const first = new TooManyRequestsError(10);
    const second = new TooManyRequestsError(20);
    expect([first.headers['Retry-After'], second.headers['Retry-After']]).toEqual(['10', '20']);
    expect(new NotFoundError().headers).toEqual({});
  });

  it('carries the field errors of a ValidationError', () => {
    const errors = [
      { path: 'email', message: 'Not a valid email address.' },
      { path: 'owner.firstName', message: 'Required' },
    ];
    expect(body(errorToResponse(new ValidationError(errors), REQUEST_ID))).toMatchObject({ code: 'validation_failed', errors });
  });

  it.each(cases.filter(([, error]) => !(error instanceof ValidationError)))('adds no errors field to a %s', (_name, error) => {
    expect(body(errorToResponse(error, REQUEST_ID))).not.toHaveProperty('errors');
  });

  it('names the error class', () => {
    expect(new TooManyRequestsError(1).name).toBe('TooManyRequestsError');
    expect(new InvalidJsonError()).toBeInstanceOf(BadRequestError);
  });
});

describe('errorToResponse for anything else (a bug)', () => {
  beforeEach(() => {
    // The bug is logged; keep the test output quiet and check the log happens.
    vi.spyOn(logger, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('answers 500 internal_error', () => {
    const response = errorToResponse(new Error('secret-detail-xyz'), REQUEST_ID);
    expect(response.statusCode).toBe(500);
    expect(response.headers).toMatchObject({ 'Content-Type': PROBLEM_CONTENT_TYPE });
    expect(body(response)).toMatchObject({
      type: problemType('internal_error'),
      title: 'Internal server error',
      status: 500,
      code: 'internal_error',
    });
  });

  it('says nothing of the error message or stack', () => {
    const error = new Error('secret-detail-xyz');
    const response = errorToResponse(error, REQUEST_ID);
    expect(response.body).not.toContain('secret-detail-xyz');
    const firstFrame = error.stack?.split('\n')[1]?.trim();
    expect(firstFrame).toBeTruthy();
    expect(response.body).not.toContain(firstFrame);
  });

  it('quotes the request id so support can find the log', () => {
    expect(body(errorToResponse(new Error('x'), 'req-abc-987')).detail).toContain('req-abc-987');
  });

  it.each([
    ['a string', 'secret-detail-xyz'],
    ['a plain object', { message: 'secret-detail-xyz', status: 400, code: 'looks_like_app_error' }],
    ['undefined', undefined],
    ['a TypeError', new TypeError('secret-detail-xyz')],
  ])('answers 500 for %s without echoing it', (_label, thrown) => {
    const response = errorToResponse(thrown, REQUEST_ID);
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret-detail-xyz');
    expect(response.body).not.toContain('looks_like_app_error');
  });

  it('logs the error with the request id', () => {
    const error = new Error('secret-detail-xyz');
    errorToResponse(error, REQUEST_ID);
    expect(logger.error).toHaveBeenCalledWith(expect.any(String), expect.objectContaining({ error, requestId: REQUEST_ID }));
  });

  it('does not log an application error', () => {
    errorToResponse(new NotFoundError(), REQUEST_ID);
    expect(logger.error).not.toHaveBeenCalled();
  });
});

describe('problemResponse', () => {
  it('lets extra headers sit next to the problem content type', () => {
    const response = problemResponse(
      { type: problemType('not_found'), title: 'Not found', status: 404, detail: 'x', code: 'not_found' },
      { 'X-Extra': '1' },
    );
    expect(response).toEqual({
      statusCode: 404,
      headers: { 'Content-Type': 'application/problem+json', 'X-Extra': '1' },
      body: JSON.stringify({ type: 'urn:staffgate:problem:not_found', title: 'Not found', status: 404, detail: 'x', code: 'not_found' }),
    });
  });
});
