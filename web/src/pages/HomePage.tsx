import { useSession } from '../session.ts';

/** Home dashboard (funnel, newly MQA, surging accounts and coverage arrive with their APIs). */
export function HomePage() {
  const session = useSession();
  return (
    <section>
      <h1>{session.workspace.name}</h1>
      <p>Start with the accounts list to search and filter your market.</p>
    </section>
  );
}
