/** The token of an `Authorization: Bearer <token>` header, whatever the header's letter case. */
export function bearerToken(headers: Record<string, string | undefined> | null | undefined): string | undefined {
  const entry = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'authorization');
  const match = entry?.[1] ? /^Bearer\s+(\S+)$/i.exec(entry[1].trim()) : null;
  return match?.[1];
}
