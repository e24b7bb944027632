/** A CloudFormation string value as text: `Fn::Join` parts are joined and any other token renders as `<token>`. */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map((part) => (typeof part === 'string' ? part : '<token>')).join(join[0]);
  return '<token>';
}

const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'eu-west-1',
  'AWS::AccountId': '123456789012',
};

/**
 * A CloudFormation string value (a literal, or an `Fn::Join` of literals and pseudo parameters) as it would deploy
 * in a sample account and region. Any other token throws, so the caller sees what it didn't expect.
 */
export function deployedText(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map(deployedText).join(join[0]);
  const ref = (value as { Ref?: string }).Ref;
  if (ref && PSEUDO_PARAMETERS[ref]) return PSEUDO_PARAMETERS[ref];
  throw new Error(`Unexpected value ${JSON.stringify(value)}`);
}
