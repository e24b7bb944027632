/**
 * Custom domains across the app: the web alias and the API's custom domain exist only when set, alias records only
 * with a hosted zone, and everything that names the site or the API (CORS, CSP, config.json, sign-in redirects, RUM,
 * the canaries, outputs) follows them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { createTodoApp } from '../../../lib/todo-app';

const CERTIFICATE = (region: string) =>
  `arn:aws:acm:${region}:123456789012:certificate/11111111-2222-3333-4444-555555555555`;
const DOMAINS = {
  webDomainName: 'todo.example.com',
  webCertificateArn: CERTIFICATE('us-east-1'),
  apiDomainName: 'api.todo.example.com',
  apiCertificateArn: CERTIFICATE('eu-west-1'),
};
const ZONE = 'Z0123456789ABCDEFGHIJ';

function synth(context: Record<string, unknown>) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const { service, monitoring } = createTodoApp(app);
  return { app, service: Template.fromStack(service), monitoring: Template.fromStack(monitoring) };
}

const plain = { dev: synth({ stage: 'dev' }), prod: synth({ stage: 'prod' }) };
const custom = {
  dev: synth({ stage: 'dev', ...DOMAINS }),
  prod: synth({ stage: 'prod', ...DOMAINS, hostedZoneId: ZONE }),
};
const stages = ['dev', 'prod'] as const;

/** The single value of `type`'s resources (asserting there is exactly one). */
function only(template: Template, type: string) {
  const found = Object.values(template.findResources(type));
  expect(found).toHaveLength(1);
  return found[0].Properties;
}

describe.each(stages)('%s without custom domains', (stage) => {
  const { service } = plain[stage];

  test('no alias, no API custom domain, no DNS records, no DNS target outputs', () => {
    const config = only(service, 'AWS::CloudFront::Distribution').DistributionConfig;
    expect(config.Aliases).toBeUndefined();
    expect(config.ViewerCertificate).toBeUndefined();
    for (const type of ['AWS::ApiGateway::DomainName', 'AWS::ApiGateway::BasePathMapping', 'AWS::Route53::RecordSet'])
      service.resourceCountIs(type, 0);
    expect(Object.keys(service.findOutputs('*'))).not.toEqual(expect.arrayContaining(['WebDnsTarget']));
    expect(Object.keys(service.findOutputs('*'))).not.toEqual(expect.arrayContaining(['ApiDnsTarget']));
  });
});

describe.each(stages)('%s with custom domains', (stage) => {
  const { app, service, monitoring } = custom[stage];

  test('the distribution answers on the web domain: TLSv1.2_2021 minimum, SNI only, its us-east-1 certificate', () => {
    const config = only(service, 'AWS::CloudFront::Distribution').DistributionConfig;
    expect(config.Aliases).toEqual(['todo.example.com']);
    expect(config.ViewerCertificate).toEqual({
      AcmCertificateArn: CERTIFICATE('us-east-1'),
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
  });

  test('the API has a regional custom domain with the TLS 1.2 policy, its stage mapped at the root', () => {
    expect(only(service, 'AWS::ApiGateway::DomainName')).toMatchObject({
      DomainName: 'api.todo.example.com',
      RegionalCertificateArn: CERTIFICATE('eu-west-1'),
      SecurityPolicy: 'TLS_1_2',
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
    const mapping = only(service, 'AWS::ApiGateway::BasePathMapping');
    expect(mapping.BasePath).toBeUndefined();
    const [stageId] = Object.keys(
      service.findResources('AWS::ApiGateway::Stage', { Properties: { StageName: stage } }),
    );
    expect(mapping.Stage).toEqual({ Ref: stageId });
  });

  test('CORS allows the web domain only (functions, preflight and gateway responses)', () => {
    const functions = Object.values(
      service.findResources('AWS::Lambda::Function', {
        Properties: { Environment: { Variables: { CORS_ALLOWED_ORIGINS: Match.anyValue() } } },
      }),
    );
    expect(functions.length).toBeGreaterThan(0);
    const local = stage === 'dev' ? ',http://localhost:3000' : '';
    for (const fn of functions)
      expect(fn.Properties.Environment.Variables.CORS_ALLOWED_ORIGINS).toBe(`https://todo.example.com${local}`);
    // One origin in prod: API Gateway answers it as a literal; dev's two are matched per request.
    const allowOrigin = stage === 'prod' ? "'https://todo.example.com'" : 'method.request.header.origin';
    for (const response of Object.values(service.findResources('AWS::ApiGateway::GatewayResponse')))
      expect(response.Properties.ResponseParameters['gatewayresponse.header.Access-Control-Allow-Origin']).toBe(
        allowOrigin,
      );
  });

  test("the page's CSP connects to the API's custom domain, not to execute-api", () => {
    const policy = only(service, 'AWS::CloudFront::ResponseHeadersPolicy');
    const csp = JSON.stringify(policy.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy);
    expect(csp).toContain("connect-src 'self' https://api.todo.example.com https://");
    expect(csp).not.toContain('execute-api');
  });

  test("config.json sends the web client to the API's custom domain", () => {
    const [documents] = Object.values(
      service.findResources('Custom::CDKBucketDeployment', { Properties: { Prune: true } }),
    );
    const asset = (documents.Properties.SourceObjectKeys as string[])[1].replace(/\.zip$/, '');
    const raw = fs.readFileSync(path.join(app.outdir, `asset.${asset}`, 'config.json'), 'utf8');
    expect(JSON.parse(raw).apiUrl).toBe('https://api.todo.example.com');
  });

  test('sign-in redirects, RUM and the outputs name the web domain', () => {
    service.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://todo.example.com/'],
      LogoutURLs: ['https://todo.example.com/'],
    });
    service.hasResourceProperties('AWS::RUM::AppMonitor', { Domain: 'todo.example.com' });
    service.hasOutput('WebUrl', { Value: 'https://todo.example.com/' });
    service.hasOutput('ApiUrl', { Value: 'https://api.todo.example.com/todos' });
  });

  test('the canaries call the custom domains', () => {
    const canaries = Object.values(monitoring.findResources('AWS::Synthetics::Canary'));
    expect(canaries).toHaveLength(2);
    for (const canary of canaries) {
      expect(canary.Properties.RunConfig.EnvironmentVariables).toMatchObject({
        TODO_API_URL: 'https://api.todo.example.com',
        TODO_WEB_URL: 'https://todo.example.com/',
      });
    }
  });
});

describe('DNS records', () => {
  test('with hostedZoneId: A and AAAA alias records for both domains in the zone', () => {
    const { service } = custom.prod;
    const records = Object.values(service.findResources('AWS::Route53::RecordSet')).map((r) => r.Properties);
    expect(records.map((r) => `${r.Type} ${r.Name} ${r.HostedZoneId}`).sort()).toEqual([
      `A api.todo.example.com. ${ZONE}`,
      `A todo.example.com. ${ZONE}`,
      `AAAA api.todo.example.com. ${ZONE}`,
      `AAAA todo.example.com. ${ZONE}`,
    ]);
    const [distributionId] = Object.keys(service.findResources('AWS::CloudFront::Distribution'));
    const [domainId] = Object.keys(service.findResources('AWS::ApiGateway::DomainName'));
    for (const r of records) {
      expect(r.AliasTarget.DNSName).toEqual(
        r.Name === 'todo.example.com.'
          ? { 'Fn::GetAtt': [distributionId, 'DomainName'] }
          : { 'Fn::GetAtt': [domainId, 'RegionalDomainName'] },
      );
    }
  });

  test('without hostedZoneId: no records, and outputs name what each domain must point at', () => {
    const { service } = custom.dev;
    service.resourceCountIs('AWS::Route53::RecordSet', 0);
    const [distributionId] = Object.keys(service.findResources('AWS::CloudFront::Distribution'));
    const [domainId] = Object.keys(service.findResources('AWS::ApiGateway::DomainName'));
    service.hasOutput('WebDnsTarget', { Value: { 'Fn::GetAtt': [distributionId, 'DomainName'] } });
    service.hasOutput('ApiDnsTarget', { Value: { 'Fn::GetAtt': [domainId, 'RegionalDomainName'] } });
  });

  test('a web domain alone gets records for itself only', () => {
    const { service } = synth({
      stage: 'dev',
      webDomainName: DOMAINS.webDomainName,
      webCertificateArn: DOMAINS.webCertificateArn,
      hostedZoneId: ZONE,
    });
    const names = Object.values(service.findResources('AWS::Route53::RecordSet')).map((r) => r.Properties.Name);
    expect(names).toEqual(['todo.example.com.', 'todo.example.com.']);
    service.resourceCountIs('AWS::ApiGateway::DomainName', 0);
  });
});
