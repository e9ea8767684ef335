// The engine's front door: from any pasted text to every code in it, decoded, named, tied to its
// article and ranked best first.
import type { ArticleIndex } from './catalog/article-index';
import type { CodeTables } from './codes/code-tables';
import { decode, decodeWin32, hresultFromWin32, isKnownValue, kindOf, type Decoded } from './codes/decode';
import { extractCodes, MAX_INPUT_CHARS, type CodeHit } from './extract-codes';
import type { WordIndex } from './match-words';

export interface Engine {
  readonly tables: CodeTables;
  readonly articles: ArticleIndex;
  /** Titles, messages and aliases of the curated articles. */
  readonly articleWords: WordIndex;
  /** Every header name, humanised. */
  readonly nameWords: WordIndex;
}

export type MatchSource = 'code' | 'name' | 'text';

export interface Match extends Decoded {
  /** 0..1: how sure we are that this is the user's error. */
  score: number;
  source: MatchSource;
  /** The curated article's id, or null. */
  article: string | null;
  /** The text as the user wrote it (first few occurrences), or the phrase that matched. */
  found: string[];
}

export interface LookupResult {
  matches: Match[];
  /** Set when the input could not be read as asked: nothing pasted, or more than Teams allows. */
  problem?: { kind: 'empty' } | { kind: 'too-large'; limit: number; length: number };
}

export interface LookupOptions {
  /** At most this many matches; a log can hold dozens of codes. */
  limit: number;
}
export const DEFAULT_LOOKUP_OPTIONS: Readonly<LookupOptions> = Object.freeze({ limit: 10 });

// How sure a match is, by how it was found. A code the catalog knows and explains is certain;
// a well-formed failure code nobody defines is only a guess at what the user meant.
const SCORE = Object.freeze({
  explained: 1,
  named: 0.95,
  known: 0.9,
  win32InContext: 0.85,
  inFamily: 0.7,
  unknown: 0.5,
  // Word matches are capped below code matches; header names below article phrases.
  articleWords: 0.9,
  headerWords: 0.75,
  // Below this a word match is noise: one shared syllable with a header name nobody meant.
  minWords: 0.3,
});

const MAX_FOUND = 3;

function articleFor(engine: Engine, d: Decoded): string | null {
  const a = engine.articles;
  const art =
    a.forCode(d.value) ??
    (d.kind === 'win32' ? a.forCode(hresultFromWin32(d.value)) : undefined) ??
    (d.ntstatus ? a.forCode(parseInt(d.ntstatus.code, 16)) : undefined);
  return art?.id ?? null;
}

/** Decodes a value, completing names from the articles where the headers have none. */
export function decodeValue(engine: Engine, value: number, kind?: Decoded['kind']): Decoded {
  const { tables, articles } = engine;
  if (kind === 'win32') return decodeWin32(tables, value);
  const preferHresult = articles.defines(value) && !tables.ntstatus.has(value);
  const d = decode(tables, value, kind ?? kindOf(tables, value, preferHresult));
  if (d.names.length === 0) d.names = [...articles.namesFor(value)];
  return d;
}

/** True when the headers or an article name the value (or what it wraps). */
const isKnown = (engine: Engine, v: number) => isKnownValue(engine.tables, v) || engine.articles.defines(v);

function codeScore(engine: Engine, d: Decoded, hit: CodeHit, article: string | null): number {
  if (hit.notation === 'name') return SCORE.named;
  if (d.kind === 'win32') return SCORE.win32InContext;
  const known = isKnown(engine, d.value);
  if (article && known) return SCORE.explained;
  if (known) return SCORE.known;
  return article ? SCORE.inFamily : SCORE.unknown;
}

function fromCodes(engine: Engine, text: string): Match[] {
  const { tables, articles } = engine;
  const hits = extractCodes(text, tables, {
    isKnown: (v) => isKnown(engine, v),
    // A value inside a family article's range is a code even when the headers lack its facility
    // (BitLocker's 0x8031xxxx, Setup's 0xC190xxxx): otherwise it falls through to word matching.
    hasKnownFacility: (v) => tables.facilities.has((v >>> 16) & 0x1fff) || articles.forCode(v) !== undefined,
    lookupName: (lower) => {
      const v = articles.byName.get(lower);
      return v === undefined ? [] : [{ value: v, kind: 'hresult' as const }];
    },
  });
  const byKey = new Map<string, Match & { first: number; count: number }>();
  for (const hit of hits) {
    const d = decodeValue(engine, hit.value, hit.kind);
    const key = `${d.kind}:${d.code}`;
    const seen = byKey.get(key);
    const source: MatchSource = hit.notation === 'name' ? 'name' : 'code';
    if (seen) {
      seen.count++;
      if (seen.found.length < MAX_FOUND && !seen.found.includes(hit.text)) seen.found.push(hit.text);
      if (source === 'code') seen.source = 'code';
      continue;
    }
    const article = articleFor(engine, d);
    byKey.set(key, { ...d, score: codeScore(engine, d, hit, article), source, article, found: [hit.text], first: hit.index, count: 1 });
  }
  // "0x80070490 - ERROR_NOT_FOUND" is one error written twice: fold the Win32 name into the HRESULT.
  for (const [key, m] of byKey) {
    if (m.kind !== 'win32' || !m.hresult) continue;
    const hr = byKey.get(`hresult:${m.hresult.code}`);
    if (!hr) continue;
    for (const f of m.found) if (hr.found.length < MAX_FOUND && !hr.found.includes(f)) hr.found.push(f);
    hr.count += m.count;
    byKey.delete(key);
  }
  // Best first: surest, then most often repeated in the paste, then first seen.
  return [...byKey.values()]
    .sort((a, b) => b.score - a.score || b.count - a.count || a.first - b.first)
    .map(({ first: _first, count: _count, ...m }) => m);
}

function fromWords(engine: Engine, text: string, limit: number): Match[] {
  const out = new Map<string, Match>();
  const add = (d: Decoded, score: number, found: string, article: string | null) => {
    const key = `${d.kind}:${d.code}`;
    const prev = out.get(key);
    if (score < SCORE.minWords || (prev && prev.score >= score)) return;
    out.set(key, { ...d, score: Math.round(score * 1000) / 1000, source: 'text', article, found: [found] });
  };
  for (const h of engine.articleWords.search(text, limit)) {
    const art = engine.articles.byId(h.key);
    if (!art) continue;
    add(decodeValue(engine, engine.articles.primaryCode(art)), h.score * SCORE.articleWords, h.text, art.id);
  }
  for (const h of engine.nameWords.search(text, limit)) {
    for (const c of engine.tables.byName.get(h.key.toLowerCase()) ?? []) {
      const d = decodeValue(engine, c.value, c.kind === 'win32' ? 'win32' : undefined);
      add(d, h.score * SCORE.headerWords, h.text, articleFor(engine, d));
    }
  }
  return [...out.values()].sort((a, b) => b.score - a.score || a.code.localeCompare(b.code)).slice(0, limit);
}

/** Finds, decodes and ranks every Windows error in `text`. Never throws on user input. */
export function lookup(engine: Engine, text: string, options: Partial<LookupOptions> = {}): LookupResult {
  const { limit } = { ...DEFAULT_LOOKUP_OPTIONS, ...options };
  if (text.length > MAX_INPUT_CHARS) {
    return { matches: [], problem: { kind: 'too-large', limit: MAX_INPUT_CHARS, length: text.length } };
  }
  if (text.trim() === '') return { matches: [], problem: { kind: 'empty' } };
  const codes = fromCodes(engine, text);
  if (codes.length > 0) return { matches: codes.slice(0, limit) };
  return { matches: fromWords(engine, text, limit) };
}
