/**
 * How an import job's rows and errors are laid out in DynamoDB items (no
 * I/O here): the rows to write cut into chunks, and row errors cut so that
 * the job item stays far below DynamoDB's 400 KB whatever the messages hold.
 */

/** A chunk item holds at most this many bytes of rows: DynamoDB's item limit is 400 KB. */
export const IMPORT_CHUNK_BYTES = 300_000;
/**
 * Row errors kept on the job item; the rest are counted (`errorCount`). Each
 * message is cut to IMPORT_ERROR_MESSAGE_BYTES of UTF-8, so 1,000 errors are
 * at most ~260 KB and the job item stays below 400 KB.
 */
export const STORED_IMPORT_ERRORS = 1_000;
export const IMPORT_ERROR_MESSAGE_BYTES = 200;

/** The rows as JSON arrays of at most `maxBytes` each (a row larger than that alone in its chunk), and the index of each chunk's first row. */
export function chunkRows(rows: readonly unknown[], maxBytes = IMPORT_CHUNK_BYTES): { chunks: string[]; starts: number[] } {
  const chunks: string[] = [];
  const starts: number[] = [];
  let current: string[] = [];
  let bytes = 2;
  rows.forEach((row, index) => {
    const json = JSON.stringify(row);
    const size = Buffer.byteLength(json, 'utf8') + 1;
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(`[${current.join(',')}]`);
      current = [];
      bytes = 2;
    }
    if (current.length === 0) starts.push(index);
    current.push(json);
    bytes += size;
  });
  if (current.length > 0) chunks.push(`[${current.join(',')}]`);
  return { chunks, starts };
}

/** The message cut to at most `maxBytes` of UTF-8, whole characters only, with … when cut. */
export function cutMessage(message: string, maxBytes = IMPORT_ERROR_MESSAGE_BYTES): string {
  if (Buffer.byteLength(message, 'utf8') <= maxBytes) return message;
  let kept = '';
  let bytes = Buffer.byteLength('…', 'utf8');
  for (const char of message) {
    bytes += Buffer.byteLength(char, 'utf8');
    if (bytes > maxBytes) break;
    kept += char;
  }
  return `${kept}…`;
}
