import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';

export interface AliasRecordsProps {
  /** The public hosted zone holding `domainName`. */
  readonly zone: route53.IHostedZone;
  /** The fully qualified host name, e.g. `todo.example.com` (no trailing dot). */
  readonly domainName: string;
  /** The AWS resource the name points at (a CloudFront distribution, an API Gateway domain). */
  readonly target: route53.IAliasRecordTarget;
}

/**
 * An A and an AAAA alias record for one host name. Alias queries to CloudFront and API Gateway are free, unlike a
 * CNAME's: https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-choosing-alias-non-alias.html
 */
export class AliasRecords extends Construct {
  constructor(scope: Construct, id: string, props: AliasRecordsProps) {
    super(scope, id);
    // The trailing dot makes the name absolute, so the zone may be imported by id alone (its name is never read).
    const recordName = `${props.domainName}.`;
    const target = route53.RecordTarget.fromAlias(props.target);
    new route53.ARecord(this, 'A', { zone: props.zone, recordName, target });
    new route53.AaaaRecord(this, 'AAAA', { zone: props.zone, recordName, target });
  }
}
