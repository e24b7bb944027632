import * as path from 'node:path';
import { Duration, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AUDIT_PROCESSOR } from '../../contract/routes';
import { TodoFunction, TodoFunctionDeploymentOptions } from '../api/todo-function';

/**
 * The event source mapping's defaults, shared with the test that replays Lambda's retry-and-bisect loop.
 *
 * `retryAttempts` is at least log2(`batchSize`) + 3: should every split count as a retry, a poison record is still
 * alone in its batch before the retries run out, so it reaches the dead-letter queue without good records beside it.
 */
export const AUDIT_TRAIL_DEFAULTS = {
  batchSize: 100,
  retryAttempts: 10,
  maxRecordAge: Duration.hours(6),
} as const;

export interface AuditTrailProps {
  /**
   * The todo table. It must have a NEW_AND_OLD_IMAGES stream: the processor reads it (an imported table without a
   * stream ARN fails synth).
   */
  readonly table: dynamodb.ITable;
  /**
   * The table's customer-managed key, which also encrypts its stream: the processor may decrypt with it.
   * @default - no key grant (a table that knows its own key gets one from CDK's stream grant)
   */
  readonly tableEncryptionKey?: kms.IKey;
  /** Where the audit entries land: long retention and encryption are the log group's, set by its owner. */
  readonly auditLogGroup: logs.ILogGroup;
  /** Physical name of the processor function. */
  readonly functionName: string;
  /** Physical name of the on-failure (dead-letter) queue. */
  readonly deadLetterQueueName: string;
  /** CloudWatch namespace of the processor's EMF metrics. */
  readonly metricsNamespace: string;
  /**
   * The processor's entry file.
   * @default - lambda/handlers/audit-stream-processor.ts
   */
  readonly entry?: string;
  /**
   * Records per invocation (1–10000).
   * @default AUDIT_TRAIL_DEFAULTS.batchSize (100)
   */
  readonly batchSize?: number;
  /**
   * Retries of a failing batch (each bisecting it) before its context goes to the dead-letter queue (0–10000).
   * @default AUDIT_TRAIL_DEFAULTS.retryAttempts (10)
   */
  readonly retryAttempts?: number;
  /**
   * Age after which a record that still fails goes to the dead-letter queue (1 minute–7 days; the stream itself keeps
   * records 24 hours). Well under 24 hours, so the queue's pointers can still be read back from the stream.
   * @default AUDIT_TRAIL_DEFAULTS.maxRecordAge (6 hours)
   */
  readonly maxRecordAge?: Duration;
  /**
   * @default 256
   */
  readonly memorySizeMb?: number;
  /**
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;
  /**
   * Powertools log level of the processor (entries are INFO; skipped records are DEBUG).
   * @default 'INFO'
   */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * Executions reserved for the processor: it needs one per stream shard, and the reservation keeps it running
   * while other functions are busy.
   * @default - none: it shares the account's unreserved concurrency
   */
  readonly reservedConcurrency?: number;
  /**
   * CodeDeploy traffic shifting of the processor's `live` alias, which the event source mapping invokes.
   * @default - the alias moves to each new version at once
   */
  readonly deployment?: TodoFunctionDeploymentOptions;
}

/**
 * The audit trail: a function on the todo table's stream writing one audit entry per change of a todo into the
 * audit log group. Reading the stream (from TRIM_HORIZON, in order per item) means an API handler that crashes after
 * its write cannot lose the entry.
 *
 * Failures are contained, never dropped: the processor reports the first record it cannot audit
 * (`reportBatchItemFailures`), Lambda checkpoints everything before it and retries from it, bisecting the batch, so
 * a poison record ends alone; after `retryAttempts` (or `maxRecordAge`) Lambda sends the failed batch's context to
 * the dead-letter queue and the shard moves on. The message holds no records, only where they are:
 * `DDBStreamBatchInfo.{streamArn, shardId, startSequenceNumber, endSequenceNumber, batchSize}`; read them back with
 * `aws dynamodbstreams get-shard-iterator --shard-iterator-type AT_SEQUENCE_NUMBER` + `get-records` while the
 * stream still holds them (24 hours from the write). The processor also logs each failing record whole to the
 * audit log group (`message = "audit record failed"`), which keeps it after the stream has trimmed it.
 *
 * The processor may read the stream and write its log group; it has no access to the table itself.
 */
export class AuditTrail extends Construct {
  public readonly processor: TodoFunction;
  /** Where failed batches' context lands (SSE-SQS, SSL only, 14 days). Alarm on any visible message. */
  public readonly deadLetterQueue: sqs.Queue;
  /** The event source mapping (its IteratorAge is the processor's `IteratorAge` metric). */
  public readonly eventSource: sources.DynamoEventSource;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const batchSize = props.batchSize ?? AUDIT_TRAIL_DEFAULTS.batchSize;
    const retryAttempts = props.retryAttempts ?? AUDIT_TRAIL_DEFAULTS.retryAttempts;
    const maxRecordAge = props.maxRecordAge ?? AUDIT_TRAIL_DEFAULTS.maxRecordAge;
    if (!Token.isUnresolved(batchSize) && !(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 10000)) {
      throw new Error(`AuditTrail: batchSize must be an integer between 1 and 10000, got ${batchSize}`);
    }
    if (
      !Token.isUnresolved(retryAttempts) &&
      !(Number.isInteger(retryAttempts) && retryAttempts >= 0 && retryAttempts <= 10000)
    ) {
      throw new Error(`AuditTrail: retryAttempts must be an integer between 0 and 10000, got ${retryAttempts}`);
    }
    if (!maxRecordAge.isUnresolved() && maxRecordAge.toSeconds() >= Duration.hours(24).toSeconds()) {
      throw new Error(
        `AuditTrail: maxRecordAge must be under 24 hours (the stream's retention), got ${maxRecordAge.toHumanString()}`,
      );
    }

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      queueName: props.deadLetterQueueName,
      // The messages hold stream positions only (no todo data), so SQS-managed encryption suffices.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    this.processor = new TodoFunction(this, 'Processor', {
      entry: props.entry ?? path.join(__dirname, '..', '..', 'lambda', 'handlers', `${AUDIT_PROCESSOR.name}.ts`),
      functionName: props.functionName,
      description: 'Audit trail: one audit entry per change of a todo, from the table stream',
      serviceName: AUDIT_PROCESSOR.serviceName,
      metricsNamespace: props.metricsNamespace,
      memorySizeMb: props.memorySizeMb ?? 256,
      timeout: props.timeout ?? Duration.seconds(30),
      logLevel: props.logLevel,
      existingLogGroup: props.auditLogGroup,
      reservedConcurrency: props.reservedConcurrency,
      deployment: props.deployment,
    });

    this.eventSource = new sources.DynamoEventSource(props.table, {
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize,
      bisectBatchOnError: true,
      retryAttempts,
      maxRecordAge,
      reportBatchItemFailures: true,
      // One concurrent batch per shard: the changes of one todo are audited in the order they happened.
      parallelizationFactor: 1,
      onFailure: new sources.SqsDlq(this.deadLetterQueue),
    });
    // Grants the role stream read only (DescribeStream, GetRecords, GetShardIterator, ListStreams) and SendMessage
    // on the dead-letter queue. The mapping invokes the `live` alias, so a new processor version is shifted (and
    // rolled back) by CodeDeploy like the API functions, never picked up half-deployed from $LATEST.
    this.processor.alias.addEventSource(this.eventSource);
    // Stream records are encrypted with the table's key (CDK's stream grant adds this only when the table knows it).
    props.tableEncryptionKey?.grant(this.processor.role, 'kms:Decrypt', 'kms:DescribeKey');
  }
}
