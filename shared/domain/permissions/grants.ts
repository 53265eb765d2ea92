/**
 * Grants as sent and stored on an access level (api.md): an absent key is
 * denied; `true` allows; `"approval"` needs another staff member's PIN; an
 * object narrows the grant by scope, history days or amount limit.
 */
export type Scope = { scope: 'all' } | { scope: 'own' } | { scope: 'staff'; employeeIds: string[] };

export type GrantValue = true | 'approval' | Scope | { days: number } | { limit: number };

export type Grants = Record<string, GrantValue>;
