import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { certificateRegion, CLOUDFRONT_CERTIFICATE_REGION } from '../config/domain-keys';
import { WEB_ASSETS_PREFIX, WEB_ENTRY_DOCUMENT, webContentSecurityPolicy } from '../../web/site-layout';

/** Where the build puts content-hashed files; everything else (index.html, config.json, favicon) is revalidated. */
export const HASHED_ASSETS_PATH = `${WEB_ASSETS_PREFIX}*`;

/** A custom domain of the web client: a CloudFront alternate domain name and its certificate. */
export interface WebCustomDomain {
  /** e.g. `todo.example.com`. */
  readonly domainName: string;
  /** ACM certificate covering `domainName`, in us-east-1. */
  readonly certificateArn: string;
}

export interface WebHostingProps {
  /** `todo-<stage>`: names the header and cache policies. */
  readonly namePrefix: string;
  /**
   * Origins the page may call (CSP `connect-src`, besides its own): the API, the sign-in domain, the RUM data plane
   * and Cognito identity. Nothing else is reachable from the page.
   */
  readonly connectSources: readonly string[];
  /** How long CloudFront and S3 access logs are kept. */
  readonly accessLogRetention: RetentionDays;
  /** Buckets are retained in prod; in dev they are emptied and deleted with the stack. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * Serve the site on this domain with its certificate, TLS 1.2 (2021 policy) minimum, SNI only.
   * @default - the distribution's `*.cloudfront.net` name and certificate
   */
  readonly customDomain?: WebCustomDomain;
}

/**
 * The web client's hosting: a private, versioned S3 bucket that only CloudFront may read (origin access control),
 * HTTPS only, security headers on every response (CSP, HSTS, no framing), access logs for the distribution and the
 * bucket, and caching that suits content-hashed assets (a year, immutable) apart from the documents that name them
 * (revalidated on every request, so a deploy is live at once).
 */
export class WebHosting extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly logBucket: s3.Bucket;
  public readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    validateCustomDomain(props.customDomain);
    const autoDelete = props.removalPolicy === RemovalPolicy.DESTROY;

    this.logBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logs are delivered with an ACL grant, so ACLs must stay usable on this bucket only.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules:
        props.accessLogRetention === RetentionDays.INFINITE
          ? []
          : [{ id: 'expire-access-logs', expiration: Duration.days(props.accessLogRetention) }],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: autoDelete,
    });

    this.bucket = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Versions let an operator put back the previous index.html at once (runbooks/alarms/web-*.md).
      versioned: true,
      lifecycleRules: [{ id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(30) }],
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/site/',
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: autoDelete,
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `${props.namePrefix}-web-security-headers`,
      comment: 'Web client: CSP allowing only the API, sign-in and RUM endpoints; HSTS; no framing',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: webContentSecurityPolicy(props.connectSources),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
      removeHeaders: ['Server'],
    });
    const documents = new cloudfront.CachePolicy(this, 'DocumentCache', {
      cachePolicyName: `${props.namePrefix}-web-documents`,
      comment: 'index.html and config.json: the bucket sends no-cache, so every request revalidates (ETag)',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.minutes(5),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const origin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket, {
      originAccessLevels: [cloudfront.AccessLevel.READ],
    });
    const behavior = (cachePolicy: cloudfront.ICachePolicy): cloudfront.BehaviorOptions => ({
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      compress: true,
      cachePolicy,
      responseHeadersPolicy: headers,
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${props.namePrefix} web client`,
      defaultRootObject: WEB_ENTRY_DOCUMENT,
      defaultBehavior: behavior(documents),
      additionalBehaviors: { [HASHED_ASSETS_PATH]: behavior(cloudfront.CachePolicy.CACHING_OPTIMIZED) },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      ...(props.customDomain && viewerCertificate(this, props.customDomain)),
    });
  }
}

/**
 * The alias and its certificate, with the TLSv1.2_2021 security policy and SNI (no dedicated-IP charge):
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_cloudfront.SecurityPolicyProtocol.html
 */
function viewerCertificate(scope: Construct, domain: WebCustomDomain): Partial<cloudfront.DistributionProps> {
  return {
    domainNames: [domain.domainName],
    certificate: acm.Certificate.fromCertificateArn(scope, 'Certificate', domain.certificateArn),
    minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
    sslSupportMethod: cloudfront.SSLMethod.SNI,
  };
}

/**
 * CloudFront uses ACM certificates of us-east-1 only (the config rule says so first, naming the context key):
 * https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html
 */
function validateCustomDomain(domain: WebCustomDomain | undefined): void {
  if (domain === undefined || Token.isUnresolved(domain.certificateArn)) return;
  if (certificateRegion(domain.certificateArn) !== CLOUDFRONT_CERTIFICATE_REGION) {
    throw new Error(
      `WebHosting: customDomain.certificateArn must be an ACM certificate in ${CLOUDFRONT_CERTIFICATE_REGION}, got ${domain.certificateArn}`,
    );
  }
}
