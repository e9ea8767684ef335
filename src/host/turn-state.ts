// Conversation and user state around one turn, with optimistic concurrency: the turn writes back
// with the eTag of what it read, so two instances racing one conversation cannot silently
// overwrite each other (botbuilder's BotState.saveChanges writes with "*"). On a conflict the
// whole turn is computed again from fresh state.
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { isETagConflict } from './storage/etag-conflict';

/** Attempts before giving up on a conversation that keeps changing under us. */
const MAX_ATTEMPTS = 4;

interface StateDoc<T> extends StoreItem {
  state: T;
  savedAt: string;
}

export interface TurnState<C, U> {
  conversation: C;
  user: U;
}

/**
 * Reads the two states, runs `turn` (pure, may be run again), writes what changed — the
 * conversation with the eTag it read, the user state last-writer-wins (it only holds remembered
 * answers) — in one write, and returns the turn's result once that write has succeeded.
 */
export async function withTurnState<C, U, R extends TurnState<C, U>>(
  storage: Storage,
  keys: { conversation: string; user: string },
  initial: () => TurnState<C, U>,
  turn: (state: TurnState<C, U>) => R,
  now: () => Date = () => new Date(),
): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    const items = await storage.read([keys.conversation, keys.user]);
    const conv = items[keys.conversation] as StateDoc<C> | undefined;
    const user = items[keys.user] as StateDoc<U> | undefined;
    const init = conv && user ? null : initial();
    const before = { conversation: conv?.state ?? init!.conversation, user: user?.state ?? init!.user };
    // Only what the turn changed is written: most turns leave the user state alone, and a state
    // still equal to the initial one need not be stored at all.
    const unchanged = { conversation: JSON.stringify(before.conversation), user: JSON.stringify(before.user) };
    const result = turn(before);
    const savedAt = now().toISOString();
    const changes: StoreItems = {};
    if (JSON.stringify(result.conversation) !== unchanged.conversation) {
      // A new conversation has no eTag: "*" then means "create or replace", which is what we want.
      changes[keys.conversation] = { state: result.conversation, savedAt, eTag: conv?.eTag ?? '*' };
    }
    if (JSON.stringify(result.user) !== unchanged.user) changes[keys.user] = { state: result.user, savedAt, eTag: '*' };
    if (Object.keys(changes).length === 0) return result;
    try {
      await storage.write(changes);
    } catch (e) {
      if (isETagConflict(e) && attempt < MAX_ATTEMPTS) continue;
      throw e;
    }
    return result;
  }
}
