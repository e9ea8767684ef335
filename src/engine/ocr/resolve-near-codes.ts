// Text recognition misreads characters inside codes: 0x80070005 comes back as 0x8OO7OOOS. This
// rewrites such near-codes to the code the catalog knows, and says which reading it used, so the
// card can show it and the user can correct it.

/** One rewrite: what recognition read, what we used instead, and where it was. */
export interface Correction {
  read: string;
  used: string;
  index: number;
}

export interface ResolvedText {
  text: string;
  corrections: Correction[];
}

export interface NearCodeOptions {
  /** True when the catalog knows the 32-bit value (headers or articles). */
  isKnown: (value: number) => boolean;
  /**
   * At most this many readings tried per token. Only S, B and 8 have two readings each, so an
   * 8-character code has at most 2^8 = 256; the cap keeps the cost fixed whatever the input.
   */
  maxReadings: number;
  /** At most this many near-codes looked at in one text: a screenshot holds a few codes, not hundreds. */
  maxTokens: number;
  /** At most this many readings tried in one text, whatever its tokens: a fixed bound on the work. */
  maxReadingsPerText: number;
}

export const DEFAULT_NEAR_CODE_OPTIONS: Readonly<Omit<NearCodeOptions, 'isKnown'>> = Object.freeze({
  maxReadings: 256,
  maxTokens: 200,
  // Sixteen fully ambiguous codes (2^8 readings each), far more than a dialog shows.
  maxReadingsPerText: 4096,
});

// What each character recognition produces can stand for, inside a hexadecimal code. Only the
// confusions OCR of screen fonts makes: O/0, I/l/|/1, S/5/8, B/8, Z/2. Hex digits stand for
// themselves; 8 and B also for each other, since either can be misread as the other.
const READINGS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  O: ['0'], o: ['0'], Q: ['0'], D: ['D', '0'],
  I: ['1'], l: ['1'], '|': ['1'], i: ['1'],
  S: ['5', '8'], s: ['5', '8'],
  B: ['B', '8'], b: ['B', '8'], '8': ['8', 'B'],
  Z: ['2'], z: ['2'],
});
const readingsOf = (c: string): readonly string[] => READINGS[c] ?? [c.toUpperCase()];

// "0x" as recognition writes it (Ox, ox, 0X), then 4 to 8 characters of hex digits or their
// look-alikes; or 8 such characters standing alone (800B0004 in a Windows Update dialog). Bounded
// repetition of one character class, anchored by single-character look-arounds: linear time.
const LOOKALIKE = '0-9A-Fa-fOoQIil|SsZz';
const NEAR_CODE = new RegExp(
  String.raw`(?<![0-9A-Za-z_])(?:(?<prefix>[0Oo][xX])(?<hex>[${LOOKALIKE}]{4,8})|(?<bare>[${LOOKALIKE}]{8}))(?![0-9A-Za-z_])`,
  'g',
);
// A bare token must look like a number to begin with: "BlOSSOMS" or "Isolated" are words. Two
// real digits keep such words out and still let six of a code's eight characters be misread
// (8OOBOOO4 for 800B0004).
const MIN_BARE_DIGITS = 2;

/** Every reading of `chars`, in order of fewest substitutions first, up to `max`. */
function readings(chars: string, max: number): string[] {
  let out: { text: string; changes: number }[] = [{ text: '', changes: 0 }];
  for (const c of chars) {
    const next: { text: string; changes: number }[] = [];
    for (const r of readingsOf(c)) {
      const changed = r !== c.toUpperCase() ? 1 : 0;
      for (const o of out) if (next.length < max) next.push({ text: o.text + r, changes: o.changes + changed });
    }
    out = next;
  }
  // Stable: among equally few changes, the order above (each character's first reading first).
  return out.sort((a, b) => a.changes - b.changes).map((o) => o.text);
}

const isHex = (s: string) => /^[0-9A-Fa-f]+$/.test(s);

/** The known code a near-code stands for, or null when none of its readings is known; counts what it tried. */
function resolveToken(chars: string, options: NearCodeOptions, budget: { left: number }): string | null {
  if (budget.left <= 0) return null;
  for (const r of readings(chars, Math.min(options.maxReadings, budget.left))) {
    budget.left--;
    if (options.isKnown(parseInt(r, 16) >>> 0)) return r;
  }
  return null;
}

/** Rewrites near-codes in recognised text to the codes the catalog knows, listing each rewrite. */
export function resolveNearCodes(text: string, options: Partial<NearCodeOptions> & Pick<NearCodeOptions, 'isKnown'>): ResolvedText {
  const o: NearCodeOptions = { ...DEFAULT_NEAR_CODE_OPTIONS, ...options };
  const corrections: Correction[] = [];
  let out = '';
  let last = 0;
  let seen = 0;
  const budget = { left: o.maxReadingsPerText };
  for (const m of text.matchAll(NEAR_CODE)) {
    if (++seen > o.maxTokens) break;
    const g = m.groups ?? {};
    const chars = g.hex ?? g.bare ?? '';
    const prefixed = g.hex !== undefined;
    // Well-formed and known as written: nothing to correct.
    if (prefixed && g.prefix === '0x' && isHex(chars) && o.isKnown(parseInt(chars, 16) >>> 0)) continue;
    if (!prefixed && isHex(chars) && o.isKnown(parseInt(chars, 16) >>> 0)) continue;
    if (!prefixed && (chars.match(/\d/g)?.length ?? 0) < MIN_BARE_DIGITS) continue;
    const resolved = resolveToken(chars, o, budget);
    if (resolved === null) continue;
    const used = `${prefixed ? '0x' : ''}${resolved}`;
    if (used === m[0]) continue;
    corrections.push({ read: m[0], used, index: m.index });
    out += text.slice(last, m.index) + used;
    last = m.index + m[0].length;
  }
  return { text: corrections.length === 0 ? text : out + text.slice(last), corrections };
}
