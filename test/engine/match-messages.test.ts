// Windows' own messages, pasted without their code: what a user pastes → the error they get.
// Every message is read from catalog/codes/messages-*.json (the text Windows or Microsoft's
// documentation gives for that value), then put where users put it: alone, in prose, after
// "Exception:", in a log line, wrapped, quoted, cut short, with a typo, with placeholders filled.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCode } from '../../src/engine/codes/decode';
import { lookup, type Match } from '../../src/engine/lookup';
import { isError, realEngine } from '../support/engine';

const { engine } = realEngine();

type Entry = { kind: string; value: string; text: string };
const files = new Map<string, Map<string, string>>();
/** The catalog's text for a value in one language; throws when the catalog lacks it. */
function windows(lang: string, kind: string, value: number): string {
  let byKey = files.get(lang);
  if (!byKey) {
    const file = JSON.parse(readFileSync(join(__dirname, '..', '..', 'catalog', 'codes', `messages-${lang}.json`), 'utf8')) as { entries: Entry[] };
    byKey = new Map(file.entries.map((e) => [`${e.kind}:${parseInt(e.value, 16) >>> 0}`, e.text]));
    files.set(lang, byKey);
  }
  const text = byKey.get(`${kind}:${value >>> 0}`);
  if (text === undefined) throw new Error(`messages-${lang}.json has no text for ${kind} ${value.toString(16)}`);
  return text;
}

const hex = formatCode;
const first = (text: string): Match | undefined => lookup(engine, text).matches[0];

// The messages used below, by what they say.
const SERVICE_MISSING = { kind: 'win32', value: 0x424, name: 'ERROR_SERVICE_DOES_NOT_EXIST' };
const SEM_TIMEOUT = { kind: 'win32', value: 0x79, name: 'ERROR_SEM_TIMEOUT' };
const SERVICE_TIMEOUT = { kind: 'win32', value: 0x41d, name: 'ERROR_SERVICE_REQUEST_TIMEOUT' };
const SHARING = { kind: 'win32', value: 0x20, name: 'ERROR_SHARING_VIOLATION' };
const PATH = { kind: 'win32', value: 0x3, name: 'ERROR_PATH_NOT_FOUND' };
const BAD_EXE = { kind: 'win32', value: 0xc1, name: 'ERROR_BAD_EXE_FORMAT' };
const RPC = { kind: 'win32', value: 0x6ba, name: 'RPC_S_SERVER_UNAVAILABLE' };
const MODULE = { kind: 'win32', value: 0x7e, name: 'ERROR_MOD_NOT_FOUND' };
const ACCESS_VIOLATION = { kind: 'ntstatus', value: 0xc0000005, name: 'STATUS_ACCESS_VIOLATION' };
const DLL_MISSING = { kind: 'ntstatus', value: 0xc0000135, name: 'STATUS_DLL_NOT_FOUND' };

type Err = typeof SERVICE_MISSING;
const en = (e: Err) => windows('en', e.kind, e.value);
const noPeriod = (t: string) => t.replace(/\.$/, '');
/** The template with its placeholders filled in, in order, as Windows fills them. */
const fill = (template: string, ...values: string[]) => values.reduce((t, v) => t.replace(/%(?:\d+|[-#0+ ]?\d{0,3}(?:hh|h|ll|l)?[sdux])/, v), template);

describe('an English message, wherever the user pasted it, gives its code first', () => {
  // [how it was pasted, paste, the error]
  const rows: [string, string, Err][] = [
    ['alone', en(SERVICE_MISSING), SERVICE_MISSING],
    ['inside prose', `Hi team, since this morning our deploy script stops and prints ${en(SERVICE_MISSING)} Could someone have a look? Thanks.`, SERVICE_MISSING],
    ['after "Exception:"', `Unhandled Exception: System.ComponentModel.Win32Exception: ${noPeriod(en(SEM_TIMEOUT))}\n   at System.IO.Ports.SerialStream.EndWrite(IAsyncResult asyncResult)`, SEM_TIMEOUT],
    ['inside a log line with a time stamp', `2024-03-12 08:14:55.123 [ERROR] ServiceHost: ${en(SERVICE_TIMEOUT)} (attempt 3)`, SERVICE_TIMEOUT],
    ['wrapped over lines', en(SHARING).replace(' because ', ' because\n    '), SHARING],
    ['with smart quotes and no final period', `The installer said “${noPeriod(en(PATH))}” and quit`, PATH],
    ['with %1 filled by a file path', fill(en(BAD_EXE), 'C:\\Program Files\\Contoso\\bin\\agent.exe'), BAD_EXE],
    ['with 0x%08lx filled by numbers', fill(en(ACCESS_VIOLATION), '0x00007FF6A1B2C3D4', '0x0000000000000010', 'read'), ACCESS_VIOLATION],
    ['with %hs filled by a DLL name', fill(en(DLL_MISSING).replace(/^\{[^}]*\}\s*/, ''), 'MSVCR120.dll'), DLL_MISSING],
    ['only its first several words', en(SHARING).split(' ').slice(0, 8).join(' '), SHARING],
    ['in upper case', en(RPC).toUpperCase(), RPC],
  ];

  test.each(rows)('%s', (_how, paste, e) => {
    const m = first(paste);
    expect({ code: m?.code, kind: m?.kind }).toEqual({ code: hex(e.value), kind: e.kind });
    expect(m?.names).toContain(e.name);
    expect(m?.source).toBe('message');
    // The card shows the message Windows prints for it.
    expect(m?.message?.en).toBe(en(e));
  });

  test('the placeholders are really filled in the pastes above, not left as %1', () => {
    for (const [, paste] of rows) expect(paste).not.toMatch(/%\w/);
  });

  test('what matched is quoted back as the user wrote it', () => {
    const paste = `The installer said “${noPeriod(en(PATH))}” and quit`;
    expect(first(paste)?.found[0]).toBe(noPeriod(en(PATH)));
  });
});

describe('how sure a message match is', () => {
  test.each([SERVICE_MISSING, SEM_TIMEOUT, SERVICE_TIMEOUT, SHARING, RPC, MODULE].map((e) => [e.name, e] as const))('the exact English message of %s scores 0.9 or more, like a pasted code', (_name, e) => {
    const m = first(en(e));
    expect(isError(m, e.kind, e.value)).toBe(true);
    expect(m!.score).toBeGreaterThanOrEqual(0.9);
  });

  test('a typo costs some certainty but still finds the error', () => {
    const exact = first(en(SERVICE_MISSING))!;
    const typo = first(en(SERVICE_MISSING).replace('exist', 'exsit'))!;
    expect(typo.code).toBe(hex(SERVICE_MISSING.value));
    expect(typo.score).toBeLessThan(exact.score);
  });

  test('the first words of a message are less sure than the whole of it', () => {
    const whole = first(en(SHARING))!;
    const start = first(en(SHARING).split(' ').slice(0, 8).join(' '))!;
    expect(start.code).toBe(whole.code);
    expect(start.score).toBeLessThanOrEqual(whole.score);
  });

  test('a short message ("Access Denied!") is not claimed at 0.9 or more on its words alone', () => {
    const { matches } = lookup(engine, 'Access Denied!');
    // It is the access-denied family, but less sure than a pasted code…
    expect(matches[0]?.names.some((n) => /ACCESS_?DENIED/.test(n))).toBe(true);
    expect(matches[0]!.score).toBeLessThan(lookup(engine, '0x80070005').matches[0]!.score);
    // …and Windows' message index on its own never claims it.
    for (const m of matches.filter((x) => x.source === 'message')) expect(m.score).toBeLessThan(0.9);
  });

  test('every fortieth named Win32 message of six words or more, pasted alone, is found first at 0.9 or more', () => {
    const file = JSON.parse(readFileSync(join(__dirname, '..', '..', 'catalog', 'codes', 'messages-en.json'), 'utf8')) as { entries: Entry[] };
    const sample = file.entries
      .filter((e) => e.kind === 'win32' && !/[%{]/.test(e.text) && e.text.split(' ').length >= 6)
      .map((e) => ({ value: parseInt(e.value, 16), text: e.text }))
      .filter((e) => engine.tables.win32.has(e.value))
      .filter((_e, i) => i % 40 === 0);
    expect(sample.length).toBeGreaterThan(20);
    const wrong = sample.filter((e) => {
      const m = first(e.text);
      // Several codes may share one text word for word; any of them is Windows' answer.
      return !m || m.score < 0.9 || !Object.values(m.message ?? {}).includes(e.text);
    });
    expect(wrong.map((e) => `${hex(e.value)} ${e.text}`)).toEqual([]);
  });
});

describe('in the other languages Windows speaks', () => {
  // [language, paste, the error]
  const rows: [string, string, Err][] = [
    ['Spanish, alone', windows('es', 'win32', SERVICE_MISSING.value), SERVICE_MISSING],
    ['Spanish, in prose without accents', `Al arrancar el agente me sale "${noPeriod(windows('es', 'win32', RPC.value)).normalize('NFD').replace(/\p{M}/gu, '')}" y no conecta`, RPC],
    ['Spanish, in a log line', `2024-05-02 09:01:11 ERROR Copia: ${windows('es', 'win32', SHARING.value)}`, SHARING],
    ['German', windows('de', 'win32', SERVICE_MISSING.value), SERVICE_MISSING],
    ['French', `Erreur : ${windows('fr', 'win32', MODULE.value)}`, MODULE],
    ['Portuguese', windows('pt-BR', 'win32', SERVICE_TIMEOUT.value), SERVICE_TIMEOUT],
    ['Russian', windows('ru', 'win32', RPC.value), RPC],
    ['Simplified Chinese', windows('zh-CN', 'win32', SERVICE_MISSING.value), SERVICE_MISSING],
    ['Traditional Chinese', windows('zh-TW', 'win32', SERVICE_MISSING.value), SERVICE_MISSING],
    ['Simplified Chinese in a sentence', `启动服务时提示：${windows('zh-CN', 'win32', MODULE.value)}请问怎么办？`, MODULE],
  ];

  test.each(rows)('%s', (_lang, paste, e) => {
    const m = first(paste);
    expect(isError(m, e.kind, e.value)).toBe(true);
    expect(m?.source).toBe('message');
  });

  test('the Spanish message is on the match beside the English one', () => {
    const m = first(windows('es', 'win32', SERVICE_MISSING.value))!;
    expect(m.message).toMatchObject({ en: en(SERVICE_MISSING), es: windows('es', 'win32', SERVICE_MISSING.value) });
  });
});

describe('a code and a message in one paste', () => {
  test('a code and its own message are one match, at least as sure as the code alone', () => {
    const code = '0x80070424';
    const alone = first(`Error ${code}`)!;
    const { matches } = lookup(engine, `Error ${code}: ${en(SERVICE_MISSING)}`);
    const same = matches.filter((m) => isError(m, 'win32', SERVICE_MISSING.value));
    expect(same).toHaveLength(1);
    expect(matches[0]).toBe(same[0]);
    expect(same[0]!.score).toBeGreaterThanOrEqual(alone.score);
    expect(same[0]!.found).toEqual(expect.arrayContaining([code, noPeriod(en(SERVICE_MISSING))]));
  });

  test('a code and a different message are both shown', () => {
    const { matches } = lookup(engine, `Error 0x80070005: ${en(SERVICE_MISSING)}`);
    expect(matches.some((m) => m.code === '0x80070005' && m.source === 'code')).toBe(true);
    expect(matches.some((m) => isError(m, 'win32', SERVICE_MISSING.value) && m.source === 'message')).toBe(true);
  });
});

describe('ordinary prose is not an error', () => {
  test.each([
    ['an out-of-office note', "Hi all, I'll be out of the office until Monday 14 December with limited access to email. For anything urgent please contact Maria on extension 4512. Otherwise I will reply when I get back. Thanks!"],
    ['a meeting request', 'Could we meet on Thursday at 10 in room 3 to go through the budget for next quarter? Please bring the figures from last month. If that time does not work for you, suggest another one.'],
    ['a status update', 'The new laptops arrived today and are being set up. Users will receive them next week along with instructions for signing in and copying their files.'],
    ['una nota de ausencia', 'Hola a todos, estaré fuera de la oficina hasta el lunes 14 de diciembre con acceso limitado al correo. Para cualquier urgencia, contactad con María en la extensión 4512. Gracias.'],
    ['una convocatoria', '¿Podemos vernos el jueves a las 10 en la sala 3 para revisar el presupuesto del próximo trimestre? Traed las cifras del último mes. Si no podéis, decidme otra hora.'],
  ])('%s finds nothing', (_what, prose) => {
    expect(lookup(engine, prose).matches).toEqual([]);
  });
});
