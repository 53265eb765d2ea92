import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accountScriptModule } from '../../scripts/pages-bundle.js';

describe('shared/pages/generated/account-script.ts', () => {
  it('is what pages/src/account.ts bundles to today (run `npm run pages` after changing it)', async () => {
    const committed = readFileSync(new URL('../../shared/pages/generated/account-script.ts', import.meta.url), 'utf8');

    expect(committed).toBe(await accountScriptModule());
  });
});
