// One Lambda execution environment, as far as the benchmark needs it: runs in a fresh `node` with the function's
// environment, loads the bundle with import() as the Lambda runtime client loads a handler, then invokes it with
// the given events, one at a time, setting _X_AMZN_TRACE_ID per invocation as the runtime does.
// Usage: node invoke-runner.mjs <bundle> <spec.json> <result.json>
// spec: { functionName, events: unknown[], probeErrorStack?: boolean }
// result: { loadMs, invokeMs: number[], outcomes: string[], errorStackMs? }
// Before the bundle, only what Lambda's runtime interface client has loaded by the time it imports a handler, so the
// module load is measured as Lambda's init would see it.
const [file, specFile, resultFile] = process.argv.slice(2);

// The runtime interface client talks to the Runtime API with node:http, required when it starts, before the handler
// (aws/aws-lambda-nodejs-runtime-interface-client: src/client/rapid-client.ts; RAPIDClient.js before its TypeScript
// rewrite). node:http brings node:net and node:stream; fs, path and module, which it also requires, come with Node.
process.getBuiltinModule('node:http');

const started = performance.now();
const mod = await import(process.getBuiltinModule('node:url').pathToFileURL(file).href);
const loadMs = performance.now() - started;

const { readFileSync, writeFileSync } = process.getBuiltinModule('node:fs');
const spec = JSON.parse(readFileSync(specFile, 'utf8'));
const handler = mod.handler ?? mod.default?.handler;
if (typeof handler !== 'function') throw new Error(`${file} does not export a handler function`);

const hex = (length) => Array.from({ length }, () => Math.floor(Math.random() * 16).toString(16)).join('');
const context = () => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: spec.functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${spec.functionName}`,
  memoryLimitInMB: '1024',
  awsRequestId: `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`,
  logGroupName: `/aws/lambda/${spec.functionName}`,
  logStreamName: `bench/[$LATEST]${hex(32)}`,
  getRemainingTimeInMillis: () => 10_000,
});

const invokeMs = [];
const outcomes = [];
for (const event of spec.events) {
  process.env._X_AMZN_TRACE_ID = `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${hex(24)};Parent=${hex(16)};Sampled=1`;
  const begin = performance.now();
  const response = await handler(event, context());
  invokeMs.push(performance.now() - begin);
  outcomes.push(String(response?.statusCode ?? (response?.batchItemFailures?.length ? 'partial' : 'ok')));
}

// The cost of the first stack trace formatted in the environment (what the first logged error pays): an invocation
// with no event fails inside the bundle, and reading `stack` formats it (mapped to the sources with source maps on).
let errorStackMs;
if (spec.probeErrorStack) {
  try {
    await handler(null, context());
  } catch (error) {
    const begin = performance.now();
    void error.stack;
    errorStackMs = performance.now() - begin;
  }
}
writeFileSync(resultFile, JSON.stringify({ loadMs, invokeMs, outcomes, errorStackMs }));
// Open keep-alive sockets and the X-Ray UDP socket would keep the process alive: this environment is done.
process.exit(0);
