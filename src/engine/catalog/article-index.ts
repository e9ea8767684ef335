// Which curated article covers a code: exact codes first, then the narrowest range around it.
import type { Article } from './schema';

interface RangeEntry {
  from: number;
  to: number;
  article: Article;
}

export interface ArticleIndex {
  readonly articles: readonly Article[];
  byId(id: string): Article | undefined;
  /** The article for a value, or undefined. */
  forCode(value: number): Article | undefined;
  /** The article for a bug check (stop code) value, or undefined. */
  forBugcheck(value: number): Article | undefined;
  /** Names an article gives a code that the headers do not define (CBS_E_SOURCE_MISSING). */
  namesFor(value: number): readonly string[];
  /** True when an article names this exact value. */
  defines(value: number): boolean;
  /** The value an article-defined name stands for, by lower-case name. */
  byName: ReadonlyMap<string, number>;
  /** The code an article is about: its first exact code, or the first code of its range that leads to it. */
  primaryCode(article: Article): number;
}

/** Indexes the articles by the codes and ranges they cover. */
export function buildArticleIndex(articles: readonly Article[]): ArticleIndex {
  const exact = new Map<number, Article>();
  const names = new Map<number, string[]>();
  const byName = new Map<string, number>();
  const ranges: RangeEntry[] = [];
  const bugchecks = new Map<number, Article>();
  const bugcheckRanges: RangeEntry[] = [];
  const ids = new Map(articles.map((a) => [a.id, a]));
  for (const a of articles) {
    for (const c of a.codes) {
      if ('bugcheck' in c) {
        bugchecks.set(parseInt(c.bugcheck, 16), a);
      } else if ('code' in c) {
        const v = parseInt(c.code, 16);
        exact.set(v, a);
        names.set(v, [...c.names]);
        for (const n of c.names) byName.set(n.toLowerCase(), v);
      } else if ('bugcheckRange' in c) {
        bugcheckRanges.push({ from: parseInt(c.bugcheckRange.from, 16), to: parseInt(c.bugcheckRange.to, 16), article: a });
      } else {
        ranges.push({ from: parseInt(c.range.from, 16), to: parseInt(c.range.to, 16), article: a });
      }
    }
  }
  // Narrowest range first, then by start, so the most specific family article wins.
  const narrowestFirst = (x: RangeEntry, y: RangeEntry) => x.to - x.from - (y.to - y.from) || x.from - y.from;
  ranges.sort(narrowestFirst);
  bugcheckRanges.sort(narrowestFirst);
  const forCode = (v: number) => exact.get(v) ?? ranges.find((r) => v >= r.from && v <= r.to)?.article;
  // A family's own code is the first of its range that leads back to it: the start of the range may
  // belong to a specific article (0x80073CF0 has its own), and showing that code would show that
  // article's causes under the family. Worked out once here, not on every message.
  const familyCode = new Map<Article, number>();
  for (const r of [...ranges].sort((x, y) => x.from - y.from)) {
    if (familyCode.has(r.article)) continue;
    for (let v = r.from; v <= r.to; v++) {
      if (forCode(v) === r.article) {
        familyCode.set(r.article, v);
        break;
      }
    }
  }
  return {
    articles,
    byId: (id) => ids.get(id),
    forCode,
    forBugcheck: (v) => bugchecks.get(v) ?? bugcheckRanges.find((r) => v >= r.from && v <= r.to)?.article,
    namesFor: (v) => names.get(v) ?? [],
    defines: (v) => exact.has(v),
    byName,
    primaryCode: (a) => {
      const first = a.codes[0]!;
      if ('range' in first) return familyCode.get(a) ?? parseInt(first.range.from, 16);
      if ('bugcheckRange' in first) return parseInt(first.bugcheckRange.from, 16);
      return parseInt('code' in first ? first.code : first.bugcheck, 16);
    },
  };
}
