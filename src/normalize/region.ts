import { foldKey } from './fold-text.ts';
import { inputText, MAX_LOOKUP_LENGTH, NO_VALUE, type NormalValue, unknown } from './normal-value.ts';
import { REGION_TABLE } from './region-table.ts';

interface RegionTables {
  /** country → folded name or code part → ISO 3166-2 code. */
  byCountry: Map<string, Map<string, string>>;
  /** folded name (not code parts) → code, for names that belong to one country only. */
  anywhere: Map<string, string | null>;
}

let tables: RegionTables | undefined;

function regionTables(): RegionTables {
  if (tables) return tables;
  const byCountry = new Map<string, Map<string, string>>();
  const anywhere = new Map<string, string | null>();
  for (const [country, regions] of Object.entries(REGION_TABLE)) {
    const map = new Map<string, string>();
    for (const [part, ...names] of regions) {
      const code = `${country}-${part}`;
      map.set(foldKey(part), code);
      map.set(foldKey(code), code);
      for (const name of names) {
        const key = foldKey(name);
        map.set(key, code);
        // A name used in two countries (Punjab aside, rare) is only read with the country given.
        if (name.length > 3) anywhere.set(key, anywhere.has(key) && anywhere.get(key) !== code ? null : code);
      }
    }
    byCountry.set(country, map);
  }
  tables = { byCountry, anywhere };
  return tables;
}

/**
 * A first-level subdivision as an ISO 3166-2 code (`US-CA`, `DE-BY`, `GB-SCT`), for the countries in
 * the region table: from its name (`California`, `Bayern`, `Bavaria`), its code part (`CA`, `NSW`) or
 * the full code (`US-CA`). With no country, only full codes and names unique to one country are read.
 * `value` is the code; the region as written stays in the record's region field. A region in a country
 * the table does not cover is recognised as "no code" (nothing to report).
 *
 * @example normalizeRegion('Bavaria', 'DE') // { value: 'DE-BY', raw: 'Bavaria', known: true }
 */
export function normalizeRegion(input: unknown, country: string | null | undefined): NormalValue {
  const { text, wrongType } = inputText(input);
  if (text === null) return NO_VALUE;
  if (wrongType || text.length > MAX_LOOKUP_LENGTH) return unknown(text);
  const { byCountry, anywhere } = regionTables();
  const key = foldKey(text);
  const full = /^([a-z]{2}) ([a-z0-9]{1,3})$/.exec(key);
  if (full?.[1] && full[2]) {
    const code = byCountry.get(full[1].toUpperCase())?.get(full[2]);
    if (code && (!country || code.startsWith(`${country}-`))) return { value: code, raw: text, known: true };
  }
  if (country) {
    const map = byCountry.get(country);
    if (!map) return { value: null, raw: text, known: true };
    const code = map.get(key);
    return code ? { value: code, raw: text, known: true } : unknown(text);
  }
  const code = anywhere.get(key);
  return code ? { value: code, raw: text, known: true } : { value: null, raw: text, known: true };
}
