import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { Construct } from 'constructs';
import { JOURNEY_STEPS } from '../../canary/journey';
import { ENV } from '../../canary/runtime';
import { logGroupName, LogGroupOwner } from '../../contract/log-groups';
import { AlarmFactory } from '../alarms/alarm-factory';
import { customerManagedKey } from '../security/customer-managed-key';
import { addCanaryPage } from './canary-alarms';
import { addCanaryRole } from './canary-role';
import { CanaryLogRetention } from './canary-log-retention';
import { CanaryUser } from './canary-user';

/** The canary scripts: plain JavaScript the runtime loads as is, and the exact files `test/canary` runs. */
export const CANARY_CODE_DIR = path.join(__dirname, '..', '..', 'canary');

/**
 * `syn-nodejs-puppeteer-13.0`: the newest Node.js Synthetics runtime in this aws-cdk-lib that supports active
 * X-Ray tracing (Lambda Node.js 22). The Playwright runtimes (also Node.js 22) cannot trace, and `syn-nodejs-3.x`
 * is the Node.js 20 runtime of the multi-checks blueprint. No browser is used: the scripts speak HTTP.
 */
export const CANARY_RUNTIME = synthetics.Runtime.SYNTHETICS_NODEJS_PUPPETEER_13_0;

/** Synthetics canary names: lowercase letters, digits, `-` and `_`; 21 characters keep them valid everywhere. */
const CANARY_NAME = /^[0-9a-z_-]{1,21}$/;

export interface ApiCanaryProps {
  /** The API root users call (its custom domain, else the stage's execute-api URL); the canaries call `<url>/todos`. */
  readonly apiUrl: string;
  /** Root URL of the web client; the heartbeat checks its page, assets and config.json after the API. */
  readonly siteUrl: string;
  /** The pool of the canary user; the construct adds a canary-only app client to it. */
  readonly userPool: cognito.IUserPool;
  /** `{app}-{stage}`: canaries `<prefix>-journey` and `<prefix>-heartbeat`, client and secret names. */
  readonly namePrefix: string;
  /** App and stage that name the construct's own log groups: `/{app}/{stage}/canary-*` (contract/log-groups). */
  readonly logGroupOwner: LogGroupOwner;
  /** Time between runs of the journey canary: whole minutes, 1–60. */
  readonly journeyRate: Duration;
  /** Time between runs of the heartbeat canary: whole minutes, 1–60. */
  readonly heartbeatRate: Duration;
  readonly alarms: AlarmFactory;
  /** Dashboard linked from the alarm. */
  readonly dashboardName: string;
  /**
   * Sign-in name (e-mail) of the canary user; the secret holds it next to the generated password.
   * @default `canary@<namePrefix>.invalid`
   */
  readonly canaryUsername?: string;
  /**
   * How long run artifacts (reports, logs) are kept, in the bucket and in Synthetics' run history.
   * @default Duration.days(30)
   */
  readonly artifactRetention?: Duration;
  /**
   * What happens to the credentials secret and the buckets when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Retention of the canaries' Lambda run logs (`/aws/lambda/cwsyn-<canary>-*`), set at deploy time.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /** Encrypts every log group of the canaries: their runs' (`cwsyn-*`), the canary user's and the retention helper's. */
  readonly logEncryptionKey: kms.IKey;
  /**
   * An alarm that already pages for what the canaries would (the availability fast burn): while it is in ALARM the
   * canary page is held back. In the alert replay's storm the canary page flapped (ALARM, OK, ALARM) next to a steady
   * fast-burn page.
   * @default - the canary page is never held back
   */
  readonly suppressor?: cloudwatch.IAlarm;
}

/**
 * Synthetic monitoring of the API as a real user: a journey canary (sign in, create, read, list, update, read the
 * change, delete, read 404 — each a Synthetics step with its own SuccessPercent and Duration metrics) and a heartbeat
 * canary (one authenticated read), both traced with X-Ray, signing in through a canary-only Cognito app client with
 * credentials from a generated Secrets Manager secret. One critical composite alarm pages when either fails twice in
 * three runs. Artifacts go to an encrypted, SSL-only, access-logged bucket that expires them.
 */
export class ApiCanary extends Construct {
  public readonly journey: synthetics.Canary;
  public readonly heartbeat: synthetics.Canary;
  /** `{ username, password }` of the canary user; the Cognito user is created from it (see the runbook). */
  public readonly credentials: secretsmanager.Secret;
  /** The customer-managed key of `credentials`. */
  public readonly credentialsKey: kms.Key;
  /** The Cognito user the canaries sign in as (a custom resource). */
  public readonly user: CanaryUser;
  /** App client with USER_PASSWORD_AUTH, used by the canaries only. */
  public readonly client: cognito.UserPoolClient;
  public readonly artifactsBucket: s3.Bucket;
  public readonly accessLogsBucket: s3.Bucket;
  /** The page: the journey failed its last 3 runs, or the heartbeat 2 of its last 3. */
  public readonly alarm: cloudwatch.CompositeAlarm;
  public readonly journeyFailed: cloudwatch.Alarm;
  public readonly heartbeatFailed: cloudwatch.Alarm;
  public readonly username: string;

  constructor(scope: Construct, id: string, props: ApiCanaryProps) {
    super(scope, id);
    const rates = { journeyRate: props.journeyRate, heartbeatRate: props.heartbeatRate };
    for (const [name, rate] of Object.entries(rates)) {
      const minutes = rate.toMinutes({ integral: false });
      if (!Token.isUnresolved(minutes) && !(Number.isInteger(minutes) && minutes >= 1 && minutes <= 60)) {
        throw new Error(`ApiCanary: ${name} must be whole minutes from 1 to 60, got ${rate.toHumanString()}`);
      }
    }
    const names = { journey: `${props.namePrefix}-journey`, heartbeat: `${props.namePrefix}-heartbeat` };
    for (const name of Object.values(names)) {
      if (!Token.isUnresolved(props.namePrefix) && !CANARY_NAME.test(name)) {
        throw new Error(
          `ApiCanary: namePrefix "${props.namePrefix}" gives canary name "${name}"; allowed: 1–21 lowercase letters, digits, "-" or "_"`,
        );
      }
    }
    const retention = props.artifactRetention ?? Duration.days(30);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.username = props.canaryUsername ?? `canary@${props.namePrefix}.invalid`;

    // ---- Artifacts: encrypted, SSL-only, private, expiring, access-logged ----
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      // Server access logs can only be delivered to a bucket with S3-managed encryption.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy,
    });
    this.artifactsBucket = new s3.Bucket(this, 'Artifacts', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: retention, abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'canary-artifacts/',
      removalPolicy,
    });

    // ---- The canary user: credentials generated into Secrets Manager, a canary-only app client ----
    // A key of its own: only the canary role and the canary-user function may decrypt with it, and only through
    // Secrets Manager (secret.grantRead adds kms:Decrypt with kms:ViaService). $1/month plus $0.03 per 10,000
    // requests (https://aws.amazon.com/kms/pricing/): each canary run reads the secret once, ~53,000 a month in prod.
    this.credentialsKey = customerManagedKey(this, 'CredentialsKey', {
      description: `Encrypts the ${props.namePrefix} canary user's credentials secret`,
      removalPolicy,
    });
    this.credentials = new secretsmanager.Secret(this, 'Credentials', {
      encryptionKey: this.credentialsKey,
      secretName: `${props.namePrefix}/canary-user`,
      description: `Sign-in of the ${props.namePrefix} API canary user (the stack creates the Cognito user from it)`,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: this.username }),
        generateStringKey: 'password',
        passwordLength: 32,
        // Every character class, as the pool's password policy demands; no quotes, backslash, backtick or `$`, so
        // the runbook's shell commands can pass the password safely.
        requireEachIncludedType: true,
        excludeCharacters: '"\'\\`$',
      },
      removalPolicy,
    });

    // The Cognito user itself, created at deploy time from the secret.
    this.user = new CanaryUser(this, 'User', {
      userPool: props.userPool,
      credentials: this.credentials,
      logGroupName: logGroupName(props.logGroupOwner, 'canary-user'),
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      logEncryptionKey: props.logEncryptionKey,
      removalPolicy,
    });

    // USER_PASSWORD_AUTH (no SRP implementation in the canary) on a client of its own: the web client keeps SRP only.
    this.client = new cognito.UserPoolClient(this, 'Client', {
      userPool: props.userPool,
      userPoolClientName: `${props.namePrefix}-canary`,
      generateSecret: false,
      authFlows: { userPassword: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(1),
    });

    // ---- One execution role for both canaries, scoped to their own artifacts, logs and secret ----
    const stack = Stack.of(this);
    const role = addCanaryRole(this, {
      namePrefix: props.namePrefix,
      canaryNames: names,
      artifactsBucket: this.artifactsBucket,
      credentials: this.credentials,
    });

    // ---- The canaries ----
    const code = synthetics.Code.fromAsset(CANARY_CODE_DIR, { exclude: ['*.d.ts'] });
    const environmentVariables = {
      [ENV.apiUrl]: props.apiUrl,
      [ENV.siteUrl]: props.siteUrl,
      [ENV.secretId]: this.credentials.secretArn,
      [ENV.clientId]: this.client.userPoolClientId,
      [ENV.region]: stack.region,
    };
    const canary = (id: string, canaryName: string, handler: string, rate: Duration, timeout: Duration) =>
      new synthetics.Canary(this, id, {
        canaryName,
        runtime: CANARY_RUNTIME,
        test: synthetics.Test.custom({ code, handler }),
        schedule: synthetics.Schedule.rate(rate),
        activeTracing: true,
        environmentVariables,
        role,
        timeout,
        artifactsBucketLocation: { bucket: this.artifactsBucket, prefix: id.toLowerCase() },
        artifactS3EncryptionMode: synthetics.ArtifactsEncryptionMode.S3_MANAGED,
        successRetentionPeriod: retention,
        failureRetentionPeriod: retention,
        // No automatic retries: a retried run would hide the failure the 2-of-3 alarm is built to tolerate.
        maxRetries: 0,
        // Synthetics deletes the canary's Lambda function and layers with it.
        provisionedResourceCleanup: true,
        startAfterCreation: true,
      });
    this.journey = canary('Journey', names.journey, 'journey-canary.handler', props.journeyRate, Duration.minutes(1));
    this.heartbeat = canary(
      'Heartbeat',
      names.heartbeat,
      'heartbeat-canary.handler',
      props.heartbeatRate,
      Duration.seconds(30),
    );

    // The first runs find their user.
    for (const c of [this.journey, this.heartbeat]) c.node.addDependency(this.user);

    // Synthetics creates the canaries' log groups without an expiry or a key; give them both.
    new CanaryLogRetention(this, 'LogRetention', {
      canaries: [this.journey, this.heartbeat],
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      encryptionKey: props.logEncryptionKey,
      providerLogGroupName: logGroupName(props.logGroupOwner, 'canary-log-retention'),
      removalPolicy,
    });

    // ---- The page ----
    const page = addCanaryPage(this, { ...props, journey: this.journey, heartbeat: this.heartbeat });
    this.alarm = page.alarm;
    this.journeyFailed = page.journeyFailed;
    this.heartbeatFailed = page.heartbeatFailed;
  }

  /** Widgets for a dashboard: success of both canaries, and the journey's duration per step. */
  public widgets(): cloudwatch.IWidget[] {
    const stepDuration = (step: string) =>
      new cloudwatch.Metric({
        namespace: 'CloudWatchSynthetics',
        metricName: 'Duration',
        dimensionsMap: { CanaryName: this.journey.canaryName, StepName: step },
        statistic: 'Average',
        label: step,
        period: Duration.minutes(5),
      });
    return [
      new cloudwatch.GraphWidget({
        title: 'Canaries: success % per run',
        left: [
          this.journey.metricSuccessPercent({ label: 'journey', period: Duration.minutes(5) }),
          this.heartbeat.metricSuccessPercent({ label: 'heartbeat', period: Duration.minutes(5) }),
        ],
        leftYAxis: { min: 0, max: 100 },
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Canary journey: duration per step (ms)',
        left: JOURNEY_STEPS.map(stepDuration),
        stacked: true,
        width: 16,
      }),
    ];
  }
}
