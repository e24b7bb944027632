/**
 * The tables the handlers use locally: dynalite, behind the DynamoDB proxy that adds what dynalite lacks (the
 * item on a failed condition always; the table stream when someone consumes it).
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { TODO_TABLE_SCHEMA } from '../../contract/table-schema';
import { conditionCheckFailure } from '../dynamodb/condition-check-failure';
import { ProxyLayer, startDynamoDbProxy } from '../dynamodb/dynamodb-proxy';
import { LocalDynamoDb, LocalDynamoDbOptions, startLocalDynamoDb } from '../dynamodb/local-dynamodb';
import { streamEmulator } from '../dynamodb/stream-emulator';

export interface LocalTableOptions extends Pick<LocalDynamoDbOptions, 'todoTableName' | 'idempotencyTableName'> {
  /** Receives the todo table's stream records. @default - none: no stream is emulated */
  readonly onRecord?: (record: DynamoDBRecord) => void;
  /**
   * Layers in front of the emulation, outermost first (the cost measurement's capacity meter): they see every call
   * the handlers make, as DynamoDB would answer it.
   * @default - none
   */
  readonly outerLayers?: readonly ProxyLayer[];
}

export interface LocalTable {
  /** The engine itself, for reading behind the handlers' back (tests). */
  readonly db: LocalDynamoDb;
  /** The endpoint the handlers use. */
  readonly endpoint: string;
  /** The `eventSourceARN` of the stream records, when a stream is emulated. */
  readonly streamArn?: string;
  close(): Promise<void>;
}

/**
 * Handler modules stay loaded for the life of the process with SDK clients bound to the first endpoint, so a
 * later table of the same process (a second server in a test) brings the endpoint back on the same port.
 */
let pinnedEndpointPort: number | undefined;

export async function startLocalTable(options: LocalTableOptions = {}): Promise<LocalTable> {
  const db = await startLocalDynamoDb(options);
  try {
    const layers: ProxyLayer[] = [...(options.outerLayers ?? [])];
    let streamArn: string | undefined;
    if (options.onRecord !== undefined) {
      const { partitionKey, sortKey } = TODO_TABLE_SCHEMA;
      const stream = streamEmulator({
        engine: db.client,
        tableName: db.todoTableName,
        keyAttributes: [partitionKey, sortKey],
        onRecord: options.onRecord,
      });
      layers.push(stream.layer);
      streamArn = stream.streamArn;
    }
    // Inside the stream layer: its per-key lock covers the read of the item on a failed condition.
    layers.push(conditionCheckFailure({ engine: db.client }));
    const proxy = await startDynamoDbProxy({ target: db.endpoint, layers, port: pinnedEndpointPort });
    pinnedEndpointPort = Number(new URL(proxy.endpoint).port);
    return {
      db,
      endpoint: proxy.endpoint,
      streamArn,
      close: async () => {
        await proxy.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
