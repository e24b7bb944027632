// Test-wide environment: no telemetry, no network, quiet SDK warnings about the local Node version.
process.env.CDK_DISABLE_CLI_TELEMETRY = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.AWS_REGION = process.env.AWS_REGION || 'us-east-1';
// The feature flags of cdk.json, as `cdk synth` applies them: tests synthesize what a deploy would get.
process.env.CDK_CONTEXT_JSON = JSON.stringify(require('../../cdk.json').context);
