/**
 * A small IAM evaluator for identity policies as CDK synthesizes them:
 * Allow/Deny statements, Action and Resource with `*` and `?` wildcards,
 * NotAction/NotResource, and the condition operators StringEquals,
 * StringLike, StringNotEquals, StringNotLike, Bool, with the
 * `ForAllValues:` and `ForAnyValue:` set qualifiers and `...IfExists`.
 * Explicit deny wins; otherwise an action on a resource is allowed only if
 * some Allow statement matches it (implicit deny).
 */
export interface Statement {
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
  Sid?: string;
}

/** Condition keys of a request: a single value, a set of values, or absent. */
export type ConditionKeys = Record<string, string | string[] | undefined>;

export interface AccessRequest {
  action: string;
  resource: string;
  keys?: ConditionKeys;
}

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function globToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's');
}

export function globMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  return globToRegExp(pattern, caseInsensitive).test(value);
}

function matchesAny(patterns: string[], value: string, caseInsensitive: boolean): boolean {
  return patterns.some((pattern) => globMatch(pattern, value, caseInsensitive));
}

function compare(operator: string, expected: string, actual: string): boolean {
  switch (operator) {
    case 'StringEquals':
      return expected === actual;
    case 'StringNotEquals':
      return expected !== actual;
    case 'StringEqualsIgnoreCase':
      return expected.toLowerCase() === actual.toLowerCase();
    case 'StringLike':
      return globMatch(expected, actual);
    case 'StringNotLike':
      return !globMatch(expected, actual);
    case 'Bool':
      return expected === actual;
    default:
      throw new Error(`condition operator ${operator} is not emulated`);
  }
}

const NEGATED = new Set(['StringNotEquals', 'StringNotLike']);

function conditionHolds(qualifiedOperator: string, key: string, expectedRaw: string | string[] | boolean, keys: ConditionKeys): boolean {
  let operator = qualifiedOperator;
  let set: 'ForAllValues' | 'ForAnyValue' | undefined;
  const qualifier = /^(ForAllValues|ForAnyValue):(.*)$/.exec(operator);
  if (qualifier) {
    set = qualifier[1] as 'ForAllValues' | 'ForAnyValue';
    operator = qualifier[2] as string;
  }
  const ifExists = operator.endsWith('IfExists');
  if (ifExists) operator = operator.slice(0, -'IfExists'.length);
  const expected = list(expectedRaw).map(String);
  const actualRaw = Object.entries(keys).find(([name]) => name.toLowerCase() === key.toLowerCase())?.[1];
  const actual = list(actualRaw);
  const valueMatches = (value: string) =>
    NEGATED.has(operator) ? expected.every((e) => compare(operator, e, value)) : expected.some((e) => compare(operator, e, value));
  if (set === 'ForAllValues') return actual.every(valueMatches); // true for an empty or absent set, as in IAM
  if (set === 'ForAnyValue') return actual.some(valueMatches);
  if (actualRaw === undefined) return ifExists || NEGATED.has(operator);
  return actual.some(valueMatches);
}

function statementMatches(statement: Statement, request: AccessRequest): boolean {
  const { action, resource, keys = {} } = request;
  if (statement.Action !== undefined && !matchesAny(list(statement.Action), action, true)) return false;
  if (statement.NotAction !== undefined && matchesAny(list(statement.NotAction), action, true)) return false;
  if (statement.Resource !== undefined && !matchesAny(list(statement.Resource), resource, false)) return false;
  if (statement.NotResource !== undefined && matchesAny(list(statement.NotResource), resource, false)) return false;
  for (const [operator, entries] of Object.entries(statement.Condition ?? {})) {
    for (const [key, expected] of Object.entries(entries)) {
      if (!conditionHolds(operator, key, expected, keys)) return false;
    }
  }
  return true;
}

export type Decision = { allowed: true; statement: Statement } | { allowed: false; reason: 'explicit deny' | 'no statement allows it' };

export function evaluate(statements: readonly Statement[], request: AccessRequest): Decision {
  const matching = statements.filter((statement) => statementMatches(statement, request));
  if (matching.some((statement) => statement.Effect === 'Deny')) return { allowed: false, reason: 'explicit deny' };
  const allow = matching.find((statement) => statement.Effect === 'Allow');
  return allow ? { allowed: true, statement: allow } : { allowed: false, reason: 'no statement allows it' };
}
