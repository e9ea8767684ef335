// The engine's front door: from any pasted text to every code in it, decoded, named, tied to its
// article and ranked best first.
import type { ArticleIndex } from './catalog/article-index';
import type { CodeTables } from './codes/code-tables';
import { decode, decodeBugcheck, decodeWin32, hresultFromNt, hresultFromWin32, isKnownValue, kindOf, type Decoded } from './codes/decode';
import { extractBugchecks } from './extract-bugchecks';
import { extractCodes, MAX_INPUT_CHARS, type CodeHit } from './extract-codes';
import type { WordIndex } from './match-words';
import type { MessageIndex } from './messages/message-index';
import type { Messages, MessageTables } from './messages/message-tables';

export interface Engine {
  readonly tables: CodeTables;
  readonly articles: ArticleIndex;
  /** Titles, messages and aliases of the curated articles. */
  readonly articleWords: WordIndex;
  /** Every header name, humanised. */
  readonly nameWords: WordIndex;
  /** What Windows prints for each code, by language. */
  readonly messages: MessageTables;
  /** Finds those texts in a paste. */
  readonly messageIndex: MessageIndex;
}

/** How a match was found: a notation of the value, a symbolic name, Windows' message, other words. */
export type MatchSource = 'code' | 'name' | 'message' | 'text';

export interface Match extends Decoded {
  /** 0..1: how sure we are that this is the user's error. */
  score: number;
  source: MatchSource;
  /** The curated article's id, or null. */
  article: string | null;
  /** The text as the user wrote it (first few occurrences), or the phrase that matched. */
  found: string[];
  /** False for a value that neither the headers nor an article define. */
  known: boolean;
  /** What Windows prints for the code, by language (only the languages known for it). */
  message?: Messages;
  /** The languages of `message` whose text is a machine translation of Microsoft's documentation. */
  messageTranslated?: string[];
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
  /** An unknown value whose facility is no real one either: only a guess that it is a code. */
  stranger: 0.35,
  /** A message that names another error than the codes beside it. */
  besideCodes: 0.8,
  /** A generic wrapper code beside a message that names the real error. */
  genericWrapper: 0.6,
  /** A known code given as a blue screen's parameter: shown, below the stop code. */
  bugcheckParameter: 0.8,
  /** A whole Windows message, word for word, is as good as its code pasted. */
  message: 0.95,
  // Word matches are capped below code matches; header names below article phrases.
  articleWords: 0.9,
  headerWords: 0.75,
  // Below this a word match is noise: one shared syllable with a header name nobody meant.
  minWords: 0.3,
});

const MAX_FOUND = 3;
/** A message quoted back is cut here: enough to recognise it on a card. */
const MAX_FOUND_CHARS = 160;
/**
 * A message of three words or fewer ("Access Denied.") is the text of several codes in several
 * headers; alone it is weaker evidence than a longer one, so an article's phrases can weigh in.
 */
const SHORT_MESSAGE_WORDS = 3;
const SHORT_MESSAGE_FACTOR = 0.8;
const NAMELESS_FACTOR = 0.9;
const SUB_STATUS = /sub\s*status\s*:\s*$/i;
const STATUS = /status\s*:\s*$/i;
const GENERAL_STATUS_FACTOR = 0.95;
/** The label of a blue screen's numbered parameter, just before a value. */
const PARAMETER_LABEL = /(?:parameter\s*\d|bcp\d|arg\d|bugcheck_p\d)\s*:\s*(?:0x)?$/i;
/** Other codes that share a message's exact words rank just below the one Windows most often means. */
const SHARED_TEXT_FACTOR = 0.9;
/** With a message matched at least this well, loose word matches add nothing but noise. */
const STRONG_MESSAGE = 0.8;
/** E_FAIL and .NET's COR_E_EXCEPTION: the HRESULTs that wrap another error's message. */
const GENERIC_WRAPPERS: ReadonlySet<number> = new Set([0x80004005, 0x80131500]);
/** A message this good beside a generic wrapper is the error the user has. */
const GENERIC_BESIDE_MESSAGE = 0.7;
/** What a code's own message, found beside it, adds to the surer of the two. */
const CORROBORATION = 0.05;

function articleFor(engine: Engine, d: Decoded): string | null {
  const a = engine.articles;
  if (d.kind === 'bugcheck') return a.forBugcheck(d.value)?.id ?? null;
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
  if (kind === 'bugcheck') return decodeBugcheck(tables, value);
  const preferHresult = articles.defines(value) && !tables.ntstatus.has(value);
  const d = decode(tables, value, kind ?? kindOf(tables, value, preferHresult));
  if (d.names.length === 0) d.names = [...articles.namesFor(value)];
  return d;
}

/** True when the headers or an article name the value (or what it wraps). */
const isKnown = (engine: Engine, v: number) => isKnownValue(engine.tables, v) || engine.articles.defines(v);

function knownDecoded(engine: Engine, d: Decoded): boolean {
  if (d.kind === 'bugcheck') return engine.tables.bugcheck.has(d.value);
  if (d.kind === 'win32') return engine.tables.win32.has(d.value);
  return isKnown(engine, d.value);
}

/**
 * One error written in two ways is one key: Win32 5 and 0x80070005 (HRESULT_FROM_WIN32), the
 * NTSTATUS 0xC0000005 and 0xD0000005 (HRESULT_FROM_NT). Stop codes are a space of their own.
 */
function sameError(d: Decoded): string {
  if (d.kind === 'bugcheck') return `bugcheck:${d.value}`;
  if (d.kind === 'win32') return `hr:${hresultFromWin32(d.value)}`;
  if (d.kind === 'ntstatus') return `hr:${hresultFromNt(d.value)}`;
  return `hr:${d.value >>> 0}`;
}

function codeScore(engine: Engine, d: Decoded, hit: CodeHit, article: string | null): number {
  if (hit.notation === 'name') return SCORE.named;
  if (d.kind === 'win32') return SCORE.win32InContext;
  const known = isKnown(engine, d.value);
  if (article && known) return SCORE.explained;
  if (known) return SCORE.known;
  if (article) return SCORE.inFamily;
  return engine.tables.facilities.has((d.value >>> 16) & 0x1fff) ? SCORE.unknown : SCORE.stranger;
}

type Ranked = Match & { first: number; count: number };

/** A value as a match of its own (a code the user picked): decoded, named, with its message. */
export function describeCode(engine: Engine, value: number, kind: Decoded['kind'], article: string | null): Match {
  const d = decodeValue(engine, value, kind);
  const message = withMessage(engine, d);
  return { ...d, score: 1, source: 'code', article, found: [d.code], known: knownDecoded(engine, d), ...message };
}

/** The message fields of a match: its texts, and the languages that are documentation translations. */
function withMessage(engine: Engine, d: Decoded): Pick<Match, 'message' | 'messageTranslated'> {
  const m = d.kind === 'bugcheck' ? undefined : engine.messages.of(d.kind, d.value);
  if (!m) return {};
  return { message: m.texts, ...(m.translated.length ? { messageTranslated: [...m.translated] } : {}) };
}

function toMatch(engine: Engine, d: Decoded, score: number, source: MatchSource, found: string, first: number): Ranked {
  const article = articleFor(engine, d);
  const message = withMessage(engine, d);
  return { ...d, score, source, article, found: [found], known: knownDecoded(engine, d), ...message, first, count: 1 };
}

function addFound(m: Match, text: string): void {
  if (m.found.length < MAX_FOUND && !m.found.includes(text)) m.found.push(text);
}

function fromCodes(engine: Engine, text: string): Ranked[] {
  const { tables, articles } = engine;
  const hits = extractCodes(text, tables, {
    // (A family's 0x8031002C is kept as a written-out failure code; a bare 80180000 is a size.)
    isKnown: (v) => isKnown(engine, v),
    lookupName: (lower) => {
      const v = articles.byName.get(lower);
      return v === undefined ? [] : [{ value: v, kind: 'hresult' as const }];
    },
  });
  const byKey = new Map<string, Ranked>();
  const bugchecks = extractBugchecks(text, tables);
  // Inside the bug check's own brackets, or on a numbered parameter line ("Parameter 1:", "Arg1:").
  const inParameters = (i: number) =>
    bugchecks.some((b) => i > b.index && i < b.index + b.text.length) || (bugchecks.length > 0 && PARAMETER_LABEL.test(text.slice(Math.max(0, i - 20), i)));
  for (const b of bugchecks) {
    const d: Decoded = { ...decodeBugcheck(tables, b.value), ...(b.parameters ? { parameters: b.parameters } : {}), ...(b.driver ? { driver: b.driver } : {}) };
    const m = toMatch(engine, d, 0, 'code', b.text, b.index);
    m.score = m.known && m.article ? SCORE.explained : m.known ? SCORE.known : SCORE.unknown;
    byKey.set(`bugcheck:${d.code}`, m);
  }
  for (const hit of hits) {
    const d = decodeValue(engine, hit.value, hit.kind);
    const key = `${d.kind}:${d.code}`;
    const seen = byKey.get(key);
    const source: MatchSource = hit.notation === 'name' ? 'name' : 'code';
    if (seen) {
      seen.count++;
      addFound(seen, hit.text);
      if (source === 'code') seen.source = 'code';
      continue;
    }
    const m = toMatch(engine, d, 0, source, hit.text, hit.index);
    m.score = codeScore(engine, d, hit, m.article);
    // A blue screen's parameters are not errors of their own; a known code among them (the
    // exception code of 0x8E) is worth showing, below the stop code.
    if (inParameters(hit.index)) {
      // A small number there is the stop code itself ("Stop code: 0x000000C2"), not Win32 error 194.
      if (!m.known || d.kind === 'win32') continue;
      m.score = Math.min(m.score, SCORE.bugcheckParameter);
    }
    byKey.set(key, m);
  }
  // "0x80070490 - ERROR_NOT_FOUND" is one error written twice: fold the Win32 name into the HRESULT.
  for (const [key, m] of byKey) {
    if (m.kind !== 'win32' || !m.hresult) continue;
    const hr = byKey.get(`hresult:${m.hresult.code}`);
    if (!hr) continue;
    for (const f of m.found) addFound(hr, f);
    hr.count += m.count;
    byKey.delete(key);
  }
  // Event 4625 gives a general "Status:" and the specific "Sub Status:"; the specific one says why.
  const labelled = (m: Ranked, re: RegExp) => re.test(text.slice(Math.max(0, m.first - 16), m.first));
  const all = [...byKey.values()];
  if (all.some((m) => labelled(m, SUB_STATUS) && m.value !== 0)) {
    for (const m of all) if (labelled(m, STATUS) && !labelled(m, SUB_STATUS)) m.score = Math.round(m.score * GENERAL_STATUS_FACTOR * 1000) / 1000;
  }
  return all;
}

// Among codes that share one text, the one a user most likely saw: a Win32 error (what
// FormatMessage mostly prints), a core header's HRESULT, an NTSTATUS, then components' HRESULTs.
function sharedTextRank(engine: Engine, c: { kind: string; value: number }): number {
  if (c.kind === 'win32') return 0;
  if (c.kind === 'hresult' && engine.tables.coreHresult.has(c.value)) return 1;
  return c.kind === 'ntstatus' ? 2 : 3;
}

/**
 * Whether a header gives one of these names. An HRESULT name from the documentation alone (a
 * value newer than the headers, often a component's) does not make the value a likely one.
 */
function headerNamed(engine: Engine, names: readonly string[] = []): boolean {
  return names.some((n) => !engine.tables.documentedNames.has(n));
}

function fromMessages(engine: Engine, text: string): Ranked[] {
  const out: Ranked[] = [];
  for (const hit of engine.messageIndex.search(text)) {
    const found = hit.found.replace(/\s+/g, ' ').slice(0, MAX_FOUND_CHARS);
    const codes = [...hit.codes].sort((a, b) => sharedTextRank(engine, a) - sharedTextRank(engine, b) || a.value - b.value);
    const keys = new Set<string>();
    codes.forEach((c, i) => {
      const d = decodeValue(engine, c.value, c.kind);
      const key = sameError(d);
      if (keys.has(key)) return;
      keys.add(key);
      const short = hit.words <= SHORT_MESSAGE_WORDS ? SHORT_MESSAGE_FACTOR : 1;
      // A value no header names is rarely the one a user saw.
      const nameless = !headerNamed(engine, d.names) && !headerNamed(engine, d.win32?.names) && !headerNamed(engine, d.ntstatus?.names) ? NAMELESS_FACTOR : 1;
      const score = Math.round(SCORE.message * hit.quality * short * nameless * (i === 0 ? 1 : SHARED_TEXT_FACTOR) * 1000) / 1000;
      out.push(toMatch(engine, d, score, 'message', found, hit.index));
    });
  }
  return out;
}

function fromWords(engine: Engine, text: string, limit: number, headerNames: boolean): Ranked[] {
  const out = new Map<string, Ranked>();
  const add = (d: Decoded, score: number, found: string) => {
    const key = `${d.kind}:${d.code}`;
    const prev = out.get(key);
    if (score < SCORE.minWords || (prev && prev.score >= score)) return;
    out.set(key, toMatch(engine, d, Math.round(score * 1000) / 1000, 'text', found, Number.MAX_SAFE_INTEGER));
  };
  for (const h of engine.articleWords.search(text, limit)) {
    const art = engine.articles.byId(h.key);
    if (!art) continue;
    const first = art.codes[0]!;
    const d = 'bugcheck' in first || 'bugcheckRange' in first ? decodeBugcheck(engine.tables, engine.articles.primaryCode(art)) : decodeValue(engine, engine.articles.primaryCode(art));
    add(d, h.score * SCORE.articleWords, h.text);
  }
  for (const h of headerNames ? engine.nameWords.search(text, limit) : []) {
    for (const c of engine.tables.byName.get(h.key.toLowerCase()) ?? []) {
      add(decodeValue(engine, c.value, c.kind === 'win32' || c.kind === 'bugcheck' ? c.kind : undefined), h.score * SCORE.headerWords, h.text);
    }
  }
  return [...out.values()];
}

/**
 * Puts the evidence together: a code and its own message corroborate each other (one match, the
 * surer of the two); a code and a different message are both kept. Best first: surest, then most
 * often repeated, then first seen.
 */
function combine(codes: Ranked[], others: Ranked[]): Match[] {
  const byError = new Map<string, Ranked>();
  for (const m of codes) byError.set(sameError(m), m);
  const merged = [...codes];
  // A message beside codes that name other errors is shown, after them: the number the user
  // pasted is the surer reading ("[WinError 2] Le fichier spécifié est introuvable"). Not after
  // a generic wrapper, which only carries the message.
  const realCodes = codes.some((c) => !GENERIC_WRAPPERS.has(c.value));
  for (const m of others) {
    const key = sameError(m);
    const same = byError.get(key);
    if (same) {
      if (same.source !== 'message' && m.source !== 'message') continue;
      // Two readings of one error agree: surer than either alone. Without a code among them
      // (a short message and an article's phrase), no surer than a known code.
      const cap = same.source === 'code' || same.source === 'name' ? 1 : SCORE.known;
      same.score = Math.min(cap, Math.round((Math.max(same.score, m.score) + CORROBORATION) * 1000) / 1000);
      for (const f of m.found) addFound(same, f);
      continue;
    }
    byError.set(key, m);
    if (realCodes) m.score = Math.min(m.score, SCORE.besideCodes);
    merged.push(m);
  }
  return merged
    .sort((a, b) => b.score - a.score || b.count - a.count || a.first - b.first || a.code.localeCompare(b.code))
    .map(({ first: _first, count: _count, ...m }) => m);
}

/** Finds, decodes and ranks every Windows error in `text`. Never throws on user input. */
export function lookup(engine: Engine, text: string, options: Partial<LookupOptions> = {}): LookupResult {
  const { limit } = { ...DEFAULT_LOOKUP_OPTIONS, ...options };
  if (text.length > MAX_INPUT_CHARS) {
    return { matches: [], problem: { kind: 'too-large', limit: MAX_INPUT_CHARS, length: text.length } };
  }
  if (text.trim() === '') return { matches: [], problem: { kind: 'empty' } };
  const codes = fromCodes(engine, text);
  const found = fromMessages(engine, text);
  // .NET wraps Win32 errors in a generic HRESULT ("Win32Exception (0x80004005): The semaphore
  // timeout period has expired"): there the message names the error, the code only the wrapper.
  const named = found.filter((m) => m.score >= GENERIC_BESIDE_MESSAGE);
  const wrappers = codes.filter((c) => GENERIC_WRAPPERS.has(c.value) && named.some((m) => sameError(m) !== sameError(c)));
  for (const c of wrappers) c.score = Math.min(c.score, SCORE.genericWrapper);
  // Beside codes, only a message matched well is evidence of another error; a partial one is
  // noise, unless every code is such a wrapper.
  const onlyWrappers = codes.length > 0 && wrappers.length === codes.length;
  const messages = found.filter((m) => codes.length === 0 || m.score >= (onlyWrappers ? GENERIC_BESIDE_MESSAGE : STRONG_MESSAGE));
  // Without a code, the curated articles' phrases always have a say; header names, humanised,
  // are loose words and only a last resort when no message was found well.
  const words = codes.length === 0 ? fromWords(engine, text, limit, !messages.some((m) => m.score >= STRONG_MESSAGE)) : [];
  return { matches: combine(codes, [...messages, ...words]).slice(0, limit) };
}
