import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { ApiDomain } from '../../../lib/domains/api-domain';

const CERTIFICATE = (region: string) =>
  `arn:aws:acm:${region}:123456789012:certificate/11111111-2222-3333-4444-555555555555`;

function synth(region: string | undefined, certificateArn = CERTIFICATE('eu-west-1')) {
  const env = region === undefined ? undefined : { account: '123456789012', region };
  const stack = new Stack(new App(), 'TestStack', { env });
  const api = new apigateway.RestApi(stack, 'Api', { deployOptions: { stageName: 'prod' } });
  api.root.addMethod('GET', new apigateway.MockIntegration());
  const domain = new ApiDomain(stack, 'ApiDomain', {
    domainName: 'api.todo.example.com',
    certificateArn,
    stage: api.deploymentStage,
  });
  return { stack, api, domain, template: Template.fromStack(stack) };
}

const { template, stack, api } = synth('eu-west-1');

describe('ApiDomain', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('a regional custom domain with the TLS 1.2 policy and its regional certificate, over IPv4 and IPv6', () => {
    template.resourceCountIs('AWS::ApiGateway::DomainName', 1);
    template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'api.todo.example.com',
      RegionalCertificateArn: CERTIFICATE('eu-west-1'),
      SecurityPolicy: 'TLS_1_2',
      EndpointConfiguration: { Types: ['REGIONAL'], IpAddressType: 'dualstack' },
    });
  });

  test('maps the stage at the root (no base path)', () => {
    template.resourceCountIs('AWS::ApiGateway::BasePathMapping', 1);
    const [mapping] = Object.values(template.findResources('AWS::ApiGateway::BasePathMapping'));
    expect(mapping.Properties).toEqual({
      DomainName: { Ref: expect.stringMatching(/^ApiDomainDomainName/) },
      RestApiId: stack.resolve(api.restApiId),
      Stage: stack.resolve(api.deploymentStage.stageName),
    });
  });

  test("fails when the certificate is outside the stack's region, naming the prop", () => {
    expect(() => synth('eu-west-1', CERTIFICATE('us-east-1'))).toThrow(
      /certificateArn must be an ACM certificate in the stack's region eu-west-1/,
    );
  });

  test('an env-agnostic stack cannot tell the region, and leaves the check to deploy', () => {
    expect(() => synth(undefined, CERTIFICATE('us-east-1'))).not.toThrow();
  });
});
