import pg from 'pg';

/** The database benchmarks use on the local server when DATABASE_URL is not set. */
export const BENCH_DATABASE = 'openabm_bench';

/**
 * The PostgreSQL URL for a benchmark: DATABASE_URL when set, else the `openabm_bench` database on
 * 127.0.0.1:5432 (created when missing). Benchmarks leave large workspaces behind (millions of
 * activities, on purpose, to rerun on them); in a database of their own those never slow the test
 * suite or skew a later benchmark's plans in the `test` database.
 *
 * @example
 * const database = await openDatabase({ url: await benchDatabaseUrl() });
 */
export async function benchDatabaseUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const server = 'postgres://postgres@127.0.0.1:5432';
  const client = new pg.Client({ connectionString: `${server}/postgres` });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [BENCH_DATABASE]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE ${BENCH_DATABASE}`);
      } catch (error) {
        // Another benchmark created it in the meantime.
        if (!(error instanceof Error && 'code' in error && error.code === '42P04')) throw error;
      }
    }
  } finally {
    await client.end();
  }
  return `${server}/${BENCH_DATABASE}`;
}
