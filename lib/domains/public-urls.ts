import { Aws } from 'aws-cdk-lib';
import { DomainConfig } from '../config/stage-config';

/** The AWS host names the site and the API answer on when no custom domain is set. */
export interface DefaultHosts {
  /** The distribution's `<id>.cloudfront.net` (a token: the distribution is made after the API that names it). */
  readonly webDomainName: string;
  /** The REST API's id: its default host is `<id>.execute-api.<region>.<url suffix>`. */
  readonly restApiId: string;
  /** The API stage, the first path segment of an execute-api URL. */
  readonly stageName: string;
}

/**
 * Where users, browsers and canaries reach the web client and the API: the one place that chooses between a custom
 * domain and the AWS host name, so CORS, the CSP, config.json, the sign-in redirects, RUM, the canaries and the
 * outputs cannot disagree.
 */
export interface PublicUrls {
  /** The web client's host: `webDomainName` or `<id>.cloudfront.net` (the RUM app monitor's domain). */
  readonly webDomainName: string;
  /** `https://<webDomainName>`: the origin CORS allows. */
  readonly webOrigin: string;
  /** `<webOrigin>/`: the site root (sign-in redirects, the canaries' page check, the `WebUrl` output). */
  readonly webUrl: string;
  /** `https://<API host>`: what the page's CSP lets it connect to. */
  readonly apiOrigin: string;
  /**
   * The API root without a trailing slash; routes are `<apiRoot>/todos` (config.json's `apiUrl`, the canaries, the
   * `ApiUrl` output). A custom domain maps the stage at its root; the execute-api URL names the stage.
   */
  readonly apiRoot: string;
}

export function publicUrls(domains: DomainConfig, defaults: DefaultHosts): PublicUrls {
  const webDomainName = domains.webDomainName ?? defaults.webDomainName;
  const webOrigin = `https://${webDomainName}`;
  const apiOrigin =
    domains.apiDomainName !== undefined
      ? `https://${domains.apiDomainName}`
      : `https://${defaults.restApiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;
  const apiRoot = domains.apiDomainName !== undefined ? apiOrigin : `${apiOrigin}/${defaults.stageName}`;
  return { webDomainName, webOrigin, webUrl: `${webOrigin}/`, apiOrigin, apiRoot };
}
