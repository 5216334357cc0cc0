import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type CsvRow, detectDelimiter, ImportFileError, openCsv } from './read-csv.ts';

async function read(bytes: Buffer | Buffer[]) {
  const { head, rows } = await openCsv(Array.isArray(bytes) ? bytes : [bytes]);
  const out: CsvRow[] = [];
  for await (const row of rows) out.push(row);
  return { head, rows: out };
}

const sample = 'Name,City\nÆgir ehf.,Reykjavík\n株式会社テスト,東京\n';

describe('reading CSV files', () => {
  test('UTF-8 with and without BOM', async () => {
    const plain = await read(Buffer.from(sample));
    const bom = await read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample)]));
    assert.deepEqual(plain.head.headers, ['Name', 'City']);
    assert.deepEqual(bom.head.headers, ['Name', 'City']);
    assert.equal(bom.head.bom, true);
    assert.deepEqual(bom.rows, plain.rows);
    assert.deepEqual(plain.rows[1], { row: 3, cells: ['株式会社テスト', '東京'] });
  });

  test('UTF-16 LE and BE, with a BOM and without (detected from NUL bytes)', async () => {
    const le = Buffer.from(sample, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const [bytes, encoding] of [
      [Buffer.concat([Buffer.from([0xff, 0xfe]), le]), 'utf-16le'],
      [le, 'utf-16le'],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'utf-16be'],
      [be, 'utf-16be'],
    ] as const) {
      const { head, rows } = await read(bytes);
      assert.equal(head.encoding, encoding);
      assert.deepEqual(head.headers, ['Name', 'City']);
      assert.deepEqual(rows[0]?.cells, ['Ægir ehf.', 'Reykjavík']);
    }
  });

  test('a multi-byte character split across chunks is decoded whole', async () => {
    const bytes = Buffer.from(sample);
    const cut = bytes.indexOf(Buffer.from('京')) + 1;
    const { rows } = await read([bytes.subarray(0, cut), bytes.subarray(cut)]);
    assert.deepEqual(rows[1]?.cells, ['株式会社テスト', '東京']);
  });

  test('delimiters , ; and tab are detected from the header line', async () => {
    assert.equal(detectDelimiter('a,b;c,d'), ',');
    assert.equal(detectDelimiter('Name;Website;"A,B"'), ';');
    assert.equal(detectDelimiter('Name\tWebsite\tCity'), '\t');
    const semi = await read(Buffer.from('Name;Amount\r\nAcme;1.234,50\r\n'));
    assert.equal(semi.head.delimiter, ';');
    assert.deepEqual(semi.rows[0]?.cells, ['Acme', '1.234,50']);
  });

  test('quoted newlines stay in the cell and row numbers count records', async () => {
    const { rows } = await read(Buffer.from('Name,Note\n"Acme","line one\nline two"\nBeta,"x ""quoted"""\n'));
    assert.deepEqual(rows, [
      { row: 2, cells: ['Acme', 'line one\nline two'] },
      { row: 3, cells: ['Beta', 'x "quoted"'] },
    ]);
  });

  test('a row with broken quoting is reported with its row number and the rest is read', async () => {
    const { rows } = await read(Buffer.from('Name,City\nA,x\nB "bad,y\nC,z\n'));
    assert.equal(rows.length, 3);
    assert.equal(rows[1]?.row, 3);
    assert.match(rows[1]?.error ?? '', /quote/i);
    assert.deepEqual(rows[2], { row: 4, cells: ['C', 'z'] });
  });

  test('invalid bytes become U+FFFD so the importer can reject that row', async () => {
    const { rows } = await read(Buffer.from('Name\nCaf\xe9\n', 'latin1'));
    assert.match(rows[0]?.cells[0] ?? '', /\uFFFD/);
  });

  test('an empty file is a clear error; a header-only file has no rows', async () => {
    await assert.rejects(
      read(Buffer.from('')),
      (e: unknown) => e instanceof ImportFileError && e.message === 'The file is empty',
    );
    await assert.rejects(read(Buffer.from('\r\n  \n')), ImportFileError);
    const headerOnly = await read(Buffer.from('Name,Website\n'));
    assert.deepEqual(headerOnly.head.headers, ['Name', 'Website']);
    assert.equal(headerOnly.rows.length, 0);
  });
});
