import { z } from 'zod';
import { Invitation } from '#shared/http/response-schemas.js';
import {
  CurrentSession,
  InvitationPage,
  InvitationPreview,
  PasswordResetAccepted,
  Profile,
  RecoveryCodes,
  SessionPage,
  SignIn,
  TotpEnrolment,
} from '#shared/http/responses/auth-terminals-audit.js';
import { getAccountProfile } from '#shared/data/repositories/accounts.js';
import { login, profileView } from '#shared/domain/auth/login.js';
import { endSession, listAccountSessions } from '#shared/domain/auth/sessions.js';
import { acceptInvitation, previewInvitation } from '#shared/domain/invitations/accept.js';
import { describeSession } from '#shared/domain/auth/describe-session.js';
import { bearerToken } from '#shared/http/bearer.js';
import { UnauthorizedError } from '#shared/errors.js';
import { createApiHandler, defineOperation, type RequestInfo } from '#shared/http/api-handler.js';
import { loginField, opaqueId, password } from '#shared/http/fields.js';
import { auditContext, requireActor } from '#shared/http/request-context.js';
import { inviteStaff, listInvitationViews, resendInvitation, revokeInvitationOf } from '#shared/domain/invitations/invite.js';
import { confirmPasswordReset, requestPasswordReset } from '#shared/domain/auth/password-reset.js';
import { confirmTotpEnrolment, startTotpEnrolment, turnOffTotp } from '#shared/domain/auth/two-factor.js';
import { listQuery } from '#shared/http/list-query.js';
import { pageOf } from '#shared/domain/pagination.js';
import type { Principal } from '#shared/http/principal.js';

/** A token a message carried (invitation, reset): opaque here, checked by the domain, which answers 404/400 for any other string. */
const messageToken = z.string().min(1).max(256);

function backoffice(principal: Principal | undefined) {
  if (principal?.kind !== 'backoffice') throw new UnauthorizedError();
  return principal;
}

const client = (request: RequestInfo) => ({ sourceIp: request.sourceIp, userAgent: request.userAgent });

export const handler = createApiHandler('auth', {
  login: defineOperation({
    body: z.strictObject({
      login: loginField,
      password,
      totp: z.string().max(16).optional(),
      platform: z
        .enum(['web', 'mobile'])
        .optional()
        .describe("The app signing in (default `web`). A mobile-app session works in a salon only if the member's level grants `mobile.app`, and holds the level without its `webOnlySections`."),
    }),
    responses: { 200: SignIn },
    handle: async ({ body, request }) => ({
      status: 200,
      body: await login({ login: body.login, password: body.password, totp: body.totp }, { ...client(request), platform: body.platform }),
    }),
  }),
  logout: defineOperation({
    responses: { 204: null },
    handle: async ({ principal }) => {
      const session = backoffice(principal);
      await endSession(session.accountId, session.sessionId);
      return { status: 204 };
    },
  }),
  me: defineOperation({
    responses: { 200: Profile },
    handle: async ({ principal }) => {
      const profile = await getAccountProfile(backoffice(principal).accountId);
      if (!profile) throw new UnauthorizedError();
      return { status: 200, body: profileView(profile) };
    },
  }),
  listSessions: defineOperation({
    query: listQuery,
    responses: { 200: SessionPage },
    handle: async ({ principal, query }) => {
      const session = backoffice(principal);
      return { status: 200, body: await listAccountSessions(session.accountId, session.sessionId, query.limit, query.cursor) };
    },
  }),
  endSession: defineOperation({
    responses: { 204: null },
    handle: async ({ principal, params }) => {
      await endSession(backoffice(principal).accountId, params.sessionId ?? '');
      return { status: 204 };
    },
  }),
  inviteStaff: defineOperation({
    body: z.strictObject({ staffId: opaqueId, channel: z.enum(['email', 'sms']) }),
    responses: { 201: Invitation },
    handle: async ({ actor, body, request }) => ({
      status: 201,
      body: await inviteStaff(requireActor(actor), body, auditContext(request)),
    }),
  }),
  getSession: defineOperation({
    responses: { 200: CurrentSession },
    handle: async ({ request }) => ({ status: 200, body: await describeSession(bearerToken(request.headers), request.headers['x-tenant-id']) }),
  }),
  listInvitations: defineOperation({
    query: listQuery,
    responses: { 200: InvitationPage },
    handle: async ({ actor, query }) => ({
      status: 200,
      body: pageOf(await listInvitationViews(requireActor(actor).tenantId), (invitation) => invitation.id, query.limit, query.cursor),
    }),
  }),
  revokeInvitation: defineOperation({
    responses: { 204: null },
    handle: async ({ actor, params, request }) => {
      await revokeInvitationOf(requireActor(actor), params.invitationId ?? '', auditContext(request));
      return { status: 204 };
    },
  }),
  resendInvitation: defineOperation({
    responses: { 201: Invitation },
    handle: async ({ actor, params, request }) => ({
      status: 201,
      body: await resendInvitation(requireActor(actor), params.invitationId ?? '', auditContext(request)),
    }),
  }),
  requestPasswordReset: defineOperation({
    body: z.strictObject({ login: loginField }),
    responses: { 202: PasswordResetAccepted },
    handle: async ({ body, request }) => {
      await requestPasswordReset(body.login, client(request));
      return { status: 202, body: { status: 'accepted' } };
    },
  }),
  confirmPasswordReset: defineOperation({
    body: z.strictObject({ token: messageToken, newPassword: password }),
    responses: { 204: null },
    handle: async ({ body }) => {
      await confirmPasswordReset(body.token, body.newPassword);
      return { status: 204 };
    },
  }),
  startTotp: defineOperation({
    body: z.strictObject({ password }),
    responses: { 200: TotpEnrolment },
    handle: async ({ principal, body }) => ({ status: 200, body: await startTotpEnrolment(backoffice(principal).accountId, body.password) }),
  }),
  confirmTotp: defineOperation({
    body: z.strictObject({ code: z.string().regex(/^\d{6}$/, 'Six digits from the authenticator app.') }),
    responses: { 200: RecoveryCodes },
    handle: async ({ principal, body }) => {
      const session = backoffice(principal);
      return { status: 200, body: await confirmTotpEnrolment(session.accountId, session.sessionId, body.code) };
    },
  }),
  disableTotp: defineOperation({
    body: z.strictObject({ password, code: z.string().min(6).max(16) }),
    responses: { 204: null },
    handle: async ({ principal, body }) => {
      await turnOffTotp(backoffice(principal).accountId, body.password, body.code);
      return { status: 204 };
    },
  }),
  lookupInvitation: defineOperation({
    body: z.strictObject({ token: messageToken }),
    responses: { 200: InvitationPreview },
    handle: async ({ body }) => ({ status: 200, body: await previewInvitation(body.token) }),
  }),
  acceptInvitation: defineOperation({
    body: z.union([
      z.strictObject({ token: messageToken, password }),
      z.strictObject({ token: messageToken, login: loginField, password, totp: z.string().max(16).optional() }),
    ]),
    responses: { 200: SignIn },
    handle: async ({ body: { token, ...acceptance }, request }) => ({
      status: 200,
      body: await acceptInvitation(token, acceptance, client(request)),
    }),
  }),
});
