// The generated header catalog (catalog/codes/*.json) as lookup tables: value → names per kind,
// and name → values. Built once at start-up and shared by every turn.

export type CodeKind = 'hresult' | 'win32' | 'ntstatus' | 'bugcheck';

export interface CodeFileEntry {
  value: string;
  name: string;
  header: string;
}
export interface CodeFile {
  kind: string;
  entries: readonly CodeFileEntry[];
}
export interface CodeFiles {
  hresult: CodeFile;
  win32: CodeFile;
  ntstatus: CodeFile;
  facilities: CodeFile;
  ntFacilities: CodeFile;
  /** Blue-screen stop codes (bugcodes.h, completed from Microsoft's bug check reference). */
  bugcheck: CodeFile;
}

export interface NamedCode {
  kind: CodeKind;
  value: number;
  name: string;
  header: string;
}

export interface CodeTables {
  readonly hresult: ReadonlyMap<number, readonly string[]>;
  /** HRESULT values that a core header (winerror.h, wuerror.h) names, not just a component's. */
  readonly coreHresult: ReadonlySet<number>;
  readonly win32: ReadonlyMap<number, readonly string[]>;
  readonly ntstatus: ReadonlyMap<number, readonly string[]>;
  readonly facilities: ReadonlyMap<number, readonly string[]>;
  readonly ntFacilities: ReadonlyMap<number, readonly string[]>;
  readonly bugcheck: ReadonlyMap<number, readonly string[]>;
  /**
   * HRESULT names only Microsoft's documentation gives (names-docs.json: values newer than the
   * mingw-w64 headers, mostly components' own). They name a value; they do not make it one a
   * user is likely to meet. Documented Win32 errors are not among them: those are the system
   * error codes FormatMessage prints (ERROR_ELEVATION_REQUIRED, ERROR_VIRUS_INFECTED).
   */
  readonly documentedNames: ReadonlySet<string>;
  /** Lower-cased name → every definition of it (a name can be defined in several headers). */
  readonly byName: ReadonlyMap<string, readonly NamedCode[]>;
  /** Every definition, for building the word index. */
  readonly all: readonly NamedCode[];
}

/** The headers that define Windows' own codes; a component header's names yield to theirs. */
export const CORE_HEADERS: ReadonlySet<string> = new Set(['winerror.h', 'ntstatus.h', 'wuerror.h']);

// Where several headers name one value, the core headers' names come first: 0x80070005 is
// E_ACCESSDENIED before it is DirectInput's DIERR_READONLY, and facility 7 is FACILITY_WIN32.
const HEADER_ORDER = [...CORE_HEADERS, 'lmerr.h', 'wininet.h', 'winhttp.h'];
const headerRank = (h: string) => {
  const i = HEADER_ORDER.indexOf(h);
  return i < 0 ? HEADER_ORDER.length : i;
};

function group(file: CodeFile): Map<number, string[]> {
  const m = new Map<number, string[]>();
  // Within a header, the generic families people know (E_, S_, ERROR_) before component aliases
  // (SEC_E_OK is 0 too, but the value is S_OK); otherwise the order of definition.
  const generic = (n: string) => (/^(E_|S_|ERROR_)/.test(n) ? 0 : 1);
  const entries = [...file.entries].sort((a, b) => headerRank(a.header) - headerRank(b.header) || generic(a.name) - generic(b.name));
  for (const e of entries) {
    const v = parseInt(e.value, 16);
    const list = m.get(v);
    if (!list) m.set(v, [e.name]);
    else if (!list.includes(e.name)) list.push(e.name);
  }
  return m;
}

/** Builds the lookup tables from the generated catalog files. */
export function buildCodeTables(files: CodeFiles): CodeTables {
  const all: NamedCode[] = [];
  const byName = new Map<string, NamedCode[]>();
  const kinds: [CodeKind, CodeFile][] = [
    ['hresult', files.hresult],
    ['win32', files.win32],
    ['ntstatus', files.ntstatus],
    ['bugcheck', files.bugcheck],
  ];
  for (const [kind, file] of kinds) {
    for (const e of file.entries) {
      const c: NamedCode = { kind, value: parseInt(e.value, 16), name: e.name, header: e.header };
      all.push(c);
      const key = e.name.toLowerCase();
      const list = byName.get(key);
      if (!list) byName.set(key, [c]);
      else if (!list.some((x) => x.kind === kind && x.value === c.value)) list.push(c);
    }
  }
  // A documentation page stands where a header file would.
  const documentedNames = new Set(all.filter((c) => c.kind === 'hresult' && c.header.endsWith('.md')).map((c) => c.name));
  const coreHresult = new Set(files.hresult.entries.filter((e) => CORE_HEADERS.has(e.header)).map((e) => parseInt(e.value, 16)));
  return {
    hresult: group(files.hresult),
    coreHresult,
    win32: group(files.win32),
    ntstatus: group(files.ntstatus),
    facilities: group(files.facilities),
    ntFacilities: group(files.ntFacilities),
    bugcheck: group(files.bugcheck),
    documentedNames,
    byName,
    all,
  };
}
