/**
 * The app's functions by how they are invoked, as construct paths of their AWS::Lambda::Function resources: the
 * exemptions about dead-letter queues, tracing, concurrency and VPCs differ between them.
 */

/** The API handlers: invoked synchronously by API Gateway through their live alias. */
export const API_FUNCTIONS = 'Service/*Function/Function/Resource';

/** The audit stream processor: an event source mapping with its own on-failure destination. */
export const STREAM_PROCESSOR = 'Service/AuditTrail/Processor/Function/Resource';

/**
 * Functions that run only while CloudFormation deploys (custom resources): CDK's BucketDeployment handler and
 * AwsCustomResource singleton, and the canary user's provider.
 */
export const DEPLOY_TIME_FUNCTIONS = [
  'Service/Custom::CDKBucketDeployment*/Resource',
  'Monitoring/AWS679f53fac002430cb0da5b7982bd2287/Resource',
  'Monitoring/Canary/User/Function/Resource',
];

/** CDK's S3 auto-delete provider: a raw AWS::Lambda::Function that only the Control Tower rules read. */
export const S3_AUTO_DELETE_PROVIDER = '*/Custom::S3AutoDeleteObjectsCustomResourceProvider/Handler';

/** Every function of the app that cdk-nag reads. */
export const ALL_FUNCTIONS = [API_FUNCTIONS, STREAM_PROCESSOR, ...DEPLOY_TIME_FUNCTIONS];
