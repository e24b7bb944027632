import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { testAlarms } from '../../support/alarm-fixtures';
import { addApiSlos } from '../../../lib/alarms/api-slos';
import { DEFAULT_BURN_RATE_TIERS } from '../../../lib/alarms/slo-burn-rate-alarms';
import { SloDashboard } from '../../../lib/dashboards/slo-dashboard';
import { dashboardBody, Widget, widgetTitled as widgetTitledIn } from '../../support/dashboard-body';

const THIRTY_DAYS = 2_592_000;
const BURN_WINDOWS = [300, 1800, 3600, 21600];

const stack = new Stack(new App(), 'TestStack');
const { alarms: factory } = testAlarms(stack);
// The SLOs as the monitoring stack builds them (addApiSlos has no test of its own: its alarms are asserted here).
const { availability, latency } = addApiSlos(stack, {
  sources: { apiName: 'todo-test-api', stageName: 'test' },
  slo: { availabilityTarget: 0.999, latencyTarget: 0.99, latencyThresholdMs: 750, minRequestsPerWindow: 100 },
  alarms: factory,
  dashboardName: 'todo-test-slo',
});
new SloDashboard(stack, 'Slo', { dashboardName: 'todo-test-slo', slos: [availability, latency] });
const template = Template.fromStack(stack);

const { widgets } = dashboardBody(template);
const widgetTitled = (title: string) => widgetTitledIn(widgets, title);

/**
 * One query of a metric widget: its options (id, expression, period, visible…) and, for a metric, its name. CDK
 * leaves out a period of 300 seconds, CloudWatch's default; it is made explicit here.
 */
interface Query {
  options: { id?: string; expression?: string; period?: number; visible?: boolean; label?: string; stat?: string };
  metricName?: string;
}
const queriesOf = (widget: Widget): Query[] =>
  (widget.properties.metrics as unknown[][]).map((entry) => {
    const last = entry[entry.length - 1];
    const options = { period: 300, ...(typeof last === 'object' ? last : {}) } as Query['options'];
    const metricName = entry.length > 1 ? (entry[1] as string) : undefined;
    return { options, metricName };
  });
/** The expressions shown on the widget (inputs of expressions are hidden). */
const shown = (widget: Widget) => queriesOf(widget).filter((q) => q.options.expression && q.options.visible !== false);
const byId = (widget: Widget) => new Map(queriesOf(widget).map((q) => [q.options.id, q]));

describe('SloDashboard', () => {
  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates one dashboard with the given name', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'todo-test-slo' });
  });

  test('per SLO: a header, attainment and budget remaining single values, and the burn-rate graph', () => {
    expect(widgets.map((w) => [w.type, w.properties.title ?? w.properties.markdown])).toEqual(
      ['availability', 'latency'].flatMap((slo) => [
        ['text', expect.stringMatching(new RegExp(`^### ${slo} SLO: `))],
        ['metric', `${slo}: attainment (30 days)`],
        ['metric', `${slo}: error budget remaining (30 days)`],
        ['metric', `${slo}: burn rate per window (x budget)`],
      ]),
    );
  });

  test('the header states the target and error budget', () => {
    const [availabilityHeader, latencyHeader] = widgets.filter((w) => w.type === 'text');
    expect(availabilityHeader.properties.markdown).toBe(
      '### availability SLO: 99.90% over 30 days (error budget 0.100%)',
    );
    expect(latencyHeader.properties.markdown).toBe('### latency SLO: 99.00% over 30 days (error budget 1.000%)');
  });

  test.each([
    ['availability', 0.001],
    ['latency', 0.01],
  ])('%s attainment is 100 x (1 - bad/valid) over 30 days', (slo) => {
    const widget = widgetTitled(`${slo}: attainment (30 days)`);
    expect(widget.properties.view).toBe('singleValue');
    const [attainment] = shown(widget);
    expect(shown(widget)).toHaveLength(1);
    expect(attainment.options).toMatchObject({
      expression: `IF(valid${THIRTY_DAYS} > 0, 100 * (1 - bad${THIRTY_DAYS} / valid${THIRTY_DAYS}), 100)`,
      period: THIRTY_DAYS,
    });
    const ids = byId(widget);
    expect(ids.get(`bad${THIRTY_DAYS}`)!.options).toMatchObject({ period: THIRTY_DAYS, visible: false });
    expect(ids.get(`valid${THIRTY_DAYS}`)!.options).toMatchObject({ period: THIRTY_DAYS, visible: false });
  });

  test.each([
    ['availability', 0.001],
    ['latency', 0.01],
  ])('%s budget remaining is 100 x (1 - (bad/valid) / budget) over 30 days', (slo, budget) => {
    const widget = widgetTitled(`${slo}: error budget remaining (30 days)`);
    expect(widget.properties.view).toBe('singleValue');
    expect(shown(widget)).toHaveLength(1);
    expect(shown(widget)[0].options).toMatchObject({
      expression: `IF(valid${THIRTY_DAYS} > 0, 100 * (1 - (bad${THIRTY_DAYS} / valid${THIRTY_DAYS}) / ${budget}), 100)`,
      period: THIRTY_DAYS,
    });
  });

  test.each(['attainment', 'error budget remaining'])(
    'the %s widgets look back 30 days whatever the dashboard range',
    (kind) => {
      for (const slo of ['availability', 'latency']) {
        expect(widgetTitled(`${slo}: ${kind} (30 days)`).properties.start).toBe('-P30D');
      }
    },
  );

  test('the 30-day inputs are the SLO event metrics at a 30-day period', () => {
    const latencyIds = byId(widgetTitled('latency: attainment (30 days)'));
    expect(latencyIds.get(`bad${THIRTY_DAYS}`)).toMatchObject({ metricName: 'Latency', options: { stat: 'TC(750:)' } });
    expect(latencyIds.get(`valid${THIRTY_DAYS}`)).toMatchObject({
      metricName: 'Latency',
      options: { stat: 'SampleCount' },
    });
    const availabilityIds = byId(widgetTitled('availability: attainment (30 days)'));
    expect(availabilityIds.get(`valid${THIRTY_DAYS}`)!.options.expression).toBe(
      `requests${THIRTY_DAYS} - clientErrors${THIRTY_DAYS}`,
    );
    expect(availabilityIds.get(`requests${THIRTY_DAYS}`)).toMatchObject({
      metricName: 'Count',
      options: { period: THIRTY_DAYS, visible: false },
    });
  });

  test.each([
    ['availability', 0.001],
    ['latency', 0.01],
  ])('%s burn rate: one (bad/valid)/budget expression per window of 5 min, 30 min, 1 h and 6 h', (slo, budget) => {
    const widget = widgetTitled(`${slo}: burn rate per window (x budget)`);
    expect(shown(widget).map((q) => q.options)).toEqual(
      BURN_WINDOWS.map((s) =>
        expect.objectContaining({
          expression: `IF(valid${s} > 0, (bad${s} / valid${s}) / ${budget}, 0)`,
          period: s,
          label: expect.stringMatching(/ window$/),
        }),
      ),
    );
    for (const s of BURN_WINDOWS) {
      expect(byId(widget).get(`bad${s}`)!.options.period).toBe(s);
      expect(byId(widget).get(`valid${s}`)!.options.period).toBe(s);
    }
  });

  test.each(['availability', 'latency'])('%s burn rate graph marks each tier burn rate', (slo) => {
    const widget = widgetTitled(`${slo}: burn rate per window (x budget)`);
    expect(widget.properties.annotations!.horizontal).toEqual(
      DEFAULT_BURN_RATE_TIERS.map((tier) => ({
        value: tier.burnRate,
        label: `${tier.name} (${tier.severity}) ${tier.burnRate}x`,
        yAxis: 'left',
      })),
    );
    expect(widget.properties.annotations!.horizontal.map((a) => a.value)).toEqual([14.4, 6, 1]);
  });

  test('metric ids are unique within each widget', () => {
    const metricWidgets = widgets.filter((w) => w.type === 'metric');
    expect(metricWidgets).toHaveLength(6);
    for (const widget of metricWidgets) {
      const ids = queriesOf(widget)
        .map((q) => q.options.id)
        .filter((id): id is string => id !== undefined);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  test('every id an expression references is defined in the same widget', () => {
    for (const widget of widgets.filter((w) => w.type === 'metric')) {
      const ids = new Set(queriesOf(widget).map((q) => q.options.id));
      for (const q of queriesOf(widget).filter((q) => q.options.expression)) {
        const referenced = q.options.expression!.match(/\b[a-z][A-Za-z0-9_]*\b/g) ?? [];
        for (const id of referenced) expect(ids).toContain(id);
      }
    }
  });
});
