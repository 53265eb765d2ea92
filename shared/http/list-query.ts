import { z } from 'zod';

/** api.md: `?limit=` (default 50, max 200) and an opaque `?cursor=`. */
export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(2048).regex(/^[A-Za-z0-9_-]+$/, 'Not a cursor this API gave out.').optional(),
});
