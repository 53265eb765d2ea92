import { z } from 'zod';
import { normaliseEmail, normalisePhone } from '../domain/auth/login-identifier.js';

/** Field schemas shared by the handlers' request schemas. */
export const personName = z.string().trim().min(1).max(100);

export const email = z
  .string()
  .max(254)
  .transform((value, ctx) => {
    const normalised = normaliseEmail(value);
    if (!normalised) {
      ctx.addIssue({ code: 'custom', message: 'Not a valid email address.' });
      return z.NEVER;
    }
    return normalised;
  });

export const phone = z
  .string()
  .max(32)
  .transform((value, ctx) => {
    const normalised = normalisePhone(value);
    if (!normalised) {
      ctx.addIssue({ code: 'custom', message: 'Not a valid phone number in E.164 form (+46701234567).' });
      return z.NEVER;
    }
    return normalised;
  });

/** Passwords are checked against the policy in the domain; here only a sane bound on size. */
export const password = z.string().min(1).max(1024);

export const loginField = z.string().trim().min(1).max(254);

export const opaqueId = z.string().min(1).max(64).regex(/^[a-z]{3}_[0-9a-z]+$/);
