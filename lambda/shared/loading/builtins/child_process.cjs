// Bundle stand-in for node:child_process (lib/config/bundling.ts): loaded like require(), not as an ES module.
module.exports = process.getBuiltinModule('node:child_process');
