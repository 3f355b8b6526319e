import { describe, expect, it } from 'vitest';
import { nameProblem } from '../../mock-server/taxii2-predraft/names.js';
import { splitPath } from '../../mock-server/router.js';

describe('mock name rule ^[A-Za-z0-9-]{1,128}$', () => {
  it.each(['a', 'A', '0', '-', 'alerts', 'drop-box', 'x'.repeat(128), 'ABC-def-123', '123'])('accepts %j', (n) => {
    expect(nameProblem(n)).toBeUndefined();
  });

  it.each([
    ['', /empty/],
    ['x'.repeat(129), /129 characters/],
    ['a_b', /"_"/],
    ['a.b', /"\."/],
    ['..', /"\."/],
    ['a b', /" "/],
    ['a/b', /"\/"/],
    ['é', /"é"/],
    ['a\n', /"\\n"/],
    ['%41', /"%"/],
  ])('refuses %j', (n, why) => {
    expect(nameProblem(n)).toMatch(why);
  });

  it('strict mode also refuses 1 and 128 characters and all digits', () => {
    expect(nameProblem('a', 'strict')).toMatch(/single character/);
    expect(nameProblem('x'.repeat(128), 'strict')).toMatch(/128/);
    expect(nameProblem('123', 'strict')).toMatch(/digits/);
    expect(nameProblem('ab', 'strict')).toBeUndefined();
    expect(nameProblem('a_b', 'strict')).toMatch(/"_"/);
  });

  it('lax mode accepts anything', () => {
    expect(nameProblem('', 'lax')).toBeUndefined();
    expect(nameProblem('a_b/..', 'lax')).toBeUndefined();
  });
});

describe('mock path splitting (nothing normalised)', () => {
  it.each([
    ['/', []],
    ['/taxii/', ['taxii']],
    ['/trustgroup1/channels//', ['trustgroup1', 'channels', '']],
    ['/trustgroup1/channels/../', ['trustgroup1', 'channels', '..']],
    ['/trustgroup1/channels/%2E%2E/', ['trustgroup1', 'channels', '%2E%2E']],
    ['/trustgroup1/channels/a%2Fb/', ['trustgroup1', 'channels', 'a%2Fb']],
  ])('%s', (p, segs) => {
    expect(splitPath(p)).toEqual({ segments: segs });
  });

  it('wants a trailing slash', () => {
    expect(splitPath('/taxii')).toHaveProperty('error');
    expect(splitPath('taxii/')).toHaveProperty('error');
  });
});
