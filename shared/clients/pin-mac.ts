import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import { config } from '../config.js';
import { awsClientOptions, callBudgets } from './call-budgets.js';

/**
 * The keyed MAC behind the PIN index (product.md, security model (3)): finds
 * a staff member from a PIN alone and keeps PINs unique, without storing any
 * value that a table dump could turn back into a PIN offline. Deployed, the
 * key never leaves AWS KMS (GenerateMac); locally it is a file under DATA_DIR.
 * `keyVersion` is stored on every digest item so the key can be rotated.
 */
export interface PinMac {
  readonly keyVersion: string;
  mac(message: string): Promise<string>;
}

class KmsPinMac implements PinMac {
  private readonly client = new KMSClient({ region: config().region, ...awsClientOptions(callBudgets().request) });

  constructor(readonly keyVersion: string) {}

  async mac(message: string): Promise<string> {
    const { Mac } = await this.client.send(
      new GenerateMacCommand({ KeyId: this.keyVersion, MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from(message, 'utf8') }),
    );
    if (!Mac) throw new Error('KMS returned no MAC');
    return Buffer.from(Mac).toString('base64url');
  }
}

export class LocalPinMac implements PinMac {
  readonly keyVersion: string;

  constructor(private readonly key: Buffer) {
    this.keyVersion = `local:${createHmac('sha256', key).update('key-version').digest('base64url').slice(0, 12)}`;
  }

  /** The key in `file`, created (32 random bytes, owner-only) on first use. */
  static fromFile(file: string): LocalPinMac {
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    }
    return new LocalPinMac(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'));
  }

  async mac(message: string): Promise<string> {
    return createHmac('sha256', this.key).update(message, 'utf8').digest('base64url');
  }
}

let current: PinMac | undefined;

export function pinMac(): PinMac {
  if (!current) {
    const { pinMacKeyId, pinMacKeyFile } = config();
    if (pinMacKeyId) current = new KmsPinMac(pinMacKeyId);
    else if (pinMacKeyFile) current = LocalPinMac.fromFile(pinMacKeyFile);
    else throw new Error('No PIN MAC key configured: set PIN_MAC_KEY_ID (KMS) or PIN_MAC_KEY_FILE (local mode)');
  }
  return current;
}
