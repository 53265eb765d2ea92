import { z } from 'zod';
import {
  Approval,
  DeskSession,
  ListedTerminal,
  PairedToken,
  PairingWaiting,
  RegisteredTerminal,
  Terminal,
  TerminalPairing,
  TerminalSession,
} from '#shared/http/responses/auth-terminals-audit.js';
import { page } from '#shared/http/response-schemas.js';
import { bearerToken } from '#shared/http/bearer.js';
import { endSession } from '#shared/domain/auth/sessions.js';
import { approve } from '#shared/domain/terminals/approvals.js';
import { clearPinLockouts, listTerminalViews, registerTerminal, revokeTerminal, updateTerminal } from '#shared/domain/terminals/manage.js';
import { lockTerminal, unlock } from '#shared/domain/terminals/unlock.js';
import { startDeskSession } from '#shared/domain/terminals/desk-sessions.js';
import { deleteTerminalSession } from '#shared/data/repositories/terminals.js';
import { fetchPairedToken, pairTerminal, POLL_SECONDS, startPairing } from '#shared/domain/terminals/pairing.js';
import { pageOf } from '#shared/domain/pagination.js';
import { UnauthorizedError } from '#shared/errors.js';
import { createApiHandler, defineOperation } from '#shared/http/api-handler.js';
import { opaqueId, terminalName } from '#shared/http/fields.js';
import { ifMatchVersion } from '#shared/http/if-match.js';
import { listQuery } from '#shared/http/list-query.js';
import { auditContext, requireActor } from '#shared/http/request-context.js';

/** Any PIN shape a salon may use; the tenant's own length is the PIN policy's business. */
const pin = z.string().regex(/^\d{4,6}$/, 'A PIN is 4 to 6 digits.');
/** A pairing code as a person types it: any case, with spaces or dashes (pairing.ts normalises it). */
const pairingCode = z.string().min(1).max(24).regex(/^[A-Za-z0-9 -]+$/, 'A pairing code is the 8 letters and digits the device shows.');
const resource = z.strictObject({
  employeeId: z.string().min(1).max(64).optional(),
  branchId: z.string().min(1).max(64).optional(),
  date: z.iso.date().or(z.iso.datetime({ offset: true })).optional(),
  amount: z.number().finite().min(0).max(1_000_000_000).optional(),
});

export const handler = createApiHandler('terminals', {
  registerTerminal: defineOperation({
    body: z.strictObject({ name: terminalName, branchId: opaqueId }),
    responses: { 201: RegisteredTerminal },
    handle: async ({ actor, body, request }) => ({ status: 201, body: await registerTerminal(requireActor(actor), body, auditContext(request)) }),
  }),
  pairTerminal: defineOperation({
    body: z.strictObject({ code: pairingCode, name: terminalName, branchId: opaqueId }),
    responses: { 201: Terminal },
    handle: async ({ actor, body, request }) => ({ status: 201, body: await pairTerminal(requireActor(actor), body, auditContext(request)) }),
  }),
  startPairing: defineOperation({
    responses: { 201: TerminalPairing },
    handle: async () => ({ status: 201, body: await startPairing() }),
  }),
  fetchPairedToken: defineOperation({
    body: z.strictObject({ code: pairingCode }),
    responses: { 200: PairedToken, 202: PairingWaiting },
    handle: async ({ body, params }) => {
      const fetched = await fetchPairedToken(params.pairingId ?? '', body.code);
      if ('waiting' in fetched) return { status: 202, body: { status: 'waiting' }, headers: { 'Retry-After': String(POLL_SECONDS) } };
      return { status: 200, body: fetched };
    },
  }),
  listTerminals: defineOperation({
    query: listQuery,
    responses: { 200: page(ListedTerminal) },
    handle: async ({ actor, query }) => ({
      status: 200,
      body: pageOf(await listTerminalViews(requireActor(actor).access), (terminal) => terminal.id, query.limit, query.cursor),
    }),
  }),
  updateTerminal: defineOperation({
    body: z.strictObject({ name: terminalName.optional(), branchId: opaqueId.optional() }),
    responses: { 200: Terminal },
    handle: async ({ actor, body, params, request }) => ({
      status: 200,
      body: await updateTerminal(requireActor(actor), params.terminalId ?? '', body, ifMatchVersion(request.headers), auditContext(request)),
    }),
  }),
  revokeTerminal: defineOperation({
    responses: { 204: null },
    handle: async ({ actor, params, request }) => {
      await revokeTerminal(requireActor(actor), params.terminalId ?? '', auditContext(request));
      return { status: 204 };
    },
  }),
  clearPinLockouts: defineOperation({
    body: z.strictObject({ terminalId: opaqueId.optional() }),
    responses: { 204: null },
    handle: async ({ actor, body, request }) => {
      await clearPinLockouts(requireActor(actor), body.terminalId, auditContext(request));
      return { status: 204 };
    },
  }),
  unlock: defineOperation({
    body: z.strictObject({ pin }),
    responses: { 200: TerminalSession },
    handle: async ({ body, request }) => ({
      status: 200,
      body: await unlock(bearerToken(request.headers), body.pin, auditContext(request)),
    }),
  }),
  lock: defineOperation({
    responses: { 204: null },
    handle: async ({ principal }) => {
      if (principal?.kind === 'terminal') await lockTerminal(principal.tenantId, principal.terminalId, principal.sessionId);
      else if (principal?.kind === 'desk') await deleteTerminalSession(principal.tenantId, principal.sessionId);
      else if (principal?.kind === 'backoffice') await endSession(principal.accountId, principal.sessionId);
      else throw new UnauthorizedError();
      return { status: 204 };
    },
  }),
  startDeskSession: defineOperation({
    responses: { 201: DeskSession },
    handle: async ({ request }) => ({ status: 201, body: await startDeskSession(bearerToken(request.headers), auditContext(request)) }),
  }),
  approve: defineOperation({
    body: z.strictObject({ pin, permission: z.string().min(1).max(100), resource: resource.optional() }),
    responses: { 200: Approval },
    handle: async ({ principal, body, request }) => {
      if (!principal) throw new UnauthorizedError();
      return { status: 200, body: await approve(principal, body, auditContext(request)) };
    },
  }),
});
