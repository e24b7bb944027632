import { Template } from 'aws-cdk-lib/assertions';

/** One widget of a dashboard body, with the properties the dashboard tests read. */
export interface Widget {
  type: string;
  width: number;
  height: number;
  y: number;
  properties: {
    title?: string;
    start?: string;
    markdown?: string;
    view?: string;
    metrics?: unknown[][];
    alarms?: string[];
    sortBy?: string;
    stacked?: boolean;
    query?: string;
    annotations?: { horizontal: Array<Record<string, unknown>> };
  };
}

/** The (only) dashboard's body with every token rendered as `<Ref:Id>` / `<Id.Attr>`, parsed. */
export function dashboardBody(template: Template): { widgets: Widget[] } {
  const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  const body = dashboard.Properties.DashboardBody;
  const render = (part: unknown): string => {
    if (typeof part === 'string') return part;
    const token = part as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
    if (token.Ref) return `<Ref:${token.Ref}>`;
    if (token['Fn::GetAtt']) return `<${token['Fn::GetAtt'].join('.')}>`;
    throw new Error(`unexpected token ${JSON.stringify(part)}`);
  };
  const text = typeof body === 'string' ? body : body['Fn::Join'][1].map(render).join(body['Fn::Join'][0]);
  return JSON.parse(text);
}

/** The widget with exactly this title (the test fails unless there is exactly one). */
export function widgetTitled(widgets: readonly Widget[], title: string): Widget {
  const found = widgets.filter((w) => w.properties.title === title);
  expect(found).toHaveLength(1);
  return found[0];
}
