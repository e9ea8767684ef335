// Finds blue screens in a paste, in the shapes people copy them from: the "Stop code:" screen,
// Event 1001 ("The bugcheck was: 0x0000009f (…)"), WinDbg ("BugCheck C2, {…}", "BugCheck
// 1000008E"), !analyze -v ("KERNEL_SECURITY_CHECK_FAILURE (139)", "Arg1: …"), Windows Error
// Reporting ("BCCode: 1a", "BCP1: …") and the old "STOP: 0x0000007B (…)". Linear-time patterns.
import type { CodeTables } from './codes/code-tables';

export interface BugcheckHit {
  value: number;
  index: number;
  text: string;
  /** The four parameters, 0x + upper-case hex, when the paste gives them. */
  parameters?: string[];
  /** The driver the crash names. */
  driver?: string;
}

// Each alternative starts with a fixed word and has bounded repetitions only.
const PATTERN = new RegExp(
  [
    // Event 1001, WinDbg, prose: "The bugcheck was: 0x…(…)", "BugCheck C2, {…}", "bug check 0x133",
    // !analyze's "BUGCHECK_CODE: d1" and "BUGCHECK_STR: 0x3B_c0000005", the debugger's "Fatal
    // System Error: 0x0000003b (…)"
    String.raw`(?:\bbug ?check(?:[ _](?:was|code|value|str))?|\bfatal system error)\s*[:=]?\s*(?<bc>(?:0x)?[0-9a-f]{1,8})(?![0-9a-z])(?:\s*\((?<bcp>[^()\n]{1,200})\)|\s*,\s*\{(?<bcb>[^{}\n]{1,200})\})?`,
    // The blue screen itself, in the languages Windows speaks; the name or a value
    String.raw`(?:\bstop ?code|c[oó]digo de (?:detenci[oó]n|parada)|\bstoppcode|\bcode d['’]arr[eê]t|\bcodice (?:di )?arresto|код остановки|(?:终止|停止)代码)\s*[:：]?\s*(?:(?<sname>[A-Z][A-Z0-9_]{3,80})\b|0x(?<sv>[0-9a-f]{1,8})\b)`,
    // "STOP: 0x0000007B (0xF78D2524, …)", "stop error 0x124", "Stop 0x7E"
    String.raw`\bstop(?:\s+error)?\s*[:#]?\s*0x(?<st>[0-9a-f]{1,8})\b(?:\s*\((?<stp>[^()\n]{1,200})\))?`,
    // Windows Error Reporting's problem signature: "BCCode: 1a", "Problem Event Name: BlueScreen
    // Code: 3b"
    String.raw`(?:\bbccode|\bbluescreen\s+code)\s*:\s*(?<wer>[0-9a-f]{1,8})\b`,
    // A stop code and its four parameters in brackets, with no label: "0x0000007e (0x…, 0x…, 0x…, 0x…)"
    String.raw`\b0x(?<pv>[0-9a-f]{8})\s*\((?<pp>\s*0x[0-9a-f\`]{1,17}\s*(?:,\s*0x[0-9a-f\`]{1,17}\s*){3})\)`,
    // !analyze -v heading: "KERNEL_SECURITY_CHECK_FAILURE (139)" on a line of its own
    String.raw`^[ \t]*(?<aname>[A-Z][A-Z0-9_]{3,80})[ \t]*\((?<av>[0-9a-f]{1,8})\)[ \t]*$`,
  ].join('|'),
  'gim',
);

/** Something each alternative of PATTERN holds: its leading word, or an opening bracket. */
const MAY_HOLD_BUGCHECK = /bug ?check|fatal system error|stop|c[oó]digo de|codice|code d|код остановки|代码|bccode|bluescreen|\(/i;

// The driver a crash names: the blue screen's "What failed", WinDbg's "Probably caused by" and
// IMAGE_NAME.
const DRIVER = /(?:\bwhat failed|qu[eé] (?:ha )?fall[oó]|\bwas ist fehlgeschlagen|\bce qui a [ée]chou[ée]|\bcosa non ha funzionato|\bo que falhou|\bprobably caused by|\bimage_name)\s*[:：]?\s*(?<drv>[A-Za-z0-9_.-]{1,64}\.sys)\b/i;
const WER_PARAM = /\b(?:BCP|Parameter |BUGCHECK_P)([1-4])\s*:\s*(?:0x)?([0-9a-f`]{1,17})\b/gi;
const ANALYZE_ARG = /\bArg([1-4])\s*:\s*(?:0x)?([0-9a-f`]{1,17})\b/gi;
const HEX_WORD = /(?:0x)?[0-9a-f`]{1,17}/gi;

/** WinDbg writes the 0x10000000 bit when the parameters are 64-bit; the stop code is below it. */
const PARAMETER_FORMAT_BIT = 0x10000000;

const asParameter = (h: string) => `0x${h.replace(/^0x/i, '').replace(/`/g, '').toUpperCase()}`;

function parameterList(text: string | undefined): string[] | undefined {
  if (!text) return undefined;
  const list = (text.match(HEX_WORD) ?? []).map(asParameter);
  return list.length === 4 ? list : undefined;
}

/** Parameters given as numbered lines (BCP1:, Arg1:) anywhere in the paste. */
function numberedParameters(text: string, re: RegExp): string[] | undefined {
  const out: string[] = [];
  for (const m of text.matchAll(re)) out[Number(m[1]) - 1] ??= asParameter(m[2]!);
  return out.length === 4 && out.every(Boolean) ? out : undefined;
}

/** Every blue screen in `text`, in order of appearance; the same stop code once. */
export function extractBugchecks(text: string, tables: CodeTables): BugcheckHit[] {
  const hits: BugcheckHit[] = [];
  // Most pastes are not blue screens: one quick look for what every shape above needs (its word,
  // or the bracket of its number) spares them the whole pattern.
  if (!MAY_HOLD_BUGCHECK.test(text)) return hits;
  const byName = (name: string) => tables.byName.get(name.toLowerCase())?.find((c) => c.kind === 'bugcheck')?.value;
  for (const m of text.matchAll(PATTERN)) {
    const g = m.groups ?? {};
    let value: number | undefined;
    let parameters: string[] | undefined;
    if (g.bc !== undefined) {
      // "bug check add" is a word: without 0x, a value needs a digit or its parameters.
      const explicit = /^0x/i.test(g.bc) || /\d/.test(g.bc) || g.bcb !== undefined || g.bcp !== undefined;
      if (!explicit) continue;
      value = parseInt(g.bc.replace(/^0x/i, ''), 16);
      parameters = parameterList(g.bcp ?? g.bcb) ?? numberedParameters(text, WER_PARAM);
    } else if (g.sname !== undefined) {
      value = byName(g.sname);
    } else if (g.sv !== undefined) {
      value = parseInt(g.sv, 16);
    } else if (g.st !== undefined) {
      value = parseInt(g.st, 16);
      parameters = parameterList(g.stp);
    } else if (g.wer !== undefined) {
      value = parseInt(g.wer, 16);
      parameters = numberedParameters(text, WER_PARAM);
    } else if (g.pv !== undefined) {
      // Unlabelled, so only a stop code the reference names.
      value = parseInt(g.pv, 16);
      if (!tables.bugcheck.has(value)) continue;
      parameters = parameterList(g.pp);
    } else if (g.aname !== undefined) {
      // Only a heading whose name and number agree with the reference is a bug check.
      const named = byName(g.aname);
      if (named === undefined || named !== parseInt(g.av!, 16)) continue;
      value = named;
      parameters = numberedParameters(text, ANALYZE_ARG);
    }
    if (value === undefined) continue;
    if ((value & 0xf0000000) === PARAMETER_FORMAT_BIT) value = (value & ~PARAMETER_FORMAT_BIT) >>> 0;
    // 0 is no stop code: "bugcheck was: 0x00000000" is an empty record.
    if (value === 0) continue;
    const seen = hits.find((h) => h.value === value);
    if (seen) {
      seen.parameters ??= parameters;
      continue;
    }
    hits.push({ value: value >>> 0, index: m.index, text: m[0].trim(), ...(parameters ? { parameters } : {}) });
  }
  if (hits.length > 0) {
    const driver = DRIVER.exec(text)?.groups?.drv;
    if (driver) for (const h of hits) h.driver = driver;
  }
  return hits;
}
