// A reporter that ends the browser run with the list of what failed, so the last lines of a long CI log name them.
// The default reporter prints each failure with its file as the file finishes, often thousands of lines earlier.
import { relative } from 'node:path';
import type { Reporter, TestSession, TestSuiteResult } from '@web/test-runner';

interface Failure {
  where: string;
  message: string;
}

function failedTests(suite: TestSuiteResult | undefined, path: string[]): Failure[] {
  if (!suite) return [];
  const own = suite.tests
    .filter((test) => !test.passed && !test.skipped)
    .map((test) => ({ where: [...path, test.name].join(' › '), message: test.error?.message ?? 'failed' }));
  return [...own, ...suite.suites.flatMap((child) => failedTests(child, [...path, child.name]))];
}

function sessionFailures(session: TestSession): Failure[] {
  const file = `${session.group.name}: ${relative(process.cwd(), session.testFile)}`;
  const errors = (session.errors ?? []).map((error) => ({ where: `${file} (outside a test)`, message: error.message }));
  const tests = failedTests(session.testResults, [file]);
  if (errors.length === 0 && tests.length === 0 && session.passed === false) return [{ where: file, message: 'the file did not pass (no test result says why)' }];
  return [...errors, ...tests];
}

export function failureSummaryReporter(): Reporter {
  return {
    stop({ sessions }) {
      const failures = sessions.flatMap(sessionFailures);
      if (failures.length === 0) return;
      const lines = failures.map(({ where, message }) => `  ✗ ${where}\n      ${message.split('\n')[0].slice(0, 400)}`);
      console.log(`\n${failures.length} browser test failure(s):\n${lines.join('\n')}\n`);
    },
  };
}
