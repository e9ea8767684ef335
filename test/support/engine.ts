// The real engine over the real catalog, built once per test file.
import { formatCode, hresultFromWin32 } from '../../src/engine/codes/decode';
import type { Match } from '../../src/engine/lookup';
import { loadEngine, type LoadedEngine } from '../../src/node/load-engine';

let loaded: LoadedEngine | undefined;

/** The engine built from catalog/ and dialogs/ exactly as the bot builds it. */
export function realEngine(): LoadedEngine {
  loaded ??= loadEngine();
  return loaded;
}

/** The match is this error, however written: Win32 5 and its HRESULT 0x80070005 are one error. */
export function isError(m: Match | undefined, kind: string, value: number): boolean {
  if (!m) return false;
  if (m.kind === kind && m.code === formatCode(value)) return true;
  return kind === 'win32' && (m.win32?.code === value || (m.kind === 'hresult' && m.code === formatCode(hresultFromWin32(value))));
}
