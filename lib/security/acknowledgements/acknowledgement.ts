import { AspectPriority, Aspects, CfnResource, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
// cdk-nag's own rendering of intrinsics in finding ids (`<Logical.Arn>/*`), so a pattern matches what it reports.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { cfnProperties } from '../cfn-properties';

/**
 * One reviewed exemption: the findings of one pack it accepts, the resources it covers and why. Every pack's
 * exemptions live in one file beside this one; constructs never acknowledge findings themselves.
 */
export interface Acknowledgement {
  /**
   * Rule names as the pack reports them, without the pack prefix: `IAM5[Resource::*]`, `LambdaDLQ`,
   * `s3_bucket_versioning_enabled_check`. Inside `[…]` a `…` matches any run of characters, for logical ids with
   * hashes (`IAM5[Resource::<FaultInjectionConfigBucket….Arn>/FisConfigs/*]`); everything else matches exactly.
   */
  readonly rules: readonly string[];
  /**
   * Construct paths of the resources covered, as reported (`Service/Api/AccessLogs/Resource`); `*` matches within
   * one path segment and `**` any run of segments. At least one of `paths` and `where` is given; with both, a resource must meet both.
   */
  readonly paths?: readonly string[];
  /** A test on the resource: for a class of resources the code marks, or a condition (no custom domain set). */
  readonly where?: (resource: CfnResource) => boolean;
  readonly reason: string;
  /**
   * The finding is the offline rule misreading an intrinsic (`Fn::ImportValue`, `Fn::Join`): the resolved value
   * passes. test/lib/security shows it by running the rule on the template with intrinsics resolved.
   */
  readonly intrinsicFalsePositive?: boolean;
}

/** A pack's reviewed exemptions. `plugin` is the validation plugin's name, the prefix of its acknowledgement ids. */
export interface PackAcknowledgements {
  readonly plugin: string;
  /** What the pack prefixes to its rule names (`AwsSolutions-`); empty for packs that report bare names. */
  readonly rulePrefix: string;
  readonly acknowledgements: readonly Acknowledgement[];
}

/** Which resources each acknowledgement covered in one app, for the test that no acknowledgement is stale. */
export type AcknowledgementUse = Map<Acknowledgement, string[]>;

/**
 * Acknowledges, on each resource of `scope`, the findings the packs' exemptions cover. Runs as the last aspect of
 * synthesis, so resources other aspects add (log groups of CDK's helper functions) are covered and policies are read
 * as they will synthesize. Returns which resources each acknowledgement covered, filled in when the app synthesizes.
 */
export function applyAcknowledgements(scope: IConstruct, packs: readonly PackAcknowledgements[]): AcknowledgementUse {
  const use: AcknowledgementUse = new Map(packs.flatMap((pack) => pack.acknowledgements.map((ack) => [ack, []])));
  // Per resource, not once for the tree: aspects of stacks run after the app's, and may add resources.
  Aspects.of(scope).add(
    {
      visit: (node) => {
        if (CfnResource.isCfnResource(node)) acknowledge(node, packs, use);
      },
    },
    { priority: AspectPriority.READONLY },
  );
  return use;
}

function acknowledge(resource: CfnResource, packs: readonly PackAcknowledgements[], use: AcknowledgementUse): void {
  // Resolving a policy is the costly part of this aspect: once per resource, and only if a rule with a detail asks.
  let details: string[] | undefined;
  const detailsOf = () => (details ??= findingDetails(resource));
  for (const pack of packs) {
    for (const ack of pack.acknowledgements.filter((a) => covers(a, resource))) {
      const ids = ack.rules.flatMap((rule) => findingIds(rule, detailsOf)).map((f) => `${pack.rulePrefix}${f}`);
      if (ids.length === 0) continue;
      Validations.of(resource).acknowledge(...ids.map((id) => ({ id: `${pack.plugin}::${id}`, reason: ack.reason })));
      use.get(ack)?.push(resource.node.path);
    }
  }
}

function covers(ack: Acknowledgement, resource: CfnResource): boolean {
  if (ack.paths === undefined && ack.where === undefined)
    throw new Error(`Acknowledgement covers nothing: ${ack.reason}`);
  const path = resource.node.path;
  const byPath = ack.paths?.some((pattern) => pathPattern(pattern).test(path)) ?? true;
  return byPath && (ack.where?.(resource) ?? true);
}

const PATH_PATTERNS = new Map<string, RegExp>();

/** `**` matches any run of path segments, `*` any run of characters within one. */
function pathPattern(pattern: string): RegExp {
  const known = PATH_PATTERNS.get(pattern);
  if (known) return known;
  const body = pattern
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((literal) => literal.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  const compiled = new RegExp(`^${body}$`);
  PATH_PATTERNS.set(pattern, compiled);
  return compiled;
}

/**
 * The finding ids a rule pattern names on a resource: the rule itself, or, for a rule with a detail
 * (`IAM5[Resource::*]`), each detail the resource actually has that the pattern matches.
 */
function findingIds(rule: string, detailsOf: () => string[]): string[] {
  const detail = /^([^[]+)\[(.+)\]$/.exec(rule);
  if (!detail) return [rule];
  const [, name, pattern] = detail;
  const matcher = new RegExp(
    `^${pattern
      .split('…')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.+')}$`,
  );
  return detailsOf()
    .filter((d) => matcher.test(d))
    .map((d) => `${name}[${d}]`);
}

/** The details cdk-nag's IAM rules report for a resource: wildcard actions and resources, AWS managed policies. */
function findingDetails(resource: CfnResource): string[] {
  const properties = cfnProperties(resource);
  const documents = [
    properties.PolicyDocument,
    ...((properties.Policies as Array<{ PolicyDocument: unknown }> | undefined) ?? []).map((p) => p.PolicyDocument),
  ].filter(Boolean) as Array<{ Statement?: Array<Record<string, unknown>> }>;
  const details: string[] = [];
  for (const statement of documents.flatMap((d) => d.Statement ?? [])) {
    if (statement.Effect !== 'Allow') continue;
    for (const action of ([] as unknown[]).concat(statement.Action ?? []).map(String)) {
      if (action.includes('*')) details.push(`Action::${action}`);
    }
    for (const target of ([] as unknown[]).concat(statement.Resource ?? []).map(flattenCfnReference)) {
      if (target.includes('*')) details.push(`Resource::${target}`);
    }
  }
  for (const arn of ((properties.ManagedPolicyArns as unknown[] | undefined) ?? []).map(flattenCfnReference)) {
    details.push(`Policy::${arn}`);
  }
  return [...new Set(details)];
}
