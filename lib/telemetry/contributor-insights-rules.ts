import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface ContributorInsightsRulesProps {
  /** Prefix of the rule names, e.g. `todo-prod`. */
  readonly namePrefix: string;
  readonly accessLogGroup: logs.ILogGroup;
  /** Every function's application log group. */
  readonly applicationLogGroups: readonly logs.ILogGroup[];
}

/** A Contributor Insights rule body over JSON logs (schema version 1). */
export interface InsightRuleBody {
  readonly Schema: { Name: 'CloudWatchLogRule'; Version: 1 };
  readonly LogGroupNames: string[];
  readonly LogFormat: 'JSON';
  readonly Contribution: { Keys: string[]; Filters: Array<Record<string, unknown>> };
  readonly AggregateOn: 'Count';
}

/**
 * Who and what dominates traffic, without a high-cardinality metric: top callers (by user), top client IPs, routes
 * producing the most 5xx, and active users (the rule's UniqueContributors metric counts distinct users).
 */
export class ContributorInsightsRules extends Construct {
  public readonly topCallers: cloudwatch.CfnInsightRule;
  public readonly topSourceIps: cloudwatch.CfnInsightRule;
  public readonly topServerErrorRoutes: cloudwatch.CfnInsightRule;
  public readonly activeUsers: cloudwatch.CfnInsightRule;

  constructor(scope: Construct, id: string, props: ContributorInsightsRulesProps) {
    super(scope, id);
    const access = [props.accessLogGroup.logGroupName];
    const application = props.applicationLogGroups.map((group) => group.logGroupName);

    this.topCallers = this.rule(
      'TopCallers',
      `${props.namePrefix}-top-callers`,
      access,
      ['$.user'],
      [
        { Match: '$.user', IsPresent: true },
        // API Gateway writes "-" for an unauthenticated caller.
        { Match: '$.user', NotIn: ['-'] },
      ],
    );
    this.topSourceIps = this.rule('TopSourceIps', `${props.namePrefix}-top-source-ips`, access, ['$.sourceIp'], []);
    this.topServerErrorRoutes = this.rule(
      'TopServerErrorRoutes',
      `${props.namePrefix}-top-5xx-routes`,
      access,
      ['$.method', '$.route'],
      [{ Match: '$.status', GreaterThan: 499 }],
    );
    this.activeUsers = this.rule(
      'ActiveUsers',
      `${props.namePrefix}-active-users`,
      application,
      ['$.user'],
      [{ Match: '$.message', In: ['request completed'] }],
    );
  }

  private rule(
    id: string,
    ruleName: string,
    logGroupNames: string[],
    keys: string[],
    filters: Array<Record<string, unknown>>,
  ) {
    const body: InsightRuleBody = {
      Schema: { Name: 'CloudWatchLogRule', Version: 1 },
      LogGroupNames: logGroupNames,
      LogFormat: 'JSON',
      Contribution: { Keys: keys, Filters: filters },
      AggregateOn: 'Count',
    };
    return new cloudwatch.CfnInsightRule(this, id, {
      ruleName,
      ruleState: 'ENABLED',
      ruleBody: JSON.stringify(body),
    });
  }
}
