// Reads the system error code pages (desktop-src/Debug/system-error-codes--*.md) and the COM error
// code pages (desktop-src/com/com-error-codes-*.md) of Microsoft's localised Win32 documentation.
// Each code starts with `<span id="NAME"></span>` (a lower-case twin follows), then a bold,
// machine-translated rendering of the name, which is ignored. The system error pages are
// definition lists: `2 (0x2)`, then the message. The COM pages are table rows: the hex value in
// the second <dt> (or run into the bold name: `**E \_ NOTIMPL-0x80004001**`), the message in
// the next cell. The English repository (MicrosoftDocs/win32) lays the system error pages out as
// plain paragraphs, which are read too.
import { collapseWhitespace } from './message-catalog';

export interface PageMessage {
  name: string;
  /** Undefined when the page's number cannot be read, or its decimal and hex disagree. */
  value: number | undefined;
  /** The numbers read from the page when they disagree (or the one read), for a check by name. */
  candidates: number[];
  text: string;
  /** What the page printed as the number, for the import report. */
  written: string;
}

// Only the HTML the pages use: messages also hold literal text in angle brackets
// ("<domain name>\<user name>"), which must stay.
const TAGS = /<\/?(?:br|span|dl|dt|dd|p|b|i|em|strong|code|sup|sub|a)\b[^>]*>/gi;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Removes each `<span class="sxs-lookup">…</span>` with what it holds: the English original. */
function dropEnglishOriginal(html: string): string {
  let out = html;
  for (let at = out.search(/<span\b[^>]*class="sxs-lookup"/); at >= 0; at = out.search(/<span\b[^>]*class="sxs-lookup"/)) {
    let depth = 0;
    const span = /<(\/?)span\b[^>]*>/g;
    span.lastIndex = at;
    let end = out.length;
    for (let m = span.exec(out); m; m = span.exec(out)) {
      depth += m[1] ? -1 : 1;
      if (depth === 0) {
        end = m.index + m[0].length;
        break;
      }
    }
    out = out.slice(0, at) + out.slice(end);
  }
  return out;
}

/** A message cell or paragraph as plain text: no tags, links, emphasis or Markdown escapes. */
export function pageText(markdown: string): string {
  return collapseWhitespace(
    dropEnglishOriginal(markdown)
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(TAGS, '')
      .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\*\*/g, '')
      .replace(/\\([\\`*_{}[\]()#+\-.!|<>"'])/g, '$1')
      .replace(/&(lt|gt|amp|quot|apos|nbsp|#39);/g, (_, e: string) => ENTITIES[e]!),
  );
}

/** The codes of one page, in page order. */
export function parseErrorCodePage(markdown: string): PageMessage[] {
  const starts = [...markdown.matchAll(/((?:<span id="[^"]*"><\/span>)+)/g)];
  return starts.map((s, i) => {
    const name = /<span id="([^"]*)">/.exec(s[1]!)![1]!;
    const block = markdown.slice(s.index + s[0].length, starts[i + 1]?.index ?? markdown.length);
    return /^\s*<dl>/.test(block) ? tableRow(name, block) : definition(name, block);
  });
}

function tableRow(name: string, block: string): PageMessage {
  const row = block.split('\n', 1)[0]!;
  // Cells end at an unescaped "|": the first cell holds the name and value, the second the message.
  const cells = row.split(/(?<!\\)\|/);
  const hex = /0x([0-9a-f]{8})\b/i.exec(cells[0] ?? '');
  const value = hex ? parseInt(hex[1]!, 16) : undefined;
  return {
    name,
    value,
    candidates: value === undefined ? [] : [value],
    text: pageText(cells[1] ?? ''),
    written: hex?.[0] ?? pageText((cells[0] ?? '').replace(/\*\*[\s\S]*?\*\*/, '')),
  };
}

function definition(name: string, block: string): PageMessage {
  const m =
    /^[\s\S]*?\*\*[\s\S]*?\*\*\s*<\/dt>\s*<dd>\s*<dl>\s*<dt>([\s\S]*?)<\/dt>\s*<dt>([\s\S]*?)<\/dt>/.exec(block) ??
    // The English pages of the system error codes have no list tags: name, number and message
    // are paragraphs, and the last code of a page runs up to the next heading.
    /^[^\n]*\*\*[^\n]*\*\*[ \t]*\n\s*([^\n]+)\n([\s\S]*?)(?=\n#|$)/.exec(block);
  if (!m) return { name, value: undefined, candidates: [], text: '', written: '' };
  const written = collapseWhitespace(m[1]!);
  return { name, ...readNumber(written), text: pageText(m[2]!), written };
}

/**
 * `2 (0x2)` on the system error pages, `0x802A0001` on a COM page laid out as a list. Machine
 * translation sometimes adds a word inside the brackets ("38 (égale 0x26)"), splits the hex
 * ("5930 (0x172 a)"), cuts it short ("753 (0x2F)") or garbles it ("160 (0X82)"): a value counts
 * when the decimal agrees with the hex (whole, rejoined, or as its first digits) or when only the
 * hex is written.
 */
function readNumber(written: string): { value: number | undefined; candidates: number[] } {
  const decimal = /^(\d+)\s*\(/.exec(written);
  // The Russian pages sometimes write the x in Cyrillic (0Х82).
  const hex = /\b0[xXхХ]([0-9a-fA-F]+)((?:\s[0-9a-fA-F]+\b)*)/.exec(written);
  // "12000 - 12175 (0x2EE0)" is a range heading, not a code.
  if (!hex || (/^\d+(?![\dxXхХ])/.test(written) && !decimal)) return { value: undefined, candidates: [] };
  const readings = [parseInt(hex[1]!, 16), parseInt(hex[1]! + hex[2]!.replace(/\s/g, ''), 16)];
  if (!decimal) return { value: readings[0], candidates: [readings[0]!] };
  const stated = parseInt(decimal[1]!, 10);
  // A hex cut short ("753 (0x2F)" for 0x2F1) still confirms the decimal it begins.
  const confirms = readings.includes(stated) || stated.toString(16).startsWith(hex[1]!.toLowerCase());
  const value = confirms ? stated : undefined;
  return { value, candidates: value === undefined ? [...new Set([stated, ...readings])] : [value] };
}
