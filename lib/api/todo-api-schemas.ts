import * as apigateway from 'aws-cdk-lib/aws-apigateway';

/**
 * JSON-schema (draft 4) models API Gateway validates todo bodies against before a function runs, so malformed and
 * mistyped bodies cost no invocation. The handlers validate again (trimming, lengths, finiteness) because they also
 * serve `npm start` and must never trust their caller.
 */
const READ_ONLY_FIELDS: Record<string, apigateway.JsonSchema> = {
  id: { type: apigateway.JsonSchemaType.STRING },
  url: { type: apigateway.JsonSchemaType.STRING },
  createdAt: { type: apigateway.JsonSchemaType.STRING },
  updatedAt: { type: apigateway.JsonSchemaType.STRING },
};

const WRITABLE_FIELDS: Record<string, apigateway.JsonSchema> = {
  title: { type: apigateway.JsonSchemaType.STRING, pattern: '\\S' },
  completed: { type: apigateway.JsonSchemaType.BOOLEAN },
  order: { type: apigateway.JsonSchemaType.NUMBER },
};

function todoBodySchema(title: string, required: string[]): apigateway.JsonSchema {
  return {
    schema: apigateway.JsonSchemaVersion.DRAFT4,
    title,
    type: apigateway.JsonSchemaType.OBJECT,
    properties: { ...WRITABLE_FIELDS, ...READ_ONLY_FIELDS },
    required: required.length > 0 ? required : undefined,
    additionalProperties: false,
  };
}

/** POST /todos: a title is required, everything else optional. */
export const CREATE_TODO_SCHEMA = todoBodySchema('CreateTodo', ['title']);
/** PUT /todos/{id}: full update, a title is required. */
export const REPLACE_TODO_SCHEMA = todoBodySchema('ReplaceTodo', ['title']);
/** PATCH /todos/{id}: any subset of the writable fields. */
export const PATCH_TODO_SCHEMA = todoBodySchema('PatchTodo', []);
