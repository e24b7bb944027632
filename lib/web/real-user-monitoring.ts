import { Aws, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rum from 'aws-cdk-lib/aws-rum';
import { Construct } from 'constructs';

/** Where browsers send RUM events (CSP `connect-src`). */
export const RUM_DATA_PLANE_ENDPOINT = `https://dataplane.rum.${Aws.REGION}.${Aws.URL_SUFFIX}`;
/** Where browsers get guest credentials for RUM (CSP `connect-src`). */
export const COGNITO_IDENTITY_ENDPOINT = `https://cognito-identity.${Aws.REGION}.${Aws.URL_SUFFIX}`;

export interface RealUserMonitoringProps {
  /** The app monitor's name (`todo-<stage>-web`): the `application_name` dimension of its AWS/RUM metrics. */
  readonly appMonitorName: string;
  /** The web client's host name (the CloudFront domain); RUM accepts events from pages on it only. */
  readonly domain: string;
  /** Share of sessions recorded (0–1). */
  readonly sessionSampleRate: number;
  /**
   * Custom metrics RUM derives from the page's events and publishes to CloudWatch.
   * @default - none: only the metrics RUM vends to `AWS/RUM`
   */
  readonly customMetrics?: rum.CfnAppMonitor.MetricDefinitionProperty[];
}

/**
 * CloudWatch RUM for the web client: web vitals, JavaScript errors and HTTP calls of real browsers, with X-Ray so a
 * browser request becomes the root of the backend trace. Browsers send events as guests of a Cognito identity pool
 * (enhanced flow) whose role may do one thing: put RUM events into this app monitor.
 */
export class RealUserMonitoring extends Construct {
  public readonly appMonitor: rum.CfnAppMonitor;
  public readonly identityPool: cognito.CfnIdentityPool;
  public readonly guestRole: iam.Role;
  /** The app monitor's id, which the RUM web client is started with. */
  public readonly appMonitorId: string;

  constructor(scope: Construct, id: string, props: RealUserMonitoringProps) {
    super(scope, id);
    if (!Number.isFinite(props.sessionSampleRate) || props.sessionSampleRate < 0 || props.sessionSampleRate > 1) {
      throw new Error(`RealUserMonitoring: sessionSampleRate must be from 0 to 1, got ${props.sessionSampleRate}`);
    }

    this.identityPool = new cognito.CfnIdentityPool(this, 'GuestIdentities', {
      identityPoolName: `${props.appMonitorName}-rum`.replace(/-/g, '_'),
      allowUnauthenticatedIdentities: true,
      // Enhanced flow only: credentials come from GetCredentialsForIdentity with the role attached below, so a
      // browser can't ask STS for any other role.
      allowClassicFlow: false,
    });

    this.guestRole = new iam.Role(this, 'GuestRole', {
      description: `CloudWatch RUM guests of ${props.appMonitorName}: put RUM events, nothing else`,
      assumedBy: new iam.FederatedPrincipal(
        'cognito-identity.amazonaws.com',
        {
          StringEquals: { 'cognito-identity.amazonaws.com:aud': this.identityPool.ref },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' },
        },
        'sts:AssumeRoleWithWebIdentity',
      ),
    });
    this.guestRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'PutRumEvents',
        actions: ['rum:PutRumEvents'],
        resources: [
          Stack.of(this).formatArn({ service: 'rum', resource: 'appmonitor', resourceName: props.appMonitorName }),
        ],
      }),
    );

    new cognito.CfnIdentityPoolRoleAttachment(this, 'GuestRoleAttachment', {
      identityPoolId: this.identityPool.ref,
      roles: { unauthenticated: this.guestRole.roleArn },
    });

    this.appMonitor = new rum.CfnAppMonitor(this, 'AppMonitor', {
      name: props.appMonitorName,
      domain: props.domain,
      appMonitorConfiguration: {
        allowCookies: true,
        enableXRay: true,
        sessionSampleRate: props.sessionSampleRate,
        telemetries: ['performance', 'errors', 'http'],
        identityPoolId: this.identityPool.ref,
        guestRoleArn: this.guestRole.roleArn,
        metricDestinations:
          props.customMetrics === undefined || props.customMetrics.length === 0
            ? undefined
            : [{ destination: 'CloudWatch', metricDefinitions: props.customMetrics }],
      },
      // Sign-in and todo interactions are recorded as custom events (web/src: no personal data in them).
      customEvents: { status: 'ENABLED' },
      // Events stay in RUM (30 days) and its vended AWS/RUM metrics; a copy in CloudWatch Logs would be a log group
      // RUM creates without a retention setting.
      cwLogEnabled: false,
    });
    this.appMonitorId = this.appMonitor.attrId;
  }
}
