/**
 * `npm run smoke -- --url <API URL> --operator-profile <aws profile> --owner-email <address>`:
 * proves a freshly deployed region answers as it should. One line per check
 * (✓/✗, the status and the problem code); see docs/operations.md, "Smoke test
 * after deploy", for what each check proves.
 *
 * Exit code 0 when every check passed, 1 when one failed, 2 on bad usage.
 */
import { pathToFileURL } from 'node:url';
import { formatResult, type OperatorOptions, runSmokeChecks } from './smoke/checks.js';
import { type OperatorAuth, parseSmokeArgs, USAGE } from './smoke/cli.js';
import { bearerSigner, sigV4Signer } from './smoke/signers.js';

async function operatorOptions(auth: OperatorAuth): Promise<OperatorOptions> {
  if (auth.kind === 'bearer') return { signer: bearerSigner(auth.token), ownerEmail: auth.ownerEmail };
  // Loaded only to sign. A profile with role_arn + source_profile assumes the role (StaffGateOperator-<region>) through STS;
  // the credentials are read when the signed call is made, and a failure there is that check's ✗.
  const { fromIni } = await import('@aws-sdk/credential-provider-ini');
  const credentials = fromIni({ profile: auth.profile, clientConfig: { region: auth.region } });
  return { signer: sigV4Signer({ region: auth.region, credentials }), ownerEmail: auth.ownerEmail };
}

export async function main(argv: string[]): Promise<number> {
  const parsed = parseSmokeArgs(argv);
  if (!parsed.ok) {
    if (parsed.help) {
      console.log(USAGE);
      return 0;
    }
    console.error(`${parsed.error}\n${USAGE}`);
    return 2;
  }
  const { url, operator } = parsed.config;
  console.log(`Smoke test of ${url}${operator ? '' : ' (unsigned checks only: --skip-operator)'}`);
  if (operator?.kind === 'sigv4') console.log(`Operator calls signed (SigV4, ${operator.region}) with profile "${operator.profile}"`);
  if (operator) console.log(`The smoke salon's owner invitation goes to ${operator.ownerEmail}`);
  const results = await runSmokeChecks(
    { baseUrl: url, fetch: (input, init) => fetch(input, init), ...(operator ? { operator: await operatorOptions(operator) } : {}) },
    (result) => console.log(formatResult(result)),
  );
  const failed = results.filter((result) => !result.ok).length;
  console.log(failed === 0 ? `All ${results.length} checks passed.` : `${failed} of ${results.length} checks failed.`);
  return failed === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
