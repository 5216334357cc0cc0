import { humanize } from '../../format.ts';
import type { CommitteeT } from './account-schemas.ts';

/** Buying-committee map: one row per role, its contacts by persona; missing roles highlighted. */
export function CommitteeMap({ committee }: { committee: CommitteeT }) {
  return (
    <div>
      <p className="muted">
        {committee.missingRoles.length === 0
          ? 'Every committee role is covered.'
          : `Missing: ${committee.missingRoles.map(humanize).join(', ')} — find contacts with those roles.`}
      </p>
      <table className="grid committee-map" aria-label="Buying committee: roles by contacts">
        <thead>
          <tr>
            <th scope="col">Role</th>
            <th scope="col">Contacts (persona)</th>
          </tr>
        </thead>
        <tbody>
          {committee.roles.map((r) => {
            const people = r.personas.flatMap((p) => p.contacts.map((c) => ({ p, c })));
            return (
              <tr key={r.role} className={r.covered ? undefined : 'role-missing'}>
                <th scope="row">
                  {humanize(r.role)}{' '}
                  {r.covered ? (
                    <span className="muted">({r.contactCount})</span>
                  ) : (
                    <span className="badge missing">missing</span>
                  )}
                </th>
                <td style={{ whiteSpace: 'normal' }}>
                  {people.length === 0 ? (
                    <span>No contact in this role</span>
                  ) : (
                    <div className="chips">
                      {people.map(({ p, c }) => (
                        <span key={`${p.id}-${c.id}`} className="badge" title={p.name}>
                          {c.name}
                          {c.title ? ` · ${c.title}` : ''}
                        </span>
                      ))}
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
          {committee.unassigned.length > 0 && (
            <tr>
              <th scope="row" className="muted">
                No persona
              </th>
              <td className="muted" style={{ whiteSpace: 'normal' }}>
                {committee.unassigned.length} contacts (
                {committee.unassigned
                  .slice(0, 4)
                  .map((c) => c.name)
                  .join(', ')}
                {committee.unassigned.length > 4 ? '…' : ''})
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
