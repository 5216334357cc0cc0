import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { coerceCell, parseDate, parseDateTime, parseNumber } from './coerce-cell.ts';
import { fieldForLabel, looseLabel } from './field-aliases.ts';
import { assertRequiredColumns, mapColumns, parseMapOption } from './map-columns.ts';
import { ImportFileError } from './read-csv.ts';
import { rowToRecord } from './row-to-record.ts';

const fields = (kind: Parameters<typeof mapColumns>[0], headers: string[], map?: Record<string, string>) =>
  Object.fromEntries(mapColumns(kind, headers, map).columns.map((c) => [c.header, c.field]));

describe('header mapping', () => {
  test('a Salesforce account export maps every standard column', () => {
    const m = fields('accounts', [
      'Id',
      'Name',
      'Website',
      'Industry',
      'NumberOfEmployees',
      'AnnualRevenue',
      'BillingCountry',
      'BillingState',
      'BillingCity',
      'ParentId',
      'OwnerId',
      'CurrencyIsoCode',
    ]);
    assert.deepEqual(m, {
      Id: 'anyId',
      Name: 'name',
      Website: 'website',
      Industry: 'industry',
      NumberOfEmployees: 'employeeCount',
      AnnualRevenue: 'annualRevenue',
      BillingCountry: 'country',
      BillingState: 'region',
      BillingCity: 'city',
      ParentId: 'anyParentId',
      OwnerId: 'anyOwnerId',
      CurrencyIsoCode: 'currency',
    });
  });

  test('a HubSpot company export maps, including renamed and (Primary) labels', () => {
    const m = fields('accounts', [
      'Record ID',
      'Company name',
      'Company Domain Name',
      'Website URL',
      'Number of Employees',
      'Annual Revenue',
      'Country/Region',
      'State/Region',
      'City',
      'Industry',
      'Create Date',
    ]);
    assert.equal(m['Record ID'], 'hubspotId');
    assert.equal(m['Company name'], 'name');
    assert.equal(m['Company Domain Name'], 'domain');
    assert.equal(m['Website URL'], 'website');
    assert.equal(m['Country/Region'], 'country');
    assert.equal(m['State/Region'], 'region');
    assert.equal(m['Create Date'], null);
    const contacts = fields('contacts', [
      'Record ID',
      'Email',
      'First Name',
      'Last Name',
      'Job Title',
      'Phone Number',
      'Associated Company IDs (Primary)',
      'Associated Company',
    ]);
    assert.deepEqual(contacts, {
      'Record ID': 'hubspotId',
      Email: 'email',
      'First Name': 'firstName',
      'Last Name': 'lastName',
      'Job Title': 'title',
      'Phone Number': 'phone',
      'Associated Company IDs (Primary)': 'accountHubspotId',
      'Associated Company': 'custom.company',
    });
    const deals = fields('opportunities', ['Record ID', 'Deal Name', 'Deal Stage', 'Amount', 'Close Date']);
    assert.deepEqual(Object.values(deals), ['hubspotId', 'name', 'stage', 'amount', 'closeDate']);
  });

  test('labels match loosely: case, spaces, punctuation, snake_case, camelCase, accents', () => {
    assert.equal(looseLabel('  Company_Domain-Name '), looseLabel('company domain name'));
    assert.equal(fieldForLabel('accounts', 'employee_count'), 'employeeCount');
    assert.equal(fieldForLabel('accounts', 'EMPLOYEECOUNT'), 'employeeCount');
    assert.equal(fieldForLabel('contacts', 'first_name'), 'firstName');
    assert.equal(fieldForLabel('opportunities', 'stage_name'), 'stage');
    assert.equal(fieldForLabel('contacts', 'Associated Company IDs (12345)'), 'accountHubspotId');
    assert.equal(fieldForLabel('accounts', 'Númber of Émployees'), 'employeeCount');
  });

  test('--map overrides, sends columns to custom fields, and skips columns', () => {
    const map = parseMapOption('Account Name=name,Segment=custom.segment,"Notes, internal"=,Website=');
    assert.deepEqual(map, {
      'Account Name': 'name',
      Segment: 'custom.segment',
      'Notes, internal': '',
      Website: '',
    });
    const { columns, unmapped } = mapColumns(
      'accounts',
      ['Account Name', 'Segment', 'Notes, internal', 'Website', 'Zzz'],
      map,
    );
    assert.deepEqual(
      columns.map((c) => [c.field, c.how]),
      [
        ['name', 'override'],
        ['custom.segment', 'override'],
        [null, 'skipped'],
        [null, 'skipped'],
        [null, 'unmapped'],
      ],
    );
    assert.deepEqual(unmapped, ['Zzz']);
  });

  test('an unknown --map field or column is a clear error', () => {
    assert.throws(
      () => mapColumns('accounts', ['A'], { A: 'nope' }),
      (e: unknown) => e instanceof ImportFileError && /"nope" is not a accounts field/.test(e.message),
    );
    assert.throws(() => mapColumns('accounts', ['A'], { B: 'name' }), /does not have: B/);
  });

  test('a missing required column is named with examples', () => {
    const { missing } = mapColumns('accounts', ['Website', 'Industry']);
    assert.throws(
      () => assertRequiredColumns('accounts', ['Website', 'Industry'], missing),
      /Missing required column for accounts: name/,
    );
    const contacts = mapColumns('contacts', ['First Name']);
    assert.match(contacts.missing.join(), /one of email, id, salesforceId, hubspotId/);
  });
});

describe('value coercion', () => {
  test('numbers in common notations; currency and suffixes are rejected', () => {
    assert.equal(parseNumber('1,234.5'), 1234.5);
    assert.equal(parseNumber('1 234,5'), 1234.5);
    assert.equal(parseNumber('1.234.567,25'), 1234567.25);
    assert.equal(parseNumber('1,5'), 1.5);
    assert.equal(parseNumber('12,345'), 12345);
    assert.equal(parseNumber('$1.2M'), null);
    assert.equal(parseNumber('12%'), null);
    assert.equal(parseNumber('1,23,4'), null);
  });

  test('dates: ISO, timestamps, US (Salesforce) and dotted European; impossible dates rejected', () => {
    assert.equal(parseDate('2026-03-01'), '2026-03-01');
    assert.equal(parseDate('2026-03-01T23:10:00.000Z'), '2026-03-01');
    assert.equal(parseDate('3/1/2026'), '2026-03-01');
    assert.equal(parseDate('01.03.2026'), '2026-03-01');
    assert.equal(parseDate('2/30/2026'), null);
    assert.equal(parseDateTime('2026-03-01T10:00:00+02:00'), '2026-03-01T08:00:00.000Z');
    assert.equal(parseDateTime('2026-03-01 10:00'), '2026-03-01T10:00:00.000Z');
  });

  test('booleans, lists and ids by shape', () => {
    for (const yes of ['true', 'Yes', '1', 'x', 'TRUE'])
      assert.deepEqual(coerceCell('isWon', 'bool', yes), { ok: true, field: 'isWon', value: true });
    for (const no of ['false', 'no', '0', 'N'])
      assert.deepEqual(coerceCell('isWon', 'bool', no), { ok: true, field: 'isWon', value: false });
    assert.equal(coerceCell('isWon', 'bool', 'maybe').ok, false);
    assert.deepEqual(coerceCell('technologies', 'list', 'React; Node.js ;;Postgres'), {
      ok: true,
      field: 'technologies',
      value: ['React', 'Node.js', 'Postgres'],
    });
    assert.deepEqual(coerceCell('anyId', 'anyId', '0015g00000ABCDEAA2'), {
      ok: true,
      field: 'salesforceId',
      value: '0015g00000ABCDEAA2',
    });
    assert.deepEqual(coerceCell('anyId', 'anyId', '123456'), {
      ok: true,
      field: 'hubspotId',
      value: '123456',
    });
    assert.deepEqual(coerceCell('anyAccountId', 'anyAccountId', '001AB'), {
      ok: true,
      field: 'accountSalesforceId',
      value: '001AB',
    });
    assert.deepEqual(coerceCell('anyOwnerId', 'anyOwnerId', '005XY'), {
      ok: true,
      field: 'externalIds.salesforceOwnerId',
      value: '005XY',
    });
  });

  test('a row becomes a record; bad cells give reasons naming the field', () => {
    const { columns } = mapColumns(
      'accounts',
      ['Name', 'NumberOfEmployees', 'AnnualRevenue', 'Segment', 'OwnerId'],
      {
        Segment: 'custom.segment',
      },
    );
    assert.deepEqual(rowToRecord('accounts', columns, ['Acme', '1,200', '', 'Enterprise', '005A']), {
      ok: true,
      record: {
        name: 'Acme',
        employeeCount: 1200,
        annualRevenue: null,
        custom: { segment: 'Enterprise' },
        externalIds: { salesforceOwnerId: '005A' },
      },
    });
    const bad = rowToRecord('accounts', columns, ['Acme', 'lots', '1.2 million', '', '']);
    assert.equal(bad.ok, false);
    assert.match(
      bad.ok ? '' : bad.reason,
      /employeeCount: "lots" is not a whole number; annualRevenue: "1\.2 million" is not an amount/,
    );
    const extra = rowToRecord('accounts', columns, ['Acme', '1', '2', '3', '4', 'surplus']);
    assert.match(extra.ok ? '' : extra.reason, /6 cells but the header has 5 columns/);
  });
});
