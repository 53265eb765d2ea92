import { createHash } from 'node:crypto';

/** The pieces of a synthesized CloudFormation template the deployed-mode tests read. */
export interface CfnResource {
  Type: string;
  Properties?: Record<string, any>;
  Metadata?: Record<string, any>;
}
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
}

export const ACCOUNT_ID = '123456789012';

/**
 * What each resource "is" in the emulated deployment: its physical id
 * (`Ref`) and attributes (`Fn::GetAtt`). Filled by the deployment from
 * local stand-ins (the DynamoDB Local table name, fake queue URLs, fake key
 * ARNs); anything not listed gets a deterministic fake ARN.
 */
export interface Physical {
  ref: string;
  attributes: Record<string, string>;
}

export class Intrinsics {
  readonly physical = new Map<string, Physical>();

  constructor(
    readonly template: CfnTemplate,
    readonly region: string,
    readonly stackName: string,
  ) {}

  resource(logicalId: string): CfnResource {
    const resource = this.template.Resources[logicalId];
    if (!resource) throw new Error(`no resource ${logicalId} in ${this.stackName}`);
    return resource;
  }

  ofType(type: string): [string, CfnResource][] {
    return Object.entries(this.template.Resources).filter(([, resource]) => resource.Type === type);
  }

  private physicalOf(logicalId: string): Physical {
    const known = this.physical.get(logicalId);
    if (known) return known;
    const { Type } = this.resource(logicalId);
    const service = Type.split('::')[1]?.toLowerCase() ?? 'unknown';
    const name = `${this.stackName}-${logicalId}`;
    return { ref: name, attributes: { Arn: `arn:aws:${service}:${this.region}:${ACCOUNT_ID}:${name}` } };
  }

  /** Resolves Ref, Fn::GetAtt, Fn::Join, Fn::Select, Fn::Split and Fn::Sub to plain values. */
  resolve(value: unknown): any {
    if (Array.isArray(value)) return value.map((item) => this.resolve(item));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [[key, arg]] = entries as [[string, any]];
      switch (key) {
        case 'Ref':
          return this.ref(arg as string);
        case 'Fn::GetAtt': {
          const [logicalId, attribute] = arg as [string, string];
          const found = this.physicalOf(logicalId).attributes[attribute];
          if (found === undefined) throw new Error(`Fn::GetAtt ${logicalId}.${attribute} is not emulated`);
          return found;
        }
        case 'Fn::Join': {
          const [separator, parts] = arg as [string, unknown[]];
          return (this.resolve(parts) as unknown[]).join(separator);
        }
        case 'Fn::Select': {
          const [index, list] = arg as [number, unknown];
          return (this.resolve(list) as unknown[])[Number(index)];
        }
        case 'Fn::Split': {
          const [separator, text] = arg as [string, unknown];
          return String(this.resolve(text)).split(separator);
        }
        case 'Fn::Sub': {
          const [text, vars = {}] = (Array.isArray(arg) ? arg : [arg, {}]) as [string, Record<string, unknown>];
          return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
            if (name in vars) return String(this.resolve(vars[name]));
            if (name.includes('.')) {
              const [logicalId, attribute] = name.split('.') as [string, string];
              return this.resolve({ 'Fn::GetAtt': [logicalId, attribute] });
            }
            return this.ref(name);
          });
        }
        default:
          break;
      }
    }
    return Object.fromEntries(entries.map(([key, item]) => [key, this.resolve(item)]));
  }

  ref(name: string): string {
    switch (name) {
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::Region':
        return this.region;
      case 'AWS::AccountId':
        return ACCOUNT_ID;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return this.stackName;
      default:
        return this.physicalOf(name).ref;
    }
  }

  /** The logical ids a value refers to (Ref or Fn::GetAtt), anywhere inside it. */
  static references(value: unknown, into: Set<string> = new Set()): Set<string> {
    if (Array.isArray(value)) for (const item of value) Intrinsics.references(item, into);
    else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key === 'Ref' && typeof item === 'string' && !item.startsWith('AWS::')) into.add(item);
        else if (key === 'Fn::GetAtt' && Array.isArray(item)) into.add(String(item[0]));
        else Intrinsics.references(item, into);
      }
    }
    return into;
  }
}

/** A stable fake KMS key id for a logical id. */
export function fakeKeyId(stackName: string, logicalId: string): string {
  const hex = createHash('sha256').update(`${stackName}/${logicalId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
