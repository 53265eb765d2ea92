import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DETAILS_LIMITS, detailsProblems, HOST_ACTION, isReservedAction, RESERVED_ACTION_PREFIXES } from '#shared/domain/audit/audit.js';

// The audit module's repository opens a DynamoDB client (and reads the table's config) on import; these tests need neither.
vi.mock('#shared/clients/dynamodb.js', () => ({ ddb: {} }));

const ROOT = new URL('../..', import.meta.url).pathname;

/** Host events are recorded here under the caller's own action names: not StaffGate's. */
const HOST_EVENT_HANDLER = 'functions/audit/handler.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const ACTION_LITERAL = /'([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)'/g;

/**
 * Every action StaffGate records, as written in its source: the string
 * literals of an `action:` property (`action: 'staff.created'`, or a ternary
 * of two) and the literal arguments of event-building helpers
 * (`event('pin.set', …)`, `accountEvents(id, 'account.totp_enabled')`).
 */
function recordedActions(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const add = (action: string, where: string) => found.set(action, [...(found.get(action) ?? []), where]);
  for (const file of ['shared', 'functions', 'local'].flatMap(sourceFiles)) {
    const path = relative(ROOT, join(ROOT, file));
    if (path === HOST_EVENT_HANDLER) continue;
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .forEach((line, index) => {
        const where = `${path}:${index + 1}`;
        const property = /\baction\s*:(.*)$/.exec(line);
        if (property?.[1]) for (const [, action] of property[1].matchAll(ACTION_LITERAL)) add(action!, where);
        for (const [, args] of line.matchAll(/\b\w*[eE]vents?\(([^)]*)/g)) {
          for (const [, action] of (args ?? '').matchAll(ACTION_LITERAL)) add(action!, where);
        }
      });
  }
  return found;
}

describe("StaffGate's own audit actions", () => {
  const actions = recordedActions();

  it('are found by the scan (a scan that finds nothing would pass anything)', () => {
    for (const known of ['tenant.created', 'staff.suspended', 'staff.updated', 'pin.set', 'pin.failed', 'account.totp_enabled', 'message.failed', 'terminal.unlocked']) {
      expect([...actions.keys()]).toContain(known);
    }
  });

  it('all use a prefix of RESERVED_ACTION_PREFIXES, so no host event can pass for one', () => {
    const unreserved = [...actions].filter(([action]) => !isReservedAction(action)).map(([action, where]) => `${action} (${where.join(', ')})`);
    expect(unreserved, 'add the prefix to RESERVED_ACTION_PREFIXES in shared/domain/audit/audit.ts').toEqual([]);
  });

  it('all have the shape of a host action, so the list filters and the reserved check see them the same way', () => {
    for (const action of actions.keys()) expect(action).toMatch(HOST_ACTION);
  });

  it('reserves whole first words only', () => {
    expect(RESERVED_ACTION_PREFIXES.every((prefix) => /^[a-z][a-z0-9_]*\.$/.test(prefix))).toBe(true);
    expect(isReservedAction('staff.created')).toBe(true);
    expect(isReservedAction('staffing.planned')).toBe(false);
    expect(isReservedAction('appointment.staff.changed')).toBe(false);
  });
});

describe('detailsProblems', () => {
  const nested = (levels: number): Record<string, unknown> => {
    let value: Record<string, unknown> = { leaf: 1 };
    for (let i = 1; i < levels; i += 1) value = { down: value };
    return value;
  };

  it('accepts ordinary details, 8 levels deep and exactly 4 KB', () => {
    expect(detailsProblems({ from: '10:00', to: '11:00', moved: true, minutes: 60, price: 12.5, tiny: 1e-130, none: null, list: [1, 'a'] })).toEqual([]);
    expect(detailsProblems(nested(8))).toEqual([]);
    const filler = 'x'.repeat(DETAILS_LIMITS.bytes - JSON.stringify({ a: '' }).length);
    expect(detailsProblems({ a: filler })).toEqual([]);
    expect(detailsProblems({ a: `${filler}x` })).toEqual([{ path: [], message: expect.stringContaining('4096 bytes') }]);
  });

  it('names the path of each problem', () => {
    expect(detailsProblems(nested(9))).toEqual([{ path: ['down', 'down', 'down', 'down', 'down', 'down', 'down', 'down'], message: expect.any(String) }]);
    expect(detailsProblems({ a: { '': 1 } })).toEqual([{ path: ['a'], message: 'Keys must not be empty.' }]);
    expect(detailsProblems({ list: [0, 2 ** 53] })).toEqual([{ path: ['list', '1'], message: expect.any(String) }]);
    for (const bad of [2 ** 53, -(2 ** 53), 1e200, -1e200, 1e-200, -1e-200, 5e-324, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(detailsProblems({ n: bad }), String(bad)).toEqual([{ path: ['n'], message: expect.any(String) }]);
    }
    expect(detailsProblems({ n: Number.MAX_SAFE_INTEGER, m: Number.MIN_SAFE_INTEGER, z: -0 })).toEqual([]);
  });

  it('stops at the depth limit, whatever the depth', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(detailsProblems({ deep })).toHaveLength(1);
  });
});
