// Compares the curated articles with the generated header catalog: a name an article gives a code
// must be one the headers give that value, and a code the headers do not know must cite its source.
import type { CodeTables } from '../codes/code-tables';
import { isKnownValue } from '../codes/decode';
import { buildArticleIndex } from './article-index';
import type { Article, Step } from './schema';

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
  /** Articles that cover a range of codes (a family). */
  familyArticles: number;
  /** Steps whose every text (title, why, verify, warning, undo) has Spanish. */
  stepsAllSpanish: number;
  /** Distinct reference URLs cited by the articles. */
  references: number;
  /** The header catalog's failure codes and how many reach an article, exactly or through a family. */
  coverage: HeaderCoverage;
}

export interface HeaderCoverage {
  /** HRESULTs with the severity bit, NTSTATUS errors (0xC...) and Win32 errors (as 0x8007xxxx), distinct. */
  failureCodes: number;
  exact: number;
  byFamily: number;
}

/** How much of the header catalog's failures a user can get a triage for, not just a name. */
export function headerCoverage(tables: CodeTables, articles: readonly Article[]): HeaderCoverage {
  const values = new Set<number>();
  for (const v of tables.hresult.keys()) if (v >>> 31 === 1) values.add(v >>> 0);
  // NTSTATUS severity "error" is the top two bits set; warnings (0x8...) are not failures here.
  for (const v of tables.ntstatus.keys()) if (v >>> 30 === 3) values.add(v >>> 0);
  // A Win32 error reaches an article through its HRESULT form, as the engine maps it.
  for (const v of tables.win32.keys()) if (v !== 0) values.add((0x80070000 | (v & 0xffff)) >>> 0);
  const index = buildArticleIndex(articles);
  let exact = 0;
  let byFamily = 0;
  for (const v of values) {
    if (index.defines(v)) exact++;
    else if (index.forCode(v)) byFamily++;
  }
  return { failureCodes: values.size, exact, byFamily };
}

const inSpanish = (s: Step) => [s.title, s.why, s.verify, s.warning, s.undo].every((t) => !t || Boolean(t.es));

/** Every disagreement between the articles and the headers, as "file: message" lines. */
export function checkAgainstHeaders(tables: CodeTables, articles: readonly Article[]): string[] {
  const problems: string[] = [];
  for (const a of articles) {
    const where = `catalog/articles/${a.id}.yaml`;
    a.codes.forEach((c, i) => {
      if (!('code' in c)) return;
      const v = parseInt(c.code, 16);
      const allNames = [...(tables.hresult.get(v) ?? []), ...(tables.ntstatus.get(v) ?? [])];
      for (const name of c.names) {
        // One value can be both an NTSTATUS and an HRESULT (0xC03A001A is STATUS_ and
        // ERROR_VIRTUAL_DISK_LIMITATION): a STATUS_ name answers to the NTSTATUS table alone.
        const headerNames = /^STATUS_/.test(name) ? [...(tables.ntstatus.get(v) ?? [])] : allNames;
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
  let familyArticles = 0;
  let stepsAllSpanish = 0;
  const urls = new Set<string>();
  for (const a of articles) {
    if (a.codes.some((c) => 'range' in c || 'bugcheckRange' in c)) familyArticles++;
    for (const r of a.references) urls.add(r.url);
    const lacks = !a.title.es || !a.summary.es || a.aliases.es.length === 0 || a.causes.some((c) => !c.title.es);
    let defined = false;
    for (const c of a.codes) {
      if ('bugcheck' in c) exactCodes++;
      else if ('bugcheckRange' in c) ranges++;
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
        if (inSpanish(s)) stepsAllSpanish++;
      }
    }
    if (lacks) lackingSpanish++;
    if (defined) articleDefined++;
  }
  return {
    articles: articles.length, exactCodes, ranges, causes, steps, lackingSpanish, stepsInSpanish, articleDefined,
    familyArticles, stepsAllSpanish, references: urls.size, coverage: headerCoverage(tables, articles),
  };
}
