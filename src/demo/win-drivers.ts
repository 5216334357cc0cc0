import { NORDIC_COUNTRIES } from './countries.ts';

/** One firmographic condition that truly moves the demo world's win probability. */
export type WinDriver =
  | {
      id: string;
      field: 'industry' | 'country';
      op: 'in';
      values: string[];
      coefficient: number;
      description: string;
    }
  | {
      id: string;
      field: 'employeeCount';
      op: 'between';
      min: number;
      max: number;
      coefficient: number;
      description: string;
    }
  | {
      id: string;
      field: 'technologies';
      op: 'includes';
      value: string;
      coefficient: number;
      description: string;
    };

/**
 * How the demo world decides whether a closed opportunity was won: logit(p) = intercept + Σ coefficient
 * for each driver the account meets + N(0, noiseSd) per opportunity. Nothing else affects the outcome,
 * so a model trained on the demo's won/lost history can be checked against these drivers.
 */
export const DEMO_WIN_DRIVERS: { intercept: number; noiseSd: number; drivers: readonly WinDriver[] } = {
  intercept: -2.1,
  noiseSd: 0.4,
  drivers: [
    {
      id: 'industry',
      field: 'industry',
      op: 'in',
      values: ['Software', 'Financial Services'],
      coefficient: 1.2,
      description: 'Industry is Software or Financial Services',
    },
    {
      id: 'size',
      field: 'employeeCount',
      op: 'between',
      min: 200,
      max: 5000,
      coefficient: 1.0,
      description: '200 to 5,000 employees',
    },
    {
      id: 'salesforce',
      field: 'technologies',
      op: 'includes',
      value: 'Salesforce',
      coefficient: 1.1,
      description: 'Runs Salesforce',
    },
    {
      id: 'nordics',
      field: 'country',
      op: 'in',
      values: NORDIC_COUNTRIES,
      coefficient: 0.8,
      description: 'Headquartered in the Nordics (DK, SE, NO, FI, IS)',
    },
  ],
};

/** The firmographics the drivers look at. */
export interface Firmographics {
  industry: string | null;
  country: string | null;
  employeeCount: number | null;
  technologies: readonly string[];
}

/** Whether an account meets one driver. */
export function meetsDriver(account: Firmographics, driver: WinDriver): boolean {
  switch (driver.op) {
    case 'in':
      return driver.values.includes(account[driver.field] ?? '');
    case 'between':
      return (
        account.employeeCount !== null &&
        account.employeeCount >= driver.min &&
        account.employeeCount <= driver.max
      );
    case 'includes':
      return account.technologies.includes(driver.value);
  }
}

/** The drivers' log-odds for an account, before the per-opportunity noise. */
export function winLogit(account: Firmographics): number {
  let logit = DEMO_WIN_DRIVERS.intercept;
  for (const driver of DEMO_WIN_DRIVERS.drivers)
    if (meetsDriver(account, driver)) logit += driver.coefficient;
  return logit;
}

/** Logistic function. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
