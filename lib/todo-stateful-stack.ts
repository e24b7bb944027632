import { Aws, CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { logGroupName } from '../contract/log-groups';
import { physicalName, StageConfig } from './config/stage-config';
import { IdempotencyTable } from './data/idempotency-table';
import { LogEncryptionKey, personalDataProtectionPolicy } from './security/log-encryption-key';
import { customerManagedKey } from './security/customer-managed-key';
import { TodoTable } from './data/todo-table';
import { TodoUserPool } from './data/todo-user-pool';

export interface TodoStatefulStackProps extends StackProps {
  readonly config: StageConfig;
}

/** What holds data and must outlive every redeploy: the todo table, the idempotency records and the users. */
export class TodoStatefulStack extends Stack {
  public readonly todoTable: dynamodb.ITableV2;
  public readonly idempotencyTable: dynamodb.ITableV2;
  public readonly userPool: cognito.IUserPool;
  /** The users' managed-login (hosted UI) domain. */
  public readonly signInDomain: cognito.UserPoolDomain;
  /** Encrypts every log group that holds personal data, in every stack of the stage. */
  public readonly logEncryptionKey: kms.IKey;
  /** The audit trail: one entry per change to a todo, kept long (it is evidence). */
  public readonly auditLogGroup: logs.ILogGroup;
  /** The customer-managed key of the todo and idempotency tables, when `config.tableEncryption` asks for one. */
  public readonly tableEncryptionKey?: kms.IKey;

  constructor(scope: Construct, id: string, props: TodoStatefulStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.logEncryptionKey = new LogEncryptionKey(this, 'LogEncryption', {
      namePrefix: physicalName(config),
      removalPolicy: config.removalPolicy,
    }).key;

    this.auditLogGroup = new logs.LogGroup(this, 'AuditLog', {
      logGroupName: logGroupName(config, 'audit'),
      retention: config.auditLogRetention,
      encryptionKey: this.logEncryptionKey,
      dataProtectionPolicy: personalDataProtectionPolicy(physicalName(config, 'audit-personal-data')),
      removalPolicy: config.removalPolicy,
    });

    // One key for both tables: an idempotency record holds the todo its request created (title included) until it
    // expires, so it deserves the todos' protection. Requests stay few: DynamoDB caches a table key per caller for
    // up to 5 minutes (https://docs.aws.amazon.com/kms/latest/developerguide/services-dynamodb.html).
    this.tableEncryptionKey =
      config.tableEncryption === 'customer-managed'
        ? customerManagedKey(this, 'TableKey', {
            description:
              `Encrypts the ${physicalName(config)} todo and idempotency tables and the todo stream; ` +
              '$1/month plus $0.03 per 10,000 requests beyond the free tier (https://aws.amazon.com/kms/pricing/)',
            removalPolicy: config.removalPolicy,
          })
        : undefined;

    this.todoTable = new TodoTable(this, 'Todos', {
      removalPolicy: config.removalPolicy,
      deletionProtection: config.deletionProtection,
      encryptionKey: this.tableEncryptionKey,
    }).table;

    this.idempotencyTable = new IdempotencyTable(this, 'Idempotency', {
      encryptionKey: this.tableEncryptionKey,
    }).table;

    const users = new TodoUserPool(this, 'Users', {
      // The account id keeps the prefix unique per region without a name anyone has to pick.
      signInDomainPrefix: config.web.signInDomainPrefix ?? `${physicalName(config)}-${Aws.ACCOUNT_ID}`,
      threatProtection: config.userPoolThreatProtection,
      removalPolicy: config.removalPolicy,
      deletionProtection: config.deletionProtection,
    });
    this.userPool = users.userPool;
    this.signInDomain = users.signInDomain;

    new CfnOutput(this, 'TodoTableName', { value: this.todoTable.tableName });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'SignInUrl', { value: this.signInDomain.baseUrl(), description: 'Cognito managed login' });
  }
}
