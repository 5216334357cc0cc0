import type { Command } from 'commander';
import { z } from 'zod';
import { evaluateCsv } from '../../fit/evaluate-csv.ts';
import { FitInputError } from '../../fit/fit-input-error.ts';
import { fail } from '../cli-database.ts';

const EvaluateOptions = z.object({
  csv: z.string().min(1),
  label: z.string().min(1),
  positive: z.string().optional(),
  id: z.string().optional(),
  folds: z.coerce
    .number({ error: '--folds must be a number' })
    .int('--folds must be a whole number')
    .min(2, '--folds must be at least 2')
    .max(20, '--folds must be at most 20'),
  seed: z.coerce.number({ error: '--seed must be a number' }).int('--seed must be a whole number'),
});

/** `openabm model evaluate`: does this CRM export predict wins? Cross-validated report as one JSON object. */
export function registerModel(program: Command): void {
  const model = program.command('model').description('Fit models: check whether your data predicts wins');
  model
    .command('evaluate')
    .description(
      'Train with k-fold cross-validation on a CSV and print one JSON report (auc, top_features, lift …)',
    )
    .requiredOption('--csv <file>', 'CSV file (delimiter , ; tab or | detected; first row is the header)')
    .requiredOption('--label <column>', 'the column to predict')
    .option('--positive <value>', 'the label value that counts as positive (default: yes/true/1/won)')
    .option('--id <column>', 'an id column to leave out')
    .option('--folds <n>', 'cross-validation folds', '5')
    .option('--seed <n>', 'seed for fold assignment', '42')
    .action(async (raw: unknown) => {
      const options = EvaluateOptions.parse(raw);
      try {
        const report = await evaluateCsv({ file: options.csv, ...options });
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } catch (error) {
        if (error instanceof FitInputError) fail(error.message, 2);
        else throw error;
      }
    });
}
