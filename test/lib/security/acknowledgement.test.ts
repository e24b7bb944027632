import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Acknowledgement, applyAcknowledgements } from '../../../lib/security/acknowledgements';

/** The acknowledged rule ids on a resource, as cdk-nag reads them from its metadata. */
function acknowledgedOn(resource: CfnResource): string[] {
  return resource.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.keys(m.data as object))
    .sort();
}

function build(acknowledgements: Acknowledgement[]) {
  const app = new App();
  const stack = new Stack(app, 'Service');
  const bucket = new s3.Bucket(stack, 'Site');
  const reader = new iam.Role(stack, 'ReaderRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  bucket.grantRead(reader);
  reader.addToPolicy(new iam.PolicyStatement({ actions: ['xray:PutTraceSegments'], resources: ['*'] }));
  const plain = new iam.Role(stack, 'PlainRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  plain.addToPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:::q'] }));
  const use = applyAcknowledgements(app, [{ plugin: 'Pack', rulePrefix: 'Pack-', acknowledgements }]);
  app.synth();
  const policy = (role: iam.Role) => role.node.findChild('DefaultPolicy').node.defaultChild as CfnResource;
  return { use, bucket: bucket.node.defaultChild as CfnResource, reader: policy(reader), plain: policy(plain) };
}

test('a path pattern matches within one segment with * and across segments with **', () => {
  const one = { rules: ['R1'], paths: ['Service/*Role/DefaultPolicy/Resource'], reason: 'one' };
  const any = { rules: ['R2'], paths: ['Service/**/Resource'], reason: 'any' };
  const top = { rules: ['R3'], paths: ['Service/*/Resource'], reason: 'top level' };
  const { use } = build([one, any, top]);
  expect(use.get(one)).toEqual([
    'Service/ReaderRole/DefaultPolicy/Resource',
    'Service/PlainRole/DefaultPolicy/Resource',
  ]);
  expect(use.get(any)).toHaveLength(5); // the bucket, both roles and both policies
  expect(use.get(top)).toEqual(['Service/Site/Resource', 'Service/ReaderRole/Resource', 'Service/PlainRole/Resource']);
});

test('a rule with a detail acknowledges only the wildcards the policy has, … standing for any characters', () => {
  const ack = {
    rules: ['IAM5[Resource::*]', 'IAM5[Resource::<Site….Arn>/*]', 'IAM5[Action::s3:GetObject*]'],
    paths: ['Service/*/DefaultPolicy/Resource'],
    reason: 'wildcards',
  };
  const { use, reader, plain } = build([ack]);
  expect(acknowledgedOn(reader)).toEqual(
    expect.arrayContaining([
      'Pack::Pack-IAM5[Resource::*]',
      expect.stringMatching(/^Pack::Pack-IAM5\[Resource::<Site[0-9A-F]{8}\.Arn>\/\*\]$/),
      'Pack::Pack-IAM5[Action::s3:GetObject*]',
    ]),
  );
  expect(acknowledgedOn(plain)).toEqual([]);
  expect(use.get(ack)).toEqual(['Service/ReaderRole/DefaultPolicy/Resource']);
});

test('with paths and where, a resource must meet both', () => {
  const ack = {
    rules: ['B1'],
    paths: ['Service/**'],
    where: (r: CfnResource) => r.cfnResourceType === 'AWS::S3::Bucket',
    reason: 'buckets only',
  };
  const { use, bucket } = build([ack]);
  expect(use.get(ack)).toEqual(['Service/Site/Resource']);
  expect(acknowledgedOn(bucket)).toEqual(['Pack::Pack-B1']);
});

test('an acknowledgement that names neither paths nor where is refused', () => {
  expect(() => build([{ rules: ['X'], reason: 'covers nothing' }])).toThrow(/covers nothing/);
});
