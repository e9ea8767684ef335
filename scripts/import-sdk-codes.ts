// npm run catalog:import [-- <include-dir>] — reads the Windows SDK headers shipped by Debian's
// mingw-w64-common package and writes the generated code catalog under catalog/codes/.
// The output is committed, so nobody needs the headers to run the bot.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCode as hex } from '../src/engine/codes/decode';
import { evaluate, type Evaluated } from './c-expression';
import { installedVersion } from './debian-package';

const DEFAULT_INCLUDE = '/usr/share/mingw-w64/include';
const OUT = join(process.cwd(), 'catalog', 'codes');

interface Define {
  name: string;
  header: string;
  body: string;
}
interface Entry {
  value: string;
  name: string;
  header: string;
}

/** Object-like #define lines, continuations joined and comments removed. */
function readDefines(dir: string, header: string): Define[] {
  const text = readFileSync(join(dir, header), 'latin1')
    .replace(/\\\r?\n/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, '');
  const out: Define[] = [];
  // A function-like macro has "(" straight after its name; those are not values.
  const re = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_][A-Za-z0-9_]*)(?![A-Za-z0-9_(])[ \t]*(.*)$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = (m[2] ?? '').trim();
    if (body) out.push({ name: m[1]!, header, body });
  }
  return out;
}

// Markers of a range, not codes: DRAGDROP_E_FIRST, WSABASEERR, NERR_BASE, INTERNET_ERROR_BASE.
const NOT_A_CODE = /^_|_(FIRST|LAST|BASE|MIN|MAX)$|BASEERR$|^(FACILITY|SEVERITY)_/;
// Headers whose plain numbers in the failure range are message ids, not HRESULTs.
const MESSAGE_ID_HEADERS = new Set(['netevent.h', 'ntstatus.h', 'winnt.h', 'bugcodes.h', 'ntiologc.h']);
// Headers whose FACILITY_ numbers belong to NTSTATUS, not to HRESULTs.
const NT_FACILITY_HEADERS = new Set(['ntstatus.h', 'bugcodes.h', 'ntiologc.h', 'hidpi.h']);

function isHresult(d: Define, e: Evaluated): boolean {
  if (e.type === 'hresult') return true;
  if (e.type !== 'plain' || e.value < 0x80000000 || MESSAGE_ID_HEADERS.has(d.header)) return false;
  // Untyped failure values count where the SDK's naming (X_E_Y) or the header's purpose says so.
  return /(^|_)E_/.test(d.name) || /err|msg/i.test(d.header);
}

function isWin32(d: Define, e: Evaluated): boolean {
  if (e.type !== 'plain' || e.value > 0xffff) return false;
  switch (d.header) {
    case 'winerror.h':
      return true;
    case 'lmerr.h':
      return d.name.startsWith('NERR_');
    case 'wininet.h':
    case 'winhttp.h':
      return d.name.startsWith('ERROR_') && e.value >= 12000 && e.value < 13000;
    default:
      return false;
  }
}

function main(): void {
  const dir = process.argv[2] ?? DEFAULT_INCLUDE;
  if (!existsSync(join(dir, 'winerror.h'))) {
    console.error(`No winerror.h in ${dir}. Install Debian's mingw-w64-common (apt-get install mingw-w64-common) or pass the include folder.`);
    process.exit(2);
  }
  // winerror.h first, so other headers can refer to its symbols; the rest in name order.
  const headers = readdirSync(dir)
    .filter((n) => n.endsWith('.h'))
    .sort((a, b) => (a === 'winerror.h' ? -1 : b === 'winerror.h' ? 1 : a.localeCompare(b)));
  const defines = headers.flatMap((h) => readDefines(dir, h));

  // Resolve symbols in rounds: a define may refer to one that comes later.
  const symbols = new Map<string, Evaluated>();
  const pending = new Map(defines.map((d, i) => [i, d]));
  const resolved = new Map<number, Evaluated>();
  for (let progress = true; progress; ) {
    progress = false;
    for (const [i, d] of pending) {
      const e = evaluate(d.body, symbols);
      if (!e) continue;
      resolved.set(i, e);
      if (!symbols.has(d.name)) symbols.set(d.name, e);
      pending.delete(i);
      progress = true;
    }
  }

  const hresult: Entry[] = [];
  const win32: Entry[] = [];
  const ntstatus: Entry[] = [];
  const facilities: Entry[] = [];
  const ntFacilities: Entry[] = [];
  const seen = new Set<string>();
  const add = (list: Entry[], d: Define, v: number) => {
    const key = `${list === hresult ? 'h' : list === win32 ? 'w' : list === ntstatus ? 'n' : list === facilities ? 'f' : 'g'}:${hex(v)}:${d.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    list.push({ value: hex(v), name: d.name, header: d.header });
  };

  defines.forEach((d, i) => {
    const e = resolved.get(i);
    if (!e) return;
    if (/^FACILITY_/.test(d.name) && e.value < 0x2000 && d.name !== 'FACILITY_NT_BIT') {
      add(NT_FACILITY_HEADERS.has(d.header) ? ntFacilities : facilities, d, e.value);
      return;
    }
    if (NOT_A_CODE.test(d.name)) return;
    if (d.header === 'ntstatus.h' && e.type === 'ntstatus') add(ntstatus, d, e.value);
    else if (isHresult(d, e)) add(hresult, d, e.value);
    else if (isWin32(d, e)) add(win32, d, e.value);
  });

  // By value, keeping the order of definition within a value: the headers define the real name
  // first and its aliases after it (ERROR_INVALID_DATA before DNS_ERROR_INVALID_DATA).
  const byValue = (a: Entry, b: Entry) => a.value.localeCompare(b.value);
  const meta = { source: `Debian mingw-w64-common ${installedVersion('mingw-w64-common')} include headers`, licence: 'ZPL-2.1 (see NOTICE.md)' };
  const write = (file: string, kind: string, entries: Entry[]) => {
    writeFileSync(join(OUT, file), `${JSON.stringify({ ...meta, kind, entries: entries.sort(byValue) }, null, 0).replace(/\},\{/g, '},\n{')}\n`);
    console.log(`${file}: ${entries.length} definitions`);
  };
  write('hresult.json', 'hresult', hresult);
  write('win32.json', 'win32', win32);
  write('ntstatus.json', 'ntstatus', ntstatus);
  write('facilities.json', 'facility', facilities);
  write('nt-facilities.json', 'nt-facility', ntFacilities);
  console.log(`${hresult.length + win32.length + ntstatus.length} codes from ${headers.length} headers in ${dir}`);
}

main();
