import { fmtInt, fmtPct } from '../../format.ts';

const money = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const two = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

/** The scorecard's figures in review order, with how each is shown. */
export const FIGURES: { key: string; label: string; kind: 'count' | 'money' | 'rate' | 'days' | 'ratio' }[] =
  [
    { key: 'accounts', label: 'Accounts', kind: 'count' },
    { key: 'reached', label: 'Reached (≥ 1 touch)', kind: 'count' },
    { key: 'engaged', label: 'Engaged', kind: 'count' },
    { key: 'mqa', label: 'MQA', kind: 'count' },
    { key: 'withOpportunity', label: 'With an opportunity', kind: 'count' },
    { key: 'won', label: 'Won', kind: 'count' },
    { key: 'contactsPerAccount', label: 'Known contacts per account', kind: 'ratio' },
    { key: 'contactsGrowth', label: 'Contacts added', kind: 'count' },
    { key: 'rolesPerAccount', label: 'Committee roles covered per account', kind: 'ratio' },
    { key: 'rolesGrowth', label: 'Roles added', kind: 'count' },
    { key: 'pointsPerAccount', label: 'Engagement points per account', kind: 'ratio' },
    { key: 'engagedPeoplePerAccount', label: 'Engaged people per account', kind: 'ratio' },
    { key: 'oppsCreated', label: 'Opportunities created', kind: 'count' },
    { key: 'pipelineCreated', label: 'Pipeline created', kind: 'money' },
    { key: 'wonRevenue', label: 'Won revenue', kind: 'money' },
    { key: 'winRate', label: 'Win rate', kind: 'rate' },
    { key: 'averageDealSize', label: 'Average deal size', kind: 'money' },
    { key: 'salesCycleDays', label: 'Sales cycle (days)', kind: 'days' },
    { key: 'daysFirstTouchToOpportunity', label: 'First touch → opportunity (days)', kind: 'days' },
    { key: 'pipelineVelocity', label: 'Pipeline velocity (per day)', kind: 'money' },
  ];

export const figureLabel = (key: string) => FIGURES.find((f) => f.key === key)?.label ?? key;

/** A figure as shown: counts whole, money without cents, rates as %, days and ratios to 2 places. */
export function fmtFigure(key: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  const kind = FIGURES.find((f) => f.key === key)?.kind ?? 'ratio';
  if (kind === 'count') return fmtInt(value);
  if (kind === 'money') return money.format(value);
  if (kind === 'rate') return fmtPct(value);
  return two.format(value);
}

export const fmtMoney = (n: number | null | undefined) =>
  n === null || n === undefined ? '–' : money.format(n);
export const fmtNum = (n: number | null | undefined) => (n === null || n === undefined ? '–' : two.format(n));
