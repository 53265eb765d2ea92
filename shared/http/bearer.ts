/** The token of an `Authorization: Bearer <token>` header, whatever the header's letter case. */
export function bearerToken(headers: Record<string, string | undefined> | null | undefined): string | undefined {
  const entry = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'authorization');
  const match = entry?.[1] ? /^Bearer\s+(\S+)$/i.exec(entry[1].trim()) : null;
  return match?.[1];
}

const TENANT_ID = /^ten_[0-9a-z]{1,40}$/;

/** The tenant a request is about: the `{tenantId}` of a tenant route, else the X-Tenant-Id header. */
export function namedTenant(
  pathParameters: Record<string, string | undefined> | null | undefined,
  headers: Record<string, string | undefined> | null | undefined,
): string | undefined {
  const fromHeader = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'x-tenant-id')?.[1];
  const tenantId = pathParameters?.tenantId ?? fromHeader?.trim();
  return tenantId && TENANT_ID.test(tenantId) ? tenantId : undefined;
}
