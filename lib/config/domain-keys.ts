import type { ConfigPath, ContextKeyDef, CrossKeyRule } from './context-keys';
import { text } from './context-rules';
import { StageConfig } from './stage-config-types';

/**
 * The custom-domain context keys: a web domain (CloudFront alias), an API domain (API Gateway regional custom
 * domain), each with its ACM certificate, and an optional hosted zone for their alias records. Kept apart from
 * context-keys.ts, which spreads them into CONTEXT_KEY_TABLE and CROSS_KEY_RULES.
 *
 * The zone is named by its id alone: the records carry fully qualified names, so no zone name is needed, and a
 * domain outside the zone is refused by Route 53 at deploy (synth cannot read the zone offline).
 */

/** The same helper as context-keys.ts' `key`, repeated here so this module needs only its types (no import cycle). */
const key = <K extends string, P extends ConfigPath>(def: ContextKeyDef<K, P>): ContextKeyDef<K, P> => def;

/**
 * A lowercase host name of two labels or more (API Gateway refuses uppercase), 253 characters at most, no wildcard
 * and no trailing dot.
 */
const DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const DNS_NAME_ALLOWED =
  'a lowercase host name such as todo.example.com: two labels or more of letters, digits and hyphens (1–63 each, ' +
  'no leading or trailing hyphen), 253 characters at most, no wildcard, no trailing dot';

/** `arn:<partition>:acm:<region>:<account>:certificate/<uuid>`; the region is group 1. */
const ACM_CERTIFICATE_ARN =
  /^arn:aws[-a-z]*:acm:([a-z]{2}(?:-[a-z]+)+-\d):\d{12}:certificate\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ACM_ALLOWED = 'an ACM certificate ARN, arn:aws:acm:<region>:<12-digit account>:certificate/<uuid>';

/** Route 53 hosted zone ids: `Z` and up to 31 uppercase letters or digits (without `/hostedzone/`). */
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

/**
 * CloudFront uses ACM certificates from US East (N. Virginia) only:
 * https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html
 */
export const CLOUDFRONT_CERTIFICATE_REGION = 'us-east-1';

/** The region of an ACM certificate ARN (undefined when it is not one). */
export function certificateRegion(arn: string): string | undefined {
  return ACM_CERTIFICATE_ARN.exec(arn)?.[1];
}

const domainName = () => text(DNS_NAME_ALLOWED, (value) => DNS_NAME.test(value));

export const DOMAIN_KEYS = [
  key({
    key: 'webDomainName',
    sets: 'domains.webDomainName',
    rule: domainName(),
    description:
      "The web client's custom domain (a CloudFront alias, TLS 1.2 minimum, SNI); CORS, the CSP, the sign-in " +
      'redirects, RUM, the canaries and the outputs follow it. Needs `webCertificateArn`.',
    defaultText: "none: the distribution's `*.cloudfront.net` name",
  }),
  key({
    key: 'webCertificateArn',
    sets: 'domains.webCertificateArn',
    rule: text(ACM_ALLOWED, (value) => certificateRegion(value) !== undefined, [
      {
        fails: (value) => certificateRegion(value) !== CLOUDFRONT_CERTIFICATE_REGION,
        allowed: `a certificate in ${CLOUDFRONT_CERTIFICATE_REGION} (CloudFront uses ACM certificates from US East (N. Virginia) only)`,
      },
    ]),
    description: 'ACM certificate (in us-east-1) covering `webDomainName`.',
  }),
  key({
    key: 'apiDomainName',
    sets: 'domains.apiDomainName',
    rule: domainName(),
    description:
      "The API's custom domain (an API Gateway regional custom domain, TLS 1.2, mapped to the stage at its root): " +
      'the web client, the CSP and the canaries call it. Needs `apiCertificateArn`.',
    defaultText: 'none: `<api id>.execute-api.<region>.amazonaws.com/<stage>`',
  }),
  key({
    key: 'apiCertificateArn',
    sets: 'domains.apiCertificateArn',
    rule: text(ACM_ALLOWED, (value) => certificateRegion(value) !== undefined),
    description: "ACM certificate covering `apiDomainName`, in the stack's region (a regional endpoint's rule).",
  }),
  key({
    key: 'hostedZoneId',
    sets: 'domains.hostedZoneId',
    rule: text('a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ (without /hostedzone/)', (value) =>
      HOSTED_ZONE_ID.test(value),
    ),
    description:
      'Public Route 53 hosted zone holding the custom domains: alias A and AAAA records for each domain set (alias ' +
      'queries to CloudFront and API Gateway are free).',
    defaultText: 'none: no DNS records; point each domain at its `…DnsTarget` output',
  }),
] as const;

type DomainKey = (typeof DOMAIN_KEYS)[number]['key'];

/** A domain and its certificate come together; a zone serves at least one domain; the two hosts differ. */
export const DOMAIN_CROSS_KEY_RULES: readonly (CrossKeyRule & { readonly key: DomainKey })[] = [
  ...(['web', 'api'] as const).flatMap((site) => {
    const domain = `${site}DomainName` as const;
    const certificate = `${site}CertificateArn` as const;
    const set = (config: StageConfig, field: keyof StageConfig['domains']) => config.domains[field] !== undefined;
    return [
      {
        key: certificate,
        violated: (config: StageConfig) => set(config, domain) && !set(config, certificate),
        allowed: `the ARN of an ACM certificate covering ${domain} when ${domain} is set`,
      },
      {
        key: domain,
        violated: (config: StageConfig) => set(config, certificate) && !set(config, domain),
        allowed: `the host name ${certificate} covers when ${certificate} is set`,
      },
    ];
  }),
  {
    key: 'apiDomainName',
    violated: (config) =>
      config.domains.apiDomainName !== undefined && config.domains.apiDomainName === config.domains.webDomainName,
    allowed: 'a host name other than webDomainName (CloudFront and API Gateway cannot share one)',
  },
  {
    key: 'hostedZoneId',
    violated: (config) =>
      config.domains.hostedZoneId !== undefined &&
      config.domains.webDomainName === undefined &&
      config.domains.apiDomainName === undefined,
    allowed: 'a zone id only with webDomainName or apiDomainName (the zone holds their records)',
  },
];
