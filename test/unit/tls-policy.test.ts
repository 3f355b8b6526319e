// A profile's TLS cases and its TLS policy cannot drift apart: a case grades a handshake
// the way the policy says, and a class the policy only reports is tried by observations.
import { describe, expect, it } from 'vitest';
import { checkedAgainstTlsPolicy, tlsPolicyProblems } from '../../suites/core/tls-policy.js';
import type { TlsPolicy } from '../../suites/core/profile.js';
import type { LoadedCase } from '../../suites/core/types.js';
import { PLUGINS } from '../../suites/registry.js';

const policy: TlsPolicy = {
  weak: { expect: 'refused', why: 'weaker than the baseline' },
  base: { expect: 'accepted', why: 'the baseline' },
  modern: { expect: 'info', why: 'reported' },
};

function tlsCase(id: string, offerClass: string, handshake?: 'accepted' | 'refused', info = false): LoadedCase {
  return {
    id,
    area: 'tls',
    title: id,
    section: 'TLS',
    level: 'MUST',
    requirements: ['R-1'],
    ...(info ? { info: true as const } : {}),
    steps: [{ tls: { offerClass }, ...(handshake ? { expect: [{ level: 'MUST' as const, requirement: 'R-1', handshake }] } : {}) }],
  };
}

describe('TLS cases against their profile\'s TLS policy', () => {
  it('agreeing cases have no problem', () => {
    const cases = [tlsCase('tls.weak', 'weak', 'refused'), tlsCase('tls.base', 'base', 'accepted'), tlsCase('tls.modern', 'modern', undefined, true)];
    expect(tlsPolicyProblems(cases, policy)).toEqual([]);
    expect(checkedAgainstTlsPolicy(cases, policy)).toBe(cases);
  });

  it('names every disagreement: another outcome, no check, a class it does not grade, a graded case for a reported class', () => {
    const problems = tlsPolicyProblems(
      [tlsCase('a', 'weak', 'accepted'), tlsCase('b', 'base'), tlsCase('c', 'unknown', 'refused'), tlsCase('d', 'modern', 'refused')],
      policy,
    );
    expect(problems).toEqual([
      expect.stringMatching(/^a: .*"weak" handshake refused; the case checks accepted/),
      expect.stringMatching(/^b: .*"base" handshake accepted; the case checks nothing/),
      expect.stringMatching(/^c: .*does not grade the offer class "unknown"/),
      expect.stringMatching(/^d: the policy only reports class "modern"/),
    ]);
    expect(() => checkedAgainstTlsPolicy([tlsCase('a', 'weak', 'accepted')], policy)).toThrow(/disagree with their profile's TLS policy: a: /);
  });

  it('a profile without a policy has no TLS case', () => {
    expect(tlsPolicyProblems([tlsCase('a', 'weak', 'refused')], undefined)).toEqual([expect.stringMatching(/does not grade/)]);
    for (const p of PLUGINS) {
      if (p.suite.tlsPolicy) continue;
      expect(p.suite.cases().filter((c) => c.steps.some((s) => s.tls?.offerClass !== undefined)).map((c) => c.id), p.id).toEqual([]);
    }
  });

  it('every profile\'s cases agree with its policy', () => {
    for (const p of PLUGINS) expect(tlsPolicyProblems(p.suite.cases(), p.suite.tlsPolicy), p.id).toEqual([]);
  });
});
