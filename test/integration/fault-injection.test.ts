import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '#shared/clock.js';
import { inWorker } from '#local/dynamo-requests.js';
import { base32Decode, hotp, stepAt } from '#shared/domain/auth/totp.js';
import {
  latestToken,
  makeAccessLevel,
  makeSignedInMember,
  makeSignedInOwner,
  makeStaff,
  makeTenantBody,
  OWNER_PASSWORD,
  type SignedInOwner,
  uniqueEmail,
} from '../support/builders.js';
import { type ApiResponse, startTestApi, TEST_OPERATOR_TOKEN, type TestApi } from '../support/local-api.js';
import { allItems } from '../support/table.js';

/**
 * Fault injection at the DynamoDB client (api.md: "never a 500 that committed
 * anything"; effects.ts: a change, its audit events and its messages commit
 * together). For every mutating route, each DynamoDB request it sends is made
 * to fail in turn, before it is sent, and the outcome must be all or nothing:
 *
 * - 2xx: the whole change is in the table (its items, its audit event, its
 *   outbox item) and its message is sent once;
 * - 503 service_unavailable with Retry-After: nothing of the change is in the
 *   table (attempt budgets aside) and nothing was sent;
 *
 * and a retry converges: with the same Idempotency-Key it creates exactly one
 * resource and the first answer is replayed (or, when the failure hit after
 * the commit and the answer could not be kept, it is told 409
 * idempotency_key_in_use while the first request's lease lasts, then 409
 * idempotency_key_committed). Besides failing before it is sent, a DynamoDB
 * request may be carried out and its answer lost (a timeout): the SDK sends
 * it again, and the route must not notice.
 *
 * The same goes for each KMS call (locally the secrets box's AES and the PIN
 * MAC's HMAC stand in for KMS Encrypt/Decrypt and GenerateMac).
 *
 * The API runs in this process, so the DynamoDB client the handlers use is the
 * one imported here: a middleware on its `initialize` step (which runs once
 * per command, before the SDK's retries) counts the requests of the request
 * under test and throws a TimeoutError — what the SDK throws when DynamoDB
 * does not answer in time — instead of sending the chosen one. Each scenario
 * runs once unharmed to count its calls, then once per call with that call
 * failing, each run on a subject of its own.
 */

let api: TestApi;
let injector: Injector;

/** Past an Idempotency-Key's lease (60 s, shared/http/idempotency.ts); the clock goes back at once, so that no cache ages. */
const LEASE_RUN_OUT_MS = 2 * 60_000;

interface Salon {
  owner: SignedInOwner;
  branchId: string;
  levelId: string;
  terminalToken: string;
  /** A staff member's PIN that unlocks any terminal of the salon. */
  canaryPin: string;
}
let salon: Salon;

/** Per-run totals, for the summary at the end. */
const totals = { scenarios: 0, injected: { dynamodb: 0, 'dynamodb-answer': 0, kms: 0 }, answered2xx: 0, answered503: 0, keyCommitted: 0, perScenario: [] as string[] };

beforeAll(async () => {
  api = await startTestApi();
  injector = await attachInjector();
  salon = await makeSalon();
}, 60_000);

afterAll(async () => {
  injector?.detach();
  await api?.stop();
  console.info(
    `fault injection: ${totals.scenarios} scenarios, ${totals.injected.dynamodb} DynamoDB requests failed, ${totals.injected['dynamodb-answer']} DynamoDB answers lost, ${totals.injected.kms} KMS calls failed ` +
      `(${totals.answered503} answered 503, ${totals.answered2xx} answered 2xx; ${totals.keyCommitted} retries told idempotency_key_in_use, then idempotency_key_committed once the lease ran out)\n  ` +
      totals.perScenario.join('\n  '),
  );
});

// ---------------------------------------------------------------------------------------------
// The injector
// ---------------------------------------------------------------------------------------------

/**
 * The dependency whose calls are counted and failed: the table (`dynamodb`:
 * the request fails before it is sent; `dynamodb-answer`: it is carried out
 * but its answer is lost, so the SDK sends it again, as after a real
 * timeout), or KMS (the secrets box and the PIN MAC).
 */
type Target = 'dynamodb' | 'dynamodb-answer' | 'kms';
type Dependency = 'dynamodb' | 'kms';
const dependencyOf = (target: Target): Dependency => (target === 'kms' ? 'kms' : 'dynamodb');

interface RunRecord {
  /** Calls made during the request, per dependency. */
  counts: Record<Dependency, number>;
  fired: boolean;
  log: string[];
}

interface Injector {
  /**
   * Runs `act` with the calls it makes to DynamoDB and KMS counted; with
   * `fail`, the fail.at-th call to fail.target throws instead of being made.
   */
  run<T>(act: () => Promise<T>, fail?: { target: Target; at: number }): Promise<RunRecord & { result: T }>;
  detach(): void;
}

/** What a request is, for the log of a run: the command and the keys it touches. */
function describeCommand(commandName: string | undefined, input: Record<string, any>): string {
  const plain = (value: any) => (typeof value === 'object' && value !== null && 'S' in value ? value.S : value);
  const keyOf = (key: Record<string, any> | undefined) => (key ? `${plain(key.pk)}|${plain(key.sk)}` : '');
  if (input.TransactItems) {
    const parts = (input.TransactItems as Record<string, any>[]).map((item) => {
      const [kind, body] = Object.entries(item)[0] as [string, Record<string, any>];
      return `${kind} ${body.Item ? keyOf(body.Item) : keyOf(body.Key)}`;
    });
    return `${commandName} [${parts.join('; ')}]`;
  }
  if (input.RequestItems) {
    // BatchGetItem: { Keys: [...] } per table; BatchWriteItem: [...] requests per table.
    const size = (request: unknown) => (Array.isArray(request) ? request.length : ((request as { Keys?: unknown[] }).Keys?.length ?? 0));
    return `${commandName} (${Object.values(input.RequestItems as Record<string, unknown>).reduce((n: number, request) => n + size(request), 0)} items)`;
  }
  if (input.Item) return `${commandName} ${keyOf(input.Item)}`;
  if (input.Key) return `${commandName} ${keyOf(input.Key)}`;
  if (input.KeyConditionExpression) return `${commandName} ${plain(input.ExpressionAttributeValues?.[':pk'])}`;
  return commandName ?? 'unknown';
}

/**
 * The authorizer refreshes a session's lastSeenAt at most once a minute, so
 * whether a run does depends on the wall clock: those writes are neither
 * counted nor failed (a failing authorizer is covered by its session read,
 * which is always the first request of a session route).
 */
function isSessionTouch(input: Record<string, any>): boolean {
  const sk = input.Key?.sk;
  const skText = typeof sk === 'object' && sk !== null ? sk.S : sk;
  return typeof skText === 'string' && skText.startsWith('SESSION#') && String(input.UpdateExpression ?? '').includes('lastSeenAt');
}

/** What the SDKs throw: DynamoDB that does not answer in time; KMS failing itself. */
const injectedError = (target: Target, n: number) =>
  Object.assign(new Error(`Injected failure of ${target} call ${n}`), { name: target === 'dynamodb' ? 'TimeoutError' : 'KMSInternalException' });

async function attachInjector(): Promise<Injector> {
  // Imported after the stack has set the environment: the clients read their configuration at load.
  const [{ dynamo }, { secretBox }, { pinMac }] = await Promise.all([
    import('#shared/clients/dynamodb.js'),
    import('#shared/clients/secret-box.js'),
    import('#shared/clients/pin-mac.js'),
  ]);
  let state: (RunRecord & { fail: { target: Target; at: number } | undefined }) | undefined;
  /** Counts a call; says whether it is the one to fail, and how. */
  const called = (dependency: Dependency, what: string): Target | undefined => {
    if (!state) return undefined;
    state.counts[dependency] += 1;
    const failing = state.fail && dependencyOf(state.fail.target) === dependency && state.fail.at === state.counts[dependency] ? state.fail.target : undefined;
    if (failing) state.fired = true;
    const how = failing === 'dynamodb-answer' ? '  <-- carried out, answer lost' : failing ? '  <-- fails' : '';
    state.log.push(`${dependency} ${state.counts[dependency]}. ${what}${how}`);
    return failing;
  };
  /** Set on a command's context (one per send, shared by its middleware) whose first answer is to be lost. */
  const LOSE_ANSWER = Symbol('loseAnswer');

  const name = `faultInjection${randomUUID().slice(0, 8)}`;
  // `initialize` runs once per command, before the SDK's retries: a failure here is not retried.
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, any>;
      // A background worker's call (the table-stream consumers, in this process locally) is not the route's.
      const failing = state && !isSessionTouch(input) && !inWorker() ? called('dynamodb', describeCommand(context.commandName, input)) : undefined;
      if (failing === 'dynamodb') throw injectedError('dynamodb', state?.counts.dynamodb ?? 0);
      if (failing === 'dynamodb-answer') (context as Record<symbol, boolean>)[LOSE_ANSWER] = true;
      return next(args);
    },
    { step: 'initialize', name, priority: 'high' },
  );
  // `deserialize` runs inside the retry loop, once per attempt: the first attempt's answer is lost after DynamoDB acted on it.
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const marked = context as Record<symbol, boolean>;
      if (marked[LOSE_ANSWER]) {
        marked[LOSE_ANSWER] = false;
        throw Object.assign(new Error('Injected: the answer was lost'), { name: 'TimeoutError' });
      }
      return result;
    },
    { step: 'deserialize', name: `${name}Answer`, priority: 'low' },
  );

  // KMS: locally the secrets box and the PIN MAC are in-process stand-ins (AES, HMAC) for KMS Encrypt/Decrypt and
  // GenerateMac; the handlers reach them through these process-wide instances, whose methods are wrapped here.
  const box = secretBox();
  const mac = pinMac();
  const seal = box.seal.bind(box);
  const open = box.open.bind(box);
  const macOf = mac.mac.bind(mac);
  const wrap = (target: object, method: string, value: (...args: any[]) => Promise<string>) =>
    Object.defineProperty(target, method, { configurable: true, writable: true, value });
  wrap(box, 'seal', async (plaintext: string, context: string) => {
    if (called('kms', `Encrypt (${context.split(':')[0]})`)) throw injectedError('kms', state?.counts.kms ?? 0);
    return seal(plaintext, context);
  });
  wrap(box, 'open', async (ciphertext: string, context: string) => {
    // The table stream opens outbox messages to deliver them, in the background and on its own schedule: not the request's.
    if (!context.startsWith('outbox:') && called('kms', `Decrypt (${context.split(':')[0]})`)) throw injectedError('kms', state?.counts.kms ?? 0);
    return open(ciphertext, context);
  });
  wrap(mac, 'mac', async (message: string) => {
    if (called('kms', 'GenerateMac (PIN index)')) throw injectedError('kms', state?.counts.kms ?? 0);
    return macOf(message);
  });

  return {
    async run(act, fail) {
      // Messages on their way are delivered first, so nothing of an earlier run happens while armed.
      await api.stack.drainMessages();
      state = { counts: { dynamodb: 0, kms: 0 }, fired: false, log: [], fail };
      const armed = state;
      try {
        const result = await act();
        return { result, counts: armed.counts, fired: armed.fired, log: armed.log };
      } finally {
        state = undefined;
      }
    },
    detach: () => {
      dynamo.middlewareStack.remove(name);
      dynamo.middlewareStack.remove(`${name}Answer`);
      for (const [target, method] of [[box, 'seal'], [box, 'open'], [mac, 'mac']] as const) delete (target as unknown as Record<string, unknown>)[method];
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The table, before and after
// ---------------------------------------------------------------------------------------------

type Item = Record<string, unknown>;
const keyOf = (item: Item) => `${item.pk as string}|${item.sk as string}`;
const entityOf = (item: Item) => String(item.entity ?? 'unknown');

/**
 * Attempt budgets are spent by design whether or not the change commits;
 * what else a budget item keeps — who is signed in at each terminal, on the
 * salon's PIN budget item — is part of the change.
 */
function committedPart(item: Item): Item | undefined {
  if (!entityOf(item).endsWith('Budget')) return item;
  const kept = Object.entries(item).filter(([name]) => name.endsWith('#signedIn'));
  return kept.length > 0 ? { pk: item.pk, sk: item.sk, entity: item.entity, ...Object.fromEntries(kept) } : undefined;
}

/** The authorizer's once-a-minute refresh of a session (see isSessionTouch) is no part of any change. */
function onlyTouched(before: Item, after: Item): boolean {
  const strip = ({ lastSeenAt: _seen, idleExpiresAt: _idle, ...rest }: Item) => canonical(rest);
  return strip(before) === strip(after);
}

/** JSON with every object's keys sorted, at every depth. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) =>
    nested && typeof nested === 'object' && !Array.isArray(nested)
      ? Object.fromEntries(Object.entries(nested as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : nested,
  );
}

async function snapshot(scope: string[] | undefined): Promise<Map<string, Item>> {
  const items = await allItems();
  const inScope = scope ? items.filter((item) => scope.some((id) => String(item.pk).includes(id))) : items;
  return new Map(inScope.flatMap((item): Item[] => [committedPart(item)].filter((part) => part !== undefined)).map((item) => [keyOf(item), item]));
}

interface Diff {
  added: Item[];
  removed: Item[];
  changed: { before: Item; after: Item }[];
}

function diffOf(before: Map<string, Item>, after: Map<string, Item>): Diff {
  const diff: Diff = { added: [], removed: [], changed: [] };
  for (const [key, item] of after) {
    const old = before.get(key);
    if (!old) diff.added.push(item);
    else if (canonical(old) !== canonical(item) && !onlyTouched(old, item)) diff.changed.push({ before: old, after: item });
  }
  for (const [key, item] of before) if (!after.has(key)) diff.removed.push(item);
  return diff;
}

/** A diff as counts of entities: `{ added: { staff: 1, auditEvent: 1 }, changed: { accessLevel: 1 }, removed: {} }`. */
function shapeOf(diff: Diff) {
  const count = (items: Item[]) => {
    const counts: Record<string, number> = {};
    for (const item of items) counts[entityOf(item)] = (counts[entityOf(item)] ?? 0) + 1;
    return counts;
  };
  return { added: count(diff.added), changed: count(diff.changed.map((change) => change.after)), removed: count(diff.removed) };
}

const NOTHING = { added: {}, changed: {}, removed: {} };

async function outbox(to: string) {
  const response = await api.request('GET', `/_local/outbox?to=${encodeURIComponent(to)}`);
  expect(response.status).toBe(200);
  return response.body.items as { status: string; kind: string; token?: string; pin?: string }[];
}

// ---------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------

async function makeSalon(): Promise<Salon> {
  const owner = await makeSignedInOwner(api);
  const branch = await api.request('POST', `/v1/tenants/${owner.tenantId}/branches`, { token: owner.token, json: { name: 'Södermalm' } });
  expect(branch.status).toBe(201);
  const terminal = await api.request('POST', `/v1/tenants/${owner.tenantId}/terminals`, {
    token: owner.token,
    json: { name: 'Front desk', branchId: branch.body.id },
  });
  expect(terminal.status).toBe(201);
  const levelId = (await makeAccessLevel(api, owner, { grants: { 'appointments.view': true, 'clients.view': true, 'appointments.create': true } })).id;
  const canary = await makeStaff(api, owner, { accessLevelId: levelId });
  const pin = await api.request('PUT', `/v1/tenants/${owner.tenantId}/staff/${canary.id}/pin`, { token: owner.token, json: { generate: true } });
  expect(pin.status).toBe(200);
  // Once unlocked, the level is compiled and cached, as every counted run finds it.
  const unlocked = await api.request('POST', '/v1/terminal/unlock', { token: terminal.body.token, json: { pin: pin.body.pin } });
  expect(unlocked.status).toBe(200);
  await api.request('POST', '/v1/terminal/lock', { token: unlocked.body.token });
  return { owner, branchId: branch.body.id, levelId, terminalToken: terminal.body.token, canaryPin: pin.body.pin };
}

/** A staff member of the shared salon with an email address and a generated PIN. */
async function staffWithPin() {
  const staff = await makeStaff(api, salon.owner, { accessLevelId: salon.levelId });
  const pin = await api.request('PUT', `/v1/tenants/${salon.owner.tenantId}/staff/${staff.id}/pin`, { token: salon.owner.token, json: { generate: true } });
  expect(pin.status).toBe(200);
  return { ...staff, pin: pin.body.pin as string };
}

interface Scenario<C> {
  name: string;
  /** Honours Idempotency-Key: the runs send one, and the retry reuses it. */
  idempotent: boolean;
  /** A fresh subject for each run (runs never share what they change). */
  setup(run: number): Promise<C>;
  act(context: C, headers: Record<string, string>): Promise<ApiResponse>;
  status: number;
  /** The partitions to compare (an id their pk contains), or undefined for the whole table. */
  scope(context: C): string[] | undefined;
  /** The change, as entity counts (see shapeOf); the Idempotency-Key record is added to it for idempotent routes. */
  change: { added: Record<string, number>; changed: Record<string, number>; removed: Record<string, number> };
  audit: string;
  /** The address its message goes to, and the message's kind. */
  message?: (context: C) => { to: string; kind: string };
  /** Scenario-specific proof that the change took effect (after a 2xx). */
  verify?: (context: C, response: ApiResponse) => Promise<void>;
}

/** The salon's partitions and the owner's account (where the owner's Idempotency-Keys live). */
const ownerScope = () => [salon.owner.tenantId, salon.owner.accountId];
const tenantPath = (path = '') => `/v1/tenants/${salon.owner.tenantId}${path}`;
const asOwner = (headers: Record<string, string>) => ({ token: salon.owner.token, headers });

const scenarios: Scenario<any>[] = [
  {
    name: 'POST /v1/operator/tenants (operator)',
    idempotent: true,
    setup: async () => makeTenantBody(),
    act: (body, headers) => api.request('POST', '/v1/operator/tenants', { token: TEST_OPERATOR_TOKEN, json: body, headers }),
    status: 201,
    scope: () => undefined,
    change: {
      added: { tenant: 1, accessLevel: 1, accessLevelName: 1, tenantPolicy: 1, staff: 1, invitation: 1, auditEvent: 1, outboxMessage: 1 },
      changed: {},
      removed: {},
    },
    audit: 'tenant.created',
    message: (body) => ({ to: body.owner.email, kind: 'invitation' }),
    verify: async (body, response) => {
      const token = await latestToken(api, body.owner.email);
      const invitation = await api.request('POST', '/v1/invitations/lookup', { json: { token } });
      expect(invitation.status).toBe(200);
      expect(response.body.tenant.id).toMatch(/^ten_/);
    },
  } satisfies Scenario<ReturnType<typeof makeTenantBody>>,
  {
    name: 'POST /v1/tenants/{t}/staff',
    idempotent: true,
    setup: async () => ({ firstName: 'Eva', lastName: 'Lind', email: uniqueEmail('staff'), accessLevelId: salon.levelId }),
    act: (body, headers) => api.request('POST', tenantPath('/staff'), { ...asOwner(headers), json: body }),
    status: 201,
    scope: ownerScope,
    change: { added: { staff: 1, auditEvent: 1 }, changed: { accessLevel: 1 }, removed: {} },
    audit: 'staff.created',
    verify: async (body, response) => {
      const listed = await api.request('GET', tenantPath(`/staff/${response.body.id}`), { token: salon.owner.token });
      expect(listed.body).toMatchObject({ email: body.email, status: 'active' });
    },
  } satisfies Scenario<Record<string, string>>,
  {
    name: "PUT /v1/tenants/{t}/staff/{s}/pin {generate:true, send:'email'}",
    idempotent: true,
    setup: () => makeStaff(api, salon.owner, { accessLevelId: salon.levelId }),
    act: (staff, headers) => api.request('PUT', tenantPath(`/staff/${staff.id}/pin`), { ...asOwner(headers), json: { generate: true, send: 'email' } }),
    status: 204,
    scope: ownerScope,
    change: { added: { pinDigest: 1, auditEvent: 1, outboxMessage: 1 }, changed: { staff: 1 }, removed: {} },
    audit: 'pin.set',
    message: (staff) => ({ to: staff.email, kind: 'pin' }),
    verify: async (staff) => {
      const [sent] = await outbox(staff.email);
      const unlocked = await api.request('POST', '/v1/terminal/unlock', { token: salon.terminalToken, json: { pin: sent?.pin } });
      expect(unlocked.status).toBe(200);
      expect(unlocked.body.staff.id).toBe(staff.id);
      await api.request('POST', '/v1/terminal/lock', { token: unlocked.body.token });
    },
  } satisfies Scenario<Awaited<ReturnType<typeof makeStaff>>>,
  {
    name: 'POST /v1/tenants/{t}/terminals',
    idempotent: true,
    setup: async (run) => ({ name: `Desk ${run}`, branchId: salon.branchId }),
    act: (body, headers) => api.request('POST', tenantPath('/terminals'), { ...asOwner(headers), json: body }),
    status: 201,
    scope: ownerScope,
    // The branch's reference counter rises with it, so a deletion of the branch racing with it fails.
    change: { added: { terminal: 1, auditEvent: 1 }, changed: { branch: 1 }, removed: {} },
    audit: 'terminal.registered',
    verify: async (_body, response) => {
      // The token shown once works at once.
      const unlocked = await api.request('POST', '/v1/terminal/unlock', { token: response.body.token, json: { pin: salon.canaryPin } });
      expect(unlocked.status).toBe(200);
      await api.request('POST', '/v1/terminal/lock', { token: unlocked.body.token });
    },
  } satisfies Scenario<{ name: string; branchId: string }>,
  {
    name: 'POST /v1/tenants/{t}/invitations',
    idempotent: true,
    setup: () => makeStaff(api, salon.owner, { accessLevelId: salon.levelId }),
    act: (staff, headers) => api.request('POST', tenantPath('/invitations'), { ...asOwner(headers), json: { staffId: staff.id, channel: 'email' } }),
    status: 201,
    scope: ownerScope,
    change: { added: { invitation: 1, auditEvent: 1, outboxMessage: 1 }, changed: {}, removed: {} },
    audit: 'invitation.sent',
    message: (staff) => ({ to: staff.email, kind: 'invitation' }),
    verify: async (staff) => {
      const invitation = await api.request('POST', '/v1/invitations/lookup', { json: { token: await latestToken(api, staff.email) } });
      expect(invitation.status).toBe(200);
    },
  } satisfies Scenario<Awaited<ReturnType<typeof makeStaff>>>,
  {
    name: 'POST /v1/tenants/{t}/invitations/{i}/resend',
    idempotent: true,
    setup: async () => {
      const staff = await makeStaff(api, salon.owner, { accessLevelId: salon.levelId });
      const invited = await api.request('POST', tenantPath('/invitations'), { token: salon.owner.token, json: { staffId: staff.id, channel: 'email' } });
      expect(invited.status).toBe(201);
      return { ...staff, invitationId: invited.body.id as string, firstToken: await latestToken(api, staff.email) };
    },
    act: (staff, headers) => api.request('POST', tenantPath(`/invitations/${staff.invitationId}/resend`), asOwner(headers)),
    status: 201,
    scope: ownerScope,
    // The new invitation, its message, its event and the old one's revocation; the old invitation is revoked.
    change: { added: { invitation: 1, auditEvent: 2, outboxMessage: 1 }, changed: { invitation: 1 }, removed: {} },
    audit: 'invitation.sent',
    message: (staff) => ({ to: staff.email, kind: 'invitation' }),
    verify: async (staff) => {
      expect((await api.request('POST', '/v1/invitations/lookup', { json: { token: staff.firstToken } })).status).toBe(404);
      expect((await api.request('POST', '/v1/invitations/lookup', { json: { token: await latestToken(api, staff.email) } })).status).toBe(200);
    },
  } satisfies Scenario<Awaited<ReturnType<typeof makeStaff>> & { invitationId: string; firstToken: string }>,
  {
    name: 'POST /v1/tenants/{t}/access-levels',
    idempotent: true,
    setup: async () => ({ name: `Level ${randomUUID().slice(0, 8)}`, grants: { 'clients.view': true, 'sales.refund': { limit: 500 } } }),
    act: (body, headers) => api.request('POST', tenantPath('/access-levels'), { ...asOwner(headers), json: body }),
    status: 201,
    scope: ownerScope,
    change: { added: { accessLevel: 1, accessLevelName: 1, auditEvent: 1 }, changed: { tenantPolicy: 1 }, removed: {} },
    audit: 'access_level.created',
    verify: async (body, response) => {
      const level = await api.request('GET', tenantPath(`/access-levels/${response.body.id}`), { token: salon.owner.token });
      expect(level.body).toMatchObject({ name: body.name });
    },
  } satisfies Scenario<{ name: string; grants: Record<string, unknown> }>,
  {
    name: 'PATCH /v1/tenants/{t}/settings {autoLogoutSeconds}',
    idempotent: false,
    setup: async (run) => {
      // From a known value each run (this also reads the tenant's settings into the audit cache, as every run finds it).
      const reset = await api.request('PATCH', tenantPath('/settings'), { token: salon.owner.token, json: { autoLogoutSeconds: 900 } });
      expect(reset.status).toBe(200);
      return { autoLogoutSeconds: 960 + run * 60 };
    },
    act: (body, headers) => api.request('PATCH', tenantPath('/settings'), { ...asOwner(headers), json: body }),
    status: 200,
    scope: ownerScope,
    change: { added: { auditEvent: 1 }, changed: { tenant: 1 }, removed: {} },
    audit: 'settings.updated',
    verify: async (body) => {
      const tenant = await api.request('GET', tenantPath(), { token: salon.owner.token });
      expect(tenant.body.settings.autoLogoutSeconds).toBe(body.autoLogoutSeconds);
    },
  } satisfies Scenario<{ autoLogoutSeconds: number }>,
  {
    name: 'PATCH /v1/tenants/{t}/settings {requireTwoFactorForAdmins:true} (a salon per run)',
    idempotent: false,
    // Turning the rule on needs two-factor on one's own account (409 two_factor_required_first otherwise).
    setup: async () => {
      const owner = await makeSignedInOwner(api);
      const started = await api.request('POST', '/v1/auth/totp', { token: owner.token, json: { password: OWNER_PASSWORD } });
      const code = hotp(base32Decode(started.body.secret), stepAt(clock.nowMs()));
      expect((await api.request('POST', '/v1/auth/totp/confirm', { token: owner.token, json: { code } })).status).toBe(200);
      return owner;
    },
    act: (owner, headers) =>
      api.request('PATCH', `/v1/tenants/${owner.tenantId}/settings`, { token: owner.token, headers, json: { requireTwoFactorForAdmins: true } }),
    status: 200,
    scope: (owner) => [owner.tenantId, owner.accountId],
    // The settings and the POLICY item's copy of the rule, which every session check reads.
    change: { added: { auditEvent: 1 }, changed: { tenant: 1, tenantPolicy: 1 }, removed: {} },
    audit: 'settings.updated',
    verify: async (owner) => {
      // The rule is enforced at once: the owner, signed in without a second factor, may no longer manage settings.
      const refused = await api.request('PATCH', `/v1/tenants/${owner.tenantId}/settings`, { token: owner.token, json: { autoLogoutSeconds: 600 } });
      expect(refused.body.code).toBe('two_factor_required');
    },
  } satisfies Scenario<SignedInOwner>,
  {
    name: 'DELETE /v1/tenants/{t}/staff/{s} (archive a staff member with a PIN)',
    idempotent: false,
    setup: () => staffWithPin(),
    act: (staff, headers) => api.request('DELETE', tenantPath(`/staff/${staff.id}`), asOwner(headers)),
    status: 204,
    scope: ownerScope,
    // The staff item erased, the level's holder count, the PIN's digest item freed.
    change: { added: { auditEvent: 1 }, changed: { staff: 1, accessLevel: 1 }, removed: { pinDigest: 1 } },
    audit: 'staff.archived',
    verify: async (staff) => {
      // (Its PIN's digest item is gone with it: see `removed` above.)
      expect((await api.request('GET', tenantPath(`/staff/${staff.id}`), { token: salon.owner.token })).body).toMatchObject({ status: 'archived' });
    },
  } satisfies Scenario<Awaited<ReturnType<typeof staffWithPin>>>,
  {
    name: 'POST /v1/auth/password-reset/confirm',
    idempotent: false,
    setup: async () => {
      const member = await makeSignedInMember(api, salon.owner, salon.levelId);
      const requested = await api.request('POST', '/v1/auth/password-reset', { json: { login: member.email } });
      expect(requested.status).toBe(202);
      const accountId = (await api.request('GET', '/v1/me', { token: member.token })).body.account.id as string;
      const sent = (await outbox(member.email)).find((item) => item.kind === 'password_reset');
      if (!sent?.token) throw new Error('no reset link sent');
      return { ...member, accountId, resetToken: sent.token };
    },
    act: (member, headers) =>
      api.request('POST', '/v1/auth/password-reset/confirm', { headers, json: { token: member.resetToken, newPassword: 'a brand new harbour password' } }),
    status: 204,
    scope: (member) => [salon.owner.tenantId, member.accountId],
    // The reset used up, the password replaced and every session cut off (one account write).
    change: { added: { auditEvent: 1 }, changed: { passwordReset: 1, account: 1 }, removed: {} },
    audit: 'account.password_reset',
    verify: async (member) => {
      expect((await api.request('GET', '/v1/me', { token: member.token })).status).toBe(401);
      const login = await api.request('POST', '/v1/auth/login', { json: { login: member.email, password: 'a brand new harbour password' } });
      expect(login.status).toBe(200);
    },
  } satisfies Scenario<Awaited<ReturnType<typeof makeSignedInMember>> & { accountId: string; resetToken: string }>,
  {
    name: 'POST /v1/terminal/unlock (while a colleague is signed in at the terminal)',
    idempotent: false,
    setup: async () => {
      const staff = await staffWithPin();
      // A colleague is signed in at the terminal: the unlock ends their session with its own.
      const colleague = await api.request('POST', '/v1/terminal/unlock', { token: salon.terminalToken, json: { pin: salon.canaryPin } });
      expect(colleague.status).toBe(200);
      return { ...staff, colleagueToken: colleague.body.token as string };
    },
    act: (staff, headers) => api.request('POST', '/v1/terminal/unlock', { token: salon.terminalToken, headers, json: { pin: staff.pin } }),
    status: 200,
    scope: ownerScope,
    // The session, and the terminal's note of who is signed in at it (one person at a terminal at a time): the colleague's session ends.
    change: { added: { terminalSession: 1, auditEvent: 1 }, changed: { tenantPinBudget: 1 }, removed: { terminalSession: 1 } },
    audit: 'terminal.unlocked',
    verify: async (staff, response) => {
      expect(response.body.staff.id).toBe(staff.id);
      expect((await api.request('GET', '/v1/session', { token: staff.colleagueToken })).status).toBe(401);
      expect((await api.request('POST', '/v1/terminal/lock', { token: response.body.token })).status).toBe(204);
    },
  } satisfies Scenario<Awaited<ReturnType<typeof staffWithPin>> & { colleagueToken: string }>,
];

// ---------------------------------------------------------------------------------------------
// The runs
// ---------------------------------------------------------------------------------------------

function expectedChange(scenario: Scenario<unknown>, withKey: boolean) {
  const added = { ...scenario.change.added };
  if (withKey) added.idempotencyRecord = 1;
  return { added, changed: scenario.change.changed, removed: scenario.change.removed };
}

/** Messages of the scenario's kind sent to its address so far (its setup may have sent one already). */
async function sentCount(scenario: Scenario<any>, context: unknown): Promise<number> {
  if (!scenario.message) return 0;
  const { to, kind } = scenario.message(context);
  return (await outbox(to)).filter((item) => item.kind === kind && item.status === 'sent').length;
}

/** The change is all there: its items, its audit event (of the right action) and, once delivered, its one message. */
async function expectCommitted(scenario: Scenario<any>, context: unknown, diff: Diff, withKey: boolean, sentBefore: number) {
  expect(shapeOf(diff)).toEqual(expectedChange(scenario, withKey));
  expect(diff.added.filter((item) => entityOf(item) === 'auditEvent').map((item) => item.action)).toContain(scenario.audit);
  if (scenario.message) {
    const { to, kind } = scenario.message(context);
    const mine = (await outbox(to)).filter((item) => item.kind === kind);
    // Newest first: exactly one new message, sent, and nothing waiting or dead-lettered.
    expect(mine.map((item) => item.status)).toEqual(Array(sentBefore + 1).fill('sent'));
  }
}

async function expectNothing(scenario: Scenario<any>, context: unknown, diff: Diff, sentBefore: number) {
  expect(shapeOf(diff)).toEqual(NOTHING);
  if (scenario.message) {
    const { to, kind } = scenario.message(context);
    expect((await outbox(to)).filter((item) => item.kind === kind)).toHaveLength(sentBefore);
  }
}

function expectUnavailable(response: ApiResponse) {
  expect(response.status).toBe(503);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
  expect(response.body).toMatchObject({ status: 503, code: 'service_unavailable' });
}

function expectReplay(replay: ApiResponse, first: ApiResponse) {
  expect(replay.status).toBe(first.status);
  expect(replay.headers.get('idempotent-replayed')).toBe('true');
  expect(replay.text).toBe(first.text);
}

/**
 * One run: a fresh subject, the request with one of its calls failing (none:
 * the count run), the table and the outbox checked, then the client's retry
 * with the same Idempotency-Key, and its replay.
 */
async function runOnce(scenario: Scenario<any>, run: number, planned: { target: Target; at: number } | undefined) {
  const context = await scenario.setup(run);
  const key = `fault-${randomUUID()}`;
  const headers: Record<string, string> = scenario.idempotent ? { 'idempotency-key': key } : {};
  await api.stack.drainMessages();
  const sentBefore = await sentCount(scenario, context);
  const before = await snapshot(scenario.scope(context));
  const actAt = clock.nowMs();
  const { result: first, counts, fired, log } = await injector.run(() => scenario.act(context, headers), planned);
  // A run that made fewer calls than the count run (a cached read it skipped) never reached the call to fail: it is checked as a run without a failure.
  const fail = fired ? planned : undefined;
  const failAt = fail?.at;
  const count = fail ? counts[dependencyOf(fail.target)] : counts.dynamodb;
  const where = `${scenario.name}, ${fail ? `${fail.target} call ${fail.at} of ${count}` : 'no call'} failing:\n  ${log.join('\n  ')}\nanswer: ${first.status} ${first.text}`;
  const now = async () => {
    await api.stack.drainMessages();
    return diffOf(before, await snapshot(scenario.scope(context)));
  };
  try {
    let committed: ApiResponse;
    if (first.status === scenario.status) {
      await expectCommitted(scenario, context, await now(), scenario.idempotent, sentBefore);
      // A lost answer is one the SDK asks again for: the route must not notice.
      const answerKept = fail === undefined || fail.target === 'dynamodb-answer';
      if (!answerKept) {
        // Answered although a call failed: only when that call came after the commit (the answer kept for replays).
        expect(failAt, 'a 2xx despite a failed call: it must have been the last one').toBe(count);
        totals.answered2xx += 1;
      }
      if (scenario.idempotent) {
        if (answerKept) {
          expectReplay(await scenario.act(context, headers), first);
        } else {
          // The change committed but its answer was not kept. While the lease lasts, the request holding it might still keep it: retry later.
          // The lease lasts 60 s from the first request, which the checks above may outlast in real time on a busy
          // machine: the retry is made with the test clock back at the first request's start.
          const sinceFirst = clock.nowMs() - actAt;
          clock.advance(-sinceFirst);
          try {
            const again = await scenario.act(context, headers);
            expect(again.status).toBe(409);
            expect(again.body).toMatchObject({ code: 'idempotency_key_in_use' });
            expect(again.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
            // Once it has run out, the retry is told the request was carried out (its answer lost), and changes nothing.
            clock.advance(sinceFirst + LEASE_RUN_OUT_MS);
            const later = await scenario.act(context, headers);
            expect(later.status).toBe(409);
            expect(later.body).toMatchObject({ code: 'idempotency_key_committed' });
          } finally {
            clock.reset();
          }
          totals.keyCommitted += 1;
        }
        await expectCommitted(scenario, context, await now(), true, sentBefore);
      }
      committed = first;
    } else {
      expect(failAt, 'only an injected failure may refuse the request').toBeDefined();
      expectUnavailable(first);
      totals.answered503 += 1;
      await expectNothing(scenario, context, await now(), sentBefore);

      // The client retries as told: the change happens, once.
      const retry = await scenario.act(context, headers);
      expect(retry.status).toBe(scenario.status);
      expect(retry.headers.get('idempotent-replayed')).toBeNull();
      await expectCommitted(scenario, context, await now(), scenario.idempotent, sentBefore);
      if (scenario.idempotent) {
        expectReplay(await scenario.act(context, headers), retry);
        await expectCommitted(scenario, context, await now(), true, sentBefore);
      }
      committed = retry;
    }
    // Last, as it may change more (an unlock to prove a PIN works, say).
    await scenario.verify?.(context, committed);
    return { counts, log, status: first.status, fired };
  } catch (error) {
    if (error instanceof Error) error.message = `${error.message}\n\n${where}`;
    throw error;
  }
}

describe('every DynamoDB request and KMS call of a mutating route, failing in turn', () => {
  for (const scenario of scenarios) {
    it(`${scenario.name}: all or nothing, and the retry converges`, async () => {
      totals.scenarios += 1;
      // Once to warm the process's caches (the settings read for audit retention), so that the count below does
      // not include a read the runs after it skip; then once without a failure: the change commits whole, and its
      // calls are counted.
      await runOnce(scenario, 0, undefined);
      const counted = await runOnce(scenario, 1, undefined);
      expect(counted.status).toBe(scenario.status);
      expect(counted.counts.dynamodb).toBeGreaterThan(0);
      totals.perScenario.push(`${scenario.name}: ${counted.counts.dynamodb} DynamoDB requests, ${counted.counts.kms} KMS calls`);
      let run = 2;
      const unreached: { target: Target; at: number }[] = [];
      for (const target of ['dynamodb', 'dynamodb-answer', 'kms'] as const) {
        const dependency = dependencyOf(target);
        for (let at = 1; at <= counted.counts[dependency]; at += 1) {
          const { counts, log, fired } = await runOnce(scenario, run++, { target, at });
          if (fired) totals.injected[target] += 1;
          else unreached.push({ target, at });
          // A failing call ends the route's work: after it, at most the key given back. One more DynamoDB read is
          // allowed: the audit-retention settings cache (60 s, on the test's movable clock) may have run out since the count.
          const settingsCacheRead = dependency === 'dynamodb' ? 1 : 0;
          expect(counts[dependency], log.join('\n')).toBeLessThanOrEqual(counted.counts[dependency] + settingsCacheRead);
        }
      }
      // Only the last DynamoDB call of a target may go unreached, and only by the one cached read a run may skip.
      expect(unreached.filter(({ target, at }) => target === 'kms' || at !== counted.counts.dynamodb)).toEqual([]);
    }, 180_000);
  }
});

/**
 * A PIN length switch is the one change that cannot be all or nothing: the
 * settings and the salon's PIN epoch commit in one transaction (from then on
 * the old PINs unlock nothing), then every staff member holding an old PIN is
 * marked as needing a new one, one write each. A failure after the commit
 * answers 503; the client's retry with the same body finishes the job.
 */
describe('PATCH /v1/tenants/{t}/settings {pinLength} (a salon per run)', () => {
  async function salonWithPin() {
    const owner = await makeSignedInOwner(api);
    const level = await makeAccessLevel(api, owner, { grants: { 'clients.view': true } });
    const staff = await makeStaff(api, owner, { accessLevelId: level.id });
    const pin = await api.request('PUT', `/v1/tenants/${owner.tenantId}/staff/${staff.id}/pin`, { token: owner.token, json: { generate: true } });
    expect(pin.status).toBe(200);
    return { owner, staffId: staff.id };
  }
  const switchTo4 = (owner: SignedInOwner) => api.request('PATCH', `/v1/tenants/${owner.tenantId}/settings`, { token: owner.token, json: { pinLength: 4 } });
  const tenantItems = async (tenantId: string) => [...(await snapshot([tenantId])).values()];

  it('each DynamoDB request failing in turn: 503 changes nothing before the switch commits; after it, the retry retires the old PINs', async () => {
    const counted = await salonWithPin();
    const { result: answer, counts } = await injector.run(() => switchTo4(counted.owner));
    expect(answer.status).toBe(200);
    expect(answer.body.retiredPins).toBe(1);
    for (let at = 1; at <= counts.dynamodb; at += 1) {
      const { owner, staffId } = await salonWithPin();
      const before = await snapshot([owner.tenantId, owner.accountId]);
      const { result: first, log } = await injector.run(() => switchTo4(owner), { target: 'dynamodb', at });
      const where = `pinLength switch, DynamoDB request ${at} failing:\n  ${log.join('\n  ')}\nanswer: ${first.status} ${first.text}`;
      try {
        expectUnavailable(first);
        const tenant = (await tenantItems(owner.tenantId)).find((item) => item.entity === 'tenant') as { settings: { pinLength: number } };
        if (tenant.settings.pinLength === 6) expect(shapeOf(diffOf(before, await snapshot([owner.tenantId, owner.accountId])))).toEqual(NOTHING);

        const retry = await switchTo4(owner);
        expect(retry.status).toBe(200);
        expect(retry.body.settings.pinLength).toBe(4);
        const items = await tenantItems(owner.tenantId);
        // The staff member is told to get a new PIN, and the old PIN's digest item is gone.
        expect((await api.request('GET', `/v1/tenants/${owner.tenantId}/staff/${staffId}`, { token: owner.token })).body).toMatchObject({
          hasPin: false,
          needsNewPin: true,
        });
        expect(items.filter((item) => item.entity === 'pinDigest')).toEqual([]);
        const actions = items.filter((item) => item.entity === 'auditEvent').map((item) => item.action);
        // One per PATCH that committed (the retry writes the settings again, unchanged).
        expect(actions.filter((action) => action === 'settings.updated')).toHaveLength(tenant.settings.pinLength === 4 ? 2 : 1);
        // The summary event: written by the first attempt or by the retry, never twice (missing only when its own write failed after the work was done).
        expect(actions.filter((action) => action === 'pin.retired').length).toBeLessThanOrEqual(1);
        if (at < counts.dynamodb) expect(actions).toContain('pin.retired');
      } catch (error) {
        if (error instanceof Error) error.message = `${error.message}\n\n${where}`;
        throw error;
      }
    }
  }, 120_000);
});
