import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, formatCell, formatList, formatRecord, guardFormula, parseCsv, parseList, unguardFormula } from '#shared/domain/staff/csv.js';

const parseAll = (chunks: Iterable<string>) => [...parseCsv(chunks)].map((record) => record.cells);

/** Cells from the characters that matter to CSV, plus any text. */
const cellText = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'B', ' ', ',', '"', '\r', '\n', "'", '=', '+', '-', '@', '\t', '|', '\\', 'é', '😀') }),
  fc.string({ unit: 'grapheme' }),
);
/** A record of one empty cell is a blank line (parseCsv skips those), so records have two cells or a non-empty one. */
const record = fc.oneof(fc.array(cellText, { minLength: 2, maxLength: 8 }), cellText.filter((cell) => cell !== '').map((cell) => [cell]));

/** `text` cut at random places: the parser must not care where chunks end (a CRLF or a "" split in two). */
function chunked(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(text.slice(from, point));
    from = point;
  }
  chunks.push(text.slice(from));
  return chunks;
}

describe('parseCsv', () => {
  it('reads back whatever formatRecord wrote, the formula guard taken off, however the text is chunked', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 10 }), (records, cuts) => {
        const text = records.map(formatRecord).join('');
        const parsed = parseAll(chunked(text, cuts)).map((cells) => cells.map(unguardFormula));
        expect(parsed).toEqual(records);
      }),
      { numRuns: 500 },
    );
  });

  it('reads quoted cells with commas, doubled quotes and line breaks', () => {
    expect(parseAll(['a,"b,c","say ""hi""","two\r\nlines"\r\n'])).toEqual([['a', 'b,c', 'say "hi"', 'two\r\nlines']]);
  });

  it('takes LF, CRLF and a missing last line end alike, and skips blank lines', () => {
    expect(parseAll(['a,b\nc,d\r\n\r\ne,f'])).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
  });

  it('skips the UTF-8 byte-order mark Excel writes', () => {
    expect(parseAll(['\uFEFFstaffId,firstName\r\n'])).toEqual([['staffId', 'firstName']]);
  });

  it('keeps empty cells, at the ends too', () => {
    expect(parseAll([',a,,\r\n'])).toEqual([['', 'a', '', '']]);
  });

  it('names the line a record starts on', () => {
    expect([...parseCsv(['h1,h2\r\n"x\r\ny",z\r\nlast,row\r\n'])].map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it.each([
    ['a quote inside an unquoted cell', 'ab"c,d\r\n', 1],
    ['text after a closing quote', 'ok\r\n"ab"c,d\r\n', 2],
    ['an unterminated quote', 'ok\r\n"abc,d\r\n', 2],
  ])('refuses %s, naming its line', (_name, text, line) => {
    expect(() => parseAll([text])).toThrow(CsvSyntaxError);
    try {
      parseAll([text]);
    } catch (error) {
      expect((error as CsvSyntaxError).line).toBe(line);
    }
  });
});

describe('formatCell', () => {
  it.each(['=1+1', '+46701234567', '-2', '@SUM(A1)', '\tx', '\rx', "'=x"])('guards %j against formula injection with a leading apostrophe', (value) => {
    expect(guardFormula(value)).toBe(`'${value}`);
    expect(unguardFormula(guardFormula(value))).toBe(value);
  });

  it("leaves other values, an apostrophe-first name included, as they are", () => {
    for (const value of ["O'Neill", "'Neill", 'Anna', 'a=b', '']) {
      expect(guardFormula(value)).toBe(value);
      expect(unguardFormula(value)).toBe(value);
    }
  });

  it('never writes a cell a spreadsheet would run as a formula', () => {
    fc.assert(
      fc.property(cellText, (value) => {
        const cell = formatCell(value);
        const shown = cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell;
        expect(shown).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
  });

  it('quotes a cell with a comma, a quote, a line break or spaces at its ends', () => {
    expect(formatCell('a,b')).toBe('"a,b"');
    expect(formatCell('say "hi"')).toBe('"say ""hi"""');
    expect(formatCell('a\nb')).toBe('"a\nb"');
    expect(formatCell(' a')).toBe('" a"');
    expect(formatCell('plain')).toBe('plain');
  });
});

describe('list cells', () => {
  it('round-trip any list of values, separators and backslashes inside them included', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', '|', '\\', ' ') }), { maxLength: 6 }), (values) => {
        // An empty list and a list of one empty value are both the empty cell.
        fc.pre(!(values.length === 1 && values[0] === ''));
        expect(parseList(formatList(values))).toEqual(values);
      }),
    );
  });

  it('separate values with |', () => {
    expect(formatList(['brn_1', 'brn_2'])).toBe('brn_1|brn_2');
    expect(parseList('vip|a\\|b')).toEqual(['vip', 'a|b']);
    expect(parseList('')).toEqual([]);
  });
});
