import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';

/**
 * Encrypts `table` (one replica, built with `TableEncryptionV2.awsManagedKey()`) and its stream with `key`.
 *
 * TableV2's own customer-managed encryption refuses a region-agnostic stack (it names the key per replica region),
 * and this app synthesizes agnostic offline (tests, docs, cost) and with an env in `cdk deploy`. One path for both:
 * the table is built with SSEType KMS and this names the key on its only replica, which is what TableV2 renders for
 * a customer-managed key in a known region. `table.encryptionKey` stays unset: grant the key's use explicitly.
 */
export function applyTableKey(table: dynamodb.TableV2, key: kms.IKey): void {
  const cfn = table.node.defaultChild as dynamodb.CfnGlobalTable;
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-dynamodb-globaltable-replicassespecification.html
  cfn.addPropertyOverride('Replicas.0.SSESpecification.KMSMasterKeyId', key.keyArn);
}
