import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * A resource ARN as cdk-nag prints it in a finding id (`AwsSolutions-IAM5[Resource::<this>]`): literal text kept,
 * `{Ref: X}` as `<X>`, `{Fn::GetAtt: [X, Y]}` as `<X.Y>`. Lets a construct acknowledge exactly the wildcard it
 * grants instead of every wildcard on the policy.
 */
export function nagResource(scope: IConstruct, arn: string): string {
  return render(Stack.of(scope).resolve(arn));
}

function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const object = value as Record<string, unknown>;
  if ('Ref' in object) return `<${String(object.Ref)}>`;
  if ('Fn::GetAtt' in object) return `<${(object['Fn::GetAtt'] as string[]).join('.')}>`;
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map(render).join(separator);
  }
  throw new Error(`nagResource: cannot render ${JSON.stringify(value)}`);
}
