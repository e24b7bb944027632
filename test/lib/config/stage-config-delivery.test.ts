/** Deployment strategy and chaos settings of the stage config (issue: safe deployments, game days). */
import { ContextKey, loadStageConfig } from '../../../lib/config/stage-config';

const context =
  (values: Partial<Record<ContextKey, unknown>>) =>
  (key: ContextKey): unknown =>
    values[key];
const LAYER = 'arn:aws:lambda:eu-west-1:123456789012:layer:aws-fis-extension-arm64:9';

describe('deployment strategy', () => {
  test('prod shifts 10 % for 5 minutes, dev all at once', () => {
    expect(loadStageConfig(context({ stage: 'prod' })).deployment).toEqual({ strategy: 'canary-10-percent-5-minutes' });
    expect(loadStageConfig(context({ stage: 'dev' })).deployment).toEqual({ strategy: 'all-at-once' });
  });
});

describe('chaos', () => {
  test('is off in both stages by default', () => {
    expect(loadStageConfig(context({})).chaos).toEqual({ enabled: false, fisExtensionLayerArn: undefined });
    expect(loadStageConfig(context({ stage: 'prod' })).chaos.enabled).toBe(false);
  });

  test('is enabled with chaosEnabled=true and a layer ARN', () => {
    expect(loadStageConfig(context({ chaosEnabled: 'true', fisExtensionLayerArn: LAYER })).chaos).toEqual({
      enabled: true,
      fisExtensionLayerArn: LAYER,
    });
  });

  test('fails when chaos is enabled without fisExtensionLayerArn', () => {
    expect(() => loadStageConfig(context({ chaosEnabled: 'true' }))).toThrow(
      /Invalid context value for "fisExtensionLayerArn": undefined\. Allowed: the FIS Lambda extension layer ARN of the stage's region when chaosEnabled is true/,
    );
  });

  test('fails when fisExtensionLayerArn is not a layer version ARN', () => {
    expect(() => loadStageConfig(context({ fisExtensionLayerArn: 'aws-fis-extension-arm64' }))).toThrow(
      /"fisExtensionLayerArn": "aws-fis-extension-arm64". Allowed: a Lambda layer version ARN/,
    );
  });

  test('fails when fisExtensionLayerArn is the x86_64 build (the functions run on arm64)', () => {
    expect(() => loadStageConfig(context({ fisExtensionLayerArn: LAYER.replace('arm64', 'x86_64') }))).toThrow(
      /Allowed: the arm64 build of the extension/,
    );
  });
});
