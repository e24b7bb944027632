/**
 * CloudWatch RUM, only when the runtime config turns it on: `aws-rum-web` is imported lazily (its own chunk, never
 * loaded locally), with guest identities from the identity pool (enhanced auth flow: no guest role ARN), web vitals,
 * JS errors, and HTTP telemetry with X-Ray trace headers on API calls only.
 *
 * The returned `recordInteraction` sends a custom event: a no-op when RUM is off, queued until the client has loaded.
 */
import type { AwsRumConfig } from 'aws-rum-web';
import type { RumConfig } from './runtime-config';
import { RUM_EVENTS, type RumEventData, type RumEventType } from './rum-events';

export { RUM_EVENTS, RUM_EVENT_PREFIX, type RumEventData, type RumEventType } from './rum-events';

/** The part of the RUM client the app uses. */
export interface RumClientLike {
  recordEvent(eventType: string, eventData: object): void;
}

export interface RumModule {
  readonly AwsRum: new (
    applicationId: string,
    applicationVersion: string,
    region: string,
    config: AwsRumConfig,
  ) => RumClientLike;
}

export interface Rum {
  readonly enabled: boolean;
  /** Resolves true once the client runs, false when RUM is off or could not start. */
  readonly ready: Promise<boolean>;
  recordInteraction(type: RumEventType, data?: RumEventData): void;
}

/** Events recorded before the client has loaded are kept, up to this many. */
export const MAX_QUEUED_EVENTS = 50;

const OFF: Rum = { enabled: false, ready: Promise.resolve(false), recordInteraction: () => undefined };
const KNOWN_TYPES = new Set<string>(Object.values(RUM_EVENTS));
const DATA_KEY = /^[a-z][A-Za-z0-9_]{0,39}$/;

/** A regular expression matching the API's URLs (`<apiRoot>/todos`, `/todos/...`, `/todos?...`). */
export function apiUrlPattern(apiRoot: string): RegExp {
  return new RegExp(`^${apiRoot.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/todos(?:[/?#]|$)`);
}

/** The `aws-rum-web` configuration for `config`, with HTTP telemetry and trace headers on `apiRoot` only. */
export function rumClientConfig(config: RumConfig, apiRoot: string): AwsRumConfig {
  const api = apiUrlPattern(apiRoot);
  return {
    sessionSampleRate: config.sessionSampleRate,
    identityPoolId: config.identityPoolId, // no guestRoleArn: the enhanced (basic-less) auth flow
    endpoint: config.endpoint,
    telemetries: [
      'performance',
      'errors',
      // urlsToExclude keeps its default (Cognito identity and STS endpoints).
      ['http', { urlsToInclude: [api], addXRayTraceIdHeader: [api], recordAllRequests: true }],
    ],
    allowCookies: true,
    enableXRay: true,
    pageIdFormat: 'PATH_AND_HASH',
  };
}

export interface StartRumOptions {
  /** The API root (`apiUrl`, or the page origin when it is ''). */
  readonly apiRoot: string;
  /** @default () => import('aws-rum-web') */
  readonly load?: () => Promise<RumModule>;
  /** Told when the client cannot load or start; the app keeps working without RUM. */
  readonly onError?: (error: unknown) => void;
}

/** Starts RUM when `config` is set; the returned `recordInteraction` sends custom events (a no-op when off). */
export function startRum(config: RumConfig | null | undefined, options: StartRumOptions): Rum {
  if (config === null || config === undefined) {
    return OFF;
  }
  const load = options.load ?? ((): Promise<RumModule> => import('aws-rum-web'));
  let client: RumClientLike | undefined;
  let queue: [string, RumEventData][] | undefined = [];
  const send = (type: string, data: RumEventData): void => {
    try {
      client?.recordEvent(type, data);
    } catch (error) {
      options.onError?.(error);
    }
  };
  const ready = load()
    .then(
      ({ AwsRum }) => {
        client = new AwsRum(
          config.applicationId,
          config.applicationVersion,
          config.region,
          rumClientConfig(config, options.apiRoot),
        );
        const pending = queue ?? [];
        queue = undefined;
        pending.forEach(([type, data]) => send(type, data));
        return true;
      },
      (error: unknown) => {
        queue = undefined;
        options.onError?.(error);
        return false;
      },
    )
    .catch((error: unknown) => {
      // the constructor threw: RUM stays off
      queue = undefined;
      client = undefined;
      options.onError?.(error);
      return false;
    });
  const rum: Rum = {
    enabled: true,
    ready,
    recordInteraction: (type, data = {}) => {
      if (!KNOWN_TYPES.has(type)) {
        return;
      }
      const clean = sanitize(data);
      if (client !== undefined) {
        send(type, clean);
      } else if (queue !== undefined && queue.length < MAX_QUEUED_EVENTS) {
        queue.push([type, clean]);
      }
    },
  };
  return rum;
}

/** Only finite numbers and booleans under short camel/snake-case keys: nothing personal gets through. */
function sanitize(data: RumEventData): RumEventData {
  const clean: Record<string, number | boolean> = {};
  for (const [key, value] of Object.entries(data)) {
    if (DATA_KEY.test(key) && (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))) {
      clean[key] = value;
    }
  }
  return clean;
}
