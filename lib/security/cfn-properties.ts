import { CfnResource, Stack } from 'aws-cdk-lib';

/**
 * A resource's properties as they will synthesize: tokens resolved, property overrides applied. Reads what any
 * L1 holds, the raw CfnResource of a CustomResourceProvider included.
 */
export function cfnProperties(resource: CfnResource): Record<string, unknown> {
  const rendered = Stack.of(resource).resolve(
    (resource as unknown as { _toCloudFormation(): object })._toCloudFormation(),
  ) as { Resources: Record<string, { Properties?: Record<string, unknown> }> };
  return Object.values(rendered.Resources)[0]?.Properties ?? {};
}
