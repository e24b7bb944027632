/** A logger with the methods lambda/ calls on a Powertools Logger, each doing nothing. */
const nothing = (..._args: unknown[]): void => undefined;

export const noOpLogger = {
  addContext: nothing,
  appendKeys: nothing,
  debug: nothing,
  error: nothing,
  info: nothing,
  refreshSampleRateCalculation: nothing,
  resetKeys: nothing,
  setCorrelationId: nothing,
  warn: nothing,
};
