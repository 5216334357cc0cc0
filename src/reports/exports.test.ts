import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { useTestApp } from '../test/test-app.ts';
import { seedMeasurementWorld } from './measurement-fixture.ts';

/** The decompressed content of every stream of a PDF (fonts, pages, ToUnicode maps), as latin1 text. */
function pdfStreams(pdf: Buffer): string[] {
  const out: string[] = [];
  const text = pdf.toString('latin1');
  const re = /stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    try {
      out.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      out.push(text.slice(start, end));
    }
    re.lastIndex = end + 'endstream'.length;
  }
  return out;
}

const hex = (s: string) => [...s].map((c) => (c.codePointAt(0) ?? 0).toString(16).padStart(4, '0'));

describe('report exports: retrospective PDF and XLSX of every table', () => {
  const t = useTestApp();

  test('retrospective PDF: valid, charts drawn, CJK names embedded in the font subset, hostile text inert', async () => {
    const ws = await t.workspace('Pdf');
    const db = t.database.db;
    const w = await seedMeasurementWorld(db, ws.workspaceId);
    const cjk = '阿尔法科技';
    const hostile = '") Tj ET /JavaScript (app.alert(1)) /OpenAction <script>\u0007\u202e';
    await db.updateTable('accounts').set({ name: cjk }).where('id', '=', w.A).execute();
    await db.updateTable('accounts').set({ name: hostile }).where('id', '=', w.B).execute();
    const note = await t.call('POST', '/reports/periods/2026-Q1/notes', ws.keys.sales, {
      kind: 'heard',
      body: `Buyers at ${cjk} asked for 中文 pricing /Launch (x)`,
    });
    assert.equal(note.statusCode, 201, note.body);

    const res = await t.call(
      'GET',
      '/reports/retrospective.pdf?period=2026-Q1&model=linear&segment=targets',
      ws.keys.sales,
    );
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(String(res.headers['content-disposition']), /retrospective-2026-Q1\.pdf/);
    const pdf = res.rawPayload;
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match(pdf.subarray(-8).toString('latin1'), /%%EOF\s*$/);
    const raw = pdf.toString('latin1');
    const pages = raw.match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;
    assert.ok(pages >= 2 && pages < 20, `pages: ${pages}`);
    // The font is Noto Sans SC, embedded as a subset (a six-letter tag before its name).
    assert.match(raw, /\/BaseFont \/[A-Z]{6}\+NotoSansSC/);
    // The subset's ToUnicode map holds every CJK character drawn: the name renders, not as boxes.
    const streams = pdfStreams(pdf);
    const cmap = streams
      .filter((s) => s.includes('begincmap'))
      .join('\n')
      .toLowerCase();
    for (const code of hex(`${cjk}中文`)) assert.ok(cmap.includes(code), `glyph U+${code} in the subset`);
    // Charts are vector rectangles filled in the chart colours.
    assert.ok(
      streams.some((s) => / re\b/.test(s) && /0\.184 0\.357 0\.827 rg|0\.18431/.test(s)),
      'bars',
    );
    // Hostile names are glyph ids in hex strings: no PDF syntax leaks into the document's objects.
    for (const bad of ['/JavaScript', '/OpenAction', '/Launch', '/JS ', 'app.alert'])
      assert.ok(!raw.includes(bad) && !streams.some((s) => s.includes(bad)), `no ${bad}`);

    const bad = await t.call('GET', '/reports/retrospective.pdf?period=2026-Q9', ws.keys.sales);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /period/);
    const model = await t.call('GET', '/reports/retrospective.pdf?period=2026-Q1&model=magic', ws.keys.sales);
    assert.equal(model.statusCode, 400);
    const anonymous = await t.inject({
      method: 'GET',
      url: '/api/v1/reports/retrospective.pdf?period=2026-Q1',
    });
    assert.equal(anonymous.statusCode, 401);
  });

  test('XLSX: every table as a sheet, numbers as numbers, dates as dates, formulas stay text', async () => {
    const ws = await t.workspace('Xlsx');
    const db = t.database.db;
    const w = await seedMeasurementWorld(db, ws.workspaceId);
    await db
      .updateTable('accounts')
      .set({ name: '=HYPERLINK("http://evil.test","x")' })
      .where('id', '=', w.A)
      .execute();
    const read = async (url: string) => {
      const res = await t.call('GET', url, ws.keys.sales);
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      assert.equal(
        res.headers['content-type'],
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      assert.match(String(res.headers['content-disposition']), /\.xlsx"$/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(new Uint8Array(res.rawPayload).buffer);
      return book;
    };
    const header = (sheet: ExcelJS.Worksheet) =>
      (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map((v) => String(v));
    const cell = (sheet: ExcelJS.Worksheet, row: number, column: string) => {
      const index = header(sheet).indexOf(column);
      assert.ok(index >= 0, `column ${column} in ${header(sheet).join(',')}`);
      return sheet.getRow(row).getCell(index + 1);
    };

    // The scorecard: its segments table, one row per segment, figures as numbers (null stays empty).
    const card = await read('/reports/scorecard?period=2026-Q1&format=xlsx');
    const segments = card.getWorksheet('segments');
    assert.ok(segments, card.worksheets.map((s) => s.name).join(','));
    assert.equal(segments.rowCount, 7);
    const targetsRow = [...Array(segments.rowCount).keys()]
      .map((i) => i + 1)
      .find((r) => cell(segments, r, 'segment').value === 'targets');
    assert.ok(targetsRow);
    assert.equal(cell(segments, targetsRow, 'figures.accounts').value, 2);
    assert.equal(cell(segments, targetsRow, 'figures.pipelineCreated').value, 15_000);
    assert.equal(cell(segments, targetsRow, 'figures.pipelineCreated').type, ExcelJS.ValueType.Number);
    assert.equal(cell(segments, targetsRow, 'figures.winRate').value, 0.5);

    // A drill-down: dates as dates, the hostile name as plain text (no formula).
    const drill = await read(
      '/reports/scorecard/drilldown?period=2026-Q1&segment=targets&figure=reached&format=xlsx',
    );
    const data = drill.getWorksheet('data');
    assert.ok(data);
    const names = [2, 3].map((r) => cell(data, r, 'name'));
    const evil = names.find((c) => String(c.value).startsWith('=HYPERLINK'));
    assert.ok(evil, 'the hostile name is there');
    assert.equal(evil.type, ExcelJS.ValueType.String);
    assert.equal(evil.formula, undefined);
    const firstTouch = cell(data, Number(evil.row), 'firstTouchAt');
    assert.equal(firstTouch.type, ExcelJS.ValueType.Date);
    assert.ok(firstTouch.value instanceof Date);
    assert.equal(firstTouch.value.toISOString(), '2026-01-05T10:00:00.000Z');
    assert.equal(cell(data, 2, 'isTarget').value, true);

    // Costs: day columns are dates; amounts numbers.
    const cost = await t.call('POST', '/reports/costs', ws.keys.marketer, {
      startsOn: '2026-01-01',
      endsOn: '2026-03-31',
      channel: 'linkedin_ads',
      amount: 1234.5,
    });
    assert.equal(cost.statusCode, 201, cost.body);
    const costs = (await read('/reports/costs?period=2026-Q1&format=xlsx')).getWorksheet('data');
    assert.ok(costs);
    const startsOn = cell(costs, 2, 'startsOn');
    assert.ok(startsOn.value instanceof Date);
    assert.equal(startsOn.value.toISOString(), '2026-01-01T00:00:00.000Z');
    assert.equal(cell(costs, 2, 'amount').value, 1234.5);

    // The retrospective: all its tables as sheets; a named table alone; an unknown table is a 400.
    const retro = await read('/reports/retrospective?period=2026-Q1&format=xlsx');
    const sheetNames = retro.worksheets.map((s) => s.name);
    for (const name of ['scorecard', 'bestAccounts', 'plays', 'committeeGaps', 'suggestions'])
      assert.ok(sheetNames.includes(name), `${name} in ${sheetNames.join(',')}`);
    const one = await read('/reports/retrospective?period=2026-Q1&format=xlsx&table=scorecard');
    assert.deepEqual(
      one.worksheets.map((s) => s.name),
      ['scorecard'],
    );
    const missing = await t.call(
      'GET',
      '/reports/retrospective?period=2026-Q1&format=xlsx&table=nope',
      ws.keys.sales,
    );
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /query\.table/);
    const format = await t.call('GET', '/reports/scorecard?period=2026-Q1&format=docx', ws.keys.sales);
    assert.equal(format.statusCode, 400);
  });
});
