import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/errors.js';
import { validate } from '#shared/http/validation.js';

const schema = z.object({
  name: z.string().min(1),
  owner: z.object({ email: z.string().email(), tags: z.array(z.string()).optional() }),
  limit: z.coerce.number().int().max(200).optional(),
});

const message = expect.any(String);
const failsWith = (errors: unknown) => expect.objectContaining({ status: 400, code: 'validation_failed', errors });

describe('validate', () => {
  it('returns the parsed value when it matches', () => {
    expect(validate(schema, { name: 'Anna', owner: { email: 'a@b.se' }, limit: '5' })).toEqual({
      name: 'Anna',
      owner: { email: 'a@b.se' },
      limit: 5,
    });
  });

  it('throws a ValidationError on a mismatch', () => {
    expect(() => validate(schema, {})).toThrow(ValidationError);
  });

  it('reports a top-level field by its name', () => {
    expect(() => validate(schema, { name: '', owner: { email: 'a@b.se' } })).toThrow(failsWith([{ path: 'name', message }]));
  });

  it('reports a nested field with a dotted path', () => {
    expect(() => validate(schema, { name: 'Anna', owner: { email: 'nope' } })).toThrow(failsWith([{ path: 'owner.email', message }]));
  });

  it('reports an array element with its index in the dotted path', () => {
    expect(() => validate(schema, { name: 'Anna', owner: { email: 'a@b.se', tags: ['ok', 7] } })).toThrow(
      failsWith([{ path: 'owner.tags.1', message }]),
    );
  });

  it('reports every issue, not only the first', () => {
    expect(() => validate(schema, { name: '', owner: { email: 'nope' } })).toThrow(
      failsWith(expect.arrayContaining([{ path: 'name', message }, { path: 'owner.email', message }])),
    );
  });

  it('reports each issue as exactly { path, message }', () => {
    expect(() => validate(schema, { name: '' , owner: { email: 'a@b.se' } })).toThrow(
      failsWith([expect.toSatisfy((issue: object) => Object.keys(issue).sort().join() === 'message,path')]),
    );
  });

  it('carries zod messages verbatim', () => {
    const custom = z.object({ pin: z.string().length(6, 'Use 6 digits.') });
    expect(() => validate(custom, { pin: '12' })).toThrow(failsWith([{ path: 'pin', message: 'Use 6 digits.' }]));
  });

  it('prefixes paths with the given prefix', () => {
    expect(() => validate(schema, { name: 'Anna', owner: { email: 'a@b.se' }, limit: '500' }, 'query')).toThrow(
      failsWith([{ path: 'query.limit', message }]),
    );
  });

  it('prefixes nested paths too', () => {
    expect(() => validate(schema, { name: 'Anna', owner: { email: 'x' } }, 'query')).toThrow(
      failsWith([{ path: 'query.owner.email', message }]),
    );
  });

  it('reports a root-level issue with the bare prefix', () => {
    expect(() => validate(schema, 'not an object', 'query')).toThrow(failsWith([{ path: 'query', message }]));
  });

  it('reports a root-level issue without a prefix as the empty path', () => {
    expect(() => validate(schema, null)).toThrow(failsWith([{ path: '', message }]));
  });
});
