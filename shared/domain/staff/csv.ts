/**
 * RFC 4180 CSV for the staff export and import: a cell formatter that
 * defends spreadsheets against formula injection, and an incremental parser
 * that reads records one at a time from a sequence of chunks.
 *
 * Hand-written rather than a package: the project has no CSV dependency and
 * the grammar is small; test/unit/staff-csv.test.ts checks it with property
 * tests (format → parse round trips, any chunking).
 */

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab or carriage
 * return) as a formula (OWASP "CSV injection"). Such a cell is written with a
 * leading apostrophe, which spreadsheets show as text, and the parser takes
 * exactly one apostrophe off again — also when the value itself began with
 * apostrophes, so every value round-trips, and a hand-typed `'Neill` stays.
 */
const FORMULA_LIKE = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;

export function guardFormula(value: string): string {
  return FORMULA_LIKE.test(value) ? `'${value}` : value;
}

export function unguardFormula(value: string): string {
  return GUARDED.test(value) ? value.slice(1) : value;
}

/** One cell: guarded, then quoted when it holds a comma, a quote or a line break, or spreadsheets would trim it. */
export function formatCell(value: string): string {
  const guarded = guardFormula(value);
  return /[",\r\n]|^\s|\s$/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/** One record, CRLF-terminated as RFC 4180 writes them. */
export function formatRecord(cells: readonly string[]): string {
  return `${cells.map(formatCell).join(',')}\r\n`;
}

/**
 * Lists (branch ids, tags) in one cell, separated by `|`. A tag may itself
 * hold `|` or `\`: those are written `\|` and `\\`.
 */
export function formatList(values: readonly string[]): string {
  return values.map((value) => value.replaceAll('\\', '\\\\').replaceAll('|', '\\|')).join('|');
}

/** The values of a list cell; an empty cell is the empty list. */
export function parseList(cell: string): string[] {
  if (cell === '') return [];
  const values: string[] = [];
  let current = '';
  for (let i = 0; i < cell.length; i++) {
    const char = cell[i] as string;
    if (char === '\\' && i + 1 < cell.length) {
      current += cell[++i];
    } else if (char === '|') {
      values.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  values.push(current);
  return values;
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`Line ${line}: ${message}`);
  }
}

/** A parsed record and the line of the file it starts on (1-based). */
export interface CsvRecord {
  cells: string[];
  line: number;
}

/**
 * Reads RFC 4180 records from `chunks` as they come, never holding more than
 * the record being read: quoted cells with "" escapes and line breaks, CRLF
 * or LF line ends, an optional UTF-8 byte-order mark (Excel writes one), a
 * last record with or without a line end. Blank lines are skipped. A quote
 * inside an unquoted cell, text after a closing quote or an unterminated
 * quote is a CsvSyntaxError naming the line. (A record of one empty cell
 * is a blank line, so it is skipped too.)
 */
export function* parseCsv(chunks: Iterable<string>): Generator<CsvRecord> {
  let cells: string[] = [];
  let cell = '';
  /** `start`: nothing read of this cell; `bare`/`quoted`: inside one; `closed`: after its closing quote. */
  let state: 'start' | 'bare' | 'quoted' | 'quote-in-quoted' | 'closed' = 'start';
  let line = 1;
  let recordLine = 1;
  let first = true;
  let pendingCr = false;

  const endCell = () => {
    cells.push(cell);
    cell = '';
    state = 'start';
  };
  function* endRecord(): Generator<CsvRecord> {
    endCell();
    const record = { cells, line: recordLine };
    cells = [];
    // A blank line is one empty cell: no record.
    if (!(record.cells.length === 1 && record.cells[0] === '')) yield record;
  }

  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      let char = chunk[i] as string;
      if (first) {
        first = false;
        if (char === '\uFEFF') continue;
      }
      if (pendingCr) {
        pendingCr = false;
        if (char === '\n') continue;
      }
      if (state === 'quote-in-quoted') {
        if (char === '"') {
          cell += '"';
          state = 'quoted';
          continue;
        }
        state = 'closed';
      }
      if (state === 'quoted') {
        if (char === '"') state = 'quote-in-quoted';
        else {
          if (char === '\n' || (char === '\r' && chunk[i + 1] !== '\n')) line++;
          cell += char;
        }
        continue;
      }
      if (char === '\r') {
        // CRLF may be split across chunks: the LF after it is skipped when it comes.
        pendingCr = true;
        char = '\n';
      }
      if (char === '\n') {
        yield* endRecord();
        line++;
        recordLine = line;
        continue;
      }
      if (char === ',') {
        endCell();
        continue;
      }
      if (state === 'closed') throw new CsvSyntaxError(line, 'text after a closing quote; a quote inside a quoted cell is written "".');
      if (char === '"') {
        if (state === 'bare') throw new CsvSyntaxError(line, 'a quote inside an unquoted cell; quote the whole cell and write the quote as "".');
        state = 'quoted';
        continue;
      }
      cell += char;
      state = 'bare';
    }
  }
  if (state === 'quoted') throw new CsvSyntaxError(recordLine, 'a quoted cell is never closed.');
  if (cells.length > 0 || cell !== '' || state !== 'start') yield* endRecord();
}
