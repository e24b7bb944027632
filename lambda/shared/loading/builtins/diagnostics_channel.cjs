// Bundle stand-in for node:diagnostics_channel (lib/config/bundling.ts): loaded like require(), not as an ES module.
module.exports = process.getBuiltinModule('node:diagnostics_channel');
