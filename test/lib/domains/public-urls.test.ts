import { Stack } from 'aws-cdk-lib';
import { publicUrls } from '../../../lib/domains/public-urls';

const DEFAULTS = { webDomainName: 'd111111abcdef8.cloudfront.net', restApiId: 'abc123def4', stageName: 'prod' };
const resolve = (value: unknown) => new Stack().resolve(value);

describe('publicUrls', () => {
  test('without custom domains: the CloudFront name and the stage URL on execute-api', () => {
    const urls = publicUrls({}, DEFAULTS);
    expect(urls.webDomainName).toBe('d111111abcdef8.cloudfront.net');
    expect(urls.webOrigin).toBe('https://d111111abcdef8.cloudfront.net');
    expect(urls.webUrl).toBe('https://d111111abcdef8.cloudfront.net/');
    expect(resolve(urls.apiOrigin)).toEqual({
      'Fn::Join': ['', ['https://abc123def4.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
    });
    expect(resolve(urls.apiRoot)).toEqual({
      'Fn::Join': [
        '',
        ['https://abc123def4.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/prod'],
      ],
    });
  });

  test('with custom domains: every URL follows them, and the API root has no stage (mapped at the root)', () => {
    expect(publicUrls({ webDomainName: 'todo.example.com', apiDomainName: 'api.todo.example.com' }, DEFAULTS)).toEqual({
      webDomainName: 'todo.example.com',
      webOrigin: 'https://todo.example.com',
      webUrl: 'https://todo.example.com/',
      apiOrigin: 'https://api.todo.example.com',
      apiRoot: 'https://api.todo.example.com',
    });
  });

  test('each domain on its own', () => {
    expect(publicUrls({ webDomainName: 'todo.example.com' }, DEFAULTS).webOrigin).toBe('https://todo.example.com');
    expect(publicUrls({ apiDomainName: 'api.todo.example.com' }, DEFAULTS).webOrigin).toBe(
      'https://d111111abcdef8.cloudfront.net',
    );
  });
});
