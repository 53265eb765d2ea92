import { ValidationError } from '../errors.js';

/**
 * A page of a small list that is read whole (a salon's access levels or
 * branches): items after the cursor's id, in the list's order. The cursor is
 * the last id of the previous page, encoded; a cursor naming no item is refused.
 */
export function pageOf<T>(items: T[], idOf: (item: T) => string, limit: number, cursor: string | undefined) {
  let start = 0;
  if (cursor) {
    const afterId = Buffer.from(cursor, 'base64url').toString('utf8');
    const index = items.findIndex((item) => idOf(item) === afterId);
    if (index < 0) throw new ValidationError([{ path: 'query.cursor', message: 'Not a cursor this API gave out.' }]);
    start = index + 1;
  }
  const page = items.slice(start, start + limit);
  const last = page[page.length - 1];
  const more = start + limit < items.length;
  return { items: page, nextCursor: more && last ? Buffer.from(idOf(last)).toString('base64url') : null };
}
