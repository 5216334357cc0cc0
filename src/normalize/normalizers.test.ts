import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAmount } from './amount.ts';
import { normalizeCountry } from './country.ts';
import { normalizeCurrency } from './currency.ts';
import { INDUSTRIES, normalizeIndustry } from './industry.ts';
import { normalizeRecord } from './normalize-record.ts';
import { parseNumber } from './number.ts';
import { OwnerDirectory } from './owner.ts';
import { normalizePhone } from './phone.ts';
import { normalizeRegion } from './region.ts';

const JUNK: unknown[] = ['x'.repeat(100_000), { a: 1 }, ['IS'], true, Number.NaN, '\u0000', '   '];

describe('normalisers', () => {
  test('countries: codes, names in the product languages and English variants', () => {
    const cases: [string | number, string][] = [
      ['Iceland', 'IS'],
      ['ísland', 'IS'],
      ['Island', 'IS'],
      ['アイスランド', 'IS'],
      ['冰岛', 'IS'],
      ['is', 'IS'],
      ['ISL', 'IS'],
      ['352', 'IS'],
      [352, 'IS'],
      ['USA', 'US'],
      ['U.S.', 'US'],
      ['U.S.A.', 'US'],
      ['United States of America', 'US'],
      ['united states', 'US'],
      ['Estados Unidos', 'US'],
      ['États-Unis', 'US'],
      ['アメリカ', 'US'],
      ['美国', 'US'],
      ['UK', 'GB'],
      ['Great Britain', 'GB'],
      ['England', 'GB'],
      ['Royaume-Uni', 'GB'],
      ['Deutschland', 'DE'],
      ['Allemagne', 'DE'],
      ['Alemania', 'DE'],
      ['ドイツ', 'DE'],
      ['德国', 'DE'],
      ['  Danmark ', 'DK'],
      ['Holland', 'NL'],
      ['South Korea', 'KR'],
      ['Türkiye', 'TR'],
      ["Côte d'Ivoire", 'CI'],
      ['Eesti', 'EE'],
    ];
    for (const [input, code] of cases) assert.equal(normalizeCountry(input).value, code, String(input));
    assert.deepEqual(normalizeCountry('IS'), { value: 'IS', raw: null, known: true });
    assert.deepEqual(normalizeCountry('Iceland'), { value: 'IS', raw: 'Iceland', known: true });
    assert.deepEqual(normalizeCountry(''), { value: null, raw: null, known: true });
    assert.deepEqual(normalizeCountry(null), { value: null, raw: null, known: true });
    for (const junk of ['Narnia', 'ZZ', 'XK1', '999', 'Europe', 'n/a']) {
      const n = normalizeCountry(junk);
      assert.deepEqual([n.value, n.raw, n.known], [null, junk, false], junk);
    }
    for (const junk of JUNK) assert.equal(normalizeCountry(junk).value, null);
  });

  test('regions: ISO 3166-2 from names, code parts and full codes, per country', () => {
    const cases: [string, string | null, string | null][] = [
      ['California', 'US', 'US-CA'],
      ['CA', 'US', 'US-CA'],
      ['calif.', 'US', 'US-CA'],
      ['US-NY', null, 'US-NY'],
      ['Washington', 'US', 'US-WA'],
      ['WA', 'AU', 'AU-WA'],
      ['New South Wales', 'AU', 'AU-NSW'],
      ['Québec', 'CA', 'CA-QC'],
      ['Quebec', 'CA', 'CA-QC'],
      ['Bayern', 'DE', 'DE-BY'],
      ['Bavaria', null, 'DE-BY'],
      ['Nordrhein-Westfalen', 'DE', 'DE-NW'],
      ['Maharashtra', 'IN', 'IN-MH'],
      ['Scotland', 'GB', 'GB-SCT'],
      ['Wales', 'GB', 'GB-WLS'],
    ];
    for (const [input, country, code] of cases)
      assert.equal(normalizeRegion(input, country).value, code, input);
    assert.equal(normalizeRegion('CA', 'CA').known, false);
    assert.equal(normalizeRegion('Atlantis', 'US').known, false);
    assert.deepEqual(normalizeRegion('Tokyo', 'JP'), { value: null, raw: 'Tokyo', known: true });
    assert.equal(normalizeRegion('WA', null).value, null, 'ambiguous without a country');
    for (const junk of JUNK) assert.equal(normalizeRegion(junk, 'US').value, null);
  });

  test('industries: Salesforce picklist, HubSpot enum, LinkedIn old and new names to one taxonomy', () => {
    const cases: [string, string][] = [
      ['COMPUTER_SOFTWARE', 'Software'],
      ['Computer Software', 'Software'],
      ['Software Development', 'Software'],
      ['software', 'Software'],
      ['INFORMATION_TECHNOLOGY_AND_SERVICES', 'IT Services'],
      ['IT Services and IT Consulting', 'IT Services'],
      ['FINANCIAL_SERVICES', 'Financial Services'],
      ['Finance', 'Financial Services'],
      ['BANKING', 'Banking'],
      ['HOSPITAL_HEALTH_CARE', 'Healthcare'],
      ['Hospitals and Health Care', 'Healthcare'],
      ['PHARMACEUTICALS', 'Life Sciences'],
      ['Biotechnology', 'Life Sciences'],
      ['FOOD_BEVERAGES', 'Food & Beverage'],
      ['Food and Beverage Services', 'Food & Beverage'],
      ['Not For Profit', 'Nonprofit'],
      ['NON_PROFIT_ORGANIZATION_MANAGEMENT', 'Nonprofit'],
      ['Transportation, Logistics, Supply Chain and Storage', 'Logistics'],
      ['LOGISTICS_AND_SUPPLY_CHAIN', 'Logistics'],
      ['Machinery', 'Manufacturing'],
      ['Communications', 'Telecommunications'],
      ['E_LEARNING', 'Education'],
      ['Technology', 'Software'],
      ['Enterprise SaaS', 'Software'],
      ['Regional Bank', 'Banking'],
    ];
    for (const [input, industry] of cases) assert.equal(normalizeIndustry(input).value, industry, input);
    for (const industry of INDUSTRIES) assert.deepEqual(normalizeIndustry(industry).raw, null, industry);
    assert.ok(INDUSTRIES.length >= 25 && INDUSTRIES.length <= 40);
    assert.equal(normalizeIndustry('Underwater Basket Weaving').known, false);
    for (const junk of JUNK) assert.equal(normalizeIndustry(junk).value, null);
  });

  test('every HubSpot industry value maps to the taxonomy', () => {
    const hubspot =
      'ACCOUNTING AIRLINES_AVIATION ALTERNATIVE_DISPUTE_RESOLUTION ALTERNATIVE_MEDICINE ANIMATION APPAREL_FASHION ' +
      'ARCHITECTURE_PLANNING ARTS_AND_CRAFTS AUTOMOTIVE AVIATION_AEROSPACE BANKING BIOTECHNOLOGY BROADCAST_MEDIA ' +
      'BUILDING_MATERIALS BUSINESS_SUPPLIES_AND_EQUIPMENT CAPITAL_MARKETS CHEMICALS CIVIC_SOCIAL_ORGANIZATION ' +
      'CIVIL_ENGINEERING COMMERCIAL_REAL_ESTATE COMPUTER_NETWORK_SECURITY COMPUTER_GAMES COMPUTER_HARDWARE ' +
      'COMPUTER_NETWORKING COMPUTER_SOFTWARE INTERNET CONSTRUCTION CONSUMER_ELECTRONICS CONSUMER_GOODS ' +
      'CONSUMER_SERVICES COSMETICS DAIRY DEFENSE_SPACE DESIGN EDUCATION_MANAGEMENT E_LEARNING ' +
      'ELECTRICAL_ELECTRONIC_MANUFACTURING ENTERTAINMENT ENVIRONMENTAL_SERVICES EVENTS_SERVICES EXECUTIVE_OFFICE ' +
      'FACILITIES_SERVICES FARMING FINANCIAL_SERVICES FINE_ART FISHERY FOOD_BEVERAGES FOOD_PRODUCTION FUND_RAISING ' +
      'FURNITURE GAMBLING_CASINOS GLASS_CERAMICS_CONCRETE GOVERNMENT_ADMINISTRATION GOVERNMENT_RELATIONS ' +
      'GRAPHIC_DESIGN HEALTH_WELLNESS_AND_FITNESS HIGHER_EDUCATION HOSPITAL_HEALTH_CARE HOSPITALITY HUMAN_RESOURCES ' +
      'IMPORT_AND_EXPORT INDIVIDUAL_FAMILY_SERVICES INDUSTRIAL_AUTOMATION INFORMATION_SERVICES ' +
      'INFORMATION_TECHNOLOGY_AND_SERVICES INSURANCE INTERNATIONAL_AFFAIRS INTERNATIONAL_TRADE_AND_DEVELOPMENT ' +
      'INVESTMENT_BANKING INVESTMENT_MANAGEMENT JUDICIARY LAW_ENFORCEMENT LAW_PRACTICE LEGAL_SERVICES ' +
      'LEGISLATIVE_OFFICE LEISURE_TRAVEL_TOURISM LIBRARIES LOGISTICS_AND_SUPPLY_CHAIN LUXURY_GOODS_JEWELRY MACHINERY ' +
      'MANAGEMENT_CONSULTING MARITIME MARKET_RESEARCH MARKETING_AND_ADVERTISING MECHANICAL_OR_INDUSTRIAL_ENGINEERING ' +
      'MEDIA_PRODUCTION MEDICAL_DEVICES MEDICAL_PRACTICE MENTAL_HEALTH_CARE MILITARY MINING_METALS MOBILE_GAMES ' +
      'MOTION_PICTURES_AND_FILM MUSEUMS_AND_INSTITUTIONS MUSIC NANOTECHNOLOGY NEWSPAPERS ' +
      'NON_PROFIT_ORGANIZATION_MANAGEMENT OIL_ENERGY ONLINE_MEDIA OUTSOURCING_OFFSHORING PACKAGE_FREIGHT_DELIVERY ' +
      'PACKAGING_AND_CONTAINERS PAPER_FOREST_PRODUCTS PERFORMING_ARTS PHARMACEUTICALS PHILANTHROPY PHOTOGRAPHY ' +
      'PLASTICS POLITICAL_ORGANIZATION PRIMARY_SECONDARY_EDUCATION PRINTING PROFESSIONAL_TRAINING_COACHING ' +
      'PROGRAM_DEVELOPMENT PUBLIC_POLICY PUBLIC_RELATIONS_AND_COMMUNICATIONS PUBLIC_SAFETY PUBLISHING ' +
      'RAILROAD_MANUFACTURE RANCHING REAL_ESTATE RECREATIONAL_FACILITIES_AND_SERVICES RELIGIOUS_INSTITUTIONS ' +
      'RENEWABLES_ENVIRONMENT RESEARCH RESTAURANTS RETAIL SECURITY_AND_INVESTIGATIONS SEMICONDUCTORS SHIPBUILDING ' +
      'SPORTING_GOODS SPORTS STAFFING_AND_RECRUITING SUPERMARKETS TELECOMMUNICATIONS TEXTILES THINK_TANKS TOBACCO ' +
      'TRANSLATION_AND_LOCALIZATION TRANSPORTATION_TRUCKING_RAILROAD UTILITIES VENTURE_CAPITAL_PRIVATE_EQUITY ' +
      'VETERINARY WAREHOUSING WHOLESALE WINE_AND_SPIRITS WIRELESS WRITING_AND_EDITING';
    const values = hubspot.split(' ');
    assert.ok(values.length >= 145);
    const missing = values.filter((v) => !normalizeIndustry(v).known);
    assert.deepEqual(missing, []);
  });

  test('currencies: codes in any case, symbols (read in the country), names', () => {
    const cases: [string, string | null, string][] = [
      ['usd', null, 'USD'],
      ['Eur', null, 'EUR'],
      ['$', null, 'USD'],
      ['$', 'CA', 'CAD'],
      ['US$', 'CA', 'USD'],
      ['€', null, 'EUR'],
      ['£', null, 'GBP'],
      ['¥', null, 'JPY'],
      ['¥', 'CN', 'CNY'],
      ['円', null, 'JPY'],
      ['kr', 'IS', 'ISK'],
      ['kr', 'DK', 'DKK'],
      ['US Dollar', null, 'USD'],
      ['euro', null, 'EUR'],
      ['Euros', null, 'EUR'],
      ['Japanese Yen', null, 'JPY'],
      ['Dollar des États-Unis', null, 'USD'],
      ['Isländische Krone', null, 'ISK'],
    ];
    for (const [input, country, code] of cases)
      assert.equal(normalizeCurrency(input, country).value, code, `${input} in ${country}`);
    for (const junk of ['Bitcoin', 'XYZ', 'money', ...JUNK])
      assert.equal(normalizeCurrency(junk).value, null);
    assert.equal(normalizeCurrency('Bitcoin').raw, 'Bitcoin');
  });

  test('amounts: symbols, codes, scales and both decimal marks', () => {
    const cases: [string, number, string | null][] = [
      ['$1,200,000', 1_200_000, 'USD'],
      ['€ 1.200.000,00', 1_200_000, 'EUR'],
      ['1 200 000 kr', 1_200_000, 'SEK'],
      ['USD 5000', 5000, 'USD'],
      ['2.5M EUR', 2_500_000, 'EUR'],
      ['£12k', 12_000, 'GBP'],
      ['5000', 5000, null],
    ];
    for (const [input, amount, currency] of cases)
      assert.deepEqual(parseAmount(input, parseNumber), { amount, currency }, input);
    for (const junk of ['12%', 'about a million', '$', '', 'x'.repeat(10_000)])
      assert.equal(parseAmount(junk, parseNumber), null, junk.slice(0, 20));
  });

  test('phones: E.164 read in the record country; junk kept as given', () => {
    assert.deepEqual(normalizePhone('(415) 555-0132', 'US'), {
      value: '+14155550132',
      raw: '(415) 555-0132',
      known: true,
    });
    assert.equal(normalizePhone('020 7946 0958', 'GB').value, '+442079460958');
    assert.equal(normalizePhone('563 8000', 'IS').value, '+3545638000');
    assert.equal(normalizePhone('00354 563 8000', 'DE').value, '+3545638000');
    assert.equal(normalizePhone('+1 415 555 0132 ext. 12', 'US').value, '+14155550132');
    assert.deepEqual(normalizePhone('+14155550132', null), { value: '+14155550132', raw: null, known: true });
    assert.equal(normalizePhone('555-1234', null).known, false, 'a local number needs a country');
    assert.equal(normalizePhone('563 8000', 'ZZ').known, false);
    for (const junk of ['call reception', '12', '+', ...JUNK])
      assert.equal(normalizePhone(junk, 'US').value, null);
  });

  test('owners: e-mail in any case, names with accents folded, "Last, First", ambiguous names reported', () => {
    const owners = new OwnerDirectory([
      { id: 'u1', email: 'sigga@acme.is', name: 'Sigríður Jónsdóttir' },
      { id: 'u2', email: 'hans.mueller@acme.de', name: 'Hans Müller' },
      { id: 'u3', email: 'alex.a@acme.com', name: 'Alex Smith' },
      { id: 'u4', email: 'alex.b@acme.com', name: 'Alex Smith' },
    ]);
    assert.deepEqual(owners.resolve('SIGGA@ACME.IS'), { ok: true, userId: 'u1' });
    assert.deepEqual(owners.resolve('Sigga <sigga@acme.is>'), { ok: true, userId: 'u1' });
    assert.deepEqual(owners.resolve('sigridur jonsdottir'), { ok: true, userId: 'u1' });
    assert.deepEqual(owners.resolve('Müller, Hans'), { ok: true, userId: 'u2' });
    assert.deepEqual(owners.resolve('hans.mueller'), { ok: true, userId: 'u2' });
    assert.deepEqual(owners.resolve('Alex Smith'), { ok: false, raw: 'Alex Smith', reason: 'ambiguous' });
    assert.deepEqual(owners.resolve('nobody@acme.is'), {
      ok: false,
      raw: 'nobody@acme.is',
      reason: 'unknown',
    });
    assert.equal(owners.resolve(''), null);
    assert.equal(owners.resolve({ id: 'u1' })?.ok, false);
    assert.equal(owners.resolve('x'.repeat(100_000))?.ok, false);
  });

  test('a record: only given fields change, originals kept, warnings name the field', () => {
    const owners = new OwnerDirectory([{ id: 'u1', email: 'sigga@acme.is', name: 'Sigga' }]);
    const { record, warnings } = normalizeRecord(
      'accounts',
      { name: 'Marel', country: 'Iceland', industry: 'Fish', phone: '563 8000', owner: 'Sigga' },
      { owners },
    );
    assert.deepEqual(record, {
      name: 'Marel',
      country: 'IS',
      countryRaw: 'Iceland',
      industry: null,
      industryRaw: 'Fish',
      phone: '+3545638000',
      phoneRaw: '563 8000',
      ownerId: 'u1',
      ownerRaw: null,
    });
    assert.deepEqual(
      warnings.map((w) => w.field),
      ['industry'],
    );
    const partial = normalizeRecord('accounts', { phone: '563 8000' }, { storedCountry: 'IS' });
    assert.deepEqual(partial.record, { phone: '+3545638000', phoneRaw: '563 8000' });
    const region = normalizeRecord('accounts', { country: 'US', region: 'Narnia' }, {});
    assert.deepEqual(
      region.warnings.map((w) => w.field),
      ['region'],
    );
    assert.equal(region.record.region, 'Narnia', 'the region text stays');
    const opp = normalizeRecord('opportunities', { currency: '€', country: 'whatever' }, {});
    assert.deepEqual(opp.record, { currency: 'EUR', currencyRaw: '€', country: 'whatever' });
  });
});
