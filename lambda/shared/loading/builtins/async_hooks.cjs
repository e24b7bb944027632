// Bundle stand-in for node:async_hooks (lib/config/bundling.ts): loaded like require(), not as an ES module.
module.exports = process.getBuiltinModule('node:async_hooks');
