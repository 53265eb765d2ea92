import {
  ConditionalCheckFailedException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ResourceNotFoundException,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { DependencyTimeoutException, DisabledException, KeyUnavailableException, KMSInternalException, KMSInvalidStateException } from '@aws-sdk/client-kms';
import { KmsThrottled } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { awsClientOptions, loadCallBudgets } from '#shared/clients/call-budgets.js';
import { NotFoundError, ServiceUnavailableError, TooManyRequestsError } from '#shared/errors.js';
import { dependencyFailureSummary, isDependencyFailure } from '#shared/http/dependency-failure.js';
import { errorToResponse, PROBLEM_CONTENT_TYPE, problemType } from '#shared/http/problem.js';
import { logger } from '#shared/logger.js';

const metadata = (httpStatusCode: number) => ({ httpStatusCode, requestId: 'AWSREQ123', attempts: 3, totalRetryDelay: 120 });

/** What the SDK's NodeHttpHandler throws when connectionTimeout or requestTimeout passes (throwOnRequestTimeout). */
const sdkTimeout = () => Object.assign(new Error('a request has exceeded the configured 1500 ms requestTimeout.'), { name: 'TimeoutError', code: 'ETIMEDOUT' });
/** Node's own socket errors, as they reach the SDK's caller. */
const socketError = (code: string, message = `connect ${code} 127.0.0.1:8000`) => Object.assign(new Error(message), { code, syscall: 'connect' });

const dependencyFailures: [string, unknown][] = [
  ['the SDK request timeout', sdkTimeout()],
  ['the SDK connection timeout (no code)', Object.assign(new Error('did not establish a connection'), { name: 'TimeoutError' })],
  ['a RequestTimeout answer', Object.assign(new Error('x'), { name: 'RequestTimeout', $metadata: metadata(408) })],
  ['ECONNREFUSED', socketError('ECONNREFUSED')],
  ['ECONNRESET', socketError('ECONNRESET', 'read ECONNRESET')],
  ['EPIPE', socketError('EPIPE', 'write EPIPE')],
  ['ETIMEDOUT from the socket', socketError('ETIMEDOUT')],
  ['a DNS failure', socketError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN dynamodb.eu-west-1.amazonaws.com')],
  ['socket hang up without a code', new Error('socket hang up')],
  ['DynamoDB ProvisionedThroughputExceededException', new ProvisionedThroughputExceededException({ message: 'x', $metadata: metadata(400) })],
  ['DynamoDB ThrottlingException', new ThrottlingException({ message: 'x', $metadata: metadata(400) })],
  ['DynamoDB RequestLimitExceeded', new RequestLimitExceeded({ message: 'x', $metadata: metadata(400) })],
  ['DynamoDB InternalServerError', new InternalServerError({ message: 'x', $metadata: metadata(500) })],
  ['a throttled transaction', new TransactionCanceledException({ message: 'x', $metadata: metadata(400), CancellationReasons: [{ Code: 'None' }, { Code: 'ThrottlingError' }] })],
  ['KMS KMSInternalException', new KMSInternalException({ message: 'x', $metadata: metadata(500) })],
  ['KMS DependencyTimeoutException', new DependencyTimeoutException({ message: 'x', $metadata: metadata(503) })],
  ['KMS KeyUnavailableException', new KeyUnavailableException({ message: 'x', $metadata: metadata(500) })],
  ['SQS KmsThrottled', new KmsThrottled({ message: 'x', $metadata: metadata(400) })],
  ['an unmodelled ServiceUnavailable', Object.assign(new Error('x'), { name: 'ServiceUnavailable', $fault: 'server', $metadata: metadata(503) })],
  ['any 5xx answer', Object.assign(new Error('x'), { name: 'SomethingNew', $metadata: metadata(502) })],
  ['a 429 answer', Object.assign(new Error('x'), { name: 'SomethingNew', $metadata: metadata(429) })],
  ['an error the service model marks retryable', Object.assign(new Error('x'), { name: 'SomethingNew', $retryable: { throttling: false } })],
  ['a timeout wrapped as the cause of another error', new Error('query failed', { cause: sdkTimeout() })],
];

const bugsAndRefusals: [string, unknown][] = [
  ['a plain Error', new Error('x')],
  ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'pk')")],
  ['ConditionalCheckFailedException', new ConditionalCheckFailedException({ message: 'x', $metadata: metadata(400) })],
  ['ResourceNotFoundException (no table: misconfiguration)', new ResourceNotFoundException({ message: 'x', $metadata: metadata(400) })],
  ['AccessDeniedException (a missing grant)', Object.assign(new Error('x'), { name: 'AccessDeniedException', $fault: 'client', $metadata: metadata(400) })],
  ['a ValidationException (our request is wrong)', Object.assign(new Error('x'), { name: 'ValidationException', $fault: 'client', $metadata: metadata(400) })],
  ['a transaction cancelled by a condition', new TransactionCanceledException({ message: 'x', $metadata: metadata(400), CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] })],
  ['KMS DisabledException (a disabled key)', new DisabledException({ message: 'x', $metadata: metadata(400) })],
  ['KMS KMSInvalidStateException', new KMSInvalidStateException({ message: 'x', $metadata: metadata(400) })],
  ['an AbortError', Object.assign(new Error('aborted'), { name: 'AbortError' })],
  ['an application error named like a throttle', new TooManyRequestsError(1)],
  ['a string', 'ECONNRESET'],
  ['undefined', undefined],
  ['null', null],
];

describe('isDependencyFailure', () => {
  it.each(dependencyFailures)('recognises %s', (_label, error) => {
    expect(isDependencyFailure(error)).toBe(true);
  });

  it.each(bugsAndRefusals)('does not take %s for one', (_label, error) => {
    expect(isDependencyFailure(error)).toBe(false);
  });

  it('reads a thrown plain object by its shape, as the SDK’s errors are read', () => {
    expect(isDependencyFailure({ code: 'ECONNREFUSED' })).toBe(true);
  });

  it('stops on a cyclic cause chain', () => {
    const first = new Error('a');
    const second = new Error('b', { cause: first });
    Object.assign(first, { cause: second });
    expect(isDependencyFailure(first)).toBe(false);
  });
});

describe('dependencyFailureSummary', () => {
  it('names the error, its code, status, attempts and AWS request id', () => {
    const error = Object.assign(sdkTimeout(), { $metadata: metadata(503) });
    expect(dependencyFailureSummary(error)).toEqual({ name: 'TimeoutError', code: 'ETIMEDOUT', httpStatusCode: 503, attempts: 3, awsRequestId: 'AWSREQ123' });
  });

  it('never carries the message, which can quote the request', () => {
    const error = Object.assign(socketError('ECONNRESET', 'secret-detail-xyz'), { $metadata: metadata(500) });
    expect(JSON.stringify(dependencyFailureSummary(error))).not.toContain('secret-detail-xyz');
  });

  it('describes a thrown non-object by its type', () => {
    expect(dependencyFailureSummary('x')).toEqual({ name: 'string' });
  });
});

describe('errorToResponse for a dependency failure', () => {
  beforeEach(() => {
    vi.spyOn(logger, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(dependencyFailures)('answers %s with 503 service_unavailable and Retry-After', (_label, error) => {
    const response = errorToResponse(error, 'req-1');
    expect(response.statusCode).toBe(503);
    expect(response.headers).toEqual({ 'Content-Type': PROBLEM_CONTENT_TYPE, 'Retry-After': String(ServiceUnavailableError.RETRY_AFTER_SECONDS) });
    expect(JSON.parse(response.body)).toEqual({
      type: problemType('service_unavailable'),
      title: 'Service unavailable',
      status: 503,
      code: 'service_unavailable',
      detail: new ServiceUnavailableError().message,
    });
  });

  it('asks for a retry within a few seconds', () => {
    expect(ServiceUnavailableError.RETRY_AFTER_SECONDS).toBeGreaterThanOrEqual(1);
    expect(ServiceUnavailableError.RETRY_AFTER_SECONDS).toBeLessThanOrEqual(5);
  });

  it('names no dependency and quotes nothing of the error', () => {
    const error = Object.assign(new Error('secret-detail-xyz on table staffgate'), { name: 'ProvisionedThroughputExceededException', $metadata: metadata(400) });
    const { body } = errorToResponse(error, 'req-1');
    for (const internal of ['secret-detail-xyz', 'ProvisionedThroughput', 'DynamoDB', 'KMS', 'SQS', 'table', 'req-1']) expect(body).not.toContain(internal);
  });

  it('logs it once, by name and without its message', () => {
    errorToResponse(Object.assign(socketError('ECONNREFUSED', 'secret-detail-xyz'), { $metadata: metadata(500) }), 'req-1');
    expect(logger.error).toHaveBeenCalledTimes(1);
    const logged = JSON.stringify(vi.mocked(logger.error).mock.calls[0]);
    expect(logged).toContain('ECONNREFUSED');
    expect(logged).toContain('req-1');
    expect(logged).not.toContain('secret-detail-xyz');
  });

  it.each(bugsAndRefusals.filter(([label]) => label !== 'an application error named like a throttle'))(
    'still answers %s with a bare 500',
    (_label, error) => {
      expect(errorToResponse(error, 'req-1').statusCode).toBe(500);
    },
  );

  it('leaves application errors as they are', () => {
    expect(errorToResponse(new NotFoundError(), 'req-1').statusCode).toBe(404);
    expect(errorToResponse(new TooManyRequestsError(30), 'req-1').statusCode).toBe(429);
  });
});

describe('call budgets', () => {
  it('default to 1 s to connect, 1.5 s per attempt and 3 attempts on the request path: within the authorizer’s 5 s', () => {
    const { request } = loadCallBudgets({});
    expect(request).toEqual({ connectionTimeoutMs: 1000, requestTimeoutMs: 1500, maxAttempts: 3 });
    // Backoff before the 2nd and 3rd attempts is at most 50 ms and 100 ms (full jitter, 50 ms base).
    expect(request.maxAttempts * request.requestTimeoutMs + 150).toBeLessThan(5000);
  });

  it('give message delivery two longer attempts, within the message sender’s 30 s', () => {
    const { delivery } = loadCallBudgets({});
    expect(delivery).toEqual({ connectionTimeoutMs: 1000, requestTimeoutMs: 3000, maxAttempts: 2 });
  });

  it('read the request path’s numbers from the environment', () => {
    expect(loadCallBudgets({ DEPENDENCY_CONNECT_TIMEOUT_MS: '500', DEPENDENCY_REQUEST_TIMEOUT_MS: '800', DEPENDENCY_MAX_ATTEMPTS: '2' }).request).toEqual({
      connectionTimeoutMs: 500,
      requestTimeoutMs: 800,
      maxAttempts: 2,
    });
  });

  it.each(['0', '-1', '1.5', 'soon'])('refuse %s as a number of milliseconds or attempts', (value) => {
    expect(() => loadCallBudgets({ DEPENDENCY_REQUEST_TIMEOUT_MS: value })).toThrow('DEPENDENCY_REQUEST_TIMEOUT_MS must be a positive integer');
    expect(() => loadCallBudgets({ DEPENDENCY_MAX_ATTEMPTS: value })).toThrow('DEPENDENCY_MAX_ATTEMPTS must be a positive integer');
  });

  it('make the SDK throw when a request outlives its timeout, instead of only warning', () => {
    expect(awsClientOptions({ connectionTimeoutMs: 1000, requestTimeoutMs: 1500, maxAttempts: 3 })).toEqual({
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 1000, requestTimeout: 1500, throwOnRequestTimeout: true },
    });
  });
});
