import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { nodejsBundlingOptions } from '../config/bundling';
import { personalDataProtectionPolicy } from '../security/log-encryption-key';
import { SafeDeployment, SafeDeploymentProps } from './safe-deployment';

/** The alias every caller invokes (API Gateway, event source mappings); never `$LATEST`. */
export const LIVE_ALIAS_NAME = 'live';

/** CodeDeploy settings of a function; the deployment group is named after the function. */
export type TodoFunctionDeploymentOptions = Omit<SafeDeploymentProps, 'alias' | 'deploymentGroupName'>;

export interface TodoFunctionProps {
  /** Absolute path of the handler's entry file (exports `handler`). */
  readonly entry: string;
  /** Physical function name; also names its log group `/aws/lambda/<name>`. */
  readonly functionName: string;
  readonly description: string;
  /**
   * Environment variables for the handler.
   * @default - none besides the Powertools settings
   */
  readonly environment?: Record<string, string>;
  /** Powertools service name (`service` in logs and metrics). */
  readonly serviceName: string;
  /** CloudWatch namespace of the handler's EMF metrics. */
  readonly metricsNamespace: string;
  /**
   * @default 1024
   */
  readonly memorySizeMb?: number;
  /**
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * Powertools log level.
   * @default 'INFO'
   */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * Share of invocations logging at DEBUG whatever `logLevel` says (0–1).
   * @default 0
   */
  readonly debugLogSampleRate?: number;
  /**
   * An existing log group to write to instead of creating `/aws/lambda/<functionName>` (e.g. the audit log group,
   * whose retention and encryption its owner sets). Excludes `logRetention`, `logRemovalPolicy`,
   * `logEncryptionKey` and `maskPersonalData`, which only shape a log group this construct creates.
   * @default - a new log group `/aws/lambda/<functionName>`
   */
  readonly existingLogGroup?: logs.ILogGroup;
  /**
   * Retention of the function's log group.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the log group when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Customer-managed key encrypting the log group (its logs carry user ids and request details).
   * @default - CloudWatch Logs' own encryption
   */
  readonly logEncryptionKey?: kms.IKey;
  /**
   * Mask e-mail and IP addresses in the log group.
   * @default true
   */
  readonly maskPersonalData?: boolean;
  /**
   * Executions reserved for this function: always available to it, and its ceiling (an integer, at least 1).
   * @default - none: the function shares the account's unreserved concurrency
   */
  readonly reservedConcurrency?: number;
  /**
   * Shift traffic from the old version to the new one with CodeDeploy, rolling back when the new version's rollback
   * alarms fire.
   * @default - CloudFormation points the alias at each new version at once, without rollback alarms
   */
  readonly deployment?: TodoFunctionDeploymentOptions;
}

/**
 * A Node.js handler as every function of this app runs: nodejs24.x on arm64, an ESM bundle built offline with esbuild,
 * X-Ray active tracing, JSON logs into its own log group with explicit retention, and a role that starts with nothing
 * but writing to that log group (callers grant the rest).
 */
export class TodoFunction extends Construct {
  public readonly function: nodejs.NodejsFunction;
  public readonly role: iam.Role;
  /** The log group the function writes to: its own, or `existingLogGroup`. */
  public readonly logGroup: logs.ILogGroup;
  /** `live`: the version callers invoke. Each change of the function publishes a new version behind it. */
  public readonly alias: lambda.Alias;
  /** The CodeDeploy deployment group and rollback alarms, when `deployment` is set. */
  public readonly deployment?: SafeDeployment;

  constructor(scope: Construct, id: string, props: TodoFunctionProps) {
    super(scope, id);
    const sampleRate = props.debugLogSampleRate ?? 0;
    if (!(sampleRate >= 0 && sampleRate <= 1)) {
      throw new Error(`TodoFunction: debugLogSampleRate must be between 0 and 1, got ${sampleRate}`);
    }

    const reserved = props.reservedConcurrency;
    if (reserved !== undefined && !Token.isUnresolved(reserved) && !(Number.isInteger(reserved) && reserved >= 1)) {
      throw new Error(`TodoFunction: reservedConcurrency must be an integer of at least 1, got ${reserved}`);
    }

    if (props.existingLogGroup !== undefined) {
      const conflicting = (
        ['logRetention', 'logRemovalPolicy', 'logEncryptionKey', 'maskPersonalData'] as const
      ).filter((name) => props[name] !== undefined);
      if (conflicting.length > 0) {
        throw new Error(
          `TodoFunction: existingLogGroup cannot be combined with ${conflicting.join(', ')}; ` +
            'set those on the existing log group',
        );
      }
    }

    this.logGroup =
      props.existingLogGroup ??
      new logs.LogGroup(this, 'LogGroup', {
        logGroupName: `/aws/lambda/${props.functionName}`,
        retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
        removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
        encryptionKey: props.logEncryptionKey,
        dataProtectionPolicy:
          (props.maskPersonalData ?? true)
            ? personalDataProtectionPolicy(`${props.functionName}-personal-data`)
            : undefined,
      });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.functionName}`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      functionName: props.functionName,
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySizeMb ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      reservedConcurrentExecutions: reserved,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      // INFO keeps the platform.report / platform.initReport records: duration, memory used, init duration.
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      tracing: lambda.Tracing.ACTIVE,
      // Old versions stay when a deploy publishes a new one: they are what a manual rollback points the alias back to.
      currentVersionOptions: { removalPolicy: RemovalPolicy.RETAIN },
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        POWERTOOLS_LOGGER_SAMPLE_RATE: String(sampleRate),
        // No NODE_OPTIONS=--enable-source-maps: it cost every cold start ~7 ms and the first logged error ~20 ms
        // (npm run bench); logged stacks point into the bundle, and its .map resolves them (docs/cold-start.md).
        ...props.environment,
      },
      bundling: nodejsBundlingOptions(),
    });

    // currentVersion hashes the function's configuration when the app synthesizes, so settings added after this
    // line (environment, layers) still publish a new version.
    this.alias = new lambda.Alias(this, 'LiveAlias', {
      aliasName: LIVE_ALIAS_NAME,
      version: this.function.currentVersion,
      description: `What callers of ${props.functionName} invoke`,
    });
    if (props.deployment !== undefined) {
      this.deployment = new SafeDeployment(this, 'Deployment', {
        ...props.deployment,
        alias: this.alias,
        deploymentGroupName: props.functionName,
      });
    }
  }
}
