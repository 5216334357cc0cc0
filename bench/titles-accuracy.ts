/**
 * Titles accuracy and speed: classifies the hand-labelled sets (language,title,function,seniority —
 * labelled by meaning) and reports per-language accuracy for function and seniority, then the
 * throughput of the compiled matcher. bench/data/titles-labelled.csv was used while writing the
 * rule tables (a development set); bench/data/titles-holdout.csv was labelled once and never tuned
 * against, so its figures are the honest ones.
 *
 *   node --import tsx bench/titles-accuracy.ts [--scale 200000] [--misses]
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { classifyTitle } from '../src/personas/classify-title.ts';

const Row = z.object({
  language: z.string(),
  title: z.string(),
  function: z.string(),
  seniority: z.string(),
});
const args = process.argv.slice(2);
const scaleArg = args.indexOf('--scale');
const scale = scaleArg >= 0 ? Number(args[scaleArg + 1]) : 200_000;
const showMisses = args.includes('--misses');

const load = (file: string) =>
  z.array(Row).parse(parse(readFileSync(new URL(`./data/${file}`, import.meta.url)), { columns: true }));
const rows = load('titles-labelled.csv');

interface Tally {
  n: number;
  fn: number;
  sen: number;
  both: number;
}
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;

function evaluate(name: string, set: z.infer<typeof Row>[]): void {
  const byLang = new Map<string, Tally>();
  const total: Tally = { n: 0, fn: 0, sen: 0, both: 0 };
  const misses: string[] = [];
  for (const row of set) {
    const c = classifyTitle(row.title);
    const t = byLang.get(row.language) ?? { n: 0, fn: 0, sen: 0, both: 0 };
    byLang.set(row.language, t);
    const fnOk = c.function === row.function;
    const senOk = c.seniority === row.seniority;
    for (const x of [t, total]) {
      x.n++;
      if (fnOk) x.fn++;
      if (senOk) x.sen++;
      if (fnOk && senOk) x.both++;
    }
    if (!fnOk || !senOk)
      misses.push(
        `${row.language}\t${row.title}\texpected ${row.function}/${row.seniority}\tgot ${c.function}/${c.seniority}\t${c.fired.map((f) => f.id).join(' ')}`,
      );
  }
  console.log(`\n${name}\nlanguage\ttitles\tfunction\tseniority\tboth`);
  for (const [lang, t] of [...byLang.entries()].sort()) {
    console.log(`${lang}\t${t.n}\t${pct(t.fn, t.n)}\t${pct(t.sen, t.n)}\t${pct(t.both, t.n)}`);
  }
  console.log(
    `all\t${total.n}\t${pct(total.fn, total.n)}\t${pct(total.sen, total.n)}\t${pct(total.both, total.n)}`,
  );
  if (showMisses) for (const m of misses) console.log(m);
}

evaluate('development set (bench/data/titles-labelled.csv)', rows);
evaluate('held-out set (bench/data/titles-holdout.csv)', load('titles-holdout.csv'));

// Throughput: the labelled titles cycled with noise variants, so caching cannot help.
const titles = rows.map((r) => r.title);
const variants = titles.flatMap((t) => [t, `${t} (MBA intern)`, `  ${t.toUpperCase()} 🚀 `, `Sr. ${t}`]);
const start = process.hrtime.bigint();
let sink = 0;
for (let i = 0; i < scale; i++) {
  const t = variants[i % variants.length] ?? '';
  sink += classifyTitle(`${t} ${i % 7}`).fired.length;
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(
  `speed\t${scale} titles in ${seconds.toFixed(2)} s = ${Math.round(scale / seconds)} titles/s (${sink})`,
);
