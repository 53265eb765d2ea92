import { describe, expect, it } from 'vitest';
import { browserModuleInputs } from '../../components/scripts/bundle.js';

describe('the components bundle', () => {
  it('takes the typed client from its source, so a fresh clone’s npm start serves it before anything is built', async () => {
    const inputs = await browserModuleInputs(new URL('../../components/src/index.ts', import.meta.url));

    expect(inputs).toContain('client/src/index.ts');
    expect(inputs.filter((input) => input.startsWith('client/dist/'))).toEqual([]);
  });
});
