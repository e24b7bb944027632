/**
 * Runs `build` with CDK_DEFAULT_ACCOUNT and CDK_DEFAULT_REGION set, as the CLI sets them from your credentials
 * (`cdk deploy`), so stacks get a concrete environment; restores both afterwards.
 */
export function inAccount<T>(build: () => T, account = '111111111111', region = 'eu-west-1'): T {
  const saved = {
    CDK_DEFAULT_ACCOUNT: process.env.CDK_DEFAULT_ACCOUNT,
    CDK_DEFAULT_REGION: process.env.CDK_DEFAULT_REGION,
  };
  process.env.CDK_DEFAULT_ACCOUNT = account;
  process.env.CDK_DEFAULT_REGION = region;
  try {
    return build();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
