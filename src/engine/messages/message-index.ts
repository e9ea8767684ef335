// Finds the Windows messages written anywhere in a paste: in prose, after "Exception:", inside a
// log line, wrapped over lines, with the placeholders filled in, or only their first words.
//
// Retrieval does not grow with the catalog: an inverted index from each pair of adjacent words
// (bigram) to the templates holding it picks candidates, weighted by how rare each pair is. Only
// the few candidates that share enough rare pairs with the paste are then aligned, word by word,
// against the stretch of the paste where they matched, which is where the score comes from.
import type { CodeKind } from '../codes/code-tables';
import { hasHan, OPTIONAL_WORD, pasteTokens, templateTokens, WILDCARD, WORD, WordIds, type PasteToken } from './message-tokens';

export interface MessageText {
  kind: CodeKind;
  value: number;
  /** BCP 47: en, es, de, fr, it, pt-BR, ru, zh-TW, zh-CN. */
  lang: string;
  text: string;
}

export interface MessageHit {
  /** Every value whose message this is (one text can name several codes). */
  codes: readonly { kind: CodeKind; value: number; lang: string }[];
  /** 0..1: 1 when the whole message is in the paste word for word. */
  quality: number;
  /** How many words the message has (placeholders aside): short ones are weaker evidence. */
  words: number;
  /** The words of the paste that matched, as written. */
  found: string;
  /** Where they start in the paste, to order what was found. */
  index: number;
}

export interface MessageIndex {
  readonly templates: number;
  search(text: string): MessageHit[];
}

export interface MessageIndexOptions {
  /** Templates aligned per paste: enough for a log with several messages, few enough to stay fast. */
  candidates: number;
  /** Share of a template's (rarity-weighted) word pairs the paste must hold to be aligned at all. */
  minPairShare: number;
  /** Below this alignment quality a hit is noise: 0.7 keeps a message with a quarter of it paraphrased. */
  minQuality: number;
  /** A filled-in placeholder (a path, a name, a number) spans at most this many words. */
  maxWildWords: number;
  /** "Its first several words": a prefix counts from this many matched words… */
  minPrefixWords: number;
  /** …and this share of the message: "an error communicating with the" begins too many. */
  minPrefixShare: number;
  /** Word pairs in more templates than this say nothing ("of the"); they are not indexed. */
  maxPairTemplates: number;
  /**
   * Candidates that could not reach minQuality even with every word matched are not aligned.
   * It changes no result, only the time; off only to test exactly that.
   */
  skipHopeless: boolean;
}
export const DEFAULT_MESSAGE_INDEX_OPTIONS: Readonly<MessageIndexOptions> = Object.freeze({
  candidates: 40,
  minPairShare: 0.34,
  minQuality: 0.7,
  maxWildWords: 14,
  minPrefixWords: 5,
  minPrefixShare: 0.4,
  maxPairTemplates: 1500,
  skipHopeless: true,
});

// Alignment: each word counts by how rare it is among the messages ("ruta" says more than "el"),
// in full when matched, 0.7 when matched by its stem (machine translations and typos inflect
// differently: "especificado"/"especificada"), against it when left out; a word added to the
// paste inside the message costs half its weight.
const STEM_MATCH = 0.7;
const EXTRA_PASTE = 0.5;
/** Every word keeps this much weight, however common: "not" can still turn the meaning. */
const WEIGHT_FLOOR = 0.3;
/** Words of a path that a program inserted into a message ("…the file 'C:\Users\…' because…") cost little. */
const PATH_WORD_WEIGHT = 0.1;
/** A paste word no message has (a file name, a typo) weighs as an ordinary word. */
const UNKNOWN_WORD_WEIGHT = 1;
/** Longer words compare by their first five letters when they differ. */
const STEM_FROM = 6;
const STEM_LENGTH = 5;
/** How many places in the paste one template is tried at (a log repeats its lines). */
const MAX_ANCHORS = 6;

/** One template as the alignment reads it: views into the index's flat arrays. */
interface Template {
  ids: Int32Array;
  stems: Int32Array;
  /** How much each word counts (wildcards 0). */
  weights: Float64Array;
  /** 1 for a Chinese character: it says about half of what a word says. */
  han: Uint8Array;
  /** WILD and OPTIONAL bits per token. */
  flags: Uint8Array;
  /** Words that must be there (not wildcards, not the optional caption). */
  required: number;
  /** Distinct indexed pairs, and the template position of each pair's first word. */
  pairs: Int32Array;
  pairAt: Int32Array;
  codes: readonly { kind: CodeKind; value: number; lang: string }[];
}
const WILD = 1;
const OPTIONAL = 2;

/** A prefix is judged by the pairs of its first words: "its first several words" are these. */
const HEAD_WORDS = 7;

const stemOf = (t: string) => (t.length >= STEM_FROM ? t.slice(0, STEM_LENGTH) : t);

interface PairArrays {
  a: Int32Array;
  b: Int32Array;
  id: Int32Array;
  size: number;
}

/**
 * Pair of word ids → pair id, open addressing over typed arrays: a few hundred thousand pairs
 * without a Map or an object each, which would make start-up mostly garbage collection.
 */
class PairTable {
  private a: Int32Array = new Int32Array(1 << 16).fill(-1);
  private b: Int32Array = new Int32Array(1 << 16);
  private id: Int32Array = new Int32Array(1 << 16);
  size = 0;
  /** Its arrays, as a saved index keeps them. */
  get arrays(): PairArrays {
    return { a: this.a, b: this.b, id: this.id, size: this.size };
  }
  static from(saved: PairArrays): PairTable {
    const t = new PairTable();
    t.a = saved.a;
    t.b = saved.b;
    t.id = saved.id;
    t.size = saved.size;
    return t;
  }
  get(x: number, y: number, create: boolean): number {
    const mask = this.a.length - 1;
    for (let h = (Math.imul(x, 0x9e3779b1) ^ Math.imul(y, 0x85ebca77)) & mask; ; h = (h + 1) & mask) {
      if (this.a[h] === -1) {
        if (!create) return -1;
        this.a[h] = x;
        this.b[h] = y;
        this.id[h] = this.size++;
        // Grown at 70 % full: probes stay short, and the table a third of the index's memory.
        if (this.size * 10 > this.a.length * 7) this.grow();
        return this.size - 1;
      }
      if (this.a[h] === x && this.b[h] === y) return this.id[h]!;
    }
  }
  private grow(): void {
    const [a, b, id] = [this.a, this.b, this.id];
    this.a = new Int32Array(a.length * 2).fill(-1);
    this.b = new Int32Array(a.length * 2);
    this.id = new Int32Array(a.length * 2);
    const mask = this.a.length - 1;
    for (let k = 0; k < a.length; k++) {
      if (a[k] === -1) continue;
      let h = (Math.imul(a[k]!, 0x9e3779b1) ^ Math.imul(b[k]!, 0x85ebca77)) & mask;
      while (this.a[h] !== -1) h = (h + 1) & mask;
      this.a[h] = a[k]!;
      this.b[h] = b[k]!;
      this.id[h] = id[k]!;
    }
  }
}

const intern = (m: Map<string, number>, s: string) => {
  let id = m.get(s);
  if (id === undefined) m.set(s, (id = m.size));
  return id;
};

/** An Int32Array that doubles when full: the flat token and pair lists hold about 700,000 each. */
class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }
  /** A copy of exactly the filled part, so that the spare capacity is not kept for the index's life. */
  done(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Distinct wordings → template index, open addressing keyed by a hash of the word ids and kinds:
 * two texts have one wording when those are the same, so no key string is built per text.
 */
class WordingTable {
  private slots = new Int32Array(1 << 16).fill(-1);
  private hashes = new Int32Array(1 << 16);
  private size = 0;
  /** The template with this wording, or -1; `same` compares a candidate's tokens. */
  find(hash: number, same: (ti: number) => boolean): number {
    const mask = this.slots.length - 1;
    for (let h = hash & mask; this.slots[h] !== -1; h = (h + 1) & mask) if (this.hashes[h] === hash && same(this.slots[h]!)) return this.slots[h]!;
    return -1;
  }
  add(hash: number, ti: number): void {
    // Grown at half full: most lookups end at the first slot.
    if (++this.size * 2 > this.slots.length) {
      const [slots, hashes] = [this.slots, this.hashes];
      this.slots = new Int32Array(slots.length * 2).fill(-1);
      this.hashes = new Int32Array(slots.length * 2);
      for (let k = 0; k < slots.length; k++) if (slots[k] !== -1) this.put(hashes[k]!, slots[k]!);
    }
    this.put(hash, ti);
  }
  private put(hash: number, ti: number): void {
    const mask = this.slots.length - 1;
    let h = hash & mask;
    while (this.slots[h] !== -1) h = (h + 1) & mask;
    this.slots[h] = ti;
    this.hashes[h] = hash;
  }
}

/** Every distinct template's tokens and pairs, flat, with per-template offsets. */
interface Collected {
  /** Each word, at its id. */
  words: string[];
  pairTable: PairTable;
  codes: { kind: CodeKind; value: number; lang: string }[][];
  /** Word id per token, -1 for a wildcard; WILD and OPTIONAL bits per token. */
  ids: Int32Array;
  flags: Uint8Array;
  tokStarts: Int32Array;
  required: Int32Array;
  /** Distinct pair ids per template, and the template position of each pair's first word. */
  pairs: Int32Array;
  pairAt: Int32Array;
  pairStarts: Int32Array;
}

/**
 * Tokenises every text once and keeps one template per distinct wording. Its own function, so
 * that the growing buffers are garbage once it returns and not held by the index's closures.
 */
function collectTemplates(texts: readonly MessageText[]): Collected {
  const dict = new WordIds();
  const pairTable = new PairTable();
  // Sized from the texts (about one token per 5 characters) so that they rarely grow.
  let chars = 0;
  for (const t of texts) chars += t.text.length;
  const tokIds = new IntList(chars >> 2);
  const tokFlags = new IntList(chars >> 2);
  const tokStart = new IntList(texts.length + 1);
  tokStart.push(0);
  const required = new IntList(texts.length);
  const pairList = new IntList(chars >> 2);
  const pairAtList = new IntList(chars >> 2);
  const pairStart = new IntList(texts.length + 1);
  pairStart.push(0);
  // The last template that listed each pair: a pair counts once per template.
  let pairSeen = new Int32Array(1 << 16).fill(-1);
  const codes: { kind: CodeKind; value: number; lang: string }[][] = [];
  // One template per distinct wording: "Access is denied." is one text for several values.
  const wordings = new WordingTable();
  let base = 0;
  let end = 0;
  const sameWording = (ti: number) => {
    const s = tokStart.data[ti]!;
    if (tokStart.data[ti + 1]! - s !== end - base) return false;
    for (let k = 0; k < end - base; k++) if (tokIds.data[s + k] !== tokIds.data[base + k] || tokFlags.data[s + k] !== tokFlags.data[base + k]) return false;
    return true;
  };
  for (const t of texts) {
    const { ids: tw, kinds } = templateTokens(t.text, dict);
    base = tokIds.length;
    let req = 0;
    let hash = tw.length;
    for (let i = 0; i < tw.length; i++) {
      const kind = kinds[i]!;
      const id = tw[i]!;
      const flag = kind === WILDCARD ? WILD : kind === OPTIONAL_WORD ? OPTIONAL : 0;
      tokIds.push(id);
      tokFlags.push(flag);
      hash = Math.imul(hash ^ (id * 4 + flag), 0x9e3779b1) ^ (hash >>> 15);
      if (kind === WORD) req++;
    }
    end = tokIds.length;
    const known = wordings.find(hash, sameWording);
    if (known >= 0) {
      // Its tokens are already there: drop this copy.
      tokIds.length = tokFlags.length = base;
      const list = codes[known]!;
      if (!list.some((c) => c.kind === t.kind && c.value === t.value)) list.push({ kind: t.kind, value: t.value, lang: t.lang });
      continue;
    }
    const ti = codes.length;
    codes.push([{ kind: t.kind, value: t.value, lang: t.lang }]);
    wordings.add(hash, ti);
    required.push(req);
    tokStart.push(end);
    for (let i = base; i + 1 < end; i++) {
      const x = tokIds.data[i]!;
      const y = tokIds.data[i + 1]!;
      if (x < 0 || y < 0) continue;
      const id = pairTable.get(x, y, true);
      if (id >= pairSeen.length) {
        const grown = new Int32Array(pairSeen.length * 2).fill(-1);
        grown.set(pairSeen);
        pairSeen = grown;
      }
      if (pairSeen[id] === ti) continue;
      pairSeen[id] = ti;
      pairList.push(id);
      pairAtList.push(i - base);
    }
    pairStart.push(pairList.length);
  }
  return {
    words: dict.list,
    pairTable,
    codes,
    ids: tokIds.done(),
    flags: Uint8Array.from(tokFlags.data.subarray(0, tokFlags.length)),
    tokStarts: tokStart.done(),
    required: required.done(),
    pairs: pairList.done(),
    pairAt: pairAtList.done(),
    pairStarts: pairStart.done(),
  };
}

/** One message code of a template. */
export interface TemplateCode {
  kind: CodeKind;
  value: number;
  lang: string;
}

/**
 * Everything the index is, as flat arrays and word lists: what a start-up can load instead of
 * building (src/node/message-index-cache.ts saves it). Typed arrays hold per-token, per-pair and
 * per-template values; `*Starts` are offsets (CSR) into them.
 */
export interface MessageIndexData {
  /** Each word at its id; each stem (a word's first letters) at its id. */
  words: string[];
  stems: string[];
  /** The codes of each template. */
  codes: TemplateCode[][];
  pairs: PairArrays;
  typed: {
    ids: Int32Array;
    stemIds: Int32Array;
    flags: Uint8Array;
    tokStarts: Int32Array;
    tokWeights: Float64Array;
    tokHan: Uint8Array;
    required: Int32Array;
    templatePairs: Int32Array;
    pairAt: Int32Array;
    pairStarts: Int32Array;
    stemOfWord: Int32Array;
    wordWeight: Float64Array;
    idf: Float32Array;
    postStart: Int32Array;
    postings: Int32Array;
    weight: Float64Array;
    headWeight: Float64Array;
  };
}

/** Builds the index over every message text; build once at start-up. */
export function buildMessageIndex(texts: readonly MessageText[], options: Partial<MessageIndexOptions> = {}): MessageIndex {
  return messageIndexFrom(messageIndexData(texts, options), options);
}

/** The heavy part of building: tokenising every text, weighing words and pairs, the postings. */
export function messageIndexData(texts: readonly MessageText[], options: Partial<MessageIndexOptions> = {}): MessageIndexData {
  const opt = { ...DEFAULT_MESSAGE_INDEX_OPTIONS, ...options };
  const { words: wordList, pairTable, codes, ids, flags, tokStarts, required: requiredOf, pairs, pairAt, pairStarts } = collectTemplates(texts);
  const stems = new Map<string, number>();
  const count = codes.length;
  // Stems once per distinct word, not once per token.
  const stemOfWord = new Int32Array(wordList.length);
  for (const [id, w] of wordList.entries()) stemOfWord[id] = intern(stems, stemOf(w));
  const stemIds = new Int32Array(ids.length);
  for (let k = 0; k < ids.length; k++) stemIds[k] = ids[k]! < 0 ? -1 : stemOfWord[ids[k]!]!;
  // A word's weight: its rarity among the templates, on top of a floor.
  const wordDf = new Int32Array(wordList.length);
  // Counted once per template: a word's stamp is the last template that counted it.
  const stamp = new Int32Array(wordList.length).fill(-1);
  for (let ti = 0; ti < count; ti++) {
    for (let k = tokStarts[ti]!; k < tokStarts[ti + 1]!; k++) {
      const id = ids[k]!;
      if (id < 0 || stamp[id] === ti) continue;
      stamp[id] = ti;
      wordDf[id]!++;
    }
  }
  const maxIdf = Math.log(1 + codes.length);
  const wordWeight = new Float64Array(wordList.length);
  for (let id = 0; id < wordList.length; id++) wordWeight[id] = WEIGHT_FLOOR + Math.log(1 + codes.length / Math.max(1, wordDf[id]!)) / maxIdf;
  const hanWord = new Uint8Array(wordList.length);
  for (const [id, w] of wordList.entries()) if (hasHan(w)) hanWord[id] = 1;
  const tokWeights = new Float64Array(ids.length);
  const tokHan = new Uint8Array(ids.length);
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k]!;
    if (id < 0) continue;
    tokWeights[k] = wordWeight[id]!;
    tokHan[k] = hanWord[id]!;
  }

  // Postings as one array with offsets (CSR): pair id → the templates that hold it.
  const df = new Int32Array(pairTable.size);
  for (let k = 0; k < pairs.length; k++) df[pairs[k]!]!++;
  const postStart = new Int32Array(pairTable.size + 1);
  for (let id = 0; id < pairTable.size; id++) postStart[id + 1] = postStart[id]! + df[id]!;
  const postings = new Int32Array(pairs.length);
  const fill = postStart.slice(0, pairTable.size);
  for (let ti = 0; ti < count; ti++) for (let k = pairStarts[ti]!; k < pairStarts[ti + 1]!; k++) postings[fill[pairs[k]!]!++] = ti;
  // Rarity of a pair: common pairs count for little, and the commonest are not used at all.
  const idf = new Float32Array(pairTable.size);
  for (let id = 0; id < pairTable.size; id++) if (df[id]! <= opt.maxPairTemplates) idf[id] = Math.log(1 + count / df[id]!);
  const weight = new Float64Array(count);
  const headWeight = new Float64Array(count);
  for (let ti = 0; ti < count; ti++) {
    for (let k = pairStarts[ti]!; k < pairStarts[ti + 1]!; k++) {
      weight[ti] = weight[ti]! + idf[pairs[k]!]!;
      if (pairAt[k]! < HEAD_WORDS) headWeight[ti] = headWeight[ti]! + idf[pairs[k]!]!;
    }
  }
  return {
    words: wordList,
    stems: [...stems.keys()],
    codes,
    pairs: pairTable.arrays,
    typed: { ids, stemIds, flags, tokStarts, tokWeights, tokHan, required: requiredOf, templatePairs: pairs, pairAt, pairStarts, stemOfWord, wordWeight, idf, postStart, postings, weight, headWeight },
  };
}

/** The index over built or loaded data: the word and stem maps the paste side looks up, and search. */
export function messageIndexFrom(data: MessageIndexData, options: Partial<MessageIndexOptions> = {}): MessageIndex {
  const opt = { ...DEFAULT_MESSAGE_INDEX_OPTIONS, ...options };
  const { codes } = data;
  const { ids, stemIds, flags, tokStarts, tokWeights, tokHan, required: requiredOf, templatePairs: pairs, pairAt, pairStarts, stemOfWord, wordWeight, idf, postStart, postings, weight, headWeight } = data.typed;
  const words = new Map<string, number>();
  data.words.forEach((w, id) => words.set(w, id));
  const stems = new Map<string, number>();
  data.stems.forEach((w, id) => stems.set(w, id));
  const pairTable = PairTable.from(data.pairs);
  const count = codes.length;
  const view = (ti: number): Template => ({
    ids: ids.subarray(tokStarts[ti], tokStarts[ti + 1]),
    stems: stemIds.subarray(tokStarts[ti], tokStarts[ti + 1]),
    weights: tokWeights.subarray(tokStarts[ti], tokStarts[ti + 1]),
    han: tokHan.subarray(tokStarts[ti], tokStarts[ti + 1]),
    flags: flags.subarray(tokStarts[ti], tokStarts[ti + 1]),
    required: requiredOf[ti]!,
    pairs: pairs.subarray(pairStarts[ti], pairStarts[ti + 1]),
    pairAt: pairAt.subarray(pairStarts[ti], pairStarts[ti + 1]),
    codes: codes[ti]!,
  });
  const acc = new Float64Array(count);
  // A template is worth aligning when the paste holds enough of it, or enough of its first words.
  const share = (ti: number) => acc[ti]! / Math.min(weight[ti]!, headWeight[ti]! || weight[ti]!);

  return {
    templates: count,
    search(text) {
      const paste = pasteTokens(text);
      if (paste.length < 2) return [];
      const pids = new Int32Array(paste.length);
      const pstems = new Int32Array(paste.length);
      const pweights = new Float64Array(paste.length);
      for (let j = 0; j < paste.length; j++) {
        const t = paste[j]!.text;
        const id = words.get(t) ?? -1;
        pids[j] = id;
        pweights[j] = paste[j]!.path ? PATH_WORD_WEIGHT : id >= 0 ? wordWeight[id]! : UNKNOWN_WORD_WEIGHT;
        pstems[j] = id >= 0 ? stemOfWord[id]! : (stems.get(stemOf(t)) ?? -1);
      }
      // Where each indexed pair occurs in the paste, and the templates it votes for (once a pair).
      const where = new Map<number, number[]>();
      const touched: number[] = [];
      for (let j = 0; j + 1 < pids.length; j++) {
        if (pids[j]! < 0 || pids[j + 1]! < 0) continue;
        const id = pairTable.get(pids[j]!, pids[j + 1]!, false);
        if (id < 0 || idf[id] === 0) continue;
        const seen = where.get(id);
        if (seen) {
          if (seen.length < MAX_ANCHORS) seen.push(j);
          continue;
        }
        where.set(id, [j]);
        const w = idf[id]!;
        for (let k = postStart[id]!; k < postStart[id + 1]!; k++) {
          const ti = postings[k]!;
          if (acc[ti] === 0) touched.push(ti);
          acc[ti] = acc[ti]! + w;
        }
      }
      const picked = touched
        .filter((ti) => share(ti) >= opt.minPairShare)
        .sort((a, b) => share(b) - share(a) || acc[b]! - acc[a]! || a - b)
        .slice(0, opt.candidates);
      for (const ti of touched) acc[ti] = 0;

      const hits: Stretch[] = [];
      const present = { ids: new Set(pids), stems: new Set(pstems) };
      for (const ti of picked) {
        const tpl = view(ti);
        if (opt.skipHopeless && qualityBound(tpl, present, opt) < opt.minQuality - BOUND_SLACK) continue;
        const best = alignAtAnchors(tpl, where, { tokens: paste, ids: pids, stems: pstems, weights: pweights }, opt);
        if (best && best.quality >= opt.minQuality) {
          const index = paste[best.from]!.start;
          const end = paste[best.to - 1]!.end;
          hits.push({ codes: tpl.codes, quality: best.quality, words: wordCount(tpl), found: text.slice(index, end), index, end, matched: best.matched });
        }
      }
      return keepBestPerStretch(hits);
    },
  };
}

interface Alignment {
  quality: number;
  /** Words matched: between equally good hits, the one that says more. */
  matched: number;
  /** Paste tokens [from, to) that the message covers. */
  from: number;
  to: number;
}

/** Words of a message, Chinese characters counting half: "拒绝访问" says as much as "access denied". */
function wordCount(tpl: Template): number {
  let n = 0;
  for (let i = 0; i < tpl.flags.length; i++) if (tpl.flags[i] === 0) n += tpl.han[i] ? 0.5 : 1;
  return n;
}

/** The paste as the alignment reads it. */
interface Paste {
  tokens: readonly PasteToken[];
  ids: Int32Array;
  stems: Int32Array;
  weights: Float64Array;
}

/** Quality is rounded to thousandths before the threshold: a bound this far under it may still pass. */
const BOUND_SLACK = 0.001;

/**
 * The best quality any alignment of the template could reach in this paste, counting each of its
 * words as matched wherever the paste has that word (or, at 0.7, its stem) at all, and no words
 * added. A candidate below the threshold even so is not aligned: a long message picked for its
 * first words costs a table of (its words × the window) cells, and most such are far below.
 * Mirrors quality(): the whole message, or a prefix long enough to count.
 */
function qualityBound(tpl: Template, present: { ids: ReadonlySet<number>; stems: ReadonlySet<number> }, opt: MessageIndexOptions): number {
  if (tpl.required === 0) return 0;
  let best = 0;
  let words = 0;
  let weight = 0;
  let got = 0;
  for (let i = 0; i < tpl.flags.length; i++) {
    // A prefix ending before position i (quality() at upTo = i).
    if (i >= opt.minPrefixWords && words >= opt.minPrefixShare * tpl.required && weight > 0) {
      best = Math.max(best, (got / weight) * (0.8 + 0.2 * (words / tpl.required)));
    }
    if (tpl.flags[i] !== 0) continue;
    const w = tpl.weights[i]!;
    words++;
    weight += w;
    if (present.ids.has(tpl.ids[i]!)) got += w;
    else if (tpl.stems[i] !== -1 && present.stems.has(tpl.stems[i]!)) got += STEM_MATCH * w;
  }
  return weight > 0 ? Math.max(best, got / weight) : best;
}

/** Aligns a template where its rarest pairs occur in the paste; the best place wins. */
function alignAtAnchors(tpl: Template, where: ReadonlyMap<number, number[]>, paste: Paste, opt: MessageIndexOptions): Alignment | null {
  const starts = new Set<number>();
  for (let k = 0; k < tpl.pairs.length; k++) {
    const at = tpl.pairAt[k]!;
    for (const j of where.get(tpl.pairs[k]!) ?? []) {
      // Back up to where the template would start if this pair is where the paste has it.
      starts.add(Math.max(0, j - at - wildSlack(tpl, at, opt)));
      if (starts.size >= MAX_ANCHORS) break;
    }
    if (starts.size >= MAX_ANCHORS) break;
  }
  let best: Alignment | null = null;
  const span = tpl.ids.length + wildSlack(tpl, tpl.ids.length, opt) + Math.ceil(tpl.ids.length / 2);
  for (const s of starts) {
    const a = align(tpl, paste, s, Math.min(paste.tokens.length, s + span + tpl.ids.length), opt);
    if (a && (!best || a.quality > best.quality)) best = a;
  }
  return best;
}

const wildSlack = (tpl: Template, upTo: number, opt: MessageIndexOptions) => {
  let n = 0;
  for (let i = 0; i < upTo; i++) if (tpl.flags[i]! & WILD) n += opt.maxWildWords;
  return n;
};

// Operations in the traceback.
const OP_MATCH = 1;
const OP_STEM = 2;
const OP_SKIP = 3;
const OP_EXTRA = 4;
const OP_WILD = 5;

/**
 * Local alignment of a template against paste tokens [lo, hi): the message may start anywhere in
 * the window; inside it, words may be missing (cost 1) or added (cost 0.5), and a wildcard takes
 * up to maxWildWords words for free. Ends either with the whole template or, at the end of a line
 * or sentence, with a prefix of at least minPrefixWords words ("its first several words").
 */
function align(tpl: Template, paste: Paste, lo: number, hi: number, opt: MessageIndexOptions): Alignment | null {
  const { ids, stems, weights } = paste;
  const m = tpl.ids.length;
  const w = hi - lo;
  if (w <= 0 || m === 0) return null;
  const cols = w + 1;
  const { score, op, back } = alignTables((m + 1) * cols);
  for (let j = 0; j <= w; j++) score[j] = 0;
  for (let i = 0; i < m; i++) {
    const row = i * cols;
    const next = (i + 1) * cols;
    const isWild = (tpl.flags[i]! & WILD) !== 0;
    const gain = tpl.weights[i]!;
    const skipCost = tpl.flags[i]! & OPTIONAL ? 0 : gain;
    for (let j = 0; j <= w; j++) {
      const here = score[row + j]!;
      if (here === -Infinity) continue;
      if (isWild) {
        for (let k = 0; k <= opt.maxWildWords && j + k <= w; k++) relax(score, op, back, next + j + k, here, OP_WILD, row + j);
        continue;
      }
      relax(score, op, back, next + j, here - skipCost, OP_SKIP, row + j);
      if (j < w) {
        const pj = lo + j;
        if (ids[pj] === tpl.ids[i]) relax(score, op, back, next + j + 1, here + gain, OP_MATCH, row + j);
        else if (stems[pj] === tpl.stems[i] && stems[pj] !== -1) relax(score, op, back, next + j + 1, here + STEM_MATCH * gain, OP_STEM, row + j);
        // Words added inside the message; before it starts they cost nothing (row 0 is free).
        if (i > 0) relax(score, op, back, row + j + 1, here - EXTRA_PASTE * weights[pj]!, OP_EXTRA, row + j);
      }
    }
  }
  let best: Alignment | null = null;
  const consider = (cell: number, prefix: boolean) => {
    const t = trace(tpl, paste, op, back, cell, cols, lo);
    if (!t || t.to <= t.from) return;
    const q = quality(tpl, t, paste.tokens, prefix, opt);
    if (q > 0 && (!best || q > best.quality)) best = { quality: q, matched: t.matched, from: t.from, to: t.to };
  };
  // The whole template, ending anywhere.
  let endJ = -1;
  for (let j = 0; j <= w; j++) if (score[m * cols + j]! > -Infinity && (endJ < 0 || score[m * cols + j]! > score[m * cols + endJ]!)) endJ = j;
  if (endJ >= 0) consider(m * cols + endJ, false);
  // A prefix, ending where a line or sentence of the paste ends.
  for (let i = opt.minPrefixWords; i < m; i++) {
    let bj = -1;
    for (let j = 1; j <= w; j++) {
      if (!paste.tokens[lo + j - 1]!.closes) continue;
      const s = score[i * cols + j]!;
      if (s > -Infinity && (bj < 0 || s > score[i * cols + bj]!)) bj = j;
    }
    if (bj >= 0 && op[i * cols + bj] === OP_MATCH) consider(i * cols + bj, true);
  }
  return best;
}

/** Tables up to this many cells are kept between alignments (about 3 MB); larger ones are not. */
const KEPT_CELLS = 1 << 18;
interface AlignTables {
  score: Float64Array;
  op: Uint8Array;
  back: Int32Array;
}
let kept: AlignTables | null = null;

/**
 * The alignment's tables, cleared for `cells` cells. A log paste aligns dozens of candidates;
 * new tables for each were hundreds of KB a paste outside the heap, which V8 answers with full
 * collections of the whole (large) heap: pauses of 10 ms and more for every turn under way.
 */
function alignTables(cells: number): AlignTables {
  let t = kept;
  if (!t || t.score.length < cells) {
    let size = 1024;
    while (size < cells) size *= 2;
    t = { score: new Float64Array(size), op: new Uint8Array(size), back: new Int32Array(size) };
    if (size <= KEPT_CELLS) kept = t;
  }
  t.score.fill(-Infinity, 0, cells);
  // Only cells reached in this alignment are read, but a cleared op table keeps a stale one
  // from ever passing for a match.
  t.op.fill(0, 0, cells);
  return t;
}

function relax(score: Float64Array, op: Uint8Array, back: Int32Array, cell: number, value: number, o: number, from: number): void {
  if (value > score[cell]!) {
    score[cell] = value;
    op[cell] = o;
    back[cell] = from;
  }
}

interface Trace {
  /** Weight matched, of it the required words', and how many words. */
  matched: number;
  matchedRequired: number;
  words: number;
  extra: number;
  /** Template positions [0, upTo) that the alignment went through. */
  upTo: number;
  from: number;
  to: number;
}

function trace(tpl: Template, paste: Paste, op: Uint8Array, back: Int32Array, cell: number, cols: number, lo: number): Trace | null {
  let matched = 0;
  let words = 0;
  let matchedRequired = 0;
  let extra = 0;
  let from = -1;
  let to = -1;
  const upTo = Math.floor(cell / cols);
  // Trailing extra words are not part of the message.
  let pendingExtra = 0;
  // Row 0 is the free start: the message begins after it.
  for (let c = cell; c >= cols; c = back[c]!) {
    const i = Math.floor(c / cols);
    const j = c % cols;
    const o = op[c]!;
    if (o === OP_MATCH || o === OP_STEM) {
      const gain = (o === OP_MATCH ? 1 : STEM_MATCH) * tpl.weights[i - 1]!;
      matched += gain;
      words++;
      if (!(tpl.flags[i - 1]! & OPTIONAL)) matchedRequired += gain;
      if (to < 0) to = lo + j;
      from = lo + j - 1;
      extra += pendingExtra;
      pendingExtra = 0;
    } else if (o === OP_EXTRA) {
      if (to >= 0) pendingExtra += paste.weights[lo + j - 1]!;
    }
  }
  if (from < 0) return null;
  return { matched, matchedRequired, words, extra, upTo, from, to };
}

function quality(tpl: Template, t: Trace, paste: readonly PasteToken[], prefix: boolean, opt: MessageIndexOptions): number {
  if (tpl.required === 0) return 0;
  let wordsUpTo = 0;
  let weightUpTo = 0;
  let weightAll = 0;
  for (let i = 0; i < tpl.flags.length; i++) {
    if (tpl.flags[i] !== 0) continue;
    weightAll += tpl.weights[i]!;
    if (i < t.upTo) {
      wordsUpTo++;
      weightUpTo += tpl.weights[i]!;
    }
  }
  if (prefix && (t.words < opt.minPrefixWords || wordsUpTo < opt.minPrefixShare * tpl.required)) return 0;
  const recall = prefix
    ? // A prefix is as good as its words, discounted by how much of the message it leaves out.
      (t.matchedRequired / weightUpTo) * (0.8 + 0.2 * (wordsUpTo / tpl.required))
    : t.matchedRequired / weightAll;
  const precision = t.matched / (t.matched + EXTRA_PASTE * t.extra);
  let q = recall * precision;
  // A message of one or two words ("Incorrect function.") is only that message when it is the
  // whole line or sentence; in prose those words mean nothing. Chinese runs its words together
  // ("备份系统提示句柄无效"): there a whole short message set apart on one side is enough.
  const size = wordCount(tpl);
  if (size <= 2 && !(paste[t.from]!.opens && paste[t.to - 1]!.closes) && !(q >= 0.999 && hanSetApart(tpl, t, paste))) q = 0;
  // Three words must all be there, in order.
  if (size > 2 && size <= 3 && q < 0.999) q = 0;
  return Math.round(q * 1000) / 1000;
}

/**
 * A Chinese message of at least four characters whose hit starts or ends a line or sentence, or
 * has a space or punctuation on one side: a user glues it to the verb that reports it (提示,
 * 报错), not to words on both sides. Shorter ones (two characters) stay whole-line only.
 */
function hanSetApart(tpl: Template, t: Trace, paste: readonly PasteToken[]): boolean {
  let chars = 0;
  for (let i = 0; i < tpl.flags.length; i++) {
    if (tpl.flags[i] !== 0) continue;
    if (!tpl.han[i]) return false;
    chars++;
  }
  if (chars < 4) return false;
  const first = paste[t.from]!;
  const last = paste[t.to - 1]!;
  const next = paste[t.to];
  return first.opens || first.spaced || last.closes || (next?.spaced ?? true);
}

type Stretch = MessageHit & { end: number; matched: number };

/**
 * Where two hits cover the same words, a clearly worse one is a near-miss of the better one, and
 * a message wholly inside a longer one that matched as well is only part of it ("The specified
 * service does not exist" inside "… does not exist as an installed service").
 */
function keepBestPerStretch(hits: Stretch[]): MessageHit[] {
  hits.sort((a, b) => b.quality - a.quality || b.matched - a.matched || a.index - b.index);
  const kept: Stretch[] = [];
  for (const h of hits) {
    const shadowed = kept.some(
      (k) =>
        h.index < k.end &&
        k.index < h.end &&
        (k.quality - h.quality > 0.08 || (k.index <= h.index && k.end >= h.end && k.matched > h.matched)),
    );
    if (!shadowed) kept.push(h);
  }
  return kept.map(({ end: _end, matched: _matched, ...h }) => h);
}
