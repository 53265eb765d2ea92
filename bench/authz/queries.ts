/**
 * The fixed, seeded query set of the authorization benchmark: the same
 * queries, in the same order, on every run and for every engine.
 */
import { permissionIndex, permissionKeys } from '#shared/domain/permissions/catalog.js';
import type { Resource, Subject } from '#shared/domain/permissions/compiled.js';
import { DAY_MS, type RolePolicy } from './policy.js';

/** "Now" of every check: fixed, so the query set and every answer are reproducible. */
export const NOW_MS = Date.parse('2026-06-15T10:30:00.000Z');
export const SEED = 0x5eed_a11;

export interface StaffMember {
  employeeId: string;
  /**
   * No branch restriction (`branchIds: []`), which every engine models the
   * same way: not at all (so `anyBranch`, which matters only with branches,
   * changes nothing; it is stated so that these subjects and the
   * branch-restricted ones of the prototype's checks share one shape).
   */
  subject: Subject;
}

export interface AuthzQuery {
  role: string;
  roleIndex: number;
  staff: StaffMember;
  key: string;
  /** The key's bit in compiled levels, or -1 for a key the catalog does not know. */
  index: number;
  resource: Resource | undefined;
  /** `Date.parse(resource.date)`, for the engines that compare numbers (theirs is parsed ahead, ours in the check). */
  dateMs: number | undefined;
}

/** mulberry32: a small, fast, deterministic 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const STAFF: readonly StaffMember[] = ['emp-anna', 'emp-boris', 'emp-chloe', 'emp-dmitri'].map((employeeId) => ({
  employeeId,
  subject: { employeeId, branchIds: [], anyBranch: false },
}));

/** Keys no catalog has (a typo, a removed right, another product's): every engine must deny them. */
export const UNKNOWN_KEYS: readonly string[] = ['calendar.delete', 'billing.view', 'sales.refund.all', 'Calendar.view', 'staff'];

export interface QueryMix {
  total: number;
  unknownKey: number;
  withResource: number;
  /** Queries with a resource on a grant the role holds narrowed (own / staff / days / limit): the conditions are evaluated. */
  narrowed: number;
}

/**
 * `count` queries: a random role and staff member; the key is unknown (5 %),
 * one the role holds narrowed (15 %, when it has any), one the role is
 * granted in any form (20 %) or any catalog key (60 %); half
 * carry a resource whose employee is the subject's own, another's or absent,
 * whose date is inside or outside the history windows (date or date-time) or
 * absent, whose amount is below, at or above the limits or absent, and
 * sometimes a branch (ignored: no subject is branch-restricted).
 */
export function generateQueries(policies: readonly RolePolicy[], count: number, seed: number = SEED): AuthzQuery[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(random() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  const grantedKeys = policies.map((policy) => [...policy.rules.keys(), ...policy.approval]);
  const narrowedKeys = policies.map((policy) => [...policy.rules].filter(([, rule]) => rule.kind !== 'all').map(([key]) => key));
  const today = Math.floor(NOW_MS / DAY_MS) * DAY_MS;
  const queries: AuthzQuery[] = [];
  for (let i = 0; i < count; i += 1) {
    const roleIndex = Math.floor(random() * policies.length);
    const policy = policies[roleIndex] as RolePolicy;
    const staff = pick(STAFF);
    const keyDraw = random();
    const granted = grantedKeys[roleIndex] ?? [];
    const narrowed = narrowedKeys[roleIndex] ?? [];
    let key: string;
    if (keyDraw < 0.05) key = pick(UNKNOWN_KEYS);
    else if (keyDraw < 0.2 && narrowed.length > 0) key = pick(narrowed);
    else if (keyDraw < 0.4 && granted.length > 0) key = pick(granted);
    else key = pick(permissionKeys);
    let resource: Resource | undefined;
    let dateMs: number | undefined;
    if (random() < 0.5) {
      resource = {};
      const employeeDraw = random();
      if (employeeDraw < 0.4) resource.employeeId = staff.employeeId;
      else if (employeeDraw < 0.8) resource.employeeId = pick(STAFF.filter((other) => other !== staff)).employeeId;
      if (random() < 0.6) {
        // -40 … +1 days around today: inside and outside the 1-, 7- and 30-day windows, and on their first day.
        const day = today + (Math.floor(random() * 42) - 40) * DAY_MS;
        const iso = new Date(random() < 0.5 ? day : day + Math.floor(random() * DAY_MS)).toISOString();
        resource.date = iso.endsWith('T00:00:00.000Z') && random() < 0.5 ? iso.slice(0, 10) : iso;
        dateMs = Date.parse(resource.date);
      }
      if (random() < 0.6) resource.amount = Math.floor(random() * 121); // 0 … 120, integers (Cedar has no floats).
      if (random() < 0.3) resource.branchId = pick(['br-centre', 'br-north']);
    }
    queries.push({ role: policy.role, roleIndex, staff, key, index: permissionIndex.get(key) ?? -1, resource, dateMs });
  }
  return queries;
}

export function queryMix(queries: readonly AuthzQuery[], policies: readonly RolePolicy[]): QueryMix {
  return {
    total: queries.length,
    unknownKey: queries.filter((q) => q.index < 0).length,
    withResource: queries.filter((q) => q.resource !== undefined).length,
    narrowed: queries.filter((q) => {
      const kind = policies[q.roleIndex]?.rules.get(q.key)?.kind;
      return q.resource !== undefined && kind !== undefined && kind !== 'all';
    }).length,
  };
}
