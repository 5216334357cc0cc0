import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
let fontCache: Buffer | undefined;

/** Noto Sans SC (Latin and CJK), read once per process; pdfkit embeds only the glyphs used. */
export function notoSansSc(): Buffer {
  fontCache ??= readFileSync(
    require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  );
  return fontCache;
}

/** Text safe to draw: control characters become spaces, length capped. */
export function safeText(value: unknown, max = 200): string {
  const text = value === null || value === undefined ? '' : String(value);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

export type Doc = PDFKit.PDFDocument;

export const PAGE = { margin: 40, width: 595.28, height: 841.89 };
const INNER = PAGE.width - 2 * PAGE.margin;
const BLUE = '#2f5bd3';
const LIGHT = '#9bb1ec';

/** A new A4 document writing into a buffer, with Noto Sans SC as its only font. */
export function openDocument(info: { title: string; subject: string }): { doc: Doc; done: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    info: { Title: safeText(info.title), Subject: safeText(info.subject), Creator: 'openabm' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('noto', notoSansSc());
  doc.font('noto');
  return { doc, done };
}

/** Start a new page when fewer than `height` points are left. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > PAGE.height - PAGE.margin) doc.addPage();
}

export function heading(doc: Doc, text: string): void {
  ensureSpace(doc, 60);
  doc.moveDown(0.6).fontSize(13).fillColor('#111').text(safeText(text), PAGE.margin, doc.y);
  doc.moveDown(0.3).fontSize(9);
}

export function paragraph(doc: Doc, text: string, color = '#444'): void {
  ensureSpace(doc, 24);
  doc.fontSize(9).fillColor(color).text(safeText(text, 2000), PAGE.margin, doc.y, { width: INNER });
  doc.fillColor('#111');
}

export interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

/** A simple grid: header row, then one line per row (cells truncated to fit), page breaks repeat the header. */
export function table(doc: Doc, columns: Column[], rows: string[][]): void {
  const rowHeight = 14;
  const total = columns.reduce((s, c) => s + c.width, 0);
  const scale = INNER / total;
  const drawRow = (cells: string[], bold: boolean) => {
    ensureSpace(doc, rowHeight);
    const y = doc.y;
    let x = PAGE.margin;
    doc.fontSize(8).fillColor(bold ? '#000' : '#222');
    columns.forEach((c, i) => {
      const w = c.width * scale;
      doc.text(safeText(cells[i] ?? ''), x + 2, y + 3, {
        width: w - 4,
        height: rowHeight - 2,
        align: c.align ?? 'left',
        lineBreak: false,
        ellipsis: true,
      });
      x += w;
    });
    doc
      .moveTo(PAGE.margin, y + rowHeight)
      .lineTo(PAGE.margin + INNER, y + rowHeight)
      .lineWidth(bold ? 0.8 : 0.3)
      .strokeColor(bold ? '#555' : '#ccc')
      .stroke();
    doc.x = PAGE.margin;
    doc.y = y + rowHeight;
  };
  drawRow(
    columns.map((c) => c.header),
    true,
  );
  for (const r of rows) {
    if (doc.y + rowHeight > PAGE.height - PAGE.margin) {
      doc.addPage();
      drawRow(
        columns.map((c) => c.header),
        true,
      );
    }
    drawRow(r, false);
  }
  doc.moveDown(0.5);
}

export interface BarGroup {
  label: string;
  values: number[];
}

/**
 * A horizontal bar chart drawn with vector primitives: one row per group, one bar per series (the
 * series share one scale), the value printed after each bar, a legend when there are several series.
 */
export function barChart(
  doc: Doc,
  groups: BarGroup[],
  options: { series: string[]; format: (n: number) => string; title?: string },
): void {
  if (groups.length === 0) return;
  const barH = 8;
  const gap = 6;
  const labelW = 150;
  const valueW = 70;
  const groupH = options.series.length * barH + gap;
  const height = groups.length * groupH + 30;
  ensureSpace(doc, Math.min(height, 400));
  if (options.title) doc.fontSize(9).fillColor('#333').text(safeText(options.title), PAGE.margin, doc.y);
  const max = Math.max(1, ...groups.flatMap((g) => g.values.map((v) => Math.abs(v))));
  const plotW = INNER - labelW - valueW;
  const colors = [BLUE, LIGHT, '#e0a030', '#3aa675'];
  let y = doc.y + 4;
  for (const g of groups) {
    if (y + groupH > PAGE.height - PAGE.margin) {
      doc.addPage();
      y = doc.y;
    }
    doc
      .fontSize(8)
      .fillColor('#222')
      .text(safeText(g.label, 60), PAGE.margin, y + (groupH - gap) / 2 - 5, {
        width: labelW - 6,
        lineBreak: false,
        ellipsis: true,
      });
    g.values.forEach((v, i) => {
      const w = (Math.abs(v) / max) * plotW;
      const by = y + i * barH;
      doc
        .rect(PAGE.margin + labelW, by, Math.max(w, 0.5), barH - 1)
        .fill(v < 0 ? '#c0392b' : (colors[i % colors.length] ?? BLUE));
      doc
        .fontSize(7)
        .fillColor('#333')
        .text(options.format(v), PAGE.margin + labelW + w + 3, by, { lineBreak: false });
    });
    y += groupH;
  }
  doc
    .moveTo(PAGE.margin + labelW, doc.y)
    .lineTo(PAGE.margin + labelW, y - gap)
    .lineWidth(0.5)
    .strokeColor('#888')
    .stroke();
  if (options.series.length > 1) {
    let x = PAGE.margin + labelW;
    options.series.forEach((s, i) => {
      doc.rect(x, y + 2, 8, 8).fill(colors[i % colors.length] ?? BLUE);
      doc
        .fontSize(8)
        .fillColor('#333')
        .text(safeText(s), x + 11, y + 2, { lineBreak: false });
      x += 20 + doc.widthOfString(safeText(s));
    });
    y += 14;
  }
  doc.x = PAGE.margin;
  doc.y = y + 6;
  doc.fillColor('#111');
}
