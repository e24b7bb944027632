/**
 * The caller: the `sub` claim of the Cognito authorizer, the partition key of everything they own. OpenID Connect
 * limits `sub` to 255 ASCII characters (Cognito's are UUIDs); anything else is refused with a 401 before it reaches
 * a key (DynamoDB's 2048-byte partition key limit) or a pagination cursor (whose length limit follows from this one).
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { HttpProblem } from './problems';

export const MAX_CALLER_ID_LENGTH = 255;
/** Visible ASCII: no spaces or control characters, which have no place in an identifier. */
const CALLER_ID = new RegExp(`^[\\x21-\\x7e]{1,${MAX_CALLER_ID_LENGTH}}$`);

/** The caller's `sub`; a 401 problem when it is absent or blank, or not an identifier this API can key data by. */
export function callerOf(event: APIGatewayProxyEvent): string {
  const claims = event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined;
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub.trim().length === 0) {
    throw HttpProblem.of('unauthorized', 'The request carries no authenticated user.');
  }
  if (!CALLER_ID.test(sub)) {
    throw HttpProblem.of(
      'unauthorized',
      `The caller id (sub) must be 1 to ${MAX_CALLER_ID_LENGTH} visible ASCII characters.`,
    );
  }
  return sub;
}
