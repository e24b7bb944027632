'use strict';
/** Handler of the heartbeat canary (`heartbeat-canary.handler`): one cheap authenticated read, then the web client. */
const synthetics = require('Synthetics');
const log = require('SyntheticsLogger');
const { runHeartbeat, runWebCheck } = require('./journey');
const { configureSynthetics, readConfig, tokenProvider } = require('./runtime');

// Module scope: the token survives between runs while the Lambda environment stays warm.
let tokens;

exports.handler = async () => {
  configureSynthetics(synthetics);
  const config = readConfig();
  tokens ??= tokenProvider(config);
  await runHeartbeat({ baseUrl: config.apiUrl, getToken: tokens.cached, synthetics, log });
  await runWebCheck({ siteUrl: config.siteUrl, apiUrl: config.apiUrl, synthetics, log });
};
