import type { Role } from '../db/schema.ts';

/** A person on the demo vendor's own team: sellers own accounts, marketers run programmes. */
export interface DemoUser {
  email: string;
  name: string;
  role: Role;
  /** Countries a seller covers (empty for non-sellers). */
  territory: string[];
}

/** The sign-in email of the demo world's administrator. */
export const DEMO_ADMIN_EMAIL = 'admin@demo.openabm.dev';

/** The demo vendor's team. The same for every seed, so sign-in details are predictable. */
export const DEMO_USERS: DemoUser[] = [
  { email: DEMO_ADMIN_EMAIL, name: 'Demo Admin', role: 'admin', territory: [] },
  { email: 'olivia.hansen@demo.openabm.dev', name: 'Olivia Hansen', role: 'marketer', territory: [] },
  { email: 'ben.fischer@demo.openabm.dev', name: 'Ben Fischer', role: 'marketer', territory: [] },
  {
    email: 'sara.lind@demo.openabm.dev',
    name: 'Sara Lind',
    role: 'sales',
    territory: ['DK', 'SE', 'NO', 'IS'],
  },
  { email: 'kadri.tamm@demo.openabm.dev', name: 'Kadri Tamm', role: 'sales', territory: ['FI', 'EE', 'PL'] },
  { email: 'jonas.berg@demo.openabm.dev', name: 'Jonas Berg', role: 'sales', territory: ['DE', 'NL'] },
  {
    email: 'emma.laurent@demo.openabm.dev',
    name: 'Emma Laurent',
    role: 'sales',
    territory: ['FR', 'ES', 'IT', 'GB'],
  },
  { email: 'michael.carter@demo.openabm.dev', name: 'Michael Carter', role: 'sales', territory: ['US'] },
  { email: 'yuki.tanaka@demo.openabm.dev', name: 'Yuki Tanaka', role: 'sales', territory: ['JP', 'CN'] },
];

const SELLER_BY_COUNTRY = new Map<string, DemoUser>();
for (const user of DEMO_USERS) for (const code of user.territory) SELLER_BY_COUNTRY.set(code, user);

/** The seller who owns accounts in a country. */
export function sellerFor(country: string): DemoUser {
  const seller = SELLER_BY_COUNTRY.get(country) ?? DEMO_USERS.find((u) => u.role === 'sales');
  if (!seller) throw new Error('The demo team has no seller');
  return seller;
}
