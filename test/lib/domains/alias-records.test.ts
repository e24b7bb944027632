import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AliasRecords } from '../../../lib/domains/alias-records';

const stack = new Stack(new App(), 'TestStack');
// Imported by id alone: the construct must never read the zone's name (fromHostedZoneId throws if it does).
const zone = route53.HostedZone.fromHostedZoneId(stack, 'Zone', 'Z0123456789ABCDEFGHIJ');
const target: route53.IAliasRecordTarget = {
  bind: () => ({ dnsName: 'd111111abcdef8.cloudfront.net', hostedZoneId: 'Z2FDTNDATAQYW2' }),
};
new AliasRecords(stack, 'Records', { zone, domainName: 'todo.example.com', target });
const template = Template.fromStack(stack);

describe('AliasRecords', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test.each(['A', 'AAAA'])('an absolute %s alias record in the zone', (type) => {
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      HostedZoneId: 'Z0123456789ABCDEFGHIJ',
      Name: 'todo.example.com.',
      Type: type,
      AliasTarget: { DNSName: 'd111111abcdef8.cloudfront.net', HostedZoneId: 'Z2FDTNDATAQYW2' },
    });
  });

  test('two records, nothing else', () => {
    expect(Object.values(template.toJSON().Resources).map((r) => (r as { Type: string }).Type)).toEqual([
      'AWS::Route53::RecordSet',
      'AWS::Route53::RecordSet',
    ]);
  });
});
