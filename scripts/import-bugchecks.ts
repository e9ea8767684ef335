// npm run catalog:import-bugchecks -- [--header <bugcodes.h>] [--commit <sha>] <docs-checkout>
// writes catalog/codes/bugcheck.json, the blue-screen stop codes: every name in mingw-w64's
// bugcodes.h (apt-get install mingw-w64-common), completed by Microsoft's bug check code
// reference (MicrosoftDocs/windows-driver-docs, CC BY 4.0) for the values the header lacks.
// <docs-checkout> holds windows-driver-docs-pr/debugger/bug-check-code-reference2.md.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { isStopCode, parseBugCheckReference, parseBugcodesHeader, type BugCheckName } from './bugcheck-sources';
import { installedVersion } from './debian-package';
import { checkoutCommit, checkoutHelp } from './docs-checkout';
import { firstOf, hexValue, writeCatalogFile } from './message-catalog';

const DEFAULT_HEADER = '/usr/share/mingw-w64/include/bugcodes.h';
const REPO = 'MicrosoftDocs/windows-driver-docs';
const PAGE = 'windows-driver-docs-pr/debugger/bug-check-code-reference2.md';

interface Entry {
  value: string;
  name: string;
  header: string;
}

function main(): number {
  const { values, positionals } = parseArgs({
    options: { header: { type: 'string', default: DEFAULT_HEADER }, commit: { type: 'string' } },
    allowPositionals: true,
  });
  const header = values.header!;
  const docs = positionals[0];
  if (!existsSync(header)) {
    console.error(`No ${header}. Install Debian's mingw-w64-common (apt-get update && apt-get install mingw-w64-common) or pass --header <bugcodes.h>.`);
    return 2;
  }
  if (!docs || !existsSync(join(docs, PAGE))) {
    console.error(`No ${PAGE} in ${docs ?? '(no checkout given)'}.\n${checkoutHelp(REPO, 'HEAD', [PAGE], '/tmp/windows-driver-docs')}`);
    return 2;
  }
  const commit = checkoutCommit(docs, values.commit);
  if (!commit) {
    console.error(`${docs} is not a git work tree: pass the commit it was taken from with --commit.`);
    return 2;
  }

  const fromHeader = parseBugcodesHeader(readFileSync(header, 'latin1'));
  const fromDocs = parseBugCheckReference(readFileSync(join(docs, PAGE), 'utf8'));
  const listed = new Set(fromDocs.map((d) => d.value));
  const headerFile = basename(header);
  const docsFile = basename(PAGE);
  const entries: Entry[] = [];
  const namesByValue = new Map<number, string[]>();
  const add = (b: BugCheckName, file: string) => {
    const names = namesByValue.get(b.value) ?? [];
    if (names.includes(b.name)) return;
    namesByValue.set(b.value, [...names, b.name]);
    entries.push({ value: hexValue(b.value), name: b.name, header: file });
  };

  const notCodes = fromHeader.filter((b) => !isStopCode(b.value, listed));
  // A name the reference gives to another value is a slip in the header: mingw-w64 10 has
  // IMPERSONATING_WORKER_THREAD at 0xFA, which Microsoft's SDK and reference give to
  // HTTP_DRIVER_CORRUPTED (IMPERSONATING_WORKER_THREAD is 0xDF).
  const docsValueOf = new Map(fromDocs.map((d) => [d.name, d.value]));
  const misplaced = fromHeader.filter((b) => isStopCode(b.value, listed) && docsValueOf.has(b.name) && docsValueOf.get(b.name) !== b.value);
  fromHeader.filter((b) => isStopCode(b.value, listed) && !misplaced.includes(b)).forEach((b) => add(b, headerFile));
  const headerValues = new Set(namesByValue.keys());
  const onlyInDocs = fromDocs.filter((d) => !headerValues.has(d.value));
  const renamed = fromDocs.filter((d) => headerValues.has(d.value) && !namesByValue.get(d.value)!.includes(d.name));
  const onlyInHeader = [...headerValues].filter((v) => !listed.has(v));
  fromDocs.forEach((d) => add(d, docsFile));

  // By value; within a value the header's name first, then the reference's other name.
  const sorted = entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.value.localeCompare(b.e.value) || a.i - b.i)
    .map(({ e }) => e);
  writeCatalogFile(
    join(process.cwd(), 'catalog', 'codes', 'bugcheck.json'),
    {
      source: `Debian mingw-w64-common ${installedVersion('mingw-w64-common')} include/bugcodes.h; ${REPO} ${commit} ${PAGE}`,
      licence: 'ZPL-2.1 (bugcodes.h) and CC BY 4.0 (bug-check-code-reference2.md) (see NOTICE.md)',
      kind: 'bugcheck',
    },
    sorted,
  );
  const show = (b: BugCheckName) => `${hexValue(b.value)} ${b.name}`;
  console.log(
    [
      `${headerFile}: ${fromHeader.length} stop code names; ${docsFile}: ${fromDocs.length} rows`,
      firstOf(`${headerFile} names left out as message strings, not stop codes`, notCodes.map(show), 50),
      firstOf(`${headerFile} names the reference gives another value (left out)`, misplaced.map((b) => `${show(b)} (reference: ${hexValue(docsValueOf.get(b.name)!)})`)),
      firstOf(`values only in ${docsFile} (added)`, onlyInDocs.map(show), 300),
      firstOf(`values both name differently (${docsFile}'s name added after the header's)`, renamed.map((d) => `${show(d)} (header: ${namesByValue.get(d.value)![0]})`), 50),
      firstOf(`values only in ${headerFile}`, onlyInHeader.map((v) => `${hexValue(v)} ${namesByValue.get(v)!.join(', ')}`), 50),
      `bugcheck.json: ${sorted.length} names for ${namesByValue.size} values`,
    ].join('\n'),
  );
  return 0;
}

process.exitCode = main();
