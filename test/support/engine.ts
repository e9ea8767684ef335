// The real engine over the real catalog, built once per test file.
import { loadEngine, type LoadedEngine } from '../../src/node/load-engine';

let loaded: LoadedEngine | undefined;

/** The engine built from catalog/ and dialogs/ exactly as the bot builds it. */
export function realEngine(): LoadedEngine {
  loaded ??= loadEngine();
  return loaded;
}
