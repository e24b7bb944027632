import { CfnOutput } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { DomainConfig } from '../config/stage-config';
import { AliasRecords } from './alias-records';
import { ApiDomain } from './api-domain';

export interface CustomDomainsProps {
  readonly domains: DomainConfig;
  /** The web client's distribution (its alias and certificate are set by WebHosting). */
  readonly distribution: cloudfront.IDistribution;
  /** The API stage the custom API domain maps at its root. */
  readonly stage: apigateway.Stage;
}

/**
 * The API's custom domain, and alias records for each custom domain when the stage names its hosted zone;
 * without one, outputs say what each name must point at.
 */
export function addCustomDomains(scope: Construct, props: CustomDomainsProps): ApiDomain | undefined {
  const { apiDomainName, apiCertificateArn, webDomainName, hostedZoneId } = props.domains;
  const apiDomain =
    apiDomainName !== undefined && apiCertificateArn !== undefined
      ? new ApiDomain(scope, 'ApiDomain', {
          domainName: apiDomainName,
          certificateArn: apiCertificateArn,
          stage: props.stage,
        })
      : undefined;
  const zone =
    hostedZoneId === undefined ? undefined : route53.HostedZone.fromHostedZoneId(scope, 'Zone', hostedZoneId);
  if (webDomainName !== undefined) {
    const target = new targets.CloudFrontTarget(props.distribution);
    pointAt(scope, 'Web', webDomainName, props.distribution.distributionDomainName, target, zone);
  }
  if (apiDomain !== undefined && apiDomainName !== undefined) {
    const target = new targets.ApiGatewayDomain(apiDomain.domain);
    pointAt(scope, 'Api', apiDomainName, apiDomain.domain.domainNameAliasDomainName, target, zone);
  }
  return apiDomain;
}

/** An output saying what `domainName` must alias, and the alias records themselves when the zone is known. */
function pointAt(
  scope: Construct,
  prefix: 'Web' | 'Api',
  domainName: string,
  dnsTarget: string,
  target: route53.IAliasRecordTarget,
  zone: route53.IHostedZone | undefined,
): void {
  new CfnOutput(scope, `${prefix}DnsTarget`, { value: dnsTarget, description: `Alias (A/AAAA) of ${domainName}` });
  if (zone) new AliasRecords(scope, `${prefix}DomainRecords`, { zone, domainName, target });
}
