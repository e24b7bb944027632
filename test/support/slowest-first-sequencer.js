// Runs the test files known to be slow first (Jest's own cache of durations decides on later runs), so two workers
// finish together instead of one long file starting last.
const Sequencer = require('@jest/test-sequencer').default;

const KNOWN_SLOW = [
  'dashboard-preview/preview.test.ts',
  'alert-replay/report.test.ts',
  'lib/todo-app.test.ts',
  'review/review-cli.test.ts',
  'local/memory.test.ts',
];

class SlowestFirstSequencer extends Sequencer {
  sort(tests) {
    const rank = (test) => {
      const index = KNOWN_SLOW.findIndex((suffix) => test.path.endsWith(suffix));
      return index === -1 ? KNOWN_SLOW.length : index;
    };
    return [...super.sort(tests)].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = SlowestFirstSequencer;
