// npm run catalog:import-messages -- --lang <lang> [--commit <sha>] <checkout>
// writes catalog/codes/messages-<lang>.json from the error code pages of Microsoft's localised
// Win32 documentation (CC BY 4.0), checked by name against the header catalog.
// <checkout> holds desktop-src/Debug and desktop-src/com of the branch DOCS_SOURCES names.
// `--lang en-docs` reads the English repository for messages-en-docs.json: the texts
// messages-en.json (python3-impacket) lacks or words differently.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkoutCommit, checkoutHelp } from './docs-checkout';
import { parseErrorCodePage, type PageMessage } from './localised-messages';
import { firstOf, hexValue, readHeaderNames, sortMessages, writeCatalogFile, type MessageEntry, type MessageKind } from './message-catalog';

interface DocsSource {
  repo: string;
  branch: string;
  /** The language tag the catalog file declares. */
  lang: string;
  /** Keep only the values messages-en.json lacks or words differently. */
  supplement?: boolean;
}

/** The repositories that carry the pages, by the name of the catalog file (messages-<key>.json). */
export const DOCS_SOURCES: Record<string, DocsSource> = {
  // The default branch of the localised repositories is nearly empty; `live` has the pages.
  es: { repo: 'isabella232/win32-pr.es-es', branch: 'live', lang: 'es' }, // a public mirror of MicrosoftDocs/win32-pr.es-es
  de: { repo: 'MicrosoftDocs/win32-pr.de-de', branch: 'live', lang: 'de' },
  fr: { repo: 'MicrosoftDocs/win32-pr.fr-fr', branch: 'live', lang: 'fr' },
  it: { repo: 'MicrosoftDocs/win32-pr.it-it', branch: 'live', lang: 'it' },
  'pt-BR': { repo: 'MicrosoftDocs/win32-pr.pt-br', branch: 'live', lang: 'pt-BR' },
  ru: { repo: 'MicrosoftDocs/win32-pr.ru-ru', branch: 'live', lang: 'ru' },
  'zh-TW': { repo: 'MicrosoftDocs/win32-pr.zh-tw', branch: 'live', lang: 'zh-TW' },
  // The English pages carry the SDK's current wording ("Not enough memory resources are
  // available..." for 8, where impacket has the older "Not enough storage..."), whole where
  // impacket keeps only a first sentence, and about 1,000 HRESULTs impacket lacks.
  'en-docs': { repo: 'MicrosoftDocs/win32', branch: 'docs', lang: 'en', supplement: true },
};
const PAGES: { dir: string; kind: MessageKind; file: RegExp }[] = [
  { dir: 'desktop-src/Debug', kind: 'win32', file: /^system-error-codes--.*\.md$/ },
  { dir: 'desktop-src/com', kind: 'hresult', file: /^com-error-codes-.*\.md$/ },
];

export interface Report {
  unparsed: string[];
  repaired: string[];
  misplaced: string[];
  otherName: string[];
  noHeader: string[];
  duplicates: string[];
  empty: string[];
}

function pageFiles(checkout: string): { path: string; kind: MessageKind }[] {
  return PAGES.flatMap(({ dir, kind, file }) => {
    const full = join(checkout, dir);
    if (!existsSync(full)) return [];
    return readdirSync(full)
      .filter((f) => file.test(f))
      .sort()
      .map((f) => ({ path: join(full, f), kind }));
  });
}

/** Imports one language; returns the exit code. */
export function importLocalised(key: string, argv: string[]): number {
  const source = DOCS_SOURCES[key];
  if (!source) {
    console.error(`No source for --lang ${key}; known: en, ${Object.keys(DOCS_SOURCES).join(', ')}.`);
    return 2;
  }
  const { repo, branch, lang } = source;
  const { values, positionals } = parseArgs({ args: argv, options: { commit: { type: 'string' } }, allowPositionals: true });
  const checkout = positionals[0];
  const files = checkout ? pageFiles(checkout) : [];
  if (!checkout || !files.some((f) => f.kind === 'win32') || !files.some((f) => f.kind === 'hresult')) {
    console.error(`No error code pages under ${checkout ?? '(no checkout given)'}.\n${checkoutHelp(repo, branch, ['desktop-src/Debug', 'desktop-src/com'], `/tmp/win32-${key}`)}`);
    return 2;
  }
  const commit = checkoutCommit(checkout, values.commit);
  if (!commit) {
    console.error(`${checkout} is not a git work tree: pass the commit it was taken from with --commit.`);
    return 2;
  }

  const project = process.cwd();
  const headers = readHeaderNames(project);
  const valuesOfName = new Map<string, Set<string>>();
  for (const kind of ['win32', 'hresult'] as const) {
    for (const [value, names] of headers[kind]) names.forEach((n) => valuesOfName.set(`${kind}:${n}`, (valuesOfName.get(`${kind}:${n}`) ?? new Set()).add(value)));
  }
  const report: Report = { unparsed: [], repaired: [], misplaced: [], otherName: [], noHeader: [], duplicates: [], empty: [] };
  const entries: MessageEntry[] = [];
  const seen = new Set<string>();
  // Names the pages give to values no header defines (the mingw-w64 headers are older than the
  // SDK's: ERROR_ELEVATION_REQUIRED, ERROR_VIRUS_INFECTED...). Kept from the English pages only.
  const named = new Map<string, DocumentedName>();
  let machineTranslated = 0;
  for (const { path, kind } of files) {
    const markdown = readFileSync(path, 'utf8');
    if (/^ms\.translationtype:\s*MT\s*$/m.test(markdown)) machineTranslated++;
    const page = path.slice(checkout.length + 1);
    for (const p of parseErrorCodePage(markdown)) {
      const value = checkedValue(kind, p, page, headers[kind], valuesOfName, report);
      if (value === undefined) continue;
      if (!headers[kind].has(value) && /^[A-Z][A-Z0-9_]*$/.test(p.name)) {
        named.set(`${kind}:${value}:${p.name}`, { kind, value, name: p.name, header: page.slice(page.lastIndexOf('/') + 1) });
      }
      if (!p.text) {
        report.empty.push(`${page} ${value} ${p.name}`);
        continue;
      }
      if (seen.has(`${kind}:${value}`)) {
        report.duplicates.push(`${page} ${value} ${p.name}`);
        continue;
      }
      seen.add(`${kind}:${value}`);
      entries.push({ kind, value, text: p.text });
    }
  }

  const file = `messages-${key}.json`;
  const kept = source.supplement ? supplement(entries, project) : translatedOnly(entries, project);
  writeCatalogFile(
    join(project, 'catalog', 'codes', file),
    {
      source: `${repo} ${commit} (branch ${branch}: desktop-src/Debug/system-error-codes--*.md, desktop-src/com/com-error-codes-*.md)`,
      licence: 'CC BY 4.0 (see NOTICE.md)',
      lang,
      // The pages say ms.translationtype: MT; their words are close to, not always, Windows' own.
      machineTranslated: machineTranslated > 0,
    },
    sortMessages(kept),
  );
  if (source.supplement) writeDocumentedNames(project, [...named.values()], `${repo} ${commit} (branch ${branch})`);
  const count = (k: MessageKind) => kept.filter((e) => e.kind === k).length;
  console.log(
    [
      `${files.length} pages, ${machineTranslated} of them machine-translated (ms.translationtype: MT)`,
      firstOf('numbers that cannot be read (left out)', report.unparsed),
      firstOf('decimal and hex disagree, settled by the name in the headers', report.repaired),
      firstOf('names the headers give to another value (left out)', report.misplaced),
      firstOf('values the headers name differently (kept)', report.otherName),
      firstOf('values the headers lack (kept)', report.noHeader),
      firstOf('values listed twice (the first kept)', report.duplicates),
      firstOf('no message text (left out)', report.empty),
      `${file}: ${kept.length} messages (${count('win32')} win32, ${count('hresult')} hresult) from ${repo} ${commit}`,
    ].join('\n'),
  );
  printSample(kept);
  return 0;
}

export interface DocumentedName {
  kind: MessageKind;
  value: string;
  name: string;
  /** The page that names it, where a header file would be. */
  header: string;
}

/** catalog/codes/names-docs.json: the names the headers lack, which the code tables add to theirs. */
function writeDocumentedNames(project: string, found: DocumentedName[], source: string): void {
  // A value the pages give two names is a typo on one of them, and nothing says which.
  const namesOf = new Map<string, number>();
  for (const n of found) namesOf.set(`${n.kind}:${n.value}`, (namesOf.get(`${n.kind}:${n.value}`) ?? 0) + 1);
  const names = found.filter((n) => namesOf.get(`${n.kind}:${n.value}`) === 1);
  console.log(firstOf('values the pages name twice (left out of names-docs.json)', found.filter((n) => !names.includes(n)).map((n) => `${n.value} ${n.name}`)));
  names.sort((a, b) => a.kind.localeCompare(b.kind) || a.value.localeCompare(b.value) || a.name.localeCompare(b.name));
  writeCatalogFile(
    join(project, 'catalog', 'codes', 'names-docs.json'),
    { source: `${source}: names of values no header in catalog/codes defines`, licence: 'CC BY 4.0 (see NOTICE.md)' },
    names,
  );
  const count = (k: MessageKind) => names.filter((n) => n.kind === k).length;
  console.log(`names-docs.json: ${names.length} names the headers lack (${count('win32')} win32, ${count('hresult')} hresult)`);
}

const fold = (t: string) => t.toLowerCase().replace(/[^\p{L}\p{N}%]+/gu, ' ').trim();
const keyOf = (e: MessageEntry) => `${e.kind}:${e.value}`;

/** The English texts by kind and value, folded (case, punctuation and spacing aside). */
function englishTexts(project: string, files: string[]): Map<string, Set<string>> {
  const texts = new Map<string, Set<string>>();
  for (const file of files) {
    const path = join(project, 'catalog', 'codes', file);
    if (!existsSync(path)) continue;
    for (const e of (JSON.parse(readFileSync(path, 'utf8')) as { entries: MessageEntry[] }).entries) {
      texts.set(keyOf(e), (texts.get(keyOf(e)) ?? new Set()).add(fold(e.text)));
    }
  }
  return texts;
}

/** The entries messages-en.json lacks or words differently. */
function supplement(entries: MessageEntry[], project: string): MessageEntry[] {
  const known = englishTexts(project, ['messages-en.json']);
  const lacking = entries.filter((e) => !known.has(keyOf(e)));
  const reworded = entries.filter((e) => known.has(keyOf(e)) && !known.get(keyOf(e))!.has(fold(e.text)));
  console.log(
    `against messages-en.json: ${lacking.length} values it lacks, ${reworded.length} worded differently, ` +
      `${entries.length - lacking.length - reworded.length} the same (left out)`,
  );
  return [...lacking, ...reworded];
}

/**
 * The entries that are not the English text of their value: a few pages left a message
 * untranslated (the Russian page for 32, "The process cannot access the file..."), and the
 * file must not call it Russian.
 */
function translatedOnly(entries: MessageEntry[], project: string): MessageEntry[] {
  const known = englishTexts(project, ['messages-en.json', 'messages-en-docs.json']);
  const same = entries.filter((e) => known.get(keyOf(e))?.has(fold(e.text)));
  console.log(firstOf('the same as an English text of the value (left out as untranslated)', same.map((e) => `${e.value} ${e.text}`)));
  return entries.filter((e) => !same.includes(e));
}

/**
 * The page's value after the check by name: a number the page garbled is settled by the header
 * that gives the page's name to one of its readings; a name the headers give only to other
 * values means the page has the wrong number, and the entry is left out.
 */
export function checkedValue(
  kind: MessageKind,
  p: PageMessage,
  page: string,
  known: Map<string, string[]>,
  valuesOfName: Map<string, Set<string>>,
  report: Report,
): string | undefined {
  const where = `${page} ${p.name} "${p.written}"`;
  let value = p.value === undefined ? undefined : hexValue(p.value);
  if (value === undefined) {
    value = p.candidates.map(hexValue).find((c) => known.get(c)?.includes(p.name));
    (value ? report.repaired : report.unparsed).push(value ? `${where} -> ${value}` : where);
    if (!value) return undefined;
  }
  // A Win32 error code is 16 bits.
  if (kind === 'win32' && parseInt(value, 16) > 0xffff) {
    report.unparsed.push(where);
    return undefined;
  }
  const names = known.get(value);
  const elsewhere = valuesOfName.get(`${kind}:${p.name}`);
  if (names?.includes(p.name)) return value;
  if (elsewhere) {
    report.misplaced.push(`${where} (headers: ${[...elsewhere].join(', ')})`);
    return undefined;
  }
  if (names) report.otherName.push(`${value} ${p.name} (headers: ${names.join(', ')})`);
  else report.noHeader.push(`${value} ${p.name}`);
  return value;
}

/** Five entries picked at random, to read by eye against the pages. */
function printSample(entries: MessageEntry[]): void {
  const picked = new Set<number>();
  while (picked.size < Math.min(5, entries.length)) picked.add(Math.floor(Math.random() * entries.length));
  console.log(`a sample:\n${[...picked].map((i) => `  ${entries[i]!.kind} ${entries[i]!.value}: ${entries[i]!.text}`).join('\n')}`);
}
