'use strict';
/** Handler of the journey canary (`journey-canary.handler`): the user journey of journey.js, signed in afresh. */
const synthetics = require('Synthetics');
const log = require('SyntheticsLogger');
const { runJourney } = require('./journey');
const { configureSynthetics, readConfig, tokenProvider } = require('./runtime');

exports.handler = async () => {
  configureSynthetics(synthetics);
  const config = readConfig();
  const tokens = tokenProvider(config);
  await runJourney({ baseUrl: config.apiUrl, getToken: tokens.fresh, synthetics, log });
};
