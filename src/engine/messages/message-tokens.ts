// Turns a message template (with FormatMessage placeholders) or a paste into comparable tokens:
// lower case, accents and smart punctuation gone, words for alphabetic scripts, one token per
// Chinese character. Templates and pastes go through the same rules, so they meet in the middle.
import { decodeByteEscapes } from './byte-escapes';

/** Template token kinds: a word, a placeholder (matches zero or more words), or optional. */
export const WORD = 0;
/** A placeholder (%1, %hs, %2!s!, 0x%08lx): matches zero or more words of the paste. */
export const WILDCARD = 1;
/** Part of a {Title} that Windows shows as the dialog's caption: users often leave it out. */
export const OPTIONAL_WORD = 2;

/** A template's tokens as two parallel lists of word ids (-1 for a wildcard) and kinds. */
export interface TemplateTokens {
  ids: number[];
  kinds: number[];
}

/**
 * Word → id, read straight from the folded text: 700,000 template tokens are mostly 26,000
 * words seen before, so a token is hashed and compared where it stands, and only a new word
 * becomes a string. Ids are given in order of first appearance.
 */
export class WordIds {
  readonly list: string[] = [];
  private slots = new Int32Array(1 << 16).fill(-1);
  private hashes = new Int32Array(1 << 16);
  /** The id of text[start, end), whose hash is `hash`; a new word gets the next id. */
  idOf(text: string, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    let h = hash & mask;
    for (; this.slots[h] !== -1; h = (h + 1) & mask) {
      if (this.hashes[h] !== hash) continue;
      const id = this.slots[h]!;
      const w = this.list[id]!;
      if (w.length !== end - start) continue;
      let k = 0;
      while (k < w.length && w.charCodeAt(k) === text.charCodeAt(start + k)) k++;
      if (k === w.length) return id;
    }
    const id = this.list.length;
    this.list.push(text.slice(start, end));
    this.slots[h] = id;
    this.hashes[h] = hash;
    // Grown at half full: most lookups end at the first slot.
    if (this.list.length * 2 > this.slots.length) this.grow();
    return id;
  }
  private grow(): void {
    const [slots, hashes] = [this.slots, this.hashes];
    this.slots = new Int32Array(slots.length * 2).fill(-1);
    this.hashes = new Int32Array(slots.length * 2);
    const mask = this.slots.length - 1;
    for (let k = 0; k < slots.length; k++) {
      if (slots[k] === -1) continue;
      let h = hashes[k]! & mask;
      while (this.slots[h] !== -1) h = (h + 1) & mask;
      this.slots[h] = slots[k]!;
      this.hashes[h] = hashes[k]!;
    }
  }
}
const mix = (h: number, c: number) => Math.imul(h ^ c, 0x01000193);
const HASH_SEED = 0x811c9dc5 | 0;

/** A token of a paste, with where it stands in the text's sentences and lines. */
export interface PasteToken {
  text: string;
  /** Offset in the paste, to quote the matched words back. */
  start: number;
  end: number;
  /** A line or sentence starts right before this token. */
  opens: boolean;
  /** A line or sentence ends right after this token (or the paste does). */
  closes: boolean;
  /** Part of a file path or URL ("C:\Users\…", "/var/log"): programs insert those into messages. */
  path: boolean;
  /** Something other than a letter (a space, punctuation) or the paste's start stands right before it. */
  spaced: boolean;
}

// FormatMessage inserts (%1, %2!s!, %hs, %08lx, %p), escapes that stand for spacing (%n %r %t
// %b %0 %. %!) and the literal %% of the templates. One alternation, no nested repetition.
// printf-style first, so that %08lx is one insert and not %0 followed by "8lx".
const PLACEHOLDER = /%(?:[-#0+ ]?\d{0,3}(?:\.\d{1,3})?(?:hh|h|ll|l|I64|I32|w)?[sSdiuxXpcCoeEfgG]|\d{1,2}(?:![^!\s]{1,8}!)?|[nrtb0.!%])/g;
const SPACING = new Set(['%n', '%r', '%t', '%b', '%0', '%.', '%!', '%%']);
const WILD = '\u0000';

const HAN = /\p{Script=Han}/u;
// A word: letters and digits of one run; Han characters stand alone (Chinese has no spaces), and
// a run of other letters stops where Han starts: "的win32应用程序" is 的, win32, 应, 用, 程, 序.
const TOKEN = /\p{Script=Han}|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;
// What ends a sentence or a line, in the scripts Windows speaks.
// Brackets and quotes set a message apart too: "(Acceso denegado)", “拒绝访问”.
const CLOSER = /[.!?;:。！？；：\n\r()[\]"“”«»「」（）]/;

const ASCII = /^[\t\n\r\x20-\x7e]*$/;
// Plain ASCII (all English texts, most pastes) takes the fast path: no normalisation needed.
const ASCII_TOKEN = /[a-z0-9]+/g;

// Accented letters of the Latin and Cyrillic blocks, folded once at load: normalising every
// text (NFKD) costs more than the rest of building the message index.
const FOLD = new Map<number, string>();
for (const [from, to] of [[0x00c0, 0x024f], [0x0400, 0x04ff], [0x1e00, 0x1eff]] as const) {
  for (let c = from; c <= to; c++) {
    const ch = String.fromCharCode(c).toLowerCase();
    const folded = ch.normalize('NFKD').replace(/\p{M}+/gu, '');
    if (folded !== ch) FOLD.set(ch.charCodeAt(0), folded);
  }
}
// Only the characters that do fold: most Cyrillic letters do not, and a Russian text would
// otherwise call the replacer once a letter.
const FOLDABLE = new RegExp(
  `[${[...FOLD.keys()]
    .filter((c) => (c >= 0x00c0 && c <= 0x024f) || (c >= 0x0400 && c <= 0x04ff) || (c >= 0x1e00 && c <= 0x1eff))
    .map((c) => `\\u${c.toString(16).padStart(4, '0')}`)
    .join('')}]`,
  'g',
);
// Outside those blocks, only compatibility forms (ligatures, full-width letters) need NFKD.
// (and combining marks of an already decomposed accent).
const COMPAT = /[\ufb00-\ufb4f\uff00-\uffef\u2100-\u214f]|\p{M}/u;

/** Lower case, no accents: the form both sides are compared in. */
export function foldText(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  const lower = (COMPAT.test(text) ? text.normalize('NFKD').replace(/\p{M}+/gu, '') : text).toLowerCase();
  return lower.replace(FOLDABLE, (ch) => FOLD.get(ch.charCodeAt(0)) ?? ch);
}

// Character classes for the template scanner, which does what TOKEN does without a regular
// expression: bit 1 a letter or digit, bit 2 a Han character. Filled as characters are met.
const LN_BIT = 1;
const HAN_BIT = 2;
const KNOWN_BIT = 4;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const charClass = new Uint8Array(0x10000);
const astralClass = new Map<number, number>();
const classify = (ch: string) => (LETTER_OR_DIGIT.test(ch) ? LN_BIT : 0) | (HAN.test(ch) ? HAN_BIT : 0) | KNOWN_BIT;
const classOf = (cp: number): number => {
  if (cp < 0x10000) {
    let c = charClass[cp]!;
    if (c === 0) charClass[cp] = c = classify(String.fromCharCode(cp));
    return c;
  }
  let c = astralClass.get(cp);
  if (c === undefined) astralClass.set(cp, (c = classify(String.fromCodePoint(cp))));
  return c;
};

/**
 * Appends the word ids of folded text's tokens, as `text.match(TOKEN)` finds them, with one kind:
 * a Han character alone, else a run of letters and digits that stops before a Han character.
 * Returns how many it appended.
 */
function scanTokens(text: string, kind: number, dict: WordIds, ids: number[], kinds: number[]): number {
  let n = 0;
  for (let i = 0; i < text.length; ) {
    let cp = text.charCodeAt(i);
    // Plain lower-case ASCII letters and digits, the commonest case, need no table.
    const ascii = (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39);
    if (!ascii && cp >= 0xd800 && cp <= 0xdbff) cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const cls = ascii ? LN_BIT | KNOWN_BIT : classOf(cp);
    if (!(cls & (HAN_BIT | LN_BIT))) {
      i += width;
      continue;
    }
    const start = i;
    let h = mix(HASH_SEED, text.charCodeAt(i));
    if (width === 2) h = mix(h, text.charCodeAt(i + 1));
    i += width;
    if (!(cls & HAN_BIT)) {
      while (i < text.length) {
        const c = text.charCodeAt(i);
        if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39))) {
          const full = c >= 0xd800 && c <= 0xdbff ? text.codePointAt(i)! : c;
          if ((classOf(full) & (LN_BIT | HAN_BIT)) !== LN_BIT) break;
          if (full > 0xffff) {
            h = mix(mix(h, c), text.charCodeAt(i + 1));
            i += 2;
            continue;
          }
        }
        h = mix(h, c);
        i++;
      }
    }
    ids.push(dict.idOf(text, start, i, h));
    kinds.push(kind);
    n++;
  }
  return n;
}

/** Splits a template into tokens; placeholders become wildcards, a leading {Caption} optional. */
export function templateTokens(template: string, dict: WordIds): TemplateTokens {
  const ids: number[] = [];
  const kinds: number[] = [];
  // NTSTATUS messages start with their dialog caption in braces: "{Access Denied} A process…".
  const caption = /^\s*\{([^}]{1,120})\}/.exec(template);
  const body = caption ? template.slice(caption[0].length) : template;
  if (caption) scanTokens(foldText(caption[1]!), OPTIONAL_WORD, dict, ids, kinds);
  // Most texts have no placeholder: one pass over the folded text.
  if (!body.includes('%')) {
    scanTokens(foldText(body), WORD, dict, ids, kinds);
    return { ids, kinds };
  }
  const marked = body.replace(PLACEHOLDER, (p) => (SPACING.has(p.toLowerCase()) ? ' ' : ` ${WILD} `));
  const parts = foldText(marked).split(WILD);
  parts.forEach((part, i) => {
    // Two placeholders in a row are one stretch of the paste.
    if (i > 0 && kinds.at(-1) !== WILDCARD) {
      ids.push(-1);
      kinds.push(WILDCARD);
    }
    const found = scanTokens(part, WORD, dict, ids, kinds);
    // "0x%08lx": the literal 0x before a placeholder belongs to the number the paste shows.
    if (i + 1 < parts.length && found > 0 && dict.list[ids.at(-1)!] === '0x' && /0x\s*$/.test(part)) {
      ids.pop();
      kinds.pop();
    }
  });
  return { ids, kinds };
}

/**
 * The folded paste and, for each of its characters, the offset of the original character it came
 * from, so that what matched is quoted back as the user wrote it. Folding mostly keeps lengths
 * (é → e); where it does not (ﬁ → fi, a decomposed accent), each character is folded alone.
 */
function foldWithOffsets(text: string): { folded: string; origin: (i: number) => number } {
  const folded = foldText(text);
  if (folded.length === text.length) return { folded, origin: (i) => i };
  const parts: string[] = [];
  const map: number[] = [];
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    // Most characters fold alone cheaply; a combining mark folds to nothing.
    const f = cp < 0x80 ? text[i]!.toLowerCase() : cp >= 0x300 && cp <= 0x36f ? '' : foldText(text.slice(i, i + width));
    for (let k = 0; k < f.length; k++) map.push(i);
    parts.push(f);
    i += width;
  }
  const out = parts.join('');
  map.push(text.length);
  return { folded: out, origin: (i) => map[i] ?? text.length };
}

/**
 * Splits a paste into tokens with their sentence and line boundaries. Linear in the text. Bytes
 * that Python escaped (b'n\xc6o') are read in their code page first; offsets stay the paste's.
 */
export function pasteTokens(text: string): PasteToken[] {
  const bytes = decodeByteEscapes(text);
  const folding = foldWithOffsets(bytes ? bytes.text : text);
  const { folded } = folding;
  const origin = bytes ? (i: number) => bytes.origin(folding.origin(i)) : folding.origin;
  const out: PasteToken[] = [];
  let last = 0;
  for (const m of folded.matchAll(ASCII.test(folded) ? ASCII_TOKEN : TOKEN)) {
    const gap = folded.slice(last, m.index);
    const prev = out.at(-1);
    const boundary = out.length === 0 || CLOSER.test(gap);
    if (prev && boundary) prev.closes = true;
    const path = /[\\/]/.test(gap) || folded[m.index + m[0].length] === '\\';
    out.push({ text: m[0], start: origin(m.index), end: origin(m.index + m[0].length), opens: boundary, closes: false, path, spaced: out.length === 0 || gap.length > 0 });
    last = m.index + m[0].length;
  }
  const tail = out.at(-1);
  if (tail) tail.closes = true;
  return out;
}

/** True when the text holds Chinese characters (their tokens are single characters). */
export const hasHan = (text: string): boolean => HAN.test(text);
