// The spec reporter, then each test file's wall time (hooks included), slowest first: what to cut when the suite is slow.
// Usage: npx mocha --reporter tools/test-times/reporter.cjs 'test/**/*.test.ts'   (writes the table to stdout and,
// with TEST_TIMES_JSON=<path>, as JSON to that file).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const { EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } =
  Mocha.Runner.constants;

class FileTimesReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const files = new Map();
    const started = new Map();
    const entry = (file) => {
      if (!files.has(file)) files.set(file, { seconds: 0, tests: 0 });
      return files.get(file);
    };
    const fileOf = (runnable) => path.relative(process.cwd(), runnable.file ?? '(unknown)');
    // Top-level suites only: a file's describe blocks nest, and their times would count twice.
    runner.on(EVENT_SUITE_BEGIN, (suite) => {
      if (suite.parent?.root) started.set(suite, process.hrtime.bigint());
    });
    runner.on(EVENT_SUITE_END, (suite) => {
      const begin = started.get(suite);
      if (begin === undefined) return;
      entry(fileOf(suite)).seconds += Number(process.hrtime.bigint() - begin) / 1e9;
    });
    for (const event of [EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING]) {
      runner.on(event, (test) => { entry(fileOf(test)).tests += 1; });
    }
    runner.once(EVENT_RUN_END, () => {
      const rows = [...files].sort((a, b) => b[1].seconds - a[1].seconds);
      const total = rows.reduce((sum, [, row]) => sum + row.seconds, 0);
      console.log('\n  seconds  tests  file');
      for (const [file, row] of rows) {
        console.log(`  ${row.seconds.toFixed(1).padStart(7)}  ${String(row.tests).padStart(5)}  ${file}`);
      }
      console.log(`  ${total.toFixed(1).padStart(7)}  ${String(rows.reduce((s, [, r]) => s + r.tests, 0)).padStart(5)}  all files`);
      if (process.env.TEST_TIMES_JSON) {
        fs.writeFileSync(process.env.TEST_TIMES_JSON, JSON.stringify(Object.fromEntries(rows), null, 2) + '\n');
      }
    });
  }
}

module.exports = FileTimesReporter;
