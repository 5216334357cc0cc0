import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toCountryCode } from '../normalize/country.ts';
import { classifyEmail } from './classify-email.ts';
import { normalizeCompanyName } from './normalize-company-name.ts';
import { displayDomain, normalizeDomain } from './normalize-domain.ts';

describe('domain normalisation', () => {
  test('registrable domain without scheme, www, path, port; subdomains folded', () => {
    assert.equal(normalizeDomain('https://www.Acme.com:8443/about?x=1'), 'acme.com');
    assert.equal(normalizeDomain('us.acme.com'), 'acme.com');
    assert.equal(normalizeDomain('jane@eu.sales.acme.co.uk'), 'acme.co.uk');
    assert.equal(normalizeDomain('//shop.acme.com.au/'), 'acme.com.au');
  });
  test('IDN to punycode, both ways in', () => {
    assert.equal(normalizeDomain('bücher.de'), 'xn--bcher-kva.de');
    assert.equal(normalizeDomain('https://www.xn--bcher-kva.de'), 'xn--bcher-kva.de');
    assert.equal(normalizeDomain('smørrebrød.dk'), 'xn--smrrebrd-64af.dk');
    assert.equal(normalizeDomain('https://XN--SMRREBRD-64AF.dk/menu'), 'xn--smrrebrd-64af.dk');
    assert.equal(displayDomain('xn--smrrebrd-64af.dk'), 'smørrebrød.dk');
  });
  test('garbage has no domain', () => {
    for (const bad of [
      '',
      'localhost',
      '127.0.0.1',
      'not a domain',
      'x'.repeat(5000),
      '😀',
      'foo@',
      '.com',
    ]) {
      assert.equal(normalizeDomain(bad), null, bad.slice(0, 20));
    }
  });
});

describe('email classes', () => {
  test('webmail, disposable, work and invalid are told apart', () => {
    assert.equal(classifyEmail('jane@gmail.com').kind, 'free');
    assert.equal(classifyEmail('bob@yahoo.co.uk').kind, 'free');
    assert.equal(classifyEmail('x@web.de').kind, 'free');
    assert.equal(classifyEmail('x@mailinator.com').kind, 'disposable');
    assert.equal(classifyEmail('x@10minutemail.com').kind, 'disposable');
    assert.equal(classifyEmail('jane@acme.com').kind, 'work');
    assert.equal(classifyEmail('garbage').kind, 'invalid');
    assert.equal(classifyEmail('a@b').kind, 'invalid');
    assert.equal(classifyEmail(`${'a'.repeat(400)}@acme.com`).kind, 'invalid');
  });
  test('role addresses are flagged and keep their domain; subdomain hosts fold', () => {
    const info = classifyEmail('Info@US.Acme.com');
    assert.equal(info.role, true);
    assert.equal(info.kind, 'work');
    assert.equal(info.host, 'us.acme.com');
    assert.equal(info.domain, 'acme.com');
    assert.equal(classifyEmail('sales+eu@acme.com').role, true);
    assert.equal(classifyEmail('jane.doe@acme.com').role, false);
  });
  test('IDN email domains', () => {
    const c = classifyEmail('jürgen@müller-gmbh.de');
    assert.equal(c.kind, 'work');
    assert.equal(c.domain, 'xn--mller-gmbh-9db.de');
  });
});

describe('company names', () => {
  const key = (s: string) => normalizeCompanyName(s).key;
  test('legal forms from the issue are stripped, original kept for display', () => {
    const cases: [string, string, string][] = [
      ['Siemens GmbH', 'siemens', 'gmbh'],
      ['Mærsk A/S', 'maersk', 'as'],
      ['Nordisk Data ApS', 'nordisk data', 'aps'],
      ['Marel ehf.', 'marel', 'ehf'],
      ['Össur hf.', 'ossur', 'hf'],
      ['Bolt Technology OÜ', 'bolt technology', 'ou'],
      ['Equinor AS', 'equinor', 'as'],
      ['Rovio Oy', 'rovio', 'oy'],
      ['Acme Inc', 'acme', 'inc'],
      ['Acme Corp.', 'acme', 'corp'],
      ['Acme, LLC', 'acme', 'llc'],
      ['Acme Ltd', 'acme', 'ltd'],
      ['Acme PLC', 'acme', 'plc'],
      ['Acme GmbH & Co. KG', 'acme', 'gmbh and co kg'],
      ['Grupo Bimbo, S.A.B. de C.V.', 'grupo bimbo', 'sab de cv'],
      ['Telefónica, S.A.', 'telefonica', 'sa'],
      ['Sony Co., Ltd.', 'sony', 'co ltd'],
    ];
    for (const [input, expected, form] of cases) {
      const n = normalizeCompanyName(input);
      assert.equal(n.key, expected, input);
      assert.ok(n.legalForms.includes(form), `${input}: ${n.legalForms.join(',')}`);
      assert.equal(n.display, input);
    }
  });
  test('CJK legal forms anywhere, prefix too', () => {
    assert.equal(key('トヨタ自動車株式会社'), 'トヨタ自動車');
    assert.equal(key('株式会社トヨタ自動車'), 'トヨタ自動車');
    assert.equal(key('(株)日立製作所'), '日立製作所');
    assert.equal(key('㈱日立製作所'), '日立製作所');
    assert.equal(key('华为技术有限公司'), '华为技术');
    assert.equal(key('台灣積體電路製造股份有限公司'), '台灣積體電路製造');
    assert.equal(key('阿里巴巴有限責任公司'), '阿里巴巴');
    assert.deepEqual(normalizeCompanyName('株式会社ソニー').legalForms, ['株式会社']);
  });
  test('folding: case, NFKC, diacritics and special letters, connectives, punctuation, leading The', () => {
    assert.equal(key('The Ærø Smørrebrød Company'), 'aero smorrebrod');
    assert.equal(key('Þór & Ðóra ehf'), 'thor dora');
    assert.equal(key('Straßenbau AG'), 'strassenbau');
    assert.equal(key('ＡＣＭＥ　Ｉｎｃ'), 'acme');
    assert.equal(key('Smith & Jones'), key('Smith and Jones'));
    assert.equal(key('Smith og Jones'), key('Smith und Jones'));
    assert.equal(key('Smith et Jones'), key('Smith y Jones'));
    assert.equal(key("McDonald's Corporation"), 'mcdonalds');
    assert.equal(key('Coca-Cola'), 'coca cola');
  });
  test('core keys drop trailing corporate words and bracketed notes; full keys keep the legal form', () => {
    const core = (name: string) => normalizeCompanyName(name).core.join(' ');
    assert.equal(core('Omnicom Group Inc.'), 'omnicom');
    assert.equal(core('Marriott International, Inc.'), 'marriott');
    assert.equal(core('Allstate Corporation (The)'), 'allstate');
    assert.equal(core('American Tower Corporation (REIT)'), 'american tower');
    assert.equal(core('Acme Holdings Holdings'), 'acme');
    assert.equal(core('International Paper'), 'international paper');
    assert.equal(core('Holdings Group'), 'holdings');
    assert.equal(normalizeCompanyName('Graham Corporation').full, 'grahamcorporation');
    assert.equal(normalizeCompanyName('Graham Corp.').full, 'grahamcorp');
  });
  test('names that look like forms survive; garbage is empty, never a throw', () => {
    assert.equal(key('Company'), 'company');
    assert.equal(key('Smith & Son'), 'smith son');
    assert.equal(key('Danske Bank A/S'), 'danske bank');
    assert.equal(key(''), '');
    assert.equal(key('😀😀'), '');
    assert.ok(key('x'.repeat(10_000)).length <= 1000);
  });
});

describe('countries', () => {
  test('codes and names in several languages', () => {
    assert.equal(toCountryCode('dk'), 'DK');
    assert.equal(toCountryCode('Danmark'), 'DK');
    assert.equal(toCountryCode('Ísland'), 'IS');
    assert.equal(toCountryCode('Deutschland'), 'DE');
    assert.equal(toCountryCode('UK'), 'GB');
    assert.equal(toCountryCode('Narnia'), null);
  });
});
