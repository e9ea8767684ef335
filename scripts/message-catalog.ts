// What the message importers share: the entry shape, text clean-up, the header catalog they are
// checked against, and the one-entry-a-line JSON layout of catalog/codes/.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCode } from '../src/engine/codes/decode';

export type MessageKind = 'hresult' | 'win32' | 'ntstatus';
export const MESSAGE_KINDS: readonly MessageKind[] = ['hresult', 'win32', 'ntstatus'];

export interface MessageEntry {
  kind: MessageKind;
  value: string;
  text: string;
}

/** One space for every run of whitespace, line breaks included, and no space at either end. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Kind (in MESSAGE_KINDS order), then value: the order of every messages-*.json. */
export function sortMessages(entries: MessageEntry[]): MessageEntry[] {
  const rank = (k: MessageKind) => MESSAGE_KINDS.indexOf(k);
  return entries.sort((a, b) => rank(a.kind) - rank(b.kind) || a.value.localeCompare(b.value));
}

/** `0x` and eight upper-case hex digits, the way every catalog file spells a value. */
export const hexValue = formatCode;

/** Header names by kind and value, from the generated catalog/codes/{hresult,win32,ntstatus}.json. */
export type HeaderNames = Record<MessageKind, Map<string, string[]>>;

export function readHeaderNames(root: string): HeaderNames {
  const read = (kind: MessageKind) => {
    const file = JSON.parse(readFileSync(join(root, 'catalog', 'codes', `${kind}.json`), 'utf8')) as {
      entries: { value: string; name: string }[];
    };
    const byValue = new Map<string, string[]>();
    for (const e of file.entries) byValue.set(e.value, [...(byValue.get(e.value) ?? []), e.name]);
    return byValue;
  };
  return { hresult: read('hresult'), win32: read('win32'), ntstatus: read('ntstatus') };
}

/**
 * Writes `{...meta, "entries":[...]}` with one entry a line, as import-sdk-codes does, so a
 * regenerated file diffs line by line.
 */
export function writeCatalogFile(path: string, meta: Record<string, unknown>, entries: readonly object[]): void {
  const head = JSON.stringify(meta).slice(0, -1);
  const body = entries.map((e) => JSON.stringify(e)).join(',\n');
  writeFileSync(path, `${head}${Object.keys(meta).length ? ',' : ''}"entries":[${body}]}\n`);
}

/** "N of them, the first 20: a, b, ..." for the import reports. */
export function firstOf(label: string, items: readonly string[], limit = 20): string {
  const shown = items.slice(0, limit).map((i) => `    ${i}`).join('\n');
  return `  ${label}: ${items.length}${items.length > limit ? ` (the first ${limit})` : ''}${items.length ? `\n${shown}` : ''}`;
}
