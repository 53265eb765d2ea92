import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { config } from '../config.js';
import { awsClientOptions, callBudgets } from './call-budgets.js';

/**
 * Encrypts small secrets kept at rest (TOTP secrets): AWS KMS when deployed,
 * AES-256-GCM with a local key file in local mode. Ciphertexts are tagged
 * with their scheme, so a table copied from local mode never decrypts with
 * KMS by mistake. The encryption context binds a ciphertext to its owner.
 */
export interface SecretBox {
  seal(plaintext: string, context: string): Promise<string>;
  open(ciphertext: string, context: string): Promise<string>;
}

class KmsSecretBox implements SecretBox {
  private readonly client = new KMSClient({ region: config().region, ...awsClientOptions(callBudgets().request) });

  constructor(private readonly keyId: string) {}

  async seal(plaintext: string, context: string): Promise<string> {
    const { CiphertextBlob } = await this.client.send(
      new EncryptCommand({ KeyId: this.keyId, Plaintext: Buffer.from(plaintext), EncryptionContext: { owner: context } }),
    );
    if (!CiphertextBlob) throw new Error('KMS returned no ciphertext');
    return `kms:${Buffer.from(CiphertextBlob).toString('base64')}`;
  }

  async open(ciphertext: string, context: string): Promise<string> {
    if (!ciphertext.startsWith('kms:')) throw new Error('not a KMS ciphertext');
    const { Plaintext } = await this.client.send(
      new DecryptCommand({ CiphertextBlob: Buffer.from(ciphertext.slice(4), 'base64'), EncryptionContext: { owner: context } }),
    );
    if (!Plaintext) throw new Error('KMS returned no plaintext');
    return Buffer.from(Plaintext).toString('utf8');
  }
}

export class LocalSecretBox implements SecretBox {
  constructor(private readonly key: Buffer) {}

  static fromFile(file: string): LocalSecretBox {
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    }
    return new LocalSecretBox(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'));
  }

  async seal(plaintext: string, context: string): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `local:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  async open(ciphertext: string, context: string): Promise<string> {
    if (!ciphertext.startsWith('local:')) throw new Error('not a local ciphertext');
    const raw = Buffer.from(ciphertext.slice(6), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}

let current: SecretBox | undefined;

export function secretBox(): SecretBox {
  if (!current) {
    const { secretsKeyId, secretsKeyFile } = config();
    if (secretsKeyId) current = new KmsSecretBox(secretsKeyId);
    else if (secretsKeyFile) current = LocalSecretBox.fromFile(secretsKeyFile);
    else throw new Error('No secrets key configured: set SECRETS_KEY_ID (KMS) or SECRETS_KEY_FILE (local mode)');
  }
  return current;
}
