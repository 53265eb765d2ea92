import type { z } from 'zod';
import { ValidationError } from '../errors.js';

/** Parses `value` with `schema`, turning every issue into a `{ path, message }` entry of a 400. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, prefix?: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      return { path: [prefix, path].filter(Boolean).join('.'), message: issue.message };
    }),
  );
}
