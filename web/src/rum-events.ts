/**
 * The custom RUM event types the app records (CloudWatch RUM custom events). Their data never holds personal
 * data: no titles, ids, e-mails or tokens, only counts and flags. No DOM types and no imports: the CDK side (RUM
 * dashboards and metrics) imports these names.
 */
export const RUM_EVENT_PREFIX = 'todo.';

export const RUM_EVENTS = {
  todoAdded: 'todo.todo_added',
  todoCompleted: 'todo.todo_completed',
  todoUncompleted: 'todo.todo_uncompleted',
  todoEdited: 'todo.todo_edited',
  todoDeleted: 'todo.todo_deleted',
  signInCompleted: 'todo.sign_in_completed',
  signOut: 'todo.sign_out',
} as const;

export type RumEventType = (typeof RUM_EVENTS)[keyof typeof RUM_EVENTS];

/** Event data: numbers and booleans only, so nothing personal can be passed by construction. */
export type RumEventData = Readonly<Record<string, number | boolean>>;
