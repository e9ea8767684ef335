// Python shows a program's output that it did not decode as a bytes literal, each byte past ASCII
// as an escape: b'O sistema n\xc6o pode encontrar o caminho especificado.\r\n'. The bytes are in
// the console's code page: an OEM one (850 in Western Europe, 866 in Russia, 936 in China), the
// ANSI one (1252), or UTF-8. Decoding them back turns the escapes into the words Windows printed,
// so that the message can be matched; every decoded character remembers where its escapes stood.

/** Runs of escaped bytes past ASCII: what Python writes as \xNN (below 0x80 it prints the character). */
const ESCAPE_RUN = /(?:\\x[89a-fA-F][0-9a-fA-F])+/g;

/** Code page 850 (OEM Western Europe), bytes 0x80–0xFF: the WHATWG decoders do not include it. */
const CP850 =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0';

interface CodePage {
  decode: (bytes: Uint8Array) => string | null;
  /** How many bytes a decoded character took. */
  width: (codePoint: number) => number;
}

const SINGLE_BYTE = () => 1;
const UTF8_WIDTH = (cp: number) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);
const DBCS_WIDTH = (cp: number) => (cp < 0x80 ? 1 : 2);

/** A WHATWG decoder that refuses bytes it cannot map, or null where the runtime lacks it. */
function strict(label: string, width: CodePage['width']): CodePage | null {
  try {
    const decoder = new TextDecoder(label, { fatal: true });
    const decode = (bytes: Uint8Array) => {
      try {
        return decoder.decode(bytes);
      } catch {
        return null;
      }
    };
    return { decode, width };
  } catch {
    return null;
  }
}

// In order of preference when two read as well: UTF-8 is unambiguous, then the OEM code pages
// that consoles use, then the ANSI one.
const CODE_PAGES: readonly CodePage[] = [
  strict('utf-8', UTF8_WIDTH),
  { decode: (bytes: Uint8Array) => Array.from(bytes, (b) => CP850[b - 0x80]!).join(''), width: SINGLE_BYTE },
  strict('ibm866', SINGLE_BYTE),
  strict('gbk', DBCS_WIDTH),
  strict('windows-1252', SINGLE_BYTE),
].filter((d): d is CodePage => d !== null);

// The scripts of the languages the bot reads: a short run of GBK bytes is also valid UTF-8, but
// it reads as Greek or Armenian letters, which no message here has.
const LOWER_OR_HAN = /(?=\p{Ll})[\p{Script=Latin}\p{Script=Cyrillic}]|\p{Script=Han}/u;
const LATIN = /\p{Script=Latin}/u;
const ASCII_LETTER = /[A-Za-z]/;

interface Run {
  start: number;
  end: number;
  bytes: Uint8Array;
  /** An ASCII letter touches the run: it is part of a Latin word ("n\xc6o"). */
  inLatinWord: boolean;
}

/**
 * How well a code page reads the runs: the bytes that became letters fitting where they stand
 * (small Latin or Cyrillic letters or Chinese characters, and Latin ones inside a Latin word). Counted in bytes, so
 * that UTF-8 Cyrillic (two bytes a letter) is not outscored by the same bytes read as two Latin
 * letters. A run it cannot decode disqualifies it.
 */
function fit(page: CodePage, runs: readonly Run[]): { score: number; texts: string[] } | null {
  let score = 0;
  const texts: string[] = [];
  for (const run of runs) {
    const text = page.decode(run.bytes);
    if (text === null) return null;
    for (const ch of text) {
      if (!LOWER_OR_HAN.test(ch) || (run.inLatinWord && !LATIN.test(ch))) continue;
      score += page.width(ch.codePointAt(0)!);
    }
    texts.push(text);
  }
  return { score, texts };
}

export interface DecodedEscapes {
  text: string;
  /** Offset in the original text of the character at offset i of the decoded one (i ≤ length). */
  origin: (i: number) => number;
}

/** The text with its escaped bytes decoded in the code page that reads them best, or null when it has none. */
export function decodeByteEscapes(text: string): DecodedEscapes | null {
  if (!text.includes('\\x')) return null;
  const runs: Run[] = [];
  for (const m of text.matchAll(ESCAPE_RUN)) {
    const start = m.index;
    const end = start + m[0].length;
    const bytes = new Uint8Array(m[0].length / 4);
    for (let k = 0; k < bytes.length; k++) bytes[k] = parseInt(m[0].slice(k * 4 + 2, k * 4 + 4), 16);
    runs.push({ start, end, bytes, inLatinWord: ASCII_LETTER.test(text[start - 1] ?? '') || ASCII_LETTER.test(text[end] ?? '') });
  }
  if (runs.length === 0) return null;
  let best: { score: number; texts: string[]; page: CodePage } | null = null;
  for (const page of CODE_PAGES) {
    const f = fit(page, runs);
    if (f && (!best || f.score > best.score)) best = { ...f, page };
  }
  if (!best || best.score === 0) return null;
  // Rebuilt with a map from each decoded character back to the escapes it came from.
  const out: string[] = [];
  const map: number[] = [];
  let last = 0;
  const chosen = best;
  runs.forEach((run, r) => {
    for (let i = last; i < run.start; i++) map.push(i);
    out.push(text.slice(last, run.start));
    // A decoded character stands for one or more escapes (GBK: two); each maps to its first.
    const decoded = chosen.texts[r]!;
    let bytesBefore = 0;
    for (const ch of decoded) {
      for (let unit = 0; unit < ch.length; unit++) map.push(run.start + bytesBefore * 4);
      bytesBefore += chosen.page.width(ch.codePointAt(0)!);
    }
    out.push(decoded);
    last = run.end;
  });
  for (let i = last; i < text.length; i++) map.push(i);
  out.push(text.slice(last));
  map.push(text.length);
  return { text: out.join(''), origin: (i) => map[i] ?? text.length };
}
