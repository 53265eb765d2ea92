import { z } from 'zod';
import { canonicalTimeZone } from '../time/local-days.js';

/** An IANA time zone Intl knows (`Europe/Stockholm`), stored in its canonical spelling; an offset or an unknown name is a 400. */
export const timeZone = z
  .string()
  .max(64)
  .meta({ description: 'An IANA time zone name, e.g. Europe/Stockholm or America/New_York (not an offset).', examples: ['Europe/Stockholm'] })
  .transform((value, ctx) => {
    const zone = canonicalTimeZone(value.trim());
    if (!zone) {
      ctx.addIssue({ code: 'custom', message: 'Not an IANA time zone this service knows, e.g. Europe/Stockholm.' });
      return z.NEVER;
    }
    return zone;
  });

/** A calendar date, `YYYY-MM-DD`, that exists (zod refuses 2026-02-30): a local day in the salon's time zone. */
export const localDate = z.iso.date().describe("A local day in the salon's time zone, YYYY-MM-DD.");
