// Compares the curated articles with the generated header catalog: a name an article gives a code
// must be one the headers give that value, and a code the headers do not know must cite its source.
import type { CodeTables } from '../codes/code-tables';
import { isKnownValue } from '../codes/decode';
import type { Article } from './schema';

export interface CatalogFigures {
  articles: number;
  exactCodes: number;
  ranges: number;
  causes: number;
  steps: number;
  /** Articles lacking Spanish where matching and the first card need it (title, summary, phrasings). */
  lackingSpanish: number;
  /** Steps whose title and check exist in Spanish (the rest fall back to English). */
  stepsInSpanish: number;
  /** Articles whose codes are not in the SDK headers and are defined by the article. */
  articleDefined: number;
}

/** Every disagreement between the articles and the headers, as "file: message" lines. */
export function checkAgainstHeaders(tables: CodeTables, articles: readonly Article[]): string[] {
  const problems: string[] = [];
  for (const a of articles) {
    const where = `catalog/articles/${a.id}.yaml`;
    a.codes.forEach((c, i) => {
      if (!('code' in c)) return;
      const v = parseInt(c.code, 16);
      const headerNames = [...(tables.hresult.get(v) ?? []), ...(tables.ntstatus.get(v) ?? [])];
      for (const name of c.names) {
        const elsewhere = (tables.byName.get(name.toLowerCase()) ?? []).filter((d) => d.kind !== 'win32' && d.value !== v);
        if (headerNames.length > 0 && !headerNames.includes(name)) {
          problems.push(`${where}: codes.${i}: the headers do not call ${c.code} "${name}" (they say ${headerNames.slice(0, 4).join(', ')})`);
        } else if (elsewhere.length > 0 && !headerNames.includes(name)) {
          problems.push(`${where}: codes.${i}: "${name}" is ${elsewhere.map((d) => `0x${d.value.toString(16).toUpperCase()}`).join(', ')} in the headers, not ${c.code}`);
        }
      }
      if (!isKnownValue(tables, v) && a.references.length === 0) {
        problems.push(`${where}: codes.${i}: ${c.code} is not in the SDK headers, so the article must cite Microsoft's documentation in references`);
      }
    });
  }
  return problems;
}

/** The catalog's figures, for catalog:check and the README. */
export function catalogFigures(tables: CodeTables, articles: readonly Article[]): CatalogFigures {
  let exactCodes = 0;
  let ranges = 0;
  let causes = 0;
  let steps = 0;
  let lackingSpanish = 0;
  let stepsInSpanish = 0;
  let articleDefined = 0;
  for (const a of articles) {
    const lacks = !a.title.es || !a.summary.es || a.aliases.es.length === 0 || a.causes.some((c) => !c.title.es);
    let defined = false;
    for (const c of a.codes) {
      if ('bugcheck' in c) exactCodes++;
      else if ('code' in c) {
        exactCodes++;
        if (!isKnownValue(tables, parseInt(c.code, 16))) defined = true;
      } else ranges++;
    }
    for (const c of a.causes) {
      causes++;
      for (const s of c.steps) {
        steps++;
        if (s.title.es && s.verify.es) stepsInSpanish++;
      }
    }
    if (lacks) lackingSpanish++;
    if (defined) articleDefined++;
  }
  return { articles: articles.length, exactCodes, ranges, causes, steps, lackingSpanish, stepsInSpanish, articleDefined };
}
