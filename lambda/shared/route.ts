/** The closed sets of names used as metric dimensions and trace annotations (low cardinality by construction). */
export type RouteName =
  | 'GET /todos'
  | 'POST /todos'
  | 'DELETE /todos'
  | 'GET /todos/{id}'
  | 'PATCH /todos/{id}'
  | 'PUT /todos/{id}'
  | 'DELETE /todos/{id}';

export type DynamoDbOperation = 'Query' | 'PutItem' | 'GetItem' | 'UpdateItem' | 'DeleteItem';
