import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { classifyTitle } from '../../personas/classify-title.ts';

/**
 * `openabm titles --in titles.txt --out out.csv`: classify one job title per line into function and
 * seniority (`title,function,seniority,rule`). No database needed. `-` reads stdin / writes stdout.
 */
export function registerTitles(program: Command): void {
  program
    .command('titles')
    .description('Classify job titles (one per line) into function and seniority, as CSV')
    .requiredOption('--in <file>', 'input file, one title per line ("-" for stdin)')
    .option('--out <file>', 'output CSV file ("-" or omitted for stdout)', '-')
    .action(async (options: { in: string; out: string }) => {
      const input = options.in === '-' ? process.stdin : createReadStream(options.in, { encoding: 'utf8' });
      const opened = options.in === '-' ? Promise.resolve() : once(input, 'open');
      await opened; // surfaces ENOENT as a clear error before any output is written
      const out: Writable = options.out === '-' ? process.stdout : createWriteStream(options.out);
      const write = async (chunk: string) => {
        if (!out.write(chunk)) await once(out, 'drain');
      };
      await write(stringify([['title', 'function', 'seniority', 'rule']]));
      let count = 0;
      let batch: string[][] = [];
      for await (const raw of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
        const title = raw.replace(/^\uFEFF/, '').trim();
        if (title === '') continue;
        const c = classifyTitle(title);
        const rule = [c.seniorityRule, c.functionRule]
          .filter((r) => r !== null)
          .map((r) => `${r.id}:${r.keyword}`);
        batch.push([title, c.function, c.seniority, [...new Set(rule)].join(' ')]);
        count++;
        if (batch.length >= 1000) {
          await write(stringify(batch));
          batch = [];
        }
      }
      if (batch.length > 0) await write(stringify(batch));
      if (out !== process.stdout) {
        out.end();
        await once(out, 'finish');
      }
      process.stderr.write(`Classified ${count} titles\n`);
    });
}
