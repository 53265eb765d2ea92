import type { components } from './schema.js';

export { createStaffGateClient, type Answer, type ListItem, type ListPath, type StaffGateClient, type StaffGateClientOptions, type TokenSource } from './client.js';
export type { EventType, StaffGateEvent, StaffGateEventData } from './events.js';
export { StaffGateProblem, type Problem, type ProblemCode } from './problem.js';
export type { RetryOptions } from './retry.js';
export type { components, operations, paths } from './schema.js';
export {
  ACCESS_SNAPSHOT_TYP,
  type AccessSnapshot,
  type AccessSnapshotClaims,
  AccessSnapshotExpiredError,
  AccessSnapshotFormatError,
  AccessSnapshotVerificationError,
  createSnapshotCache,
  createSnapshotVerifier,
  type Decision,
  type PermissionCheck,
  type Resource,
  type SnapshotCache,
  type SnapshotCacheOptions,
  type SnapshotEvent,
  type SnapshotKey,
  type SnapshotRefusal,
  type SnapshotVerifier,
  type SnapshotVerifierOptions,
  type SnapshotVerifierStats,
} from './snapshots.js';
export { createWebhookVerifier, WebhookVerificationError, type WebhookHeaders, type WebhookVerifier } from './webhooks.js';

/** The API's named bodies: `Schemas['Staff']`, `Schemas['AccessLevel']`… */
export type Schemas = components['schemas'];
