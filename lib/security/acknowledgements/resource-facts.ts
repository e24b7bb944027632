import { CfnResource, Stack } from 'aws-cdk-lib';
import { isWithoutActionsByDesign } from '../../alarms/alarm-factory';
import { cfnProperties } from '../cfn-properties';

/**
 * Facts about a synthesized resource that decide whether an exemption applies, read from its properties so an
 * exemption follows the configuration (a custom domain set, a retention changed) instead of a stage name.
 */

/** A CloudFront distribution serving its own ACM certificate (a custom domain), not *.cloudfront.net's. */
export function hasCustomCertificate(distribution: CfnResource): boolean {
  const config = cfnProperties(distribution).DistributionConfig as { ViewerCertificate?: Record<string, unknown> };
  return config?.ViewerCertificate?.AcmCertificateArn !== undefined;
}

/** A user pool on the Plus plan with threat protection enforced. */
export function hasThreatProtection(userPool: CfnResource): boolean {
  const addOns = cfnProperties(userPool).UserPoolAddOns as { AdvancedSecurityMode?: string } | undefined;
  return addOns?.AdvancedSecurityMode === 'ENFORCED';
}

/** A CloudWatch metric alarm with no alarm action. */
function hasNoAlarmAction(alarm: CfnResource): boolean {
  // Composite alarms are not what the rules check: they read AWS::CloudWatch::Alarm only.
  if (alarm.cfnResourceType !== 'AWS::CloudWatch::Alarm') return false;
  const actions = cfnProperties(alarm).AlarmActions as unknown[] | undefined;
  return actions === undefined || actions.length === 0;
}

/** A log group kept less than `days` (a group without retention keeps its events forever). */
export function retainedLessThan(days: number): (logGroup: CfnResource) => boolean {
  return (logGroup) => {
    if (logGroup.cfnResourceType !== 'AWS::Logs::LogGroup') return false;
    const retention = cfnProperties(logGroup).RetentionInDays as number | undefined;
    return retention !== undefined && retention < days;
  };
}

/** An alarm without actions that an alarm factory built that way on purpose (composite child, polled by CodeDeploy). */
export function isAlarmWithoutActionsByDesign(alarm: CfnResource): boolean {
  return isWithoutActionsByDesign(alarm) && hasNoAlarmAction(alarm); // the marker first: it costs no resolve
}

/**
 * A property the offline cfn-guard rules cannot read: neither a literal nor a Ref/GetAtt of a resource in the same
 * template (an import from another stack, a join). Whether its resolved value passes is shown by test/lib/security.
 */
export function isUnreadableIntrinsic(resourceType: string, property: string): (resource: CfnResource) => boolean {
  return (resource) => {
    if (resource.cfnResourceType !== resourceType) return false;
    const value = cfnProperties(resource)[property] as Record<string, unknown> | undefined;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const referenced =
      'Ref' in value ? value.Ref : 'Fn::GetAtt' in value ? (value['Fn::GetAtt'] as string[])[0] : undefined;
    return referenced === undefined || !logicalIdsOf(Stack.of(resource)).has(String(referenced));
  };
}

function logicalIdsOf(stack: Stack): Set<string> {
  return new Set(
    stack.node
      .findAll()
      .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && Stack.of(c) === stack)
      .map((r) => stack.resolve(r.logicalId) as string),
  );
}
