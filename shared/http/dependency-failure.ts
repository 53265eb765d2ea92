/**
 * Tells a failing dependency (an AWS service that timed out, throttled, was
 * unreachable or answered 5xx) from a bug. The first is worth a retry by the
 * client, so problem.ts answers it with 503 and Retry-After; the second stays
 * a bare 500. Errors are matched by shape, not class: the SDK's error classes
 * differ per service package, and Node's socket errors are plain Errors with
 * a `code`.
 */

/** Error names (SDK exceptions and the SDK's own TimeoutError) that say the service, not the request, failed. */
const DEPENDENCY_ERROR_NAMES = new Set([
  // Timeouts: the SDK's connection and request timeouts, and services that time out themselves.
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  // Throttling.
  'ThrottlingException',
  'Throttling',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'ThrottledException',
  'RequestThrottled',
  // SQS: the queue's KMS key is throttled.
  'KmsThrottled',
  // The service's own failures.
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  // KMS: the key's backing store or KMS itself is unavailable, not the key refused.
  'KMSInternalException',
  'DependencyTimeoutException',
  'KeyUnavailableException',
]);

/** Node's socket errors: the connection could not be made, or broke. */
const NETWORK_ERROR_CODES = new Set([
  'ETIMEDOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** TransactWriteItems cancels the whole transaction when one item is throttled; that is capacity, not a conflict. */
const THROTTLED_CANCELLATION_CODES = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);

/** The fields of SDK and Node errors this module reads; everything is optional because anything can be thrown. */
interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  $retryable?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown; attempts?: unknown };
  CancellationReasons?: { Code?: unknown }[];
}

function shapeOf(error: unknown): ErrorShape | undefined {
  return typeof error === 'object' && error !== null ? (error as ErrorShape) : undefined;
}

function failsItself(error: ErrorShape): boolean {
  if (typeof error.name === 'string' && DEPENDENCY_ERROR_NAMES.has(error.name)) return true;
  if (typeof error.code === 'string' && NETWORK_ERROR_CODES.has(error.code)) return true;
  // Node names a server that closed the connection without answering this way, sometimes without a code.
  if (error.message === 'socket hang up') return true;
  // The service model marks the error retryable (throttling or transient), or the service's own fault.
  if (error.$retryable !== undefined || error.$fault === 'server') return true;
  const status = error.$metadata?.httpStatusCode;
  if (typeof status === 'number' && (status === 429 || status >= 500)) return true;
  return (
    error.name === 'TransactionCanceledException' &&
    Array.isArray(error.CancellationReasons) &&
    error.CancellationReasons.some((reason) => typeof reason?.Code === 'string' && THROTTLED_CANCELLATION_CODES.has(reason.Code))
  );
}

/** True when `error`, or an error it wraps, is a dependency failing rather than a bug. */
export function isDependencyFailure(error: unknown): boolean {
  // The depth bound keeps a cyclic `cause` chain from looping.
  let current = shapeOf(error);
  for (let depth = 0; current && depth < 5; depth += 1) {
    if (failsItself(current)) return true;
    current = shapeOf(current.cause);
  }
  return false;
}

/**
 * What to log about a dependency failure: its name, code and status, and the
 * AWS request id for a support case. Never the message or the input, which
 * can quote keys and values of the request.
 */
export function dependencyFailureSummary(error: unknown): Record<string, string | number> {
  const shape = shapeOf(error) ?? {};
  const summary: Record<string, string | number> = { name: typeof shape.name === 'string' ? shape.name : typeof error };
  if (typeof shape.code === 'string') summary.code = shape.code;
  const { httpStatusCode, requestId, attempts } = shape.$metadata ?? {};
  if (typeof httpStatusCode === 'number') summary.httpStatusCode = httpStatusCode;
  if (typeof requestId === 'string') summary.awsRequestId = requestId;
  if (typeof attempts === 'number') summary.attempts = attempts;
  return summary;
}
