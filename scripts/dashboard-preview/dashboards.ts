import { MetricIdentity } from '../alert-replay/alarm-model';
import { CloudAssembly } from '../alert-replay/cloud-assembly';
import { parseStatistic, Statistic } from '../alert-replay/statistics';

/**
 * The dashboards of a synthesized app, parsed from their `DashboardBody` as CloudWatch reads it ("Dashboard Body
 * Structure and Syntax": https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html).
 * A body that is not JSON, or a widget type the preview does not render, is an error naming the dashboard and widget.
 */
export interface Dashboard {
  readonly name: string;
  readonly construct: string;
  readonly bodyBytes: number;
  readonly widgets: readonly Widget[];
}

export type WidgetType = 'metric' | 'alarm' | 'text' | 'log';
export const WIDGET_TYPES: readonly WidgetType[] = ['metric', 'alarm', 'text', 'log'];

export interface Widget {
  readonly index: number;
  readonly type: WidgetType;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly title: string;
  readonly properties: Readonly<Record<string, unknown>>;
  /** Metric widgets: one row per metric or expression. */
  readonly rows: readonly MetricRow[];
}

export interface MetricRow {
  readonly id: string;
  readonly label: string;
  readonly visible: boolean;
  readonly axis: 'left' | 'right';
  readonly periodMinutes: number;
  readonly metric?: MetricIdentity;
  readonly statistic?: Statistic;
  readonly expression?: string;
}

/** CloudWatch's defaults for a metric widget without `stat` or `period`. */
const DEFAULT_STAT = 'Average';
const DEFAULT_PERIOD_SECONDS = 300;

export function readDashboards(assembly: CloudAssembly): Dashboard[] {
  return assembly.resourcesOfType('AWS::CloudWatch::Dashboard').map((ref) => {
    const name = String(assembly.property(ref, 'DashboardName') ?? ref.logicalId);
    const text = String(assembly.property(ref, 'DashboardBody'));
    return parseDashboard(name, assembly.describe(ref), text);
  });
}

export function parseDashboard(name: string, construct: string, body: string): Dashboard {
  let parsed: { widgets?: unknown };
  try {
    parsed = JSON.parse(body) as { widgets?: unknown };
  } catch (error) {
    throw new Error(`dashboard ${name} (${construct}): its body is not JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed.widgets)) throw new Error(`dashboard ${name} (${construct}): its body has no widgets list`);
  const widgets = parsed.widgets.map((raw, index) => parseWidget(name, raw as Record<string, unknown>, index));
  return { name, construct, bodyBytes: Buffer.byteLength(body), widgets };
}

function parseWidget(dashboard: string, raw: Record<string, unknown>, index: number): Widget {
  const properties = (raw.properties ?? {}) as Record<string, unknown>;
  const title = String(properties.title ?? '');
  const where = `dashboard ${dashboard}, widget ${index}${title ? ` "${title}"` : ''}`;
  const type = raw.type as WidgetType;
  if (!WIDGET_TYPES.includes(type)) {
    throw new Error(
      `${where}: widget type ${JSON.stringify(raw.type)} is not one the preview renders (${WIDGET_TYPES.join(', ')})`,
    );
  }
  const view = properties.view ?? 'timeSeries';
  if (type === 'metric' && !['timeSeries', 'singleValue'].includes(String(view))) {
    throw new Error(
      `${where}: metric view ${JSON.stringify(view)} is not one the preview renders (timeSeries, singleValue)`,
    );
  }
  const geometry = ['x', 'y', 'width', 'height'].map((k) =>
    Number(raw[k] ?? (k === 'width' ? 6 : k === 'height' ? 6 : 0)),
  );
  const rows = type === 'metric' ? parseRows(where, properties) : [];
  return {
    index,
    type,
    x: geometry[0],
    y: geometry[1],
    width: geometry[2],
    height: geometry[3],
    title,
    properties,
    rows,
  };
}

/** A metric row: `[namespace, name, dimName, dimValue, …, {options}]`, or `[{ expression, … }]`. */
function parseRows(where: string, properties: Record<string, unknown>): MetricRow[] {
  const rows = (properties.metrics ?? []) as unknown[][];
  const widgetStat = String(properties.stat ?? DEFAULT_STAT);
  const widgetPeriod = Number(properties.period ?? DEFAULT_PERIOD_SECONDS);
  return rows.map((row, i) => {
    const last = row[row.length - 1];
    const options = (typeof last === 'object' && last !== null ? last : {}) as Record<string, unknown>;
    const values = (options === last ? row.slice(0, -1) : row) as string[];
    if (values.some((v) => v === '.' || v === '..'))
      throw new Error(`${where}: row ${i} uses the "." shorthand, which the preview does not expand`);
    const periodSeconds = Number(options.period ?? widgetPeriod);
    const common = {
      id: String(options.id ?? `m${i}`),
      visible: options.visible !== false,
      axis: options.yAxis === 'right' ? ('right' as const) : ('left' as const),
      periodMinutes: Math.max(1, Math.round(periodSeconds / 60)),
    };
    if (options.expression !== undefined) {
      return { ...common, label: String(options.label ?? options.expression), expression: String(options.expression) };
    }
    const [namespace, metricName, ...dimensionPairs] = values;
    const dimensions: Record<string, string> = {};
    for (let d = 0; d + 1 < dimensionPairs.length; d += 2) dimensions[dimensionPairs[d]] = dimensionPairs[d + 1];
    const stat = String(options.stat ?? widgetStat);
    return {
      ...common,
      label: String(options.label ?? metricName),
      metric: { namespace, metricName, dimensions },
      statistic: parseStatistic(stat, `${where}, row ${i}`),
    };
  });
}
