import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkRows, cutMessage, IMPORT_ERROR_MESSAGE_BYTES, STORED_IMPORT_ERRORS } from '#shared/domain/staff/import-chunks.js';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const row = fc.record({ row: fc.integer({ min: 2, max: 5001 }), kind: fc.constant('create'), input: fc.record({ firstName: fc.string({ maxLength: 60 }), tags: fc.array(fc.string(), { maxLength: 20 }) }) });

describe('chunkRows', () => {
  it('keeps every row once, in order, and each chunk within the limit unless one row alone is larger', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 300 }), fc.integer({ min: 50, max: 5_000 }), (rows, maxBytes) => {
        const { chunks, starts } = chunkRows(rows, maxBytes);
        const parsed = chunks.map((chunk) => JSON.parse(chunk) as unknown[]);
        expect(parsed.flat()).toEqual(rows);
        expect(starts).toEqual(parsed.map((_, index) => parsed.slice(0, index).reduce((sum, chunk) => sum + chunk.length, 0)));
        chunks.forEach((chunk, index) => {
          if ((parsed[index] as unknown[]).length > 1) expect(bytes(chunk)).toBeLessThanOrEqual(maxBytes);
        });
      }),
    );
  });

  it('puts a 5,000-row file of large rows in chunks under DynamoDB’s 400 KB item limit', () => {
    const rows = Array.from({ length: 5_000 }, (_, i) => ({ row: i + 2, kind: 'create', input: { firstName: 'Å'.repeat(100), lastName: '😀'.repeat(100), tags: Array(20).fill('x'.repeat(40)) } }));
    const { chunks } = chunkRows(rows);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(bytes(chunk)).toBeLessThanOrEqual(300_000);
  });
});

describe('cutMessage', () => {
  it('keeps a message within the byte limit, whole characters only', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (message) => {
        const cut = cutMessage(message);
        expect(bytes(cut)).toBeLessThanOrEqual(IMPORT_ERROR_MESSAGE_BYTES);
        expect(cut.includes('\uFFFD') && !message.includes('\uFFFD')).toBe(false);
        if (bytes(message) <= IMPORT_ERROR_MESSAGE_BYTES) expect(cut).toBe(message);
        else expect(message.startsWith(cut.slice(0, -1))).toBe(true);
      }),
    );
  });

  it('keeps the stored errors of a job far below 400 KB, whatever their messages hold', () => {
    const errors = Array.from({ length: STORED_IMPORT_ERRORS }, (_, i) => ({ row: 5001 - i, code: 'escalation_denied', message: cutMessage('😀'.repeat(500)) }));
    expect(bytes(JSON.stringify(errors))).toBeLessThan(300 * 1024);
  });
});
