/** The industries of the demo market, with how big and how technical their companies tend to be. */
export interface DemoIndustry {
  name: string;
  weight: number;
  /** Typical annual revenue per employee, in euros. */
  revenuePerEmployeeEur: number;
}

export const DEMO_INDUSTRIES: DemoIndustry[] = [
  { name: 'Software', weight: 14, revenuePerEmployeeEur: 180_000 },
  { name: 'Financial Services', weight: 10, revenuePerEmployeeEur: 350_000 },
  { name: 'Manufacturing', weight: 14, revenuePerEmployeeEur: 220_000 },
  { name: 'Retail', weight: 9, revenuePerEmployeeEur: 250_000 },
  { name: 'Healthcare', weight: 8, revenuePerEmployeeEur: 150_000 },
  { name: 'Logistics', weight: 8, revenuePerEmployeeEur: 200_000 },
  { name: 'Energy', weight: 6, revenuePerEmployeeEur: 600_000 },
  { name: 'Telecommunications', weight: 4, revenuePerEmployeeEur: 400_000 },
  { name: 'Professional Services', weight: 10, revenuePerEmployeeEur: 130_000 },
  { name: 'Food & Beverage', weight: 7, revenuePerEmployeeEur: 280_000 },
  { name: 'Construction', weight: 6, revenuePerEmployeeEur: 200_000 },
  { name: 'Media', weight: 4, revenuePerEmployeeEur: 160_000 },
];

export type IndustryName = (typeof DEMO_INDUSTRIES)[number]['name'];

/**
 * Technologies a company may run, with the base chance per company and how that chance grows with size
 * (`bySize` is added per decade of employees above 10). Country- and industry-specific ones are gated.
 */
export const DEMO_TECHNOLOGIES: {
  name: string;
  base: number;
  bySize: number;
  industries?: string[];
  countries?: string[];
  notCountries?: string[];
}[] = [
  { name: 'Salesforce', base: 0.12, bySize: 0.09, notCountries: ['CN'] },
  { name: 'HubSpot', base: 0.18, bySize: -0.03 },
  { name: 'Microsoft Dynamics 365', base: 0.06, bySize: 0.03 },
  { name: 'Pipedrive', base: 0.08, bySize: -0.03 },
  { name: 'Marketo', base: 0.01, bySize: 0.05 },
  { name: 'Pardot', base: 0.01, bySize: 0.04 },
  { name: 'SAP', base: 0.02, bySize: 0.1 },
  { name: 'Oracle NetSuite', base: 0.04, bySize: 0.03 },
  { name: 'Microsoft 365', base: 0.45, bySize: 0.05 },
  { name: 'Google Workspace', base: 0.3, bySize: -0.05, notCountries: ['CN'] },
  { name: 'Slack', base: 0.15, bySize: 0.05, notCountries: ['CN'] },
  { name: 'Microsoft Teams', base: 0.3, bySize: 0.08 },
  { name: 'Zoom', base: 0.2, bySize: 0.03 },
  { name: 'AWS', base: 0.2, bySize: 0.07 },
  { name: 'Microsoft Azure', base: 0.12, bySize: 0.07 },
  { name: 'Google Cloud', base: 0.06, bySize: 0.03 },
  { name: 'Zendesk', base: 0.08, bySize: 0.03 },
  { name: 'Intercom', base: 0.05, bySize: 0, industries: ['Software', 'Financial Services', 'Media'] },
  { name: 'ServiceNow', base: 0, bySize: 0.05 },
  { name: 'Snowflake', base: 0.01, bySize: 0.04 },
  { name: 'Tableau', base: 0.02, bySize: 0.04 },
  { name: 'Power BI', base: 0.08, bySize: 0.05 },
  { name: 'Workday', base: 0, bySize: 0.05 },
  {
    name: 'Jira',
    base: 0.15,
    bySize: 0.05,
    industries: ['Software', 'Financial Services', 'Telecommunications', 'Media'],
  },
  { name: 'GitHub', base: 0.25, bySize: 0.05, industries: ['Software', 'Telecommunications'] },
  { name: 'WordPress', base: 0.3, bySize: -0.05 },
  { name: 'Shopify', base: 0.3, bySize: -0.05, industries: ['Retail', 'Food & Beverage'] },
  { name: 'Adobe Experience Manager', base: 0, bySize: 0.04 },
  { name: 'Google Analytics', base: 0.5, bySize: 0.03 },
  { name: 'kintone', base: 0.25, bySize: -0.02, countries: ['JP'] },
  { name: 'Sansan', base: 0.15, bySize: 0.03, countries: ['JP'] },
  { name: 'LINE WORKS', base: 0.2, bySize: -0.02, countries: ['JP'] },
  { name: 'DingTalk', base: 0.4, bySize: 0, countries: ['CN'] },
  { name: 'WeCom', base: 0.35, bySize: 0.03, countries: ['CN'] },
  { name: 'Alibaba Cloud', base: 0.3, bySize: 0.05, countries: ['CN'] },
];
