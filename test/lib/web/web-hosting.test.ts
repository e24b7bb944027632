import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { WebHosting, WebHostingProps } from '../../../lib/web/web-hosting';
import { WEB_SECURITY_HEADERS, webContentSecurityPolicy } from '../../../web/site-layout';
import { deployedText } from '../../support/template-text';

const BUCKET = 'AWS::S3::Bucket';
const DISTRIBUTION = 'AWS::CloudFront::Distribution';
const HEADERS = 'AWS::CloudFront::ResponseHeadersPolicy';
const CACHE_POLICY = 'AWS::CloudFront::CachePolicy';
const API = 'https://abc123.execute-api.eu-west-1.amazonaws.com';
const SIGN_IN = 'https://todo-test.auth.eu-west-1.amazoncognito.com';
const CONNECT = [
  API,
  SIGN_IN,
  'https://cognito-identity.eu-west-1.amazonaws.com',
  'https://dataplane.rum.eu-west-1.amazonaws.com',
];
/** CachingOptimized, the managed policy for content-hashed files. */
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';

function synth(props: Partial<WebHostingProps> = {}): { template: Template } {
  const stack = new Stack(new App(), 'TestStack');
  new WebHosting(stack, 'Web', {
    namePrefix: 'todo-test',
    connectSources: CONNECT,
    accessLogRetention: RetentionDays.THREE_MONTHS,
    removalPolicy: RemovalPolicy.RETAIN,
    ...props,
  });
  return { template: Template.fromStack(stack) };
}

const { template } = synth();
const { template: dev } = synth({ removalPolicy: RemovalPolicy.DESTROY, accessLogRetention: RetentionDays.ONE_WEEK });

function distributionConfig(from: Template = template) {
  const [distribution] = Object.values(from.findResources(DISTRIBUTION));
  return distribution.Properties.DistributionConfig;
}

function bucketLogicalId(pattern: RegExp): string {
  const id = Object.keys(template.findResources(BUCKET)).find((key) => pattern.test(key));
  expect(id).toBeDefined();
  return id!;
}

function headersPolicy() {
  const [policy] = Object.values(template.findResources(HEADERS));
  return policy.Properties.ResponseHeadersPolicyConfig;
}

describe('WebHosting', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates a site bucket, a log bucket and one distribution', () => {
    template.resourceCountIs(BUCKET, 2);
    template.resourceCountIs(DISTRIBUTION, 1);
  });

  test('the site bucket is private, encrypted, TLS-only and versioned', () => {
    template.hasResourceProperties(BUCKET, {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: bucketLogicalId(/AccessLogs/) },
        LogFilePrefix: 's3/site/',
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketLogicalId(/Site/) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('only the distribution may read the site bucket (origin access control, GetObject only)', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: {
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketLogicalId(/Site/) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
    expect(distributionConfig().Origins).toHaveLength(1);
    expect(distributionConfig().Origins[0].S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
  });

  test('viewers are redirected to HTTPS on every behaviour and may only GET/HEAD', () => {
    const config = distributionConfig();
    for (const behavior of [config.DefaultCacheBehavior, ...config.CacheBehaviors]) {
      expect(behavior.ViewerProtocolPolicy).toBe('redirect-to-https');
      expect(behavior.AllowedMethods).toEqual(['GET', 'HEAD']);
      expect(behavior.Compress).toBe(true);
    }
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.HttpVersion).toBe('http2and3');
  });

  test('hashed assets are cached by the managed CachingOptimized policy, documents revalidate every time', () => {
    const config = distributionConfig();
    expect(config.CacheBehaviors).toEqual([
      expect.objectContaining({ PathPattern: 'assets/*', CachePolicyId: CACHING_OPTIMIZED }),
    ]);
    template.hasResourceProperties(CACHE_POLICY, {
      CachePolicyConfig: Match.objectLike({
        Name: 'todo-test-web-documents',
        MinTTL: 0,
        DefaultTTL: 0,
        MaxTTL: 300,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
          QueryStringsConfig: { QueryStringBehavior: 'none' },
          CookiesConfig: { CookieBehavior: 'none' },
        }),
      }),
    });
    const [documentsPolicyId] = Object.keys(template.findResources(CACHE_POLICY));
    expect(config.DefaultCacheBehavior.CachePolicyId).toEqual({ Ref: documentsPolicyId });
  });

  test('every behaviour sends the security headers', () => {
    const config = distributionConfig();
    const [policyId] = Object.keys(template.findResources(HEADERS));
    for (const behavior of [config.DefaultCacheBehavior, ...config.CacheBehaviors]) {
      expect(behavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    }
  });

  test('HSTS for two years with subdomains and preload; nosniff; no framing; a strict referrer policy', () => {
    expect(headersPolicy().SecurityHeadersConfig).toEqual(
      expect.objectContaining({
        StrictTransportSecurity: {
          AccessControlMaxAgeSec: 63072000,
          IncludeSubdomains: true,
          Preload: true,
          Override: true,
        },
        ContentTypeOptions: { Override: true },
        FrameOptions: { FrameOption: 'DENY', Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
      }),
    );
    expect(headersPolicy().RemoveHeadersConfig).toEqual({ Items: [{ Header: 'Server' }] });
  });

  test('the CSP allows the page itself plus exactly the given endpoints, and no framing', () => {
    const csp = deployedText(headersPolicy().SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'", ...CONNECT]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-(inline|eval)|\*|data:/);
    expect(headersPolicy().SecurityHeadersConfig.ContentSecurityPolicy.Override).toBe(true);
    // CloudFront's limit for the header value.
    expect(csp.length).toBeLessThanOrEqual(1783);
  });

  test('CloudFront sends the CSP and security headers the local server sends (one definition, web/site-layout.ts)', () => {
    const config = headersPolicy().SecurityHeadersConfig;
    expect(deployedText(config.ContentSecurityPolicy.ContentSecurityPolicy)).toBe(webContentSecurityPolicy(CONNECT));
    expect(WEB_SECURITY_HEADERS).toEqual({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': config.ReferrerPolicy.ReferrerPolicy,
      'X-Frame-Options': config.FrameOptions.FrameOption,
    });
  });

  test('the distribution and the site bucket log into the log bucket', () => {
    expect(distributionConfig().Logging).toEqual({
      Bucket: { 'Fn::GetAtt': [bucketLogicalId(/AccessLogs/), 'RegionalDomainName'] },
      Prefix: 'cloudfront/',
    });
  });

  test('the log bucket keeps ACLs for CloudFront log delivery, is private and expires logs after the retention', () => {
    template.hasResourceProperties(BUCKET, {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
      PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicAcls: true, RestrictPublicBuckets: true }),
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90, Status: 'Enabled' })] },
    });
    dev.hasResourceProperties(BUCKET, {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 7 })] },
    });
  });

  test('prod retains both buckets; dev deletes them with their objects', () => {
    expect(Object.values(template.findResources(BUCKET)).map((b) => b.DeletionPolicy)).toEqual(['Retain', 'Retain']);
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    expect(Object.values(dev.findResources(BUCKET)).map((b) => b.DeletionPolicy)).toEqual(['Delete', 'Delete']);
    dev.resourceCountIs('Custom::S3AutoDeleteObjects', 2);
  });
});

describe('WebHosting with a custom domain', () => {
  const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
  const { template: custom } = synth({
    customDomain: { domainName: 'todo.example.com', certificateArn: CERTIFICATE },
  });

  test('serves the alias with its ACM certificate, TLSv1.2_2021 minimum and SNI only', () => {
    const config = distributionConfig(custom);
    expect(config.Aliases).toEqual(['todo.example.com']);
    expect(config.ViewerCertificate).toEqual({
      AcmCertificateArn: CERTIFICATE,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
  });

  test('without one, the distribution keeps its default name and certificate', () => {
    expect(distributionConfig().Aliases).toBeUndefined();
    expect(distributionConfig().ViewerCertificate).toBeUndefined();
  });

  test('fails when the certificate is outside us-east-1, naming the prop', () => {
    expect(() =>
      synth({
        customDomain: { domainName: 'todo.example.com', certificateArn: CERTIFICATE.replace('us-east-1', 'eu-west-1') },
      }),
    ).toThrow(/customDomain\.certificateArn must be an ACM certificate in us-east-1/);
  });
});
