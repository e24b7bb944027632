/**
 * The CloudFormation custom resource protocol for a Lambda used directly as a service token: whatever happens, one
 * PUT of SUCCESS or FAILED to the pre-signed `ResponseURL`, or the stack waits for an hour.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';

export interface CustomResourceResult {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

type Work = (event: CloudFormationCustomResourceEvent) => Promise<CustomResourceResult>;

/** Wraps `work` into a Lambda handler that always answers CloudFormation. */
export function respondingTo(work: Work): (event: CloudFormationCustomResourceEvent) => Promise<void> {
  return async (event) => {
    let body: Record<string, unknown>;
    try {
      const result = await work(event);
      body = { Status: 'SUCCESS', PhysicalResourceId: result.PhysicalResourceId, Data: result.Data ?? {} };
    } catch (error) {
      body = {
        Status: 'FAILED',
        Reason: error instanceof Error ? error.message : String(error),
        // A failed create has no id of its own yet; this one names no resource, so its delete does nothing.
        PhysicalResourceId:
          'PhysicalResourceId' in event ? event.PhysicalResourceId : `${event.LogicalResourceId}-failed`,
      };
    }
    await put(event.ResponseURL, {
      ...body,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
    });
  };
}

function put(url: string, body: Record<string, unknown>): Promise<void> {
  const payload = JSON.stringify(body);
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      // The pre-signed URL is signed for an empty content type.
      { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(payload) } },
      (response) => {
        response.resume();
        response.on('end', () =>
          (response.statusCode ?? 0) < 300
            ? resolve()
            : reject(new Error(`CloudFormation response rejected: HTTP ${response.statusCode}`)),
        );
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}
