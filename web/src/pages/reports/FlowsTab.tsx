import { ResponsiveContainer, Sankey, Tooltip } from 'recharts';
import { EmptyState, ErrorState, Panel } from '../../components/States.tsx';
import { fmtInt } from '../../format.ts';
import { useApi } from '../../hooks/useApi.ts';
import { ExportLinks } from './ExportLinks.tsx';
import { reportUrl } from './report-filters.ts';
import { StageFlows, type StageFlowsT } from './report-schemas.ts';

/** Sankey data: each stage twice (where accounts came from, where they went), so back-moves never loop. */
export function sankeyData(flows: StageFlowsT) {
  const names = new Map(flows.nodes.map((n) => [n.key, n.name]));
  const nodes: { name: string }[] = [];
  const index = new Map<string, number>();
  const node = (key: string) => {
    let i = index.get(key);
    if (i === undefined) {
      i = nodes.length;
      index.set(key, i);
      const [side, stage = ''] = key.split('|');
      nodes.push({ name: `${names.get(stage) ?? stage}${side === 'from' ? '' : ' '}` });
    }
    return i;
  };
  const links = flows.links
    .filter((l) => l.accounts > 0)
    .map((l) => ({ source: node(`from|${l.source}`), target: node(`to|${l.target}`), value: l.accounts }));
  return { nodes, links };
}

/** Stage-to-stage flows of a segment in a period (GET /reports/journeys/flows) as a Sankey and a table. */
export function FlowsTab({ period, segment }: { period: string; segment: string }) {
  const url = reportUrl('journeys/flows', { period, segment });
  const flows = useApi(url, StageFlows);
  const data = flows.data ? sankeyData(flows.data) : null;
  return (
    <Panel title="Stage flows" wide actions={<ExportLinks url={url} label="Stage flows" table="links" />}>
      {flows.error && <ErrorState error={flows.error} retry={flows.reload} what="stage flows" />}
      {data && data.links.length === 0 && <EmptyState>No account changed stage in this period.</EmptyState>}
      {data && data.links.length > 0 && flows.data && (
        <>
          <div style={{ height: 360 }} role="img" aria-label="Sankey of stage moves">
            <ResponsiveContainer width="100%" height="100%">
              <Sankey data={data} nodePadding={24} margin={{ left: 20, right: 120, top: 10, bottom: 10 }}>
                <Tooltip />
              </Sankey>
            </ResponsiveContainer>
          </div>
          <table className="grid" aria-label="Stage flows">
            <thead>
              <tr>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col" className="num">
                  Accounts
                </th>
              </tr>
            </thead>
            <tbody>
              {flows.data.links.map((l) => (
                <tr key={`${l.source}-${l.target}`}>
                  <td>{l.source}</td>
                  <td>{l.target}</td>
                  <td className="num">{fmtInt(l.accounts)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Panel>
  );
}
