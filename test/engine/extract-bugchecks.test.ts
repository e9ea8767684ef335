// Blue screens in the shapes people copy them from → the bug check, its four parameters and the
// failing driver. Each shape is checked twice: what extractBugchecks reads, and what lookup (the
// bot's front door) puts first.
import { extractBugchecks } from '../../src/engine/extract-bugchecks';
import { lookup, type Match } from '../../src/engine/lookup';
import { realEngine } from '../support/engine';

const { engine } = realEngine();
const first = (text: string): Match | undefined => lookup(engine, text).matches[0];

const SCREEN_EN = `Your PC ran into a problem and needs to restart. We're just collecting some error info, and then we'll restart for you.

100% complete

For more information about this issue and possible fixes, visit https://www.windows.com/stopcode

If you call a support person, give them this info:
Stop code: MEMORY_MANAGEMENT`;

const SCREEN_ES = `Tu PC tuvo un problema y necesita reiniciarse. Solo recopilamos información del error y, después, se reiniciará por ti.

Si llamas a una persona de soporte técnico, proporciónale esta información:
Código de detención: CRITICAL_PROCESS_DIED`;

const EVENT_1001 =
  'The computer has rebooted from a bugcheck.  The bugcheck was: 0x0000009f (0x0000000000000003, 0xffffc60b2e5b4060, 0xfffff8034a06f7e0, 0xffffc60b3a4e6a20). A dump was saved in: C:\\WINDOWS\\MEMORY.DMP. Report Id: 0a7e1f2c-5c43-4e2b-9b1e-2c5d4b1a0c11.';

const WINDBG_C2 = `BugCheck C2, {7, 1097, 0, ffffd00e2e7fb0c0}

Probably caused by : ntkrnlmp.exe ( nt!ExFreePool+bad )`;

const WINDBG_8E = 'BugCheck 1000008E, {c0000005, bf8b9a2d, f1e3fa60, 0}';

const ANALYZE_139 = `*******************************************************************************
*                                                                             *
*                        Bugcheck Analysis                                    *
*                                                                             *
*******************************************************************************

KERNEL_SECURITY_CHECK_FAILURE (139)
A kernel component has corrupted a critical data structure.  The corruption
could potentially allow a malicious user to gain control of this machine.
Arguments:
Arg1: 0000000000000003, A LIST_ENTRY has been corrupted (i.e. double remove).
Arg2: ffffa58f2b2e6f50, Address of the trap frame for the exception that caused the BugCheck
Arg3: ffffa58f2b2e6ea8, Address of the exception record for the exception that caused the BugCheck
Arg4: 0000000000000000, Reserved`;

const WER_BCCODE = `Problem signature:
Problem Event Name:	BlueScreen
OS Version:	10.0.19045.2.0.0.256.48
Locale ID:	1033

Additional information about the problem:
BCCode:	1a
BCP1:	0000000000041790
BCP2:	FFFFE30000A9E4A0
BCP3:	0000000000000002
BCP4:	0000000000000001
OS Version:	10_0_19045
Service Pack:	0_0
Product:	256_1`;

const WER_BLUESCREEN_CODE =
  'Problem Event Name: BlueScreen Code: 3b Parameter 1: c0000005 Parameter 2: fffff8027b5b1e4a Parameter 3: ffffa101c6a8e920 Parameter 4: 0000000000000000';

const WHAT_FAILED = `Stop code: VIDEO_TDR_FAILURE
What failed: nvlddmkm.sys`;

describe('each shape of a blue screen gives its bug check', () => {
  // [shape, paste, value, name, parameters or undefined]
  const rows: [string, string, number, string, string[] | undefined][] = [
    ['the "Stop code:" screen (English)', SCREEN_EN, 0x1a, 'MEMORY_MANAGEMENT', undefined],
    ['the "Código de detención:" screen (Spanish)', SCREEN_ES, 0xef, 'CRITICAL_PROCESS_DIED', undefined],
    ['Event 1001 with its four parameters', EVENT_1001, 0x9f, 'DRIVER_POWER_STATE_FAILURE', ['0x0000000000000003', '0xFFFFC60B2E5B4060', '0xFFFFF8034A06F7E0', '0xFFFFC60B3A4E6A20']],
    ['WinDbg "BugCheck C2, {…}"', WINDBG_C2, 0xc2, 'BAD_POOL_CALLER', ['0x7', '0x1097', '0x0', '0xFFFFD00E2E7FB0C0']],
    ['WinDbg "BugCheck 1000008E": the 0x10000000 bit only marks 64-bit parameters', WINDBG_8E, 0x8e, 'KERNEL_MODE_EXCEPTION_NOT_HANDLED', ['0xC0000005', '0xBF8B9A2D', '0xF1E3FA60', '0x0']],
    ['the !analyze -v heading with Arg1–Arg4', ANALYZE_139, 0x139, 'KERNEL_SECURITY_CHECK_FAILURE', ['0x0000000000000003', '0xFFFFA58F2B2E6F50', '0xFFFFA58F2B2E6EA8', '0x0000000000000000']],
    ['WER "BCCode: 1a" with BCP1–BCP4', WER_BCCODE, 0x1a, 'MEMORY_MANAGEMENT', ['0x0000000000041790', '0xFFFFE30000A9E4A0', '0x0000000000000002', '0x0000000000000001']],
    ['WER "BlueScreen Code: 3b" with Parameter 1–4', WER_BLUESCREEN_CODE, 0x3b, 'SYSTEM_SERVICE_EXCEPTION', ['0xC0000005', '0xFFFFF8027B5B1E4A', '0xFFFFA101C6A8E920', '0x0000000000000000']],
  ];

  test.each(rows)('%s: read as that stop code with its parameters', (_shape, paste, value, name, parameters) => {
    const hits = extractBugchecks(paste, engine.tables);
    expect(hits.map((h) => h.value)).toEqual([value]);
    expect(hits[0]!.parameters).toEqual(parameters);
  });

  test.each(rows)('%s: lookup puts the bug check first, named, with its parameters', (_shape, paste, value, name, parameters) => {
    const m = first(paste)!;
    expect({ kind: m.kind, value: m.value, names: m.names, parameters: m.parameters }).toEqual({ kind: 'bugcheck', value, names: expect.arrayContaining([name]) as unknown, parameters });
    expect(m.known).toBe(true);
    expect(m.score).toBeGreaterThanOrEqual(0.9);
  });
});

describe('what else a blue screen tells', () => {
  test('"What failed: nvlddmkm.sys" is the failing driver', () => {
    const m = lookup(engine, WHAT_FAILED).matches.find((x) => x.kind === 'bugcheck');
    expect(m).toMatchObject({ value: 0x116, names: expect.arrayContaining(['VIDEO_TDR_FAILURE']) as unknown, driver: 'nvlddmkm.sys' });
  });

  test('a stop code without a driver line names no driver', () => {
    expect(first(EVENT_1001)?.driver).toBeUndefined();
  });

  test.each([
    ['video tdr failure', 'I keep getting a video tdr failure blue screen when gaming', 0x116],
    ['system thread exception not handled', 'My laptop showed system thread exception not handled and then rebooted', 0x7e],
  ])('a stop code written in words ("%s") is that bug check', (_words, paste, value) => {
    expect(first(paste)).toMatchObject({ kind: 'bugcheck', value });
  });

  test.each([
    ['Event 1001', EVENT_1001],
    ['BCP1–BCP4', WER_BCCODE],
    ['Arg1–Arg4', ANALYZE_139],
    ['BugCheck C2, {…}', WINDBG_C2],
  ])('the parameters of %s are not codes of their own', (_shape, paste) => {
    const { matches } = lookup(engine, paste, { limit: 50 });
    const parameters = new Set(extractBugchecks(paste, engine.tables)[0]!.parameters!.map((p) => parseInt(p, 16) >>> 0));
    expect(matches.filter((m) => m.kind !== 'bugcheck' && parameters.has(m.value)).map((m) => m.code)).toEqual([]);
  });

  test.each([
    ['WinDbg 0x8E, in braces', WINDBG_8E],
    ['WER 0x3B, as "Parameter 1:"', WER_BLUESCREEN_CODE],
  ])('a known exception code among the parameters (%s) is shown below the stop code, not above it', (_shape, paste) => {
    const { matches } = lookup(engine, paste);
    const stop = matches.findIndex((m) => m.kind === 'bugcheck');
    const exception = matches.findIndex((m) => m.code === '0xC0000005');
    expect(stop).toBe(0);
    if (exception >= 0) expect(matches[exception]!.score).toBeLessThan(matches[stop]!.score);
  });
});

describe('words that only look like a bug check', () => {
  test.each([
    'we need to bug check add this to the list',
    'bugcheck was fine after the driver update',
    'Stop code: please send me the steps',
    'MEMORY_MANAGEMENT (12)',
  ])('%j is no bug check', (paste) => {
    expect(extractBugchecks(paste, engine.tables)).toEqual([]);
  });
});
