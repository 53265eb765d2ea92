/** `npm run build -w components`: writes dist/staffgate-components.js, the one module a host app loads. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { componentsBundle } from './bundle.js';

const file = new URL('../dist/staffgate-components.js', import.meta.url);
mkdirSync(new URL('.', file), { recursive: true });
const bundle = await componentsBundle();
writeFileSync(file, bundle);
console.log(`Wrote ${file.pathname} (${(Buffer.byteLength(bundle) / 1024).toFixed(1)} KiB)`);
