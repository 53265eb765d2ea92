// Generated from openapi.json by `npm run schema -w client` (also run by the root `npm run openapi`). Do not edit.

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["platform.health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["tenants.createTenant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/operator/tenants/{tenantId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch: operations["tenants.changePlan"];
        trace?: never;
    };
    "/v1/operator/tenants/{tenantId}/owner-recovery": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["tenants.recoverOwner"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["tenants.getTenant"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/branches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["tenants.listBranches"];
        put?: never;
        post: operations["tenants.createBranch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/branches/{branchId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["tenants.deleteBranch"];
        options?: never;
        head?: never;
        patch: operations["tenants.updateBranch"];
        trace?: never;
    };
    "/v1/permissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["access-levels.getCatalog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/access-levels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["access-levels.listAccessLevels"];
        put?: never;
        post: operations["access-levels.createAccessLevel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/access-levels/{accessLevelId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["access-levels.getAccessLevel"];
        put: operations["access-levels.replaceAccessLevel"];
        post?: never;
        delete: operations["access-levels.deleteAccessLevel"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/permissions/{permission}/holders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["access-levels.listPermissionHolders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/staff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["staff.listStaff"];
        put?: never;
        post: operations["staff.createStaff"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/staff/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["staff.exportStaff"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/staff/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["staff.importStaff"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/staff/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["staff.startStaffImport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/staff/imports/{importId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["staff.getStaffImport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/staff/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["staff.bulkStaff"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/staff/{staffId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["staff.getStaff"];
        put?: never;
        post?: never;
        delete: operations["staff.archiveStaff"];
        options?: never;
        head?: never;
        patch: operations["staff.updateStaff"];
        trace?: never;
    };
    "/v1/tenants/{tenantId}/staff/{staffId}/pin": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put: operations["staff.setPin"];
        post?: never;
        delete: operations["staff.removePin"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/staff/{staffId}/sessions/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["staff.revokeStaffSessions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["staff.listTags"];
        put?: never;
        post: operations["staff.createTag"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/tags/{tag}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["staff.deleteTag"];
        options?: never;
        head?: never;
        patch: operations["staff.renameTag"];
        trace?: never;
    };
    "/v1/session/pin/renew": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["staff.renewOwnPin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch: operations["tenants.updateSettings"];
        trace?: never;
    };
    "/v1/tenants/{tenantId}/pin-lockouts/clear": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["terminals.clearPinLockouts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/terminals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["terminals.listTerminals"];
        put?: never;
        post: operations["terminals.registerTerminal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/terminals/pair": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["terminals.pairTerminal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/terminals/{terminalId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["terminals.revokeTerminal"];
        options?: never;
        head?: never;
        patch: operations["terminals.updateTerminal"];
        trace?: never;
    };
    "/v1/terminal/unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["terminals.unlock"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/terminal/pairing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["terminals.startPairing"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/terminal/pairing/{pairingId}/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["terminals.fetchPairedToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/terminal/desk-session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["terminals.startDeskSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/terminal/lock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["terminals.lock"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/terminal/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["terminals.approve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["auth.getSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["webhooks.listWebhooks"];
        put?: never;
        post: operations["webhooks.createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/webhooks/{webhookId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["webhooks.getWebhook"];
        put?: never;
        post?: never;
        delete: operations["webhooks.deleteWebhook"];
        options?: never;
        head?: never;
        patch: operations["webhooks.updateWebhook"];
        trace?: never;
    };
    "/v1/tenants/{tenantId}/webhooks/{webhookId}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["webhooks.testWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/webhooks/{webhookId}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["webhooks.rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/webhooks/{webhookId}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["webhooks.listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/authorize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["authorize.authorize"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["audit.recordEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["audit.listEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/access-snapshot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["access-snapshot.issueSnapshot"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["access-snapshot.jwks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["pages.passwordResetPage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/sign-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["pages.signInPage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/two-factor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["pages.twoFactorPage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/invitation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["pages.invitationPage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/assets/account.js": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["pages.accountScript"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/assets/account.css": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["pages.accountStyles"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/assets/password-lists.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["pages.passwordLists"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["auth.login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["auth.logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["auth.me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/totp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["auth.startTotp"];
        delete: operations["auth.disableTotp"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/totp/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["auth.confirmTotp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["auth.listSessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/sessions/{sessionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["auth.endSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["auth.listInvitations"];
        put?: never;
        post: operations["auth.inviteStaff"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/invitations/{invitationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["auth.revokeInvitation"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/invitations/{invitationId}/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["auth.resendInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["auth.requestPasswordReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/password-reset/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["auth.confirmPasswordReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invitations/lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["auth.lookupInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["auth.acceptInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AccessLevel: {
            id: string;
            name: string;
            template: string | null;
            version: number;
            grants: components["schemas"]["Grants"];
            remoteAccess: boolean;
            webOnlySections: string[];
            sections: {
                key: string;
                /** @enum {string} */
                state: "all" | "some" | "none";
            }[];
            permissions: {
                key: string;
                /** @enum {string} */
                scope?: "own" | "staff";
                employeeIds?: string[];
                days?: number;
                limit?: number;
                /** @constant */
                above?: "approval";
                /** @constant */
                approval?: true;
            }[];
            holders: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        AccessSnapshot: {
            /** @description A compact JWS (ES256, `typ` staffgate-access-snapshot+jwt) of the caller's compiled access. */
            snapshot: string;
            /**
             * Format: date-time
             * @description The snapshot's `exp`: ask for a new one before then.
             */
            expiresAt: string;
        };
        Account: {
            id: string;
            email: string | null;
            phone: string | null;
        };
        AccountMembership: {
            tenantId: string;
            tenantName: string;
            staffId: string;
        };
        Approval: {
            /** @description Single-use approval token; shown once. */
            approvalToken: string;
            approver: components["schemas"]["TerminalStaff"];
            /** Format: date-time */
            expiresAt: string;
        };
        AuditActor: {
            /** @enum {string} */
            type: "staff" | "account" | "terminal" | "operator" | "system";
            id: string;
            staffId?: string;
        };
        AuditEvent: {
            id: string;
            /** Format: date-time */
            at: string;
            /** @enum {string} */
            source: "staffgate" | "host";
            action: string;
            actor: components["schemas"]["AuditActor"];
            target: {
                type: string;
                id: string;
            } | null;
            terminalId: string | null;
            requestId: string | null;
            sourceIp: string | null;
            changes: {
                [key: string]: {
                    before: unknown;
                    after: unknown;
                };
            } | null;
            details: {
                [key: string]: unknown;
            } | null;
        };
        Branch: {
            id: string;
            name: string;
            /** Format: date-time */
            createdAt: string;
        };
        BulkResults: {
            results: {
                staffId: string;
                ok: boolean;
                /** @description When not ok: the problem code the single operation would answer (not_found, escalation_denied, last_admin…), `no_contact` (renew_pins: no phone or email) or `internal_error`. */
                code?: string;
            }[];
        };
        CreatedWebhook: {
            id: string;
            url: string;
            types: string[];
            /** @enum {string} */
            status: "active" | "disabled";
            version: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            disabledAt: string | null;
            /** @description After a rotation: until when the previous secret still signs beside the new one. */
            previousSecretExpiresAt: string | null;
            /** @description The signing secret (`whsec_…`, Standard Webhooks); shown once. */
            secret: string;
        };
        CurrentSession: {
            /** @enum {string} */
            kind: "backoffice" | "terminal";
            /**
             * @description Where the session works: the web app, the mobile app (its level without `webOnlySections`) or a salon terminal.
             * @enum {string}
             */
            platform: "web" | "mobile" | "terminal";
            tenantId: string | null;
            staff: {
                id: string;
                /** @description Terminal sessions only. */
                displayName?: string;
            } | null;
            /** @description A desk session only (PINs off, POST /v1/terminal/desk-session): the terminal that acts, with `staff` null. */
            terminal?: {
                id: string;
                name: string;
                branchId: string;
            };
            account: components["schemas"]["Account"] | null;
            permissions: components["schemas"]["SessionPermission"][];
            /** Format: date-time */
            idleExpiresAt: string;
        };
        /** @description The answer to one check: allowed, and why (api.md: reasons). */
        Decision: {
            allowed: boolean;
            /** @enum {string} */
            reason: "granted" | "not_granted" | "unknown_permission" | "approval_required" | "out_of_scope" | "branch_not_allowed" | "history_limit" | "over_limit" | "missing_context" | "approved";
            /** @constant */
            approvalRequired?: true;
            missing?: ("employeeId" | "branchId" | "date" | "amount")[];
            /** @description With `"explain": true` in the check. */
            explain?: {
                levelId: string;
                levelName: string;
                /** @description The level's grant for the permission as stored (true, "approval", {scope…}, {days}, {limit}); null when it has none. */
                grant: unknown;
            };
        };
        DecisionBatch: {
            results: components["schemas"]["Decision"][];
        };
        DeskSession: {
            /** @description The desk session token (bearer); shown once. */
            token: string;
            /** Format: date-time */
            expiresAt: string;
            idleTimeoutSeconds: number;
            terminal: {
                id: string;
                name: string;
                branchId: string;
            };
            /** @description The salon's desk level (settings.deskAccessLevelId). */
            accessLevel: {
                id: string;
                name: string;
            };
            permissions: components["schemas"]["SessionPermission"][];
        };
        /** @description A generated PIN that was not sent: shown in this one answer and never again. */
        GeneratedPin: {
            pin: string;
        };
        Grants: {
            [key: string]: components["schemas"]["GrantValue"];
        };
        GrantValue: true | "approval" | {
            /** @constant */
            scope: "own";
        } | {
            /** @constant */
            scope: "staff";
            employeeIds: string[];
        } | {
            days: number;
        } | {
            limit: number;
        } | {
            limit: number;
            /**
             * @description Above the limit, another staff member's PIN approves the amount instead of a refusal.
             * @constant
             */
            above: "approval";
        };
        HealthUnavailable: {
            /** @constant */
            status: "unavailable";
            checks: {
                [key: string]: "unreachable";
            };
        };
        Invitation: {
            id: string;
            staffId: string;
            /** @enum {string} */
            channel: "email" | "sms";
            /** Format: date-time */
            expiresAt: string;
            /** @enum {string} */
            status: "pending" | "accepted" | "revoked";
        };
        InvitationListItem: {
            id: string;
            staffId: string;
            /** @enum {string} */
            channel: "email" | "sms";
            /** Format: date-time */
            expiresAt: string;
            /** @enum {string} */
            status: "pending" | "accepted" | "revoked" | "expired";
            /** Format: date-time */
            createdAt: string;
        };
        InvitationPreview: {
            tenantName: string;
            firstName: string;
            /** @description Who invited, as the invitation message names them; null for the operator's owner invitation and invitations older than this field. */
            inviterName: string | null;
            /** Format: date-time */
            expiresAt: string;
        };
        InvitedOwner: {
            staff: components["schemas"]["Staff"];
            invitation: components["schemas"]["Invitation"];
        };
        /** @description The region's snapshot signing keys: the current one, the next one, and the previous one during an overlap after a rotation. */
        JsonWebKeySet: {
            keys: {
                /** @constant */
                kty: "EC";
                /** @constant */
                crv: "P-256";
                x: string;
                y: string;
                kid: string;
                /** @constant */
                alg: "ES256";
                /** @constant */
                use: "sig";
            }[];
        };
        ListedTerminal: {
            id: string;
            name: string;
            branchId: string;
            /** @description For `If-Match` on PATCH. */
            version: number;
            /** Format: date-time */
            createdAt: string;
            /** @description When the terminal's token was last used: an unlock, the padlock, or a request of a session opened on it (to within a minute: the session's idle touch). Null if never. */
            lastSeenAt: string | null;
            /** @description Who is signed in at the terminal now; null when nobody is, or their session has ended (padlock, auto-logout, 12 hours, suspended, revoked, terminal moved). */
            signedIn: {
                staffId: string;
                displayName: string;
                /**
                 * Format: date-time
                 * @description When their unlock opened the session.
                 */
                since: string;
            } | null;
        };
        PairedToken: {
            /** @description The terminal device token; given once. */
            token: string;
        };
        /** @description No manager has paired the device yet: fetch again after Retry-After seconds. */
        PairingWaiting: {
            /** @constant */
            status: "waiting";
        };
        PasswordLists: {
            passwords: string[];
            diceware: string[];
            adjacencyGraphs: {
                [key: string]: {
                    [key: string]: (string | null)[];
                };
            };
        };
        PasswordResetAccepted: {
            /** @constant */
            status: "accepted";
        };
        PermissionCatalog: {
            version: number;
            sections: {
                key: string;
                label: string;
                permissions: {
                    key: string;
                    label: string;
                    forms: ("allow" | "approval" | "scope" | "days" | "limit")[];
                    scopes?: ("all" | "own" | "staff")[];
                    parent?: string;
                }[];
            }[];
            templates: {
                key: string;
                label: string;
                remoteAccess: boolean;
                grants: components["schemas"]["Grants"];
            }[];
        };
        PermissionHolder: {
            staffId: string;
            displayName: string;
            /** @enum {string} */
            status: "active" | "invited" | "suspended";
            branchIds: string[];
            /** @description The level that grants it: with `?branchId=`, the member's level at that branch; else their default level, or a branch level (see `levelBranchId`). */
            accessLevelId: string;
            accessLevelName: string;
            /** @description The branch whose level (branchLevels) grants it; null: the member's default level. */
            levelBranchId: string | null;
            /** @description The grant they hold, as stored: true, "approval", {scope…}, {days} or {limit}; the level's, or their personal override's. */
            grant: unknown;
            /**
             * @description The grant is a personal override of this member, not their level's.
             * @constant
             */
            override?: true;
        };
        Problem: {
            /** @description `urn:staffgate:problem:<code>` */
            type: string;
            title: string;
            status: number;
            /** @description For people; may change. Program against `status` and `code`. */
            detail: string;
            /** @enum {string} */
            code: "already_member" | "bad_request" | "concurrent_update" | "escalation_denied" | "external_id_taken" | "forbidden" | "idempotency_key_committed" | "idempotency_key_in_use" | "idempotency_key_reused" | "in_use" | "internal_error" | "invalid_code" | "invalid_credentials" | "invalid_json" | "invalid_pin" | "invalid_status" | "invalid_token" | "invitation_not_found" | "last_admin" | "login_taken" | "method_not_allowed" | "mobile_app_denied" | "name_taken" | "no_contact" | "no_desk_level" | "no_email" | "no_phone" | "not_found" | "not_permitted" | "pairing_not_found" | "payload_too_large" | "pin_length_changed" | "pin_unavailable" | "pins_disabled" | "pins_enabled" | "pins_required" | "plan_required" | "remote_access_denied" | "reserved_action" | "service_unavailable" | "session_expired" | "staff_session_required" | "terminal_locked" | "timeout" | "too_many_attempts" | "too_many_requests" | "too_many_webhooks" | "totp_already_enabled" | "totp_required" | "two_factor_required" | "two_factor_required_first" | "unauthorized" | "unknown_access_level" | "unknown_branch" | "unknown_permission" | "unsupported_media_type" | "validation_failed" | "version_conflict" | "weak_password" | "webhook_not_active";
            /** @description With validation_failed: the fields that failed. */
            errors?: {
                path: string;
                message: string;
            }[];
        };
        Profile: {
            account: components["schemas"]["Account"];
            memberships: components["schemas"]["AccountMembership"][];
        };
        RecordedAuditEvent: {
            id: string;
            /** Format: date-time */
            at: string;
        };
        RecoveryCodes: {
            /** @description One-time recovery codes (xxxxx-xxxxx); shown once. */
            recoveryCodes: string[];
        };
        RegisteredTerminal: {
            id: string;
            name: string;
            branchId: string;
            /** @description For `If-Match` on PATCH. */
            version: number;
            /** Format: date-time */
            createdAt: string;
            /** @description The terminal device token; shown once. */
            token: string;
        };
        RotatedWebhookSecret: {
            id: string;
            /** @description The new signing secret; shown once. */
            secret: string;
            /** Format: date-time */
            previousSecretExpiresAt: string;
        };
        Session: {
            id: string;
            /** @enum {string} */
            kind: "backoffice" | "terminal";
            /**
             * @description The app the session was opened from (login's `platform`).
             * @enum {string}
             */
            platform: "web" | "mobile";
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            lastSeenAt: string;
            /** Format: date-time */
            expiresAt: string;
            userAgent: string | null;
            sourceIp: string | null;
            /** @description The session that asks. */
            current: boolean;
        };
        SessionPermission: {
            key: string;
            /** @enum {string} */
            scope?: "all" | "own" | "staff";
            employeeIds?: string[];
            days?: number;
            limit?: number;
            /** @constant */
            above?: "approval";
            /** @constant */
            approval?: true;
        };
        SignIn: {
            /** @description The back-office session token (bearer); shown once. */
            token: string;
            /** Format: date-time */
            expiresAt: string;
            account: components["schemas"]["Account"];
            memberships: components["schemas"]["AccountMembership"][];
        };
        Staff: {
            id: string;
            firstName: string;
            lastName: string;
            email: string | null;
            phone: string | null;
            accessLevelId: string;
            /** @description Personal adjustments to the level: permission key → a grant (as in an access level's `grants`) that replaces the level's, or `false` that takes the level's away. `{}`: none. */
            overrides: {
                [key: string]: unknown;
            };
            branchIds: string[];
            /** @description The level that applies at a branch instead of `accessLevelId`, by branch. `[]`: the default level everywhere. */
            branchLevels: {
                branchId: string;
                accessLevelId: string;
            }[];
            employeeId: string | null;
            tags: string[];
            externalId: string | null;
            /** @description The language of messages sent to this person; null: the salon's `locale`. */
            locale: ("en" | "sv" | "ru" | "de" | "fr" | "es" | "nl" | "pl" | "fi" | "nb" | "da") | null;
            /** @enum {string} */
            status: "active" | "invited" | "suspended" | "archived";
            /** @description The first local day (the salon's time zone) on which they may sign in or unlock; null: no start. */
            startsOn: string | null;
            /** @description The last local day on which they may sign in or unlock; null: no end. */
            endsOn: string | null;
            hasAccount: boolean;
            hasPin: boolean;
            /** @description When the current PIN was set (by a manager or renewed by the member); null without a PIN. */
            pinSetAt: string | null;
            needsNewPin: boolean;
            version: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /** @description An asynchronous staff CSV import and its progress (docs/staff-csv.md). POST …/staff/imports answers it with 202 and `Location: /v1/tenants/{tenantId}/staff/imports/{id}`. */
        StaffImportJob: {
            id: string;
            /**
             * @description `failed`: the job could not go on (the importer lost staff.manage or left the salon); the rows it did not reach are in `errors`.
             * @enum {string}
             */
            status: "queued" | "running" | "succeeded" | "failed";
            partial: boolean;
            /** @description The file's rows, the header not counted. */
            rows: number;
            created: number;
            updated: number;
            /** @description Rows that name a member and change nothing: nothing is written for them. */
            unchanged: number;
            /** @description Rows still to write. */
            remaining: number;
            /** @description Every row error so far, stored or not. */
            errorCount: number;
            /** @description The first 1,000 row errors recorded (the rows that failed the checks, then those that failed at their write), by row. */
            errors: {
                /** @description The row as a spreadsheet numbers it: the header is row 1. */
                row: number;
                /**
                 * @description The problem code the JSON route would answer for this row.
                 * @enum {string}
                 */
                code: "validation_failed" | "invalid_json" | "weak_password" | "reserved_action" | "no_email" | "no_phone" | "no_contact" | "pins_disabled" | "pins_required" | "pins_enabled" | "no_desk_level" | "staff_session_required" | "invalid_pin" | "pin_length_changed" | "unknown_permission" | "unknown_access_level" | "unknown_branch" | "invalid_status" | "unauthorized" | "invalid_credentials" | "invalid_token" | "invalid_code" | "session_expired" | "totp_required" | "plan_required" | "forbidden" | "not_permitted" | "escalation_denied" | "remote_access_denied" | "mobile_app_denied" | "two_factor_required" | "two_factor_required_first" | "not_found" | "invitation_not_found" | "pairing_not_found" | "method_not_allowed" | "concurrent_update" | "last_admin" | "login_taken" | "already_member" | "name_taken" | "external_id_taken" | "in_use" | "pin_unavailable" | "totp_already_enabled" | "idempotency_key_in_use" | "idempotency_key_committed" | "too_many_webhooks" | "webhook_not_active" | "version_conflict" | "payload_too_large" | "unsupported_media_type" | "idempotency_key_reused" | "terminal_locked" | "too_many_attempts" | "too_many_requests" | "service_unavailable";
                message: string;
            }[];
            /** @description More row errors than `errors` holds (see `errorCount`). */
            errorsTruncated: boolean;
            createdAt: string;
            startedAt?: string;
            finishedAt?: string;
        };
        /** @description With dryRun: what the import would do. Otherwise what it did; with partial=false and any row error, nothing was written (created and updated are 0). */
        StaffImportResult: {
            created: number;
            updated: number;
            /** @description Rows that name a member and change nothing: nothing is written for them. */
            unchanged: number;
            errors: {
                /** @description The row as a spreadsheet numbers it: the header is row 1. */
                row: number;
                /**
                 * @description The problem code the JSON route would answer for this row (validation_failed, escalation_denied, unknown_access_level, …).
                 * @enum {string}
                 */
                code: "validation_failed" | "invalid_json" | "weak_password" | "reserved_action" | "no_email" | "no_phone" | "no_contact" | "pins_disabled" | "pins_required" | "pins_enabled" | "no_desk_level" | "staff_session_required" | "invalid_pin" | "pin_length_changed" | "unknown_permission" | "unknown_access_level" | "unknown_branch" | "invalid_status" | "unauthorized" | "invalid_credentials" | "invalid_token" | "invalid_code" | "session_expired" | "totp_required" | "plan_required" | "forbidden" | "not_permitted" | "escalation_denied" | "remote_access_denied" | "mobile_app_denied" | "two_factor_required" | "two_factor_required_first" | "not_found" | "invitation_not_found" | "pairing_not_found" | "method_not_allowed" | "concurrent_update" | "last_admin" | "login_taken" | "already_member" | "name_taken" | "external_id_taken" | "in_use" | "pin_unavailable" | "totp_already_enabled" | "idempotency_key_in_use" | "idempotency_key_committed" | "too_many_webhooks" | "webhook_not_active" | "version_conflict" | "payload_too_large" | "unsupported_media_type" | "idempotency_key_reused" | "terminal_locked" | "too_many_attempts" | "too_many_requests" | "service_unavailable";
                message: string;
            }[];
        };
        Tag: {
            name: string;
            /** @description Staff members (archived ones aside) who carry it. */
            members: number;
        };
        TagChange: {
            /** @description The tag: its new name after a rename, the deleted one after a delete. */
            name: string;
            /** @description Members this call changed. */
            membersUpdated: number;
            /** @description false (202): members are left to change; send the same request again to finish. */
            complete: boolean;
        };
        Tenant: {
            id: string;
            name: string;
            /** @enum {string} */
            plan: "trial" | "paid";
            /** @enum {string} */
            residency: "EU" | "US" | "OTHER";
            region: string;
            /**
             * @description The language of the messages StaffGate sends for the salon (a staff member's own `locale` wins).
             * @enum {string}
             */
            locale: "en" | "sv" | "ru" | "de" | "fr" | "es" | "nl" | "pl" | "fi" | "nb" | "da";
            settings: components["schemas"]["TenantSettings"];
            version: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        TenantCreated: {
            tenant: components["schemas"]["Tenant"];
            owner: components["schemas"]["InvitedOwner"];
        };
        TenantSettings: {
            pinsEnabled: boolean;
            pinLength: 4 | 6;
            autoLogoutSeconds: number;
            lockout: {
                maxAttempts: number;
                lockSeconds: number;
                tenantFailuresPerHour: number;
            };
            auditRetentionDays: number;
            requireTwoFactorForAdmins: boolean;
            /** @description PINs older than this many days are due for renewal: unlock answers `pinRenewalDue: true` (and still unlocks). null: no limit. */
            pinMaxAgeDays: number | null;
            /** @description How long an access snapshot (POST /v1/access-snapshot) stays valid, in seconds (default 60). */
            snapshotLifetimeSeconds: number;
            /** @description The salon's IANA time zone (default: the deployment region's, e.g. Europe/Dublin): `days` limits, audit day filters and staff dates count its local days. */
            timeZone: string;
            /** @description With PINs off: the access level a front-desk terminal acts with in a desk session (POST /v1/terminal/desk-session), no staff member signed in. null: no desk sessions. */
            deskAccessLevelId: string | null;
        };
        TenantSettingsUpdated: {
            id: string;
            name: string;
            /** @enum {string} */
            plan: "trial" | "paid";
            /** @enum {string} */
            residency: "EU" | "US" | "OTHER";
            region: string;
            /**
             * @description The language of the messages StaffGate sends for the salon (a staff member's own `locale` wins).
             * @enum {string}
             */
            locale: "en" | "sv" | "ru" | "de" | "fr" | "es" | "nl" | "pl" | "fi" | "nb" | "da";
            settings: components["schemas"]["TenantSettings"];
            version: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            retiredPins: number;
        };
        Terminal: {
            id: string;
            name: string;
            branchId: string;
            /** @description For `If-Match` on PATCH. */
            version: number;
            /** Format: date-time */
            createdAt: string;
        };
        TerminalPairing: {
            pairingId: string;
            /** @description 8 characters (no 0, O, 1, I, L or U) for a manager to type at POST …/terminals/pair. */
            code: string;
            /** Format: date-time */
            expiresAt: string;
        };
        TerminalSession: {
            /** @description The terminal session token (bearer); shown once. */
            token: string;
            /** Format: date-time */
            expiresAt: string;
            idleTimeoutSeconds: number;
            staff: components["schemas"]["TerminalStaff"];
            permissions: components["schemas"]["SessionPermission"][];
            /**
             * @description Present when the PIN just used is older than the salon's `pinMaxAgeDays`: suggest `POST /v1/session/pin/renew`. Advice only: the unlock succeeded.
             * @constant
             */
            pinRenewalDue?: true;
        };
        TerminalStaff: {
            id: string;
            displayName: string;
        };
        TotpEnrolment: {
            /** @description The TOTP secret (base32); shown once. */
            secret: string;
            /** @description otpauth:// URI of the same secret, for a QR code. */
            otpauthUri: string;
        };
        Webhook: {
            id: string;
            url: string;
            types: string[];
            /** @enum {string} */
            status: "active" | "disabled";
            version: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            disabledAt: string | null;
            /** @description After a rotation: until when the previous secret still signs beside the new one. */
            previousSecretExpiresAt: string | null;
        };
        WebhookDelivery: {
            id: string;
            eventId: string;
            type: string;
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed";
            attempts: number;
            /** Format: date-time */
            createdAt: string;
            lastAttemptAt: string | null;
            nextAttemptAt: string | null;
            responseStatus: number | null;
            error: string | null;
        };
        WebhookTest: {
            /** @description The `webhook.test` event: find it in the deliveries. */
            eventId: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    "platform.health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        status: "ok";
                    };
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The table cannot be reached. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthUnavailable"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tenants.createTenant": {
        parameters: {
            query?: never;
            header?: {
                /** @description A repeat with the same key and body within 24 h returns the first answer and changes nothing; another body → 422 idempotency_key_reused. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description One line of text, at most 120 characters once NFC-normalised and trimmed; no control characters, line breaks or bidirectional-text controls. */
                    name: string;
                    /** @enum {string} */
                    plan: "trial" | "paid";
                    owner: {
                        /** @description One line of text, at most 100 characters once NFC-normalised and trimmed; no control characters, line breaks or bidirectional-text controls. */
                        firstName: string;
                        /** @description One line of text, at most 100 characters once NFC-normalised and trimmed; no control characters, line breaks or bidirectional-text controls. */
                        lastName: string;
                        /**
                         * Format: email
                         * @description An email address: ASCII letters, digits, dots and !#$%&'*+-/=?^_`{|}~ before the @ (at most 64, no leading, trailing or double dot); a domain name of at least two labels of letters, digits and hyphens (an internationalised domain in punycode, xn--), ending in a top-level domain of at least two letters; no quoted local parts or IP literals; at most 254 characters.
                         */
                        email?: string;
                        /**
                         * @description A phone number in E.164 form, e.g. +46701234567.
                         * @example +46701234567
                         */
                        phone?: string;
                    } | unknown | unknown;
                    pinLength?: 4 | 6;
                    /**
                     * @description The language of the messages StaffGate sends for the salon (default `en`).
                     * @enum {string}
                     */
                    locale?: "en" | "sv" | "ru" | "de" | "fr" | "es" | "nl" | "pl" | "fi" | "nb" | "da";
                    /**
                     * @description The salon's time zone (default: the deployment region's, e.g. Europe/Dublin in eu-west-1).
                     * @example Europe/Stockholm
                     */
                    timeZone?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantCreated"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tenants.changePlan": {
        parameters: {
            query?: never;
            header?: {
                /** @description The `version` you read; a resource that moved on answers 412 version_conflict. */
                "If-Match"?: string;
            };
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    plan: "trial" | "paid";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tenant"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tenants.recoverOwner": {
        parameters: {
            query?: never;
            header?: {
                /** @description A repeat with the same key and body within 24 h returns the first answer and changes nothing; another body → 422 idempotency_key_reused. */
                "Idempotency-Key"?: string;
            };
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    owner: {
                        /** @description One line of text, at most 100 characters once NFC-normalised and trimmed; no control characters, line breaks or bidirectional-text controls. */
                        firstName: string;
                        /** @description One line of text, at most 100 characters once NFC-normalised and trimmed; no control characters, line breaks or bidirectional-text controls. */
                        lastName: string;
                        /**
                         * Format: email
                         * @description An email address: ASCII letters, digits, dots and !#$%&'*+-/=?^_`{|}~ before the @ (at most 64, no leading, trailing or double dot); a domain name of at least two labels of letters, digits and hyphens (an internationalised domain in punycode, xn--), ending in a top-level domain of at least two letters; no quoted local parts or IP literals; at most 254 characters.
                         */
                        email?: string;
                        /**
                         * @description A phone number in E.164 form, e.g. +46701234567.
                         * @example +46701234567
                         */
                        phone?: string;
                    } | unknown | unknown;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitedOwner"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tenants.getTenant": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tenant"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tenants.listBranches": {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Branch"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tenants.createBranch": {
        parameters: {
            query?: never;
            header?: {
                /** @description A repeat with the same key and body within 24 h returns the first answer and changes nothing; another body → 422 idempotency_key_reused. */
                "Idempotency-Key"?: string;
            };
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description One line of text, at most 100 characters once NFC-normalised and trimmed; no control characters, line breaks or bidirectional-text controls. */
                    name: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Branch"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tenants.deleteBranch": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                branchId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tenants.updateBranch": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                branchId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description One line of text, at most 100 characters once NFC-normalised and trimmed; no control characters, line breaks or bidirectional-text controls. */
                    name: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Branch"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "access-levels.getCatalog": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PermissionCatalog"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "access-levels.listAccessLevels": {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AccessLevel"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "access-levels.createAccessLevel": {
        parameters: {
            query?: never;
            header?: {
                /** @description A repeat with the same key and body within 24 h returns the first answer and changes nothing; another body → 422 idempotency_key_reused. */
                "Idempotency-Key"?: string;
            };
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description One line of text, at most 80 characters once NFC-normalised and trimmed; no control characters, line breaks or bidirectional-text controls. */
                    name: string;
                    /** @enum {string} */
                    template?: "owner" | "manager" | "reception" | "specialist" | "junior" | "accountant";
                    grants?: {
                        [key: string]: unknown;
                    };
                    remoteAccess?: boolean;
                    /** @description Catalog sections whose rights work only in the web app and at terminals: a mobile-app session's checks of them answer not_granted. Absent on PUT: kept. */
                    webOnlySections?: ("calendar" | "appointments" | "clients" | "overview" | "sales" | "stock" | "marketing" | "staff" | "access" | "settings" | "mobile")[];
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessLevel"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "access-levels.getAccessLevel": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                accessLevelId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessLevel"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "access-levels.replaceAccessLevel": {
        parameters: {
            query?: never;
            header?: {
                /** @description The `version` you read; a resource that moved on answers 412 version_conflict. */
                "If-Match"?: string;
            };
            path: {
                tenantId: string;
                accessLevelId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description One line of text, at most 80 characters once NFC-normalised and trimmed; no control characters, line breaks or bidirectional-text controls. */
                    name: string;
                    grants: {
                        [key: string]: unknown;
                    };
                    remoteAccess?: boolean;
                    /** @description Catalog sections whose rights work only in the web app and at terminals: a mobile-app session's checks of them answer not_granted. Absent on PUT: kept. */
                    webOnlySections?: ("calendar" | "appointments" | "clients" | "overview" | "sales" | "stock" | "marketing" | "staff" | "access" | "settings" | "mobile")[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessLevel"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "access-levels.deleteAccessLevel": {
        parameters: {
            query?: never;
            header?: {
                /** @description The `version` you read; a resource that moved on answers 412 version_conflict. */
                "If-Match"?: string;
            };
            path: {
                tenantId: string;
                accessLevelId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "access-levels.listPermissionHolders": {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                branchId?: string;
            };
            header?: never;
            path: {
                tenantId: string;
                permission: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["PermissionHolder"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "staff.listStaff": {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                tag?: string | string[];
                branchId?: string;
                status?: "active" | "invited" | "suspended" | "archived";
                q?: string;
                externalId?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Staff"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "staff.createStaff": {
        parameters: {
            query?: never;
            header?: {
                /** @description A repeat with the same key and body within 24 h returns the first answer and changes nothing; another body → 422 idempotency_key_reused. */
                "Idempotency-Key"?: string;
            };
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description One line of text, at most 100 characters once NFC-normalised and trimmed; no control characters, line breaks or bidirectional-text controls. */
                    firstName: string;
                    /** @description One line of text, at most 100 characters once NFC-normalised and trimmed; no control characters, line breaks or bidirectional-text controls. */
                    lastName: string;
                    /**
                     * Format: email
                     * @description An email address: ASCII letters, digits, dots and !#$%&'*+-/=?^_`{|}~ before the @ (at most 64, no leading, trailing or double dot); a domain name of at least two labels of letters, digits and hyphens (an internationalised domain in punycode, xn--), ending in a top-level domain of at least two letters; no quoted local parts or IP literals; at most 254 characters.
                     */
                    email?: string;
                    /**
                     * @description A phone number in E.164 form, e.g. +46701234567.
                     * @example +46701234567
                     */
                    phone?: string;
                    accessLevelId: string;
                    /** @description Personal adjustments to the level: permission key → a grant that replaces the level's, or false to take the level's away. Not the admin rights (access.manage, staff.manage, settings.manage). Needs access.manage. */
                    overrides?: {
                        [key: string]: unknown;
                    };
                    branchIds?: string[];
                    /** @description The level that applies at a branch instead of `accessLevelId`: checks about that branch (resource.branchId, or a session at a terminal of it) use it. One per branch, each a branch the member works in (any, when branchIds is empty). Needs access.manage. */
                    branchLevels?: {
                        branchId: string;
                        accessLevelId: string;
                    }[];
                    employeeId?: string;
                    tags?: string[];
                    externalId?: string;
                    /**
                     * @description The language of messages sent to this person (invitation, PIN, password reset); absent: the salon's `locale`.
                     * @enum {string}
                     */
                    locale?: "en" | "sv" | "ru" | "de" | "fr" | "es" | "nl" | "pl" | "fi" | "nb" | "da";
                    /**
                     * Format: date
                     * @description The first local day (the salon's time zone) on which they may sign in or unlock.
                     */
                    startsOn?: string;
                    /**
                     * Format: date
                     * @description The last local day on which they may sign in or unlock; not before startsOn.
                     */
                    endsOn?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Staff"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "staff.exportStaff": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "staff.importStaff": {
        parameters: {
            query?: {
                dryRun?: "true" | "false";
                partial?: "true" | "false";
            };
            header?: {
                /** @description A repeat with the same key and body within 24 h returns the first answer and changes nothing; another body → 422 idempotency_key_reused. */
                "Idempotency-Key"?: string;
            };
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "text/csv": string;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffImportResult"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "staff.startStaffImport": {
        parameters: {
            query?: {
                dryRun?: "true" | "false";
                partial?: "true" | "false";
            };
            header?: {
                /** @description A repeat with the same key and body within 24 h returns the first answer and changes nothing; another body → 422 idempotency_key_reused. */
                "Idempotency-Key"?: string;
            };
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "text/csv": string;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffImportResult"];
                };
            };
            /** @description Accepted: the work happens after the answer */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffImportJob"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "staff.getStaffImport": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                importId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffImportJob"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "staff.bulkStaff": {
        parameters: {
            query?: never;
            header?: {
                /** @description A repeat with the same key and body within 24 h returns the first answer and changes nothing; another body → 422 idempotency_key_reused. */
                "Idempotency-Key"?: string;
            };
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    action: "tag" | "untag" | "set_level" | "renew_pins" | "suspend";
                    staffIds: string[];
                    /** @description For `tag` and `untag`. */
                    tag?: string;
                    /** @description For `set_level`. */
                    accessLevelId?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkResults"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "staff.getStaff": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                staffId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Staff"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "staff.archiveStaff": {
        parameters: {
            query?: never;
            header?: {
                /** @description The `version` you read; a resource that moved on answers 412 version_conflict. */
                "If-Match"?: string;
            };
            path: {
                tenantId: string;
                staffId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "staff.updateStaff": {
        parameters: {
            query?: never;
            header?: {
                /** @description The `version` you read; a resource that moved on answers 412 version_conflict. */
                "If-Match"?: string;
            };
            path: {
                tenantId: string;
                staffId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description One line of text, at most 100 characters once NFC-normalised and trimmed; no control characters, line breaks or bidirectional-text controls. */
                    firstName?: string;
                    /** @description One line of text, at most 100 characters once NFC-normalised and trimmed; no control characters, line breaks or bidirectional-text controls. */
                    lastName?: string;
                    email?: string | null;
                    phone?: string | null;
                    accessLevelId?: string;
                    overrides?: {
                        [key: string]: unknown;
                    } | null;
                    branchIds?: string[];
                    branchLevels?: {
                        branchId: string;
                        accessLevelId: string;
                    }[] | null;
                    employeeId?: string | null;
                    tags?: string[];
                    externalId?: string | null;
                    /** @description The language of messages sent to this person; null: the salon's `locale` again. */
                    locale?: ("en" | "sv" | "ru" | "de" | "fr" | "es" | "nl" | "pl" | "fi" | "nb" | "da") | null;
                    /** @enum {string} */
                    status?: "active" | "suspended";
                    /** @description The first local day on which they may sign in or unlock; null: no start. */
                    startsOn?: string | null;
                    /** @description The last local day on which they may sign in or unlock; null: no end. */
                    endsOn?: string | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Staff"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "staff.setPin": {
        parameters: {
            query?: never;
            header?: {
                /** @description A repeat with the same key and body within 24 h returns the first answer and changes nothing; another body → 422 idempotency_key_reused. */
                "Idempotency-Key"?: string;
            };
            path: {
                tenantId: string;
                staffId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    pin: string;
                    /** @enum {string} */
                    send?: "sms" | "email";
                } | {
                    /** @constant */
                    generate: true;
                    /** @enum {string} */
                    send?: "sms" | "email";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneratedPin"];
                };
            };
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "staff.removePin": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                staffId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "staff.revokeStaffSessions": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                staffId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "staff.listTags": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Tag"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "staff.createTag": {
        parameters: {
            query?: never;
            header?: {
                /** @description A repeat with the same key and body within 24 h returns the first answer and changes nothing; another body → 422 idempotency_key_reused. */
                "Idempotency-Key"?: string;
            };
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description One line of text, at most 40 characters once NFC-normalised and trimmed; no control characters, line breaks or bidirectional-text controls. */
                    name: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tag"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "staff.deleteTag": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                tag: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted: the work happens after the answer */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TagChange"];
                };
            };
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "staff.renameTag": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                tag: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description One line of text, at most 40 characters once NFC-normalised and trimmed; no control characters, line breaks or bidirectional-text controls. */
                    name: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TagChange"];
                };
            };
            /** @description Accepted: the work happens after the answer */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TagChange"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "staff.renewOwnPin": {
        parameters: {
            query?: never;
            header?: {
                /** @description The salon the request is about (or `tenantId` in the body). */
                "X-Tenant-Id"?: string;
                /** @description A repeat with the same key and body within 24 h returns the first answer and changes nothing; another body → 422 idempotency_key_reused. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    tenantId?: string;
                };
            };
        };
        responses: {
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "tenants.updateSettings": {
        parameters: {
            query?: never;
            header?: {
                /** @description The `version` you read; a resource that moved on answers 412 version_conflict. */
                "If-Match"?: string;
            };
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    pinsEnabled?: boolean;
                    pinLength?: 4 | 6;
                    autoLogoutSeconds?: number;
                    lockout?: {
                        maxAttempts?: number;
                        lockSeconds?: number;
                        tenantFailuresPerHour?: number;
                    };
                    auditRetentionDays?: number;
                    requireTwoFactorForAdmins?: boolean;
                    snapshotLifetimeSeconds?: number;
                    /** @description Days after which a PIN is due for renewal (unlock then answers `pinRenewalDue: true`, and still unlocks); null: no limit (the default). */
                    pinMaxAgeDays?: number | null;
                    /**
                     * @description The language of the salon's messages; a staff member's own `locale` wins for messages to them.
                     * @enum {string}
                     */
                    locale?: "en" | "sv" | "ru" | "de" | "fr" | "es" | "nl" | "pl" | "fi" | "nb" | "da";
                    /**
                     * @description The salon's time zone: `days` limits, audit day filters and staff `startsOn`/`endsOn` count its local days.
                     * @example Europe/Stockholm
                     */
                    timeZone?: string;
                    /** @description With PINs off: the access level a front-desk terminal acts with when nobody is signed in (POST /v1/terminal/desk-session). You must hold every right it grants. null: no desk sessions. */
                    deskAccessLevelId?: string | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantSettingsUpdated"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "terminals.clearPinLockouts": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    terminalId?: string;
                };
            };
        };
        responses: {
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "terminals.listTerminals": {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ListedTerminal"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "terminals.registerTerminal": {
        parameters: {
            query?: never;
            header?: {
                /** @description A repeat with the same key and body within 24 h returns the first answer and changes nothing; another body → 422 idempotency_key_reused. */
                "Idempotency-Key"?: string;
            };
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description One line of text, at most 80 characters once NFC-normalised and trimmed; no control characters, line breaks or bidirectional-text controls. */
                    name: string;
                    branchId: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegisteredTerminal"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "terminals.pairTerminal": {
        parameters: {
            query?: never;
            header?: {
                /** @description A repeat with the same key and body within 24 h returns the first answer and changes nothing; another body → 422 idempotency_key_reused. */
                "Idempotency-Key"?: string;
            };
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code: string;
                    /** @description One line of text, at most 80 characters once NFC-normalised and trimmed; no control characters, line breaks or bidirectional-text controls. */
                    name: string;
                    branchId: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Terminal"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "terminals.revokeTerminal": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                terminalId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "terminals.updateTerminal": {
        parameters: {
            query?: never;
            header?: {
                /** @description The `version` you read; a resource that moved on answers 412 version_conflict. */
                "If-Match"?: string;
            };
            path: {
                tenantId: string;
                terminalId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description One line of text, at most 80 characters once NFC-normalised and trimmed; no control characters, line breaks or bidirectional-text controls. */
                    name?: string;
                    branchId?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Terminal"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "terminals.unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    pin: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TerminalSession"];
                };
            };
            /** @description terminal_locked: too many wrong PINs at this terminal or in the salon. */
            423: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "terminals.startPairing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TerminalPairing"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "terminals.fetchPairedToken": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                pairingId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PairedToken"];
                };
            };
            /** @description Accepted: the work happens after the answer */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PairingWaiting"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "terminals.startDeskSession": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeskSession"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "terminals.lock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "terminals.approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    pin: string;
                    permission: string;
                    resource?: {
                        employeeId?: string;
                        branchId?: string;
                        date?: string;
                        amount?: number;
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Approval"];
                };
            };
            /** @description terminal_locked: too many wrong PINs at this terminal or in the salon. */
            423: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.getSession": {
        parameters: {
            query?: never;
            header?: {
                /** @description The salon the request is about (or `tenantId` in the body). */
                "X-Tenant-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CurrentSession"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "webhooks.listWebhooks": {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Webhook"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "webhooks.createWebhook": {
        parameters: {
            query?: never;
            header?: {
                /** @description A repeat with the same key and body within 24 h returns the first answer and changes nothing; another body → 422 idempotency_key_reused. */
                "Idempotency-Key"?: string;
            };
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description https only; no private, loopback or link-local address (checked again at every delivery). */
                    url: string;
                    types: ("staff.created" | "staff.updated" | "staff.level_changed" | "staff.suspended" | "staff.archived" | "access_level.created" | "access_level.updated" | "access_level.deleted" | "pin.set" | "pin.retired" | "terminal.registered" | "terminal.updated" | "terminal.revoked" | "terminal.locked" | "tenant.pins_locked" | "session.revoked" | "invitation.created" | "invitation.accepted" | "invitation.revoked" | "branch.created" | "branch.updated" | "branch.deleted" | "webhook.disabled")[];
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedWebhook"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "webhooks.getWebhook": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "webhooks.deleteWebhook": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "webhooks.updateWebhook": {
        parameters: {
            query?: never;
            header?: {
                /** @description The `version` you read; a resource that moved on answers 412 version_conflict. */
                "If-Match"?: string;
            };
            path: {
                tenantId: string;
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description https only; no private, loopback or link-local address (checked again at every delivery). */
                    url?: string;
                    types?: ("staff.created" | "staff.updated" | "staff.level_changed" | "staff.suspended" | "staff.archived" | "access_level.created" | "access_level.updated" | "access_level.deleted" | "pin.set" | "pin.retired" | "terminal.registered" | "terminal.updated" | "terminal.revoked" | "terminal.locked" | "tenant.pins_locked" | "session.revoked" | "invitation.created" | "invitation.accepted" | "invitation.revoked" | "branch.created" | "branch.updated" | "branch.deleted" | "webhook.disabled")[];
                    /**
                     * @description Turns a disabled webhook back on.
                     * @constant
                     */
                    status?: "active";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "webhooks.testWebhook": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted: the work happens after the answer */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookTest"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "webhooks.rotateWebhookSecret": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RotatedWebhookSecret"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "webhooks.listWebhookDeliveries": {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                tenantId: string;
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["WebhookDelivery"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "authorize.authorize": {
        parameters: {
            query?: never;
            header?: {
                /** @description The salon the request is about (or `tenantId` in the body). */
                "X-Tenant-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    permission: string;
                    resource?: {
                        employeeId?: string;
                        branchId?: string;
                        date?: string;
                        amount?: number;
                    };
                    tenantId?: string;
                    approvalToken?: string;
                    /** @description Add `explain`: the level that answered and its grant for the permission. */
                    explain?: boolean;
                } | {
                    checks: {
                        permission: string;
                        resource?: {
                            employeeId?: string;
                            branchId?: string;
                            date?: string;
                            amount?: number;
                        };
                        /** @description Add `explain`: the level that answered and its grant for the permission. */
                        explain?: boolean;
                    }[];
                    tenantId?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Decision"] | components["schemas"]["DecisionBatch"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "audit.recordEvent": {
        parameters: {
            query?: never;
            header?: {
                /** @description The salon the request is about (or `tenantId` in the body). */
                "X-Tenant-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    action: string;
                    target?: {
                        type: string;
                        id: string;
                    };
                    /** @description Free-form JSON: at most 4096 bytes, 8 levels deep, no empty keys, numbers finite and within ±(2^53 − 1). */
                    details?: {
                        [key: string]: unknown;
                    };
                    tenantId?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordedAuditEvent"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "audit.listEvents": {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                from?: string;
                to?: string;
                staffId?: string;
                action?: string;
                source?: "staffgate" | "host";
                targetType?: string;
                targetId?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AuditEvent"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "access-snapshot.issueSnapshot": {
        parameters: {
            query?: never;
            header?: {
                /** @description The salon the request is about (or `tenantId` in the body). */
                "X-Tenant-Id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    tenantId?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessSnapshot"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "access-snapshot.jwks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JsonWebKeySet"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "pages.passwordResetPage": {
        parameters: {
            query?: {
                lang?: string | string[];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "pages.signInPage": {
        parameters: {
            query?: {
                lang?: string | string[];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "pages.twoFactorPage": {
        parameters: {
            query?: {
                lang?: string | string[];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "pages.invitationPage": {
        parameters: {
            query?: {
                lang?: string | string[];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "pages.accountScript": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/javascript": string;
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "pages.accountStyles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/css": string;
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "pages.passwordLists": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasswordLists"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    login: string;
                    password: string;
                    totp?: string;
                    /**
                     * @description The app signing in (default `web`). A mobile-app session works in a salon only if the member's level grants `mobile.app`, and holds the level without its `webOnlySections`.
                     * @enum {string}
                     */
                    platform?: "web" | "mobile";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignIn"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Profile"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.startTotp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    password: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TotpEnrolment"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.disableTotp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    password: string;
                    code: string;
                };
            };
        };
        responses: {
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.confirmTotp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryCodes"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.listSessions": {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Session"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.endSession": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sessionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.listInvitations": {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["InvitationListItem"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.inviteStaff": {
        parameters: {
            query?: never;
            header?: {
                /** @description A repeat with the same key and body within 24 h returns the first answer and changes nothing; another body → 422 idempotency_key_reused. */
                "Idempotency-Key"?: string;
            };
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    staffId: string;
                    /** @enum {string} */
                    channel: "email" | "sms";
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Invitation"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.revokeInvitation": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
                invitationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.resendInvitation": {
        parameters: {
            query?: never;
            header?: {
                /** @description A repeat with the same key and body within 24 h returns the first answer and changes nothing; another body → 422 idempotency_key_reused. */
                "Idempotency-Key"?: string;
            };
            path: {
                tenantId: string;
                invitationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Invitation"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.requestPasswordReset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    login: string;
                };
            };
        };
        responses: {
            /** @description Accepted: the work happens after the answer */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasswordResetAccepted"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.confirmPasswordReset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    token: string;
                    newPassword: string;
                };
            };
        };
        responses: {
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.lookupInvitation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    token: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitationPreview"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "auth.acceptInvitation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    token: string;
                    password: string;
                } | {
                    token: string;
                    login: string;
                    password: string;
                    totp?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignIn"];
                };
            };
            /** @description too_many_requests (throttled) or too_many_attempts (an attempt budget is spent). */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A dependency (DynamoDB, KMS, the queue) failed or timed out. Nothing was committed, unless a write timed out after the table received it: retry after `Retry-After` seconds with the same Idempotency-Key (creating routes) or If-Match, and the retry finds what committed. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem with a stable `code`. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
