// Test-wide environment: no telemetry, no network, quiet SDK warnings about the local Node version.
process.env.CDK_DISABLE_CLI_TELEMETRY = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.AWS_REGION = process.env.AWS_REGION || 'us-east-1';
// The feature flags of cdk.json, as `cdk synth` applies them: tests synthesize what a deploy would get.
process.env.CDK_CONTEXT_JSON = JSON.stringify(require('../../cdk.json').context);
// aws-cdk-lib's built-in CloudFormation validation (a WebAssembly rule engine) costs about 1.2 s to start in every
// test file; the app-wide synth test (test/lib/todo-app.test.ts) turns it back on and asserts its findings, once.
process.env.CDK_VALIDATION = 'false';
