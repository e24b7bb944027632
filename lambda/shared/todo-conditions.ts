/**
 * Conditional writes of one todo: `If-Match` as a ConditionExpression, and a failed condition as the problem the
 * client gets. Every conditional write asks for the item on failure (`ReturnValuesOnConditionCheckFailure:
 * ALL_OLD`), so a failure tells "gone" (404) from "changed" (412) without another read.
 */
import { HttpProblem } from './problems';
import type { Precondition } from './validation';

/** The condition of an update or delete: the todo exists and, with If-Match, has one of the versions. */
export function versionCondition(
  precondition: Precondition,
  names: Record<string, string>,
  values: Record<string, unknown>,
): string {
  if (precondition.kind !== 'versions') {
    return 'attribute_exists(#pk)';
  }
  names['#version'] = 'version';
  const versions = precondition.versions.length > 0 ? precondition.versions : [-1];
  const placeholders = versions.map((version, index) => {
    values[`:ifMatch${index}`] = version;
    return `:ifMatch${index}`;
  });
  return `attribute_exists(#pk) AND #version IN (${placeholders.join(', ')})`;
}

/**
 * The problem for a write whose condition failed: 404 when the todo is gone (the ConditionalCheckFailedException
 * carries no `Item`), 412 when it exists but If-Match did not match.
 */
export function conditionProblem(
  id: string,
  precondition: Precondition,
  conditionError: unknown,
  done: 'updated' | 'deleted',
): HttpProblem {
  const exists = (conditionError as { Item?: unknown } | undefined)?.Item !== undefined;
  if (precondition.kind === 'versions' && exists) {
    return HttpProblem.of(
      'precondition_failed',
      `The todo has changed since the ETag in If-Match; nothing was ${done}.`,
    );
  }
  return HttpProblem.of('not_found', `No todo with id ${id}.`);
}
