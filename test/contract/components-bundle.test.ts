import { describe, expect, it } from 'vitest';
import { browserModuleFiles } from '../../components/scripts/bundle.js';

describe('the components bundle', () => {
  it('takes the typed client from its source, so a fresh clone’s npm start serves it before anything is built', async () => {
    const inputs = (await browserModuleFiles(new URL('../../components/src/index.ts', import.meta.url))).read;

    expect(inputs).toContain('client/src/index.ts');
    expect(inputs.filter((input) => input.startsWith('client/dist/'))).toEqual([]);
  });

  it('leaves out the typed client’s webhook verifier, which the components never call (the client declares no side effects)', async () => {
    const contents = (await browserModuleFiles(new URL('../../components/src/index.ts', import.meta.url))).contributing;

    expect(contents).toContain('client/src/client.ts');
    expect(contents.filter((file) => file.endsWith('client/src/webhooks.ts') || file.includes('node_modules/standardwebhooks/'))).toEqual([]);
  });
});
