import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DecryptCommand, GenerateDataKeyPairWithoutPlaintextCommand, KMSClient } from '@aws-sdk/client-kms';
import { clock } from '../clock.js';
import { config } from '../config.js';
import type { SnapshotSigningKeyAttributes } from '../data/entities.js';
import { getSnapshotSigningKey, putSnapshotSigningKeyIfAbsent } from '../data/repositories/snapshot-keys.js';
import { keyExpiresAtSeconds, keyPlan } from '../domain/access-snapshot/key-rotation.js';
import { awsClientOptions, callBudgets } from './call-budgets.js';

/** A public signing key as /.well-known/jwks.json lists it (RFC 7517, 7518 §6.2). */
export interface PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

/**
 * The access-snapshot signing keys (ES256). Signing happens in memory either
 * way (a KMS Sign per snapshot would cost more than the rest of the request
 * and share KMS's per-account ECC request quota; docs/operations.md, cost
 * model). Deployed, the region keeps a key ring in the table whose private
 * parts only KMS can decrypt (KmsSnapshotKeys); locally one key in a file
 * under DATA_DIR.
 */
export interface SnapshotKeys {
  signingKey(nowMs: number): Promise<SigningKey>;
  /** The keys a verifier must accept now, the signing one among them. */
  publicKeys(nowMs: number): Promise<PublicJwk[]>;
}

/** RFC 7638 thumbprint: the kid names the key itself, so no two keys share one. */
function thumbprint(x: string, y: string): string {
  return createHash('sha256').update(JSON.stringify({ crv: 'P-256', kty: 'EC', x, y })).digest('base64url');
}

function publicJwk(x: string, y: string, kid: string): PublicJwk {
  return { kty: 'EC', crv: 'P-256', x, y, kid, alg: 'ES256', use: 'sig' };
}

function coordinatesOf(publicKey: KeyObject): { x: string; y: string } {
  const { x, y, crv } = publicKey.export({ format: 'jwk' });
  if (crv !== 'P-256' || !x || !y) throw new Error('the snapshot signing key is not a P-256 key');
  return { x, y };
}

export class LocalSnapshotKeys implements SnapshotKeys {
  private readonly key: SigningKey;
  private readonly jwk: PublicJwk;

  constructor(privateKey: KeyObject) {
    const { x, y } = coordinatesOf(createPublicKey(privateKey));
    const kid = `local-${thumbprint(x, y)}`;
    this.key = { kid, privateKey };
    this.jwk = publicJwk(x, y, kid);
  }

  /** The key in `file` (PKCS #8 PEM, owner-only), created on first use. To rotate locally, delete the file and restart. */
  static fromFile(file: string): LocalSnapshotKeys {
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      try {
        writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
      } catch (error) {
        // Another process of the same data directory made it first: use theirs.
        if ((error as { code?: string }).code !== 'EEXIST') throw error;
      }
    }
    return new LocalSnapshotKeys(createPrivateKey(readFileSync(file, 'utf8')));
  }

  async signingKey(): Promise<SigningKey> {
    return this.key;
  }

  async publicKeys(): Promise<PublicJwk[]> {
    return [this.jwk];
  }
}

/**
 * The deployed key ring (key-rotation.ts): one item per period in the table,
 * made on first need by KMS GenerateDataKeyPairWithoutPlaintext, so the
 * private key exists in plaintext only in memory, after a KMS Decrypt bound
 * to its period (once per period per warm function instance).
 */
class KmsSnapshotKeys implements SnapshotKeys {
  private readonly client = new KMSClient({ region: config().region, ...awsClientOptions(callBudgets().request) });
  /** Each period's key item as read or made; a failed read is forgotten, so the next request tries again. */
  private readonly items = new Map<number, Promise<SnapshotSigningKeyAttributes | undefined>>();
  private readonly privateKeys = new Map<number, Promise<KeyObject>>();

  constructor(private readonly wrappingKeyId: string) {}

  private static context(period: number) {
    return { owner: `snapshot-key:${period}` };
  }

  private remember<T>(map: Map<number, Promise<T>>, period: number, load: () => Promise<T>): Promise<T> {
    let entry = map.get(period);
    if (!entry) {
      entry = load();
      map.set(period, entry);
      entry.catch(() => map.delete(period));
    }
    return entry;
  }

  /** A period's key; made when `make` and there is none (a period that is past is never made). */
  private item(period: number, make: boolean): Promise<SnapshotSigningKeyAttributes | undefined> {
    return this.remember(this.items, period, async () => (await getSnapshotSigningKey(period, false)) ?? (make ? this.make(period) : undefined));
  }

  private async make(period: number): Promise<SnapshotSigningKeyAttributes> {
    const generated = await this.client.send(
      new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: this.wrappingKeyId, KeyPairSpec: 'ECC_NIST_P256', EncryptionContext: KmsSnapshotKeys.context(period) }),
    );
    if (!generated.PublicKey || !generated.PrivateKeyCiphertextBlob) throw new Error('KMS returned no key pair');
    const { x, y } = coordinatesOf(createPublicKey({ key: Buffer.from(generated.PublicKey), format: 'der', type: 'spki' }));
    const attributes: SnapshotSigningKeyAttributes = {
      period,
      kid: thumbprint(x, y),
      x,
      y,
      privateKeyCiphertext: Buffer.from(generated.PrivateKeyCiphertextBlob).toString('base64'),
      createdAt: clock.now().toISOString(),
      ttl: keyExpiresAtSeconds(period),
    };
    if (await putSnapshotSigningKeyIfAbsent(attributes)) return attributes;
    // Another instance made this period's key between our read and our write: everyone signs with the one stored.
    const stored = await getSnapshotSigningKey(period, true);
    if (!stored) throw new Error(`the signing key of period ${period} is neither absent nor present`);
    return stored;
  }

  async signingKey(nowMs: number): Promise<SigningKey> {
    const plan = keyPlan(nowMs);
    const [current] = await Promise.all(plan.ensure.map((period) => this.item(period, true)));
    if (!current) throw new Error('the current signing key was not made');
    const privateKey = await this.remember(this.privateKeys, plan.signWith, async () => {
      const { Plaintext } = await this.client.send(
        new DecryptCommand({
          KeyId: this.wrappingKeyId,
          CiphertextBlob: Buffer.from(current.privateKeyCiphertext, 'base64'),
          EncryptionContext: KmsSnapshotKeys.context(plan.signWith),
        }),
      );
      if (!Plaintext) throw new Error('KMS returned no plaintext');
      return createPrivateKey({ key: Buffer.from(Plaintext), format: 'der', type: 'pkcs8' });
    });
    // Keys of periods that are over are of no further use in this instance.
    for (const period of this.privateKeys.keys()) if (period < plan.signWith) this.privateKeys.delete(period);
    return { kid: current.kid, privateKey };
  }

  async publicKeys(nowMs: number): Promise<PublicJwk[]> {
    const plan = keyPlan(nowMs);
    const items = await Promise.all(plan.publish.map((period) => this.item(period, plan.ensure.includes(period))));
    return items.flatMap((item) => (item ? [publicJwk(item.x, item.y, item.kid)] : []));
  }
}

let current: SnapshotKeys | undefined;

export function snapshotKeys(): SnapshotKeys {
  if (!current) {
    const { secretsKeyId, snapshotKeyFile } = config();
    if (secretsKeyId) current = new KmsSnapshotKeys(secretsKeyId);
    else if (snapshotKeyFile) current = LocalSnapshotKeys.fromFile(snapshotKeyFile);
    else throw new Error('No snapshot signing key configured: set SECRETS_KEY_ID (KMS key ring) or SNAPSHOT_KEY_FILE (local mode)');
  }
  return current;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWS (RFC 7515) signed with ES256: the signature is r ‖ s (IEEE P1363), as JWA requires, not DER. */
export function signCompactJws(header: Record<string, unknown>, payload: unknown, key: SigningKey): string {
  const input = `${base64url({ ...header, alg: 'ES256', kid: key.kid })}.${base64url(payload)}`;
  const signature = sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}
