import * as fs from 'node:fs';
import * as path from 'node:path';

/** A CloudFormation resource as it stands in a synthesized template. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

export interface StackTemplate {
  /** The deployed stack name, e.g. `todo-prod-monitoring`. */
  readonly stackName: string;
  readonly resources: Record<string, TemplateResource>;
  readonly outputs: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

/** Where a resource comes from, for error messages: stack, logical id and the CDK construct path. */
export interface ResourceRef {
  readonly stack: StackTemplate;
  readonly logicalId: string;
}

/** The account and region the replay pretends to deploy to: only used to resolve pseudo parameters and ARNs. */
export const REPLAY_ENVIRONMENT = { account: '111111111111', region: 'us-east-1', partition: 'aws' } as const;

/**
 * Every stack template of a synthesized cloud assembly (`cdk.out`), read through its `manifest.json`, with a resolver
 * that turns the intrinsics the templates use into the strings CloudFormation would produce (physical names, alarm
 * ARNs, cross-stack outputs). Anything it cannot resolve is an error naming the stack and the intrinsic.
 */
export class CloudAssembly {
  public readonly stacks: readonly StackTemplate[];

  private constructor(stacks: StackTemplate[]) {
    this.stacks = stacks;
  }

  static load(directory: string): CloudAssembly {
    const manifestFile = path.join(directory, 'manifest.json');
    if (!fs.existsSync(manifestFile)) {
      throw new Error(
        `${directory} is not a synthesized cloud assembly: ${manifestFile} is missing (run npm run synth)`,
      );
    }
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as {
      artifacts?: Record<string, { type: string; properties?: { templateFile: string; stackName?: string } }>;
    };
    const stacks: StackTemplate[] = [];
    for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
      if (artifact.type !== 'aws:cloudformation:stack' || artifact.properties === undefined) continue;
      const template = JSON.parse(fs.readFileSync(path.join(directory, artifact.properties.templateFile), 'utf8')) as {
        Resources?: StackTemplate['resources'];
        Outputs?: StackTemplate['outputs'];
      };
      stacks.push({
        stackName: artifact.properties.stackName ?? id,
        resources: template.Resources ?? {},
        outputs: template.Outputs ?? {},
      });
    }
    if (stacks.length === 0) throw new Error(`${directory} holds no CloudFormation stack`);
    return new CloudAssembly(stacks);
  }

  /** Every resource of a type, across stacks. */
  resourcesOfType(type: string): ResourceRef[] {
    return this.stacks.flatMap((stack) =>
      Object.entries(stack.resources)
        .filter(([, resource]) => resource.Type === type)
        .map(([logicalId]) => ({ stack, logicalId })),
    );
  }

  resource(ref: ResourceRef): TemplateResource {
    return ref.stack.resources[ref.logicalId];
  }

  /** `Stack/Construct/Path` from the CDK metadata, or the logical id, to name a resource in messages. */
  describe(ref: ResourceRef): string {
    const cdkPath = this.resource(ref).Metadata?.['aws:cdk:path'];
    return `${typeof cdkPath === 'string' ? cdkPath : ref.logicalId} (${ref.stack.stackName})`;
  }

  property(ref: ResourceRef, name: string): unknown {
    const value = this.resource(ref).Properties?.[name];
    return value === undefined ? undefined : this.resolve(ref.stack, value);
  }

  /** Resolves a template value to plain JSON, replacing every intrinsic function. */
  resolve(stack: StackTemplate, value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(stack, v));
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length !== 1 || !(entries[0][0] === 'Ref' || entries[0][0].startsWith('Fn::'))) {
      return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(stack, v)]));
    }
    const [fn, args] = entries[0];
    switch (fn) {
      case 'Ref':
        return this.ref(stack, args as string);
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(args) ? args : String(args).split('.');
        return this.getAtt(stack, logicalId as string, attribute as string);
      }
      case 'Fn::Join': {
        const [separator, parts] = args as [string, unknown[]];
        return (this.resolve(stack, parts) as unknown[]).join(separator);
      }
      case 'Fn::Select': {
        const [index, list] = args as [number, unknown];
        return (this.resolve(stack, list) as unknown[])[Number(this.resolve(stack, index))];
      }
      case 'Fn::Split': {
        const [separator, text] = args as [string, unknown];
        return String(this.resolve(stack, text)).split(separator);
      }
      case 'Fn::Sub':
        return this.sub(stack, args);
      case 'Fn::GetStackOutput': {
        const { StackName, OutputName } = args as { StackName: string; OutputName: string };
        const other = this.stacks.find((s) => s.stackName === this.resolve(stack, StackName));
        const output = other?.outputs[OutputName];
        if (other === undefined || output === undefined) {
          throw new Error(
            `${stack.stackName}: Fn::GetStackOutput names ${StackName}/${OutputName}, which is not in the assembly`,
          );
        }
        return this.resolve(other, output.Value);
      }
      case 'Fn::ImportValue': {
        const name = this.resolve(stack, args);
        for (const other of this.stacks) {
          for (const output of Object.values(other.outputs)) {
            if (output.Export && this.resolve(other, output.Export.Name) === name)
              return this.resolve(other, output.Value);
          }
        }
        throw new Error(`${stack.stackName}: Fn::ImportValue ${String(name)} is exported by no stack in the assembly`);
      }
      default:
        throw new Error(`${stack.stackName}: the alert replay cannot resolve ${fn} (${JSON.stringify(args)})`);
    }
  }

  private ref(stack: StackTemplate, name: string): string {
    const pseudo: Record<string, string> = {
      'AWS::Region': REPLAY_ENVIRONMENT.region,
      'AWS::AccountId': REPLAY_ENVIRONMENT.account,
      'AWS::Partition': REPLAY_ENVIRONMENT.partition,
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': stack.stackName,
      'AWS::NoValue': '',
    };
    if (name in pseudo) return pseudo[name];
    const resource = stack.resources[name];
    if (resource === undefined) throw new Error(`${stack.stackName}: Ref to ${name}, which is not a resource`);
    const props = resource.Properties ?? {};
    const named = (key: string) =>
      props[key] === undefined ? `${stack.stackName}-${name}` : String(this.resolve(stack, props[key]));
    switch (resource.Type) {
      case 'AWS::Lambda::Function':
        return named('FunctionName');
      case 'AWS::Synthetics::Canary':
      case 'AWS::ApiGateway::RestApi':
        return props.Name === undefined ? name : named('Name');
      case 'AWS::ApiGateway::Stage':
        return named('StageName');
      case 'AWS::SNS::Topic':
        return this.arn('sns', named('TopicName'));
      case 'AWS::CloudWatch::Alarm':
      case 'AWS::CloudWatch::CompositeAlarm':
        return named('AlarmName');
      case 'AWS::DynamoDB::Table':
      case 'AWS::DynamoDB::GlobalTable':
        return named('TableName');
      case 'AWS::Logs::LogGroup':
        return named('LogGroupName');
      case 'AWS::SQS::Queue':
        return `https://sqs.${REPLAY_ENVIRONMENT.region}.amazonaws.com/${REPLAY_ENVIRONMENT.account}/${named('QueueName')}`;
      default:
        // A physical id the replay never compares with anything but itself.
        return `${stack.stackName}/${name}`;
    }
  }

  private getAtt(stack: StackTemplate, logicalId: string, attribute: string): string {
    const resource = stack.resources[logicalId];
    if (resource === undefined)
      throw new Error(`${stack.stackName}: Fn::GetAtt on ${logicalId}, which is not a resource`);
    const props = resource.Properties ?? {};
    if (
      (resource.Type === 'AWS::CloudWatch::Alarm' || resource.Type === 'AWS::CloudWatch::CompositeAlarm') &&
      attribute === 'Arn'
    ) {
      return this.arn('cloudwatch', `alarm:${this.ref(stack, logicalId)}`);
    }
    if (resource.Type === 'AWS::SQS::Queue') {
      const queueName =
        props.QueueName === undefined
          ? `${stack.stackName}-${logicalId}`
          : String(this.resolve(stack, props.QueueName));
      if (attribute === 'QueueName') return queueName;
      if (attribute === 'Arn') return this.arn('sqs', queueName);
    }
    if (resource.Type === 'AWS::Logs::LogGroup' && attribute === 'Arn') {
      return this.arn('logs', `log-group:${this.ref(stack, logicalId)}:*`);
    }
    // The version a template publishes is the one a deployment shifts traffic to: the replay calls it "current".
    if (resource.Type === 'AWS::Lambda::Version' && attribute === 'Version') return CURRENT_VERSION;
    if (attribute === 'Arn') return this.arn(resource.Type.split('::')[1].toLowerCase(), this.ref(stack, logicalId));
    return `${stack.stackName}/${logicalId}.${attribute}`;
  }

  private sub(stack: StackTemplate, args: unknown): string {
    const [text, variables] = Array.isArray(args) ? (args as [string, Record<string, unknown>]) : [args as string, {}];
    return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
      if (name in variables) return String(this.resolve(stack, variables[name]));
      const [logicalId, attribute] = name.split('.');
      return attribute === undefined ? this.ref(stack, logicalId) : this.getAtt(stack, logicalId, attribute);
    });
  }

  private arn(service: string, resource: string): string {
    const { partition, region, account } = REPLAY_ENVIRONMENT;
    return `arn:${partition}:${service}:${region}:${account}:${resource}`;
  }
}

/** The `ExecutedVersion` of the function version a template deploys (traffic shifts from `previous` to it). */
export const CURRENT_VERSION = 'current';
export const PREVIOUS_VERSION = 'previous';
