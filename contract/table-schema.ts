/**
 * Key design of the todo table, shared by the handlers, the CDK table construct, the local engine,
 * the restore check and the tests.
 *
 * One partition per user (`pk = USER#<sub>`), one item per todo (`sk = TODO#<id>`), and a local secondary
 * index sorted by the todo's `order`, so listing a user's todos in order is a single Query, never a Scan.
 */
export const TODO_TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  orderIndexName: 'byOrder',
  orderAttribute: 'order',
} as const;

/** Idempotency records written by Powertools idempotency (default attribute names). */
export const IDEMPOTENCY_TABLE_SCHEMA = {
  partitionKey: 'id',
  timeToLiveAttribute: 'expiration',
} as const;

export const userPartitionKey = (userId: string): string => `USER#${userId}`;
export const todoSortKey = (todoId: string): string => `TODO#${todoId}`;
