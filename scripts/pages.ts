/** `npm run pages`: writes the hosted pages' bundled script (shared/pages/generated/account-script.ts). A test fails when it is stale. */
import { writeFileSync } from 'node:fs';
import { accountScriptModule } from './pages-bundle.js';

const file = new URL('../shared/pages/generated/account-script.ts', import.meta.url);
writeFileSync(file, await accountScriptModule());
console.log(`Wrote ${file.pathname}`);
