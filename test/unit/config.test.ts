import { describe, expect, it } from 'vitest';
import { loadConfig, MissingConfigError, parseResidency, requireEnv } from '#shared/config.js';

const fullEnv = {
  TABLE_NAME: 'staffgate-table',
  AWS_REGION: 'eu-north-1',
  RESIDENCY: 'EU',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
  SES_ENDPOINT: 'http://127.0.0.1:8005',
  MESSAGE_QUEUE_URL: 'https://sqs.eu-north-1.amazonaws.com/123/messages',
  EMAIL_FROM: 'no-reply@staffgate.example',
  SES_CONFIGURATION_SET: 'staffgate',
  APP_BASE_URL: 'https://app.staffgate.example',
  SESSION_IDLE_SECONDS: '600',
  SESSION_MAX_SECONDS: '3600',
} satisfies NodeJS.ProcessEnv;

const minimalEnv = {
  TABLE_NAME: 'staffgate-table',
  AWS_REGION: 'us-east-1',
  RESIDENCY: 'US',
  EMAIL_FROM: 'no-reply@staffgate.example',
  APP_BASE_URL: 'https://app.staffgate.example',
} satisfies NodeJS.ProcessEnv;

const REQUIRED = ['TABLE_NAME', 'AWS_REGION', 'RESIDENCY', 'EMAIL_FROM', 'APP_BASE_URL'] as const;

function without(name: string, env: NodeJS.ProcessEnv = fullEnv): NodeJS.ProcessEnv {
  const copy: NodeJS.ProcessEnv = { ...env };
  delete copy[name];
  return copy;
}

describe('loadConfig', () => {
  it('reads every variable of a full environment', () => {
    expect(loadConfig(fullEnv)).toEqual({
      tableName: 'staffgate-table',
      region: 'eu-north-1',
      residency: 'EU',
      dynamoEndpoint: 'http://127.0.0.1:8000',
      sesEndpoint: 'http://127.0.0.1:8005',
      messageQueueUrl: 'https://sqs.eu-north-1.amazonaws.com/123/messages',
      emailFrom: 'no-reply@staffgate.example',
      sesConfigurationSet: 'staffgate',
      appBaseUrl: 'https://app.staffgate.example',
      accountPagesUrl: 'https://app.staffgate.example',
      sessionIdleSeconds: 600,
      sessionMaxSeconds: 3600,
      webhooksAllowLoopback: false,
      webhookRetryScale: 1,
    });
  });

  it('allows webhooks to loopback addresses only when WEBHOOKS_ALLOW_LOOPBACK is 1 (local mode)', () => {
    expect(loadConfig(minimalEnv).webhooksAllowLoopback).toBe(false);
    expect(loadConfig({ ...minimalEnv, WEBHOOKS_ALLOW_LOOPBACK: 'true' }).webhooksAllowLoopback).toBe(false);
    expect(loadConfig({ ...minimalEnv, WEBHOOKS_ALLOW_LOOPBACK: '1' }).webhooksAllowLoopback).toBe(true);
  });

  it('puts the account pages at ACCOUNT_PAGES_URL when set (deployed: the API’s URL), else at the app URL (local mode: the one server)', () => {
    expect(loadConfig({ ...minimalEnv, ACCOUNT_PAGES_URL: 'https://abc.execute-api.us-east-1.amazonaws.com/prod/' }).accountPagesUrl).toBe(
      'https://abc.execute-api.us-east-1.amazonaws.com/prod/',
    );
    expect(loadConfig(minimalEnv).accountPagesUrl).toBe('https://app.staffgate.example');
  });

  it('refuses a webhook retry scale outside (0, 1]', () => {
    expect(loadConfig({ ...minimalEnv, WEBHOOK_RETRY_SCALE: '0.01' }).webhookRetryScale).toBe(0.01);
    for (const bad of ['0', '2', 'fast', '-1']) expect(() => loadConfig({ ...minimalEnv, WEBHOOK_RETRY_SCALE: bad })).toThrow(/WEBHOOK_RETRY_SCALE/);
  });

  it('leaves the optional endpoints, queue and configuration set undefined when unset', () => {
    expect(loadConfig(minimalEnv)).toMatchObject({
      dynamoEndpoint: undefined,
      sesEndpoint: undefined,
      messageQueueUrl: undefined,
      sesConfigurationSet: undefined,
    });
  });

  it('treats an empty optional variable as unset', () => {
    expect(loadConfig({ ...minimalEnv, DYNAMODB_ENDPOINT: '', MESSAGE_QUEUE_URL: '' })).toMatchObject({
      dynamoEndpoint: undefined,
      messageQueueUrl: undefined,
    });
  });

  it('defaults the session idle timeout to 30 minutes and the session lifetime to 12 hours', () => {
    expect(loadConfig(minimalEnv)).toMatchObject({ sessionIdleSeconds: 1800, sessionMaxSeconds: 43_200 });
  });

  it('uses the defaults for empty session variables', () => {
    expect(loadConfig({ ...minimalEnv, SESSION_IDLE_SECONDS: '', SESSION_MAX_SECONDS: '' })).toMatchObject({
      sessionIdleSeconds: 1800,
      sessionMaxSeconds: 43_200,
    });
  });

  it.each(REQUIRED)('refuses to start without %s, naming it', (name) => {
    expect(() => loadConfig(without(name))).toThrow(MissingConfigError);
    expect(() => loadConfig(without(name))).toThrow(new RegExp(`\\b${name}\\b`));
  });

  it.each(REQUIRED)('treats an empty %s as missing', (name) => {
    expect(() => loadConfig({ ...fullEnv, [name]: '' })).toThrow(new MissingConfigError(name));
  });

  it.each(['EU', 'US', 'OTHER'])('accepts RESIDENCY=%s', (residency) => {
    expect(loadConfig({ ...fullEnv, RESIDENCY: residency }).residency).toBe(residency);
  });

  it.each(['eu', 'EEA', 'SE', 'EU ', 'other'])('refuses RESIDENCY=%j', (residency) => {
    expect(() => loadConfig({ ...fullEnv, RESIDENCY: residency })).toThrow(/RESIDENCY/);
  });

  it.each(['SESSION_IDLE_SECONDS', 'SESSION_MAX_SECONDS'])('refuses a non-integer %s', (name) => {
    for (const value of ['1.5', 'abc', '15m', 'NaN', 'Infinity']) {
      expect(() => loadConfig({ ...fullEnv, [name]: value })).toThrow(new RegExp(name));
    }
  });

  it.each(['SESSION_IDLE_SECONDS', 'SESSION_MAX_SECONDS'])('refuses a zero or negative %s', (name) => {
    for (const value of ['0', '-60']) {
      expect(() => loadConfig({ ...fullEnv, [name]: value })).toThrow(new RegExp(name));
    }
  });
});

describe('requireEnv', () => {
  it('returns a set variable', () => {
    expect(requireEnv('X', { X: 'value' })).toBe('value');
  });

  it('throws a MissingConfigError with a message naming the variable', () => {
    expect(() => requireEnv('SOME_VAR', {})).toThrow('Missing required environment variable SOME_VAR');
  });
});

describe('parseResidency', () => {
  it.each(['EU', 'US', 'OTHER'] as const)('accepts %s', (value) => {
    expect(parseResidency(value)).toBe(value);
  });

  it('refuses anything else and says what it got', () => {
    expect(() => parseResidency('MARS')).toThrow(/MARS/);
  });
});
