/** The custom resource protocol: one PUT to the ResponseURL (a local server here), SUCCESS or FAILED, always. */
import { createServer, IncomingHttpHeaders } from 'node:http';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { respondingTo } from '../../../lambda/custom-resources/cloudformation-response';
import { listenOnLoopback, LoopbackServer } from '../../support/loopback-server';

interface Received {
  readonly method: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
}

let server: LoopbackServer;
let received: Received[] = [];
let status = 200;

beforeAll(async () => {
  server = await listenOnLoopback(
    createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({
          method: request.method,
          headers: request.headers,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
        });
        response.writeHead(status).end();
      });
    }),
  );
});
afterAll(() => server.close());
beforeEach(() => {
  received = [];
  status = 200;
});

function event(requestType: 'Create' | 'Delete'): CloudFormationCustomResourceEvent {
  return {
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:canary-user',
    ResponseURL: `${server.url}/response?X-Amz-Signature=abc`,
    StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/todo-test-monitoring/1',
    RequestId: 'request-1',
    LogicalResourceId: 'CanaryUser',
    ResourceType: 'Custom::CanaryUser',
    ResourceProperties: { ServiceToken: 'x' },
    ...(requestType === 'Delete' ? { PhysicalResourceId: 'pool/user' } : {}),
  } as CloudFormationCustomResourceEvent;
}

const ids = { StackId: expect.any(String), RequestId: 'request-1', LogicalResourceId: 'CanaryUser' };

describe('respondingTo', () => {
  test('a success is one PUT of SUCCESS with the physical id and data, signed for an empty content type', async () => {
    await respondingTo(async () => ({ PhysicalResourceId: 'pool/user', Data: { Username: 'user' } }))(event('Create'));
    expect(received).toHaveLength(1);
    expect(received[0].method).toBe('PUT');
    expect(received[0].headers['content-type']).toBe('');
    expect(received[0].body).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: 'pool/user',
      Data: { Username: 'user' },
      ...ids,
    });
  });

  test('a failure is reported as FAILED with its message; a failed create gets an id that names nothing', async () => {
    await respondingTo(async () => {
      throw new Error('AccessDeniedException: not authorized');
    })(event('Create'));
    expect(received[0].body).toEqual({
      Status: 'FAILED',
      Reason: 'AccessDeniedException: not authorized',
      PhysicalResourceId: 'CanaryUser-failed',
      ...ids,
    });
  });

  test('a failed delete keeps the physical id it was given', async () => {
    await respondingTo(async () => {
      throw new Error('boom');
    })(event('Delete'));
    expect(received[0].body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'pool/user' });
  });

  test('a response CloudFormation rejects fails the invocation (so Lambda logs it)', async () => {
    status = 403;
    await expect(respondingTo(async () => ({ PhysicalResourceId: 'x' }))(event('Create'))).rejects.toThrow(
      'CloudFormation response rejected: HTTP 403',
    );
  });
});
