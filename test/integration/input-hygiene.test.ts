import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccessLevel, makeSignedInOwner, makeTenantBody, type SignedInOwner, uniqueEmail } from '../support/builders.js';
import { startTestApi, type TestApi } from '../support/local-api.js';
import { allItems } from '../support/table.js';

/**
 * Names, tags and labels with line breaks, controls or bidi overrides, and
 * email addresses outside what SES delivers, are refused at the API with the
 * rule that failed, and nothing of them is stored or sent.
 */
let api: TestApi;
let owner: SignedInOwner;
let levelId: string;
let branchId: string;
const marker = `hygiene-${randomUUID()}`;

beforeAll(async () => {
  api = await startTestApi();
  owner = await makeSignedInOwner(api);
  levelId = (await makeAccessLevel(api, owner, { template: 'specialist' })).id;
  const branch = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name: 'Main' } });
  expect(branch.status).toBe(201);
  branchId = branch.body.id;
});
afterAll(async () => {
  await api.stop();
});

const asOwner = (method: string, path: string, json: unknown) => api.request(method, `/v1/tenants/${owner.tenantId}${path}`, { token: owner.token, json });
const staffBody = (overrides: Record<string, unknown> = {}) => ({ firstName: 'Eva', lastName: marker, email: uniqueEmail('staff'), accessLevelId: levelId, ...overrides });

function expectRefused(response: { status: number; body: any }, path: string, ...fragments: string[]) {
  expect(response.status).toBe(400);
  expect(response.body.code).toBe('validation_failed');
  const error = response.body.errors.find((entry: { path: string }) => entry.path === path);
  expect(error, JSON.stringify(response.body.errors)).toBeDefined();
  for (const fragment of fragments) expect(error.message).toContain(fragment);
}

async function outboxTo(address: string): Promise<unknown[]> {
  return (await api.request('GET', `/_local/outbox?to=${encodeURIComponent(address)}`)).body.items;
}

describe('staff names', () => {
  it('refuses a first name carrying "\\r\\nSubject:" with 400, naming the rule, and stores and sends nothing', async () => {
    const body = staffBody({ firstName: 'Eva\r\nSubject: Your account is locked' });
    const response = await asOwner('POST', '/staff', body);
    expectRefused(response, 'firstName', 'control characters or line breaks', 'U+000D');
    expect(await outboxTo(body.email as string)).toEqual([]);
  });

  it.each([
    ['a NUL', 'Lind\u0000'],
    ['a right-to-left override', 'Lind\u202egnp.exe'],
    ['a first-strong isolate', '\u2068Lind'],
    ['a C1 next-line', 'Lind\u0085'],
  ])('refuses a last name with %s', async (_label, lastName) => {
    const response = await asOwner('POST', '/staff', staffBody({ lastName: `${marker}${lastName}` }));
    expectRefused(response, 'lastName', 'U+');
  });

  it('refuses a tag with a line break, at its index', async () => {
    expectRefused(await asOwner('POST', '/staff', staffBody({ tags: ['colour', `evening\n${marker}`] })), 'tags.1', 'U+000A');
  });

  it('refuses a control character in a renamed staff member', async () => {
    const created = await asOwner('POST', '/staff', staffBody({ lastName: 'Lind' }));
    expect(created.status).toBe(201);
    const response = await asOwner('PATCH', `/staff/${created.body.id}`, { firstName: `Eva\r\n${marker}` });
    expectRefused(response, 'firstName', 'U+000D');
  });

  it('stores an accepted name NFC-normalised and trimmed', async () => {
    const response = await asOwner('POST', '/staff', staffBody({ firstName: '  A\u030asa ', lastName: 'O\u2019Brien' }));
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ firstName: '\u00c5sa', lastName: 'O\u2019Brien' });
  });
});

describe('staff emails', () => {
  it.each([
    ['a,b@example.com', 'may contain only letters, digits, dots and', '(found ",")'],
    ['x@[127.0.0.1]', 'IP address literals'],
    ['"eva"@salon.example', 'quoted local parts'],
    ['eva@salon', 'at least two labels'],
    ['eva@salong.blå', 'punycode'],
  ])('refuses %j with the rule in the message', async (address, ...fragments) => {
    expectRefused(await asOwner('POST', '/staff', staffBody({ email: address })), 'email', 'Not a valid email address', ...fragments);
  });
});

describe('salon (tenant) creation', () => {
  it('refuses a salon name with CRLF with 400 and creates nothing', async () => {
    const body = makeTenantBody({ name: `Salong ${marker}\r\nBcc: eve@evil.example` });
    const response = await api.operator('POST', '/v1/operator/tenants', body);
    expectRefused(response, 'name', 'U+000D');
    expect(await outboxTo(body.owner.email)).toEqual([]);
  });

  it('refuses an owner name with a bidi override', async () => {
    const body = makeTenantBody({ owner: { firstName: '\u202eAnna', lastName: marker, email: uniqueEmail() } });
    expectRefused(await api.operator('POST', '/v1/operator/tenants', body), 'owner.firstName', 'bidirectional-text controls', 'U+202E');
  });

  it.each([
    ['a,b@example.com', '(found ",")'],
    ['x@[127.0.0.1]', 'IP address literals'],
  ])('refuses the owner email %j with the rule in the message', async (address, fragment) => {
    const body = makeTenantBody({ name: marker, owner: { firstName: 'Anna', lastName: 'Berg', email: address } });
    const response = await api.operator('POST', '/v1/operator/tenants', body);
    expectRefused(response, 'owner.email', 'Not a valid email address', fragment);
    expect(await outboxTo(address)).toEqual([]);
  });
});

describe('labels', () => {
  it('refuses an access-level name with a right-to-left override', async () => {
    expectRefused(await asOwner('POST', '/access-levels', { name: `Stylist\u202e${marker}`, template: 'junior' }), 'name', 'U+202E');
  });

  it('refuses a branch name with CRLF', async () => {
    expectRefused(await asOwner('POST', '/branches', { name: `North\r\n${marker}` }), 'name', 'U+000D');
  });

  it('refuses a terminal name with a tab', async () => {
    expectRefused(await asOwner('POST', '/terminals', { name: `Desk\t${marker}`, branchId }), 'name', 'U+0009');
  });
});

describe('after all the refused input', () => {
  it('wrote nothing carrying the requests\u2019 values', async () => {
    const items = await allItems();
    expect(items.filter((item) => JSON.stringify(item).includes(marker))).toEqual([]);
  });
});
