import { describe, expect, it } from 'vitest';
import {
  OFFER_CLASSES,
  offerableInClass,
  offerableSuites,
  opensslHasSuite,
  rawOfferOf,
} from '../../suites/probes/tls-offers.js';
import { SUITES, TLS_VERSIONS, parseSuiteTable, suiteByCode, suiteInfo, suiteLabel, suiteUsableAt, suitesAt, versionsBetween } from '../../suites/probes/tls-suites.js';
import { describeOffer, offeredNames } from '../../suites/probes/tls.js';
import { BASELINE_SUITE, PREDRAFT_TLS_POLICY, notWeakerThanBaseline } from '../../suites/taxii2-predraft/tls-policy.js';

/** What the pre-draft's TLS policy expects of a server offered the class. */
const expectOf = (id: string): string | undefined => PREDRAFT_TLS_POLICY[id]?.expect;

/**
 * DESIGN.md: "AEAD 256-bit suites and TLS 1.3 with 256-bit suites are not weaker" (than the
 * baseline, which is not weaker than itself). Written out, not derived from the module.
 */
const NOT_WEAKER = [
  'ECDHE-RSA-AES256-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'DHE-RSA-AES256-GCM-SHA384',
  'DHE-DSS-AES256-GCM-SHA384',
  'DHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ARIA256-GCM-SHA384',
  'ECDHE-ECDSA-ARIA256-GCM-SHA384',
  'DHE-RSA-ARIA256-GCM-SHA384',
  'DHE-DSS-ARIA256-GCM-SHA384',
  'ECDHE-ECDSA-AES256-CCM',
  'ECDHE-ECDSA-AES256-CCM8',
  'DHE-RSA-AES256-CCM',
  'DHE-RSA-AES256-CCM8',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
];

describe('the suite table', () => {
  it('names, IANA names and code points are unique', () => {
    for (const key of ['name', 'iana', 'code'] as const) {
      const values = SUITES.map((s) => s[key]);
      expect(new Set(values).size, key).toBe(values.length);
    }
  });

  it('knows the suites the pre-draft and DESIGN.md name', () => {
    expect(suiteInfo(BASELINE_SUITE)).toMatchObject({ iana: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384', code: 0xc028, minVersion: 'TLSv1.2', kx: 'ECDHE', bits: 256, mac: 'SHA384' });
    expect(suiteInfo('AES128-SHA')).toMatchObject({ iana: 'TLS_RSA_WITH_AES_128_CBC_SHA', code: 0x002f, minVersion: 'SSLv3' });
    expect(suiteInfo('DES-CBC3-SHA')?.code).toBe(0x000a);
    expect(suiteInfo('RC4-SHA')?.code).toBe(0x0005);
    expect(suiteInfo('ECDHE-RSA-NULL-SHA')?.enc).toBe('None');
  });

  it('knows the suites OpenSSL 3 cannot offer, by code point: static DH/ECDH, export1024, single DES', () => {
    expect(suiteByCode(0xc00d)).toMatchObject({ name: 'ECDH-RSA-DES-CBC3-SHA', iana: 'TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA', kx: 'ECDH', enc: '3DES' });
    expect(suiteByCode(0x0062)).toMatchObject({ iana: 'TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA', bits: 56 });
    expect(suiteByCode(0x0009)).toMatchObject({ name: 'DES-CBC-SHA', minVersion: 'SSLv3' });
    expect(suiteLabel(0x000a)).toBe('DES-CBC3-SHA (0x000A)');
    expect(suiteLabel(0xfefe)).toBe('0xFEFE');
    expect(suiteInfo('TLS_RSA_WITH_3DES_EDE_CBC_SHA')?.code).toBe(0x000a); // by IANA name too
  });

  it('the table is checked when loaded: a bad row is named', () => {
    const row = { code: '0x000A', openssl: 'A', iana: 'TLS_A', since: 'TLSv1', kx: 'RSA', au: 'RSA', enc: '3DES', bits: 112, mac: 'SHA1' };
    expect(parseSuiteTable({ suites: [row] })).toHaveLength(1);
    expect(() => parseSuiteTable({})).toThrow(/no "suites" array/);
    expect(() => parseSuiteTable({ suites: [{ ...row, code: '10' }] })).toThrow(/row 1: code "10" is not 0xHHHH/);
    expect(() => parseSuiteTable({ suites: [row, { ...row, openssl: 'B', iana: 'TLS_B' }] })).toThrow(/row 2: 10 appears twice/);
    expect(() => parseSuiteTable({ suites: [{ ...row, since: 'TLSv2' }] })).toThrow(/since "TLSv2" is not a version/);
    expect(() => parseSuiteTable({ suites: [{ ...row, kx: 'PSK' }] })).toThrow(/kx, au or mac not known/);
  });

  it('suitesAt() is every suite usable at a version: SSL 3.0 has no TLS 1.2 or EC suite', () => {
    expect(suitesAt('SSLv3')).toContain('DES-CBC3-SHA');
    expect(suitesAt('SSLv3')).not.toContain('ECDHE-RSA-AES256-SHA');
    expect(suitesAt('SSLv3')).not.toContain(BASELINE_SUITE);
    expect(suitesAt('TLSv1.2')).toContain(BASELINE_SUITE);
    expect(suitesAt('TLSv1.3')).toEqual(['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256', 'TLS_AES_128_CCM_SHA256', 'TLS_AES_128_CCM_8_SHA256']);
  });

  it('the literal not-weaker list agrees with notWeakerThanBaseline()', () => {
    for (const n of NOT_WEAKER) expect(notWeakerThanBaseline(suiteInfo(n) ?? (null as never)), n).toBe(true);
    const derived = SUITES.filter(notWeakerThanBaseline).map((s) => s.name);
    expect([...derived].sort()).toEqual([...NOT_WEAKER].sort());
  });
});

describe('OFFER_CLASSES', () => {
  it('ids are unique and every class has at least one suite', () => {
    const ids = OFFER_CLASSES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of OFFER_CLASSES) expect(c.suites.length, c.id).toBeGreaterThan(0);
  });

  it('covers the classes issue 3 lists', () => {
    const ids = OFFER_CLASSES.map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining(['tls10', 'tls11', 'rsa-kx', 'aes128-cbc', 'aes128-gcm', 'sha1-mac', '3des', 'rc4', 'export', 'null', 'baseline', 'modern-default', 'tls13']),
    );
  });

  it('the pre-draft grades every class, each with a reason', () => {
    expect(Object.keys(PREDRAFT_TLS_POLICY).sort()).toEqual(OFFER_CLASSES.map((c) => c.id).sort());
    for (const [id, g] of Object.entries(PREDRAFT_TLS_POLICY)) expect(g.why.length, id).toBeGreaterThan(20);
  });

  it('the baseline class offers exactly ECDHE-RSA-AES256-SHA384 at TLS 1.2, and the pre-draft expects acceptance', () => {
    const b = OFFER_CLASSES.find((c) => c.id === 'baseline');
    expect(b).toBeDefined();
    expect(expectOf('baseline')).toBe('accepted');
    expect(b?.suites).toEqual([BASELINE_SUITE]);
    expect(b?.offer.minVersion).toBe('TLSv1.2');
    expect(b?.offer.maxVersion).toBe('TLSv1.2');
    expect(offeredNames(b?.offer ?? (null as never))).toEqual([BASELINE_SUITE]);
    expect(b?.offer.ciphersuites).toBeUndefined();
    expect(OFFER_CLASSES.filter((c) => expectOf(c.id) === 'accepted').map((c) => c.id)).toEqual(['baseline']);
  });

  it('no class the pre-draft expects `refused` contains a suite DESIGN.md says is not weaker', () => {
    for (const c of OFFER_CLASSES.filter((k) => expectOf(k.id) === 'refused')) {
      for (const n of c.suites) expect(NOT_WEAKER, `${c.id} offers ${n}`).not.toContain(n);
    }
  });

  it('NULL suites are only in the info-only null class (and nowhere refused)', () => {
    const nulls = SUITES.filter((s) => s.enc === 'None').map((s) => s.name);
    const nullClass = OFFER_CLASSES.find((c) => c.id === 'null');
    expect(expectOf('null')).toBe('info');
    expect([...(nullClass?.suites ?? [])].sort()).toEqual([...nulls].sort());
    for (const c of OFFER_CLASSES.filter((k) => k.id !== 'null')) for (const n of c.suites) expect(nulls, c.id).not.toContain(n);
  });

  it("each class's offer lists exactly its suites, and every suite is known and usable in the class's versions", () => {
    for (const c of OFFER_CLASSES) {
      expect([...offeredNames(c.offer)].sort(), c.id).toEqual([...c.suites].sort());
      const versions = versionsBetween(c.offer.minVersion, c.offer.maxVersion);
      expect(versions.length, c.id).toBeGreaterThan(0);
      for (const n of c.suites) {
        const s = suiteInfo(n);
        expect(s, `${c.id}: ${n}`).toBeDefined();
        expect(versions.some((v) => suiteUsableAt(s ?? (null as never), v)), `${c.id}: ${n}`).toBe(true);
      }
    }
  });

  it('legacy suites are offered at @SECLEVEL=0; the modern client at the default level', () => {
    for (const c of OFFER_CLASSES) {
      if (c.offer.ciphers === undefined) continue;
      if (c.id === 'modern-default') expect(c.offer.ciphers).not.toMatch(/@SECLEVEL/);
      else expect(c.offer.ciphers, c.id).toMatch(/:@SECLEVEL=0$/);
    }
  });

  it('every TLS ≤ 1.2 suite of the table is in some TLS 1.2 class, so any accepted suite maps to a class', () => {
    const in12 = new Set(OFFER_CLASSES.filter((c) => c.offer.maxVersion === 'TLSv1.2').flatMap((c) => c.suites));
    for (const s of SUITES.filter((x) => x.minVersion !== 'TLSv1.3')) expect(in12.has(s.name), s.name).toBe(true);
  });

  it('the TLS 1.3 classes pin TLS 1.3 and offer TLS 1.3 suites only', () => {
    for (const id of ['tls13', 'tls13-aes128']) {
      const c = OFFER_CLASSES.find((k) => k.id === id);
      expect(c?.offer).toMatchObject({ minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' });
      expect(c?.offer.ciphers).toBeUndefined();
      for (const n of c?.suites ?? []) expect(suiteInfo(n)?.minVersion).toBe('TLSv1.3');
    }
    expect(OFFER_CLASSES.find((c) => c.id === 'tls13-aes128')?.suites).not.toContain('TLS_AES_256_GCM_SHA384');
  });

  it('the raw offer of a class is every suite it names, by code point, in its order and versions', () => {
    for (const c of OFFER_CLASSES) {
      const raw = rawOfferOf(c);
      expect(raw.suites.map((code) => suiteByCode(code)?.name), c.id).toEqual(c.suites);
      expect([raw.minVersion, raw.maxVersion]).toEqual([c.offer.minVersion, c.offer.maxVersion]);
    }
    const des3 = OFFER_CLASSES.find((c) => c.id === '3des')!;
    expect(rawOfferOf(des3).suites).toEqual(expect.arrayContaining([0x000a, 0xc012, 0x0016, 0xc00d]));
    expect(offerableInClass(des3)).toEqual([]); // what node:tls could not offer at all
  });

  it('the ssl3 class pins SSL 3.0 and offers every encrypted SSL 3.0 suite', () => {
    const c = OFFER_CLASSES.find((k) => k.id === 'ssl3')!;
    expect(expectOf('ssl3')).toBe('refused');
    expect([c.offer.minVersion, c.offer.maxVersion]).toEqual(['SSLv3', 'SSLv3']);
    expect([...c.suites].sort()).toEqual(suitesAt('SSLv3').filter((n) => suiteInfo(n)?.enc !== 'None').sort());
  });

  it('describeOffer is one short line', () => {
    for (const c of OFFER_CLASSES) {
      const d = describeOffer(c.offer);
      expect(d).not.toMatch(/\n/);
      expect(d.length, c.id).toBeLessThan(160);
    }
  });
});

describe('offerableSuites()', () => {
  it('returns known suites usable at the version, which this OpenSSL has', () => {
    for (const v of TLS_VERSIONS) {
      const list = offerableSuites(v);
      expect(list.length, v).toBeGreaterThan(0);
      for (const n of list) {
        const s = suiteInfo(n);
        expect(s && suiteUsableAt(s, v), `${v} ${n}`).toBe(true);
        expect(opensslHasSuite(n)).toBe(true);
      }
    }
    expect(offerableSuites('TLSv1.2')).toContain(BASELINE_SUITE);
    expect(offerableSuites('TLSv1')).not.toContain(BASELINE_SUITE); // a TLS 1.2-only suite
    expect(offerableSuites('TLSv1.3').every((n) => n.startsWith('TLS_'))).toBe(true);
  });

  it('a name OpenSSL does not match is not offerable', () => {
    expect(opensslHasSuite('NO-SUCH-SUITE')).toBe(false);
  });

  it('the baseline and the TLS 1.0 class are offerable here', () => {
    expect(offerableInClass(OFFER_CLASSES.find((c) => c.id === 'baseline') ?? (null as never))).toEqual([BASELINE_SUITE]);
    expect(offerableInClass(OFFER_CLASSES.find((c) => c.id === 'tls10') ?? (null as never)).length).toBeGreaterThan(0);
  });
});
