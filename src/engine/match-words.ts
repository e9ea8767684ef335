// Word matching: finds the documents (article phrases, humanised header names) closest to what a
// user typed. Fuse.js over thousands of entries costs about 100 ms a query here, so a trigram
// prefilter picks a few dozen candidates first and Fuse's token search ranks only those.
import Fuse from 'fuse.js';

export interface WordDoc {
  /** What a hit points at: an article id, or a header name. */
  key: string;
  text: string;
}
export interface WordHit {
  key: string;
  text: string;
  /** 0..1, higher is better. */
  score: number;
}
export interface WordIndex {
  readonly size: number;
  search(query: string, limit?: number): WordHit[];
}

export interface WordIndexOptions {
  /** Candidates handed to Fuse: enough to survive typos, few enough to stay in the millisecond range. */
  candidates: number;
  /** Fuse threshold per term: 0.35 lets one typo in a six-letter word through, not a different word. */
  threshold: number;
  /** A term counts as present in a document when this share of its trigrams is there. */
  termCoverage: number;
  /** Long pastes: only the first terms are used, which bounds the cost of a query. */
  maxTerms: number;
}
export const DEFAULT_WORD_INDEX_OPTIONS: Readonly<WordIndexOptions> = Object.freeze({
  candidates: 24,
  threshold: 0.35,
  termCoverage: 0.6,
  maxTerms: 16,
});

/** How much a one-word query can score, relative to a phrase. */
const SINGLE_WORD_WEIGHT = 0.6;

// Words that say nothing about which error it is, in English and Spanish.
const STOPWORDS = new Set(
  ('the a an of to in on at for with and or is was be been by this that which it its not ' +
    'error errors code windows failed fail with when while my our we i you please help ' +
    'el la los las lo de del en un una y o que se es con por para al su sus error código ' +
    'no fallo falló me mi nos')
    .split(' '),
);
// Except in these, where "not" carries the meaning ("not trusted", "not found").
const NEGATIONS = new Set(['not', 'no']);

/** Lower case, accents removed, everything that is not a letter or digit turned into a space. */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Longer "words" are tokens, hashes or base64, never words of a message; Fuse's cost grows with them. */
const MAX_WORD = 40;

function terms(text: string, max: number): string[] {
  const out: string[] = [];
  // Only the start of a long paste is read: enough for any message, and the cost stays bounded.
  for (const w of normalise(text.slice(0, 4096)).split(' ')) {
    if ((w.length < 3 && !NEGATIONS.has(w)) || w.length > MAX_WORD) continue;
    if (STOPWORDS.has(w) && !NEGATIONS.has(w)) continue;
    if (!out.includes(w)) out.push(w);
    if (out.length >= max) break;
  }
  return out;
}

function trigrams(word: string): string[] {
  if (word.length <= 3) return [word];
  const out: string[] = [];
  for (let i = 0; i + 3 <= word.length; i++) out.push(word.slice(i, i + 3));
  return out;
}

/** Builds a word index over documents; build once, search many times. */
export function buildWordIndex(docs: readonly WordDoc[], options: Partial<WordIndexOptions> = {}): WordIndex {
  const opt = { ...DEFAULT_WORD_INDEX_OPTIONS, ...options };
  const postings = new Map<string, number[]>();
  const docGrams: Set<string>[] = [];
  docs.forEach((d, i) => {
    const grams = new Set<string>();
    // Compound header words (ACCESSDENIED) are indexed joined, so "access denied" still meets them.
    for (const w of normalise(d.text).split(' ')) for (const g of trigrams(w)) grams.add(g);
    docGrams.push(grams);
    for (const g of grams) {
      const p = postings.get(g);
      if (p) p.push(i);
      else postings.set(g, [i]);
    }
  });
  const counts = new Uint16Array(docs.length);

  return {
    size: docs.length,
    search(query, limit = 5) {
      const qTerms = terms(query, opt.maxTerms);
      const meaningful = qTerms.filter((t) => !NEGATIONS.has(t));
      if (meaningful.length === 0) return [];
      const qGrams = [...new Set(meaningful.flatMap(trigrams))];
      const touched: number[] = [];
      for (const g of qGrams) {
        for (const i of postings.get(g) ?? []) {
          if (counts[i] === 0) touched.push(i);
          counts[i]! += 1;
        }
      }
      // Stable order: more shared trigrams first, then document order.
      touched.sort((a, b) => counts[b]! - counts[a]! || a - b);
      const picked = touched.slice(0, opt.candidates);
      for (const i of touched) counts[i] = 0;
      if (picked.length === 0) return [];

      const candidates = picked.map((i) => ({ i, text: docs[i]!.text }));
      const fuse = new Fuse(candidates, {
        keys: ['text'],
        useTokenSearch: true,
        ignoreDiacritics: true,
        ignoreLocation: true,
        includeScore: true,
        threshold: opt.threshold,
      });
      const hits: (WordHit & { i: number })[] = [];
      for (const r of fuse.search(qTerms.join(' '))) {
        const i = r.item.i;
        const grams = docGrams[i]!;
        // Coverage: how many of the user's words the document holds, so that a long sentence
        // prefers the phrase that says all of it over a name that shares one word.
        let covered = 0;
        for (const t of meaningful) {
          const tg = trigrams(t);
          if (tg.filter((g) => grams.has(g)).length / tg.length >= opt.termCoverage) covered++;
        }
        const coverage = covered / meaningful.length;
        const quality = 1 - (r.score ?? 1);
        // One word is weak evidence ("status" is in a hundred names): it cannot score like a phrase.
        const evidence = meaningful.length === 1 ? SINGLE_WORD_WEIGHT : 1;
        const score = (0.5 * quality + 0.5 * coverage) * evidence;
        hits.push({ i, key: docs[i]!.key, text: docs[i]!.text, score: Math.round(score * 1000) / 1000 });
      }
      // Ties go to the earlier document: callers put their preferred documents first.
      hits.sort((a, b) => b.score - a.score || a.i - b.i);
      const seen = new Set<string>();
      return hits
        .filter((h) => !seen.has(h.key) && seen.add(h.key))
        .slice(0, limit)
        .map(({ key, text, score }) => ({ key, text, score }));
    },
  };
}
