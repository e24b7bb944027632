/**
 * A reviewable inventory of a CloudFormation template: per resource type, the logical ids and, where the resource has
 * one, its physical name (alarm, topic, function, table, log group, dashboard…). Stack tests snapshot it instead of
 * the whole template: a review sees what is added, removed or renamed, not every property.
 */

/** Properties that hold a resource's physical name, by the type's naming convention. */
const NAME_PROPERTIES = [
  'AlarmName',
  'TopicName',
  'QueueName',
  'FunctionName',
  'TableName',
  'LogGroupName',
  'DashboardName',
  'RoleName',
  'Name',
  'BucketName',
  'RuleName',
  'GroupName',
  'StageName',
  'DeploymentGroupName',
  'ApplicationName',
  'UserPoolName',
  'ClientName',
];

interface TemplateJson {
  readonly Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  readonly Outputs?: Record<string, unknown>;
}

/** Logical ids that end in a content hash (API Gateway deployments, versions) are shown with `<hash>`. */
const HASHED_ID = /[0-9a-fA-F]{32,}$/;

function nameOf(properties: Record<string, unknown> | undefined): string | undefined {
  for (const key of NAME_PROPERTIES) {
    const value = properties?.[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

export interface TemplateInventory {
  /** Resource type → `LogicalId` or `LogicalId name`, sorted. */
  readonly resources: Record<string, string[]>;
  readonly outputs: string[];
}

export function templateInventory(template: TemplateJson): TemplateInventory {
  const resources: Record<string, string[]> = {};
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    const name = nameOf(resource.Properties);
    const entry = `${id.replace(HASHED_ID, '<hash>')}${name === undefined ? '' : ` ${name}`}`;
    (resources[resource.Type] ??= []).push(entry);
  }
  const sorted = Object.fromEntries(
    Object.keys(resources)
      .sort()
      .map((type) => [type, resources[type].sort()]),
  );
  return { resources: sorted, outputs: Object.keys(template.Outputs ?? {}).sort() };
}
