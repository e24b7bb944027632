// Bundle stand-in for node:fs (lib/config/bundling.ts): loaded like require(), not as an ES module.
module.exports = process.getBuiltinModule('node:fs');
