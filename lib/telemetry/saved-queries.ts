import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface SavedQueriesProps {
  /** Folder the queries appear under in Logs Insights, e.g. `todo-prod`. */
  readonly folder: string;
  /** Every function's application log group. */
  readonly applicationLogGroups: readonly logs.ILogGroup[];
  readonly accessLogGroup: logs.ILogGroup;
  readonly auditLogGroup: logs.ILogGroup;
  /** The API web ACL's request logs (`aws-waf-logs-…`). */
  readonly wafLogGroup: logs.ILogGroup;
}

/** Which log groups a query reads: application logs, access logs, both, the audit trail or the WAF request logs. */
export type QuerySource = 'application' | 'access' | 'application+access' | 'audit' | 'waf';

export interface SavedQuery {
  /** Name under the folder, e.g. `recent-errors`. */
  readonly name: string;
  readonly source: QuerySource;
  /** Logs Insights query; `REPLACE_ME` marks the value on-call pastes in (a request id, a user id…). */
  readonly query: string;
}

/**
 * The questions on-call asks, as saved Logs Insights queries. Field names are those the handlers (Powertools JSON),
 * the Lambda platform records, the API access log format and the audit processor write.
 */
export const SAVED_QUERIES: readonly SavedQuery[] = [
  {
    name: 'recent-errors',
    source: 'application',
    query: [
      'fields @timestamp, route, message, error.name, error.message, correlation_id, xray_trace_id, user, @log',
      '| filter level = "ERROR"',
      '| sort @timestamp desc',
      '| limit 100',
    ].join('\n'),
  },
  {
    name: 'slowest-requests',
    source: 'access',
    query: [
      'fields @timestamp, method, route, status, latency, integrationLatency, requestId, traceId, user',
      '| sort latency desc',
      '| limit 50',
    ].join('\n'),
  },
  {
    name: 'request-by-id',
    source: 'application+access',
    query: [
      'fields @timestamp, @log, level, message, route, status, statusCode, latency, latencyMs, error.name',
      '| filter correlation_id = "REPLACE_ME" or requestId = "REPLACE_ME"',
      '| sort @timestamp asc',
    ].join('\n'),
  },
  {
    name: 'trace-by-id',
    source: 'application+access',
    query: [
      'fields @timestamp, @log, level, message, route, status, statusCode, correlation_id, requestId',
      '| filter xray_trace_id = "REPLACE_ME" or traceId = "REPLACE_ME"',
      '| sort @timestamp asc',
    ].join('\n'),
  },
  {
    name: 'user-activity',
    source: 'application+access',
    query: [
      'fields @timestamp, @log, method, route, status, statusCode, message, correlation_id, requestId',
      '| filter user = "REPLACE_ME"',
      '| sort @timestamp desc',
      '| limit 200',
    ].join('\n'),
  },
  {
    name: 'cold-starts',
    source: 'application',
    query: [
      'filter type = "platform.report" and ispresent(record.metrics.initDurationMs)',
      '| stats count(*) as coldStarts, avg(record.metrics.initDurationMs) as avgInitMs,',
      '  max(record.metrics.initDurationMs) as maxInitMs, max(record.metrics.maxMemoryUsedMB) as maxMemoryMB by @log, bin(1h)',
    ].join('\n'),
  },
  {
    name: '4xx-by-reason',
    source: 'application',
    query: [
      'filter message = "request rejected"',
      '| stats count(*) as requests by problem, route, statusCode',
      '| sort requests desc',
    ].join('\n'),
  },
  {
    name: 'gateway-4xx-by-type',
    source: 'access',
    query: [
      'filter status >= 400 and status < 500',
      '| stats count(*) as requests by errorType, route, status',
      '| sort requests desc',
    ].join('\n'),
  },
  {
    name: 'audit-history-of-todo',
    source: 'audit',
    query: [
      'fields @timestamp, action, actor, requestId, source, changedFields, before.title, after.title, before.completed, after.completed',
      '| filter todoId = "REPLACE_ME"',
      '| sort @timestamp asc',
    ].join('\n'),
  },
  {
    // Who the firewall blocks and by which rule (a managed group's rule is in ruleGroupList); fields per
    // https://docs.aws.amazon.com/waf/latest/developerguide/logging-fields.html
    name: 'waf-blocked-requests',
    source: 'waf',
    query: [
      'filter action = "BLOCK"',
      '| stats count(*) as blocked, latest(httpRequest.uri) as lastUri by terminatingRuleId, httpRequest.clientIp, httpRequest.country',
      '| sort blocked desc',
      '| limit 100',
    ].join('\n'),
  },
];

/** Saves `SAVED_QUERIES` as Logs Insights query definitions bound to the right log groups. */
export class SavedQueries extends Construct {
  constructor(scope: Construct, id: string, props: SavedQueriesProps) {
    super(scope, id);
    const groups: Record<QuerySource, logs.ILogGroup[]> = {
      application: [...props.applicationLogGroups],
      access: [props.accessLogGroup],
      'application+access': [...props.applicationLogGroups, props.accessLogGroup],
      audit: [props.auditLogGroup],
      waf: [props.wafLogGroup],
    };
    for (const saved of SAVED_QUERIES) {
      // L1: the L2 builds queries from parts and cannot take a written query as is.
      new logs.CfnQueryDefinition(this, saved.name, {
        name: `${props.folder}/${saved.name}`,
        queryString: saved.query,
        logGroupNames: groups[saved.source].map((group) => group.logGroupName),
      });
    }
  }
}
