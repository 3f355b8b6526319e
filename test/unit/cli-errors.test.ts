// Exit codes of errors the CLI reports: only the user's mistakes give 2 (usage or config);
// an error nothing caught (what a server sent, a defect of ours) gives 1, never a passed gate.
import { describe, expect, it } from 'vitest';
import { EXIT, reportError, UsageError } from '../../bin/cli-errors.js';
import { BaselineError } from '../../suites/core/baseline.js';
import { CatalogError } from '../../suites/core/catalog.js';

function reported(e: unknown): { code: number; text: string } {
  let text = '';
  const code = reportError(e, (s) => {
    text += s;
  });
  return { code, text };
}

describe('reportError', () => {
  it('gives 2 for the user\'s mistakes: options, a baseline, case files', () => {
    expect(reported(new UsageError('--timeout must be an integer'))).toEqual({ code: EXIT.usage, text: 'taxii-conform: --timeout must be an integer\n' });
    expect(reported(new BaselineError('cannot read baseline b.json: ENOENT')).code).toBe(EXIT.usage);
    expect(reported(new CatalogError('cases/x.json: duplicate id')).code).toBe(EXIT.usage);
  });

  it('gives 1 for anything else, called an internal error', () => {
    expect(reported(new TypeError('Invalid URL'))).toEqual({ code: EXIT.gateFailed, text: 'taxii-conform: internal error: Invalid URL\n' });
    expect(reported(new RangeError('Invalid string length')).code).toBe(EXIT.gateFailed);
    expect(reported('a string thrown').text).toBe('taxii-conform: internal error: a string thrown\n');
  });

  it('prints one bounded line, whatever the message holds', () => {
    const { text } = reported(new Error(`line one\n  at frame\n${'x'.repeat(100_000)}`));
    expect(text.split('\n')).toHaveLength(2);
    expect(text.length).toBeLessThan(1200);
    expect(text).toMatch(/^taxii-conform: internal error: line one at frame x+… \[\d+ more characters\]\n$/);
  });
});
