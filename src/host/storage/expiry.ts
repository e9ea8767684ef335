// Which stored items expire, and when. Only conversation state does: a user's remembered answers
// and the outcome book ("this fixed it" counts) are kept however long they sit unwritten.

/** Where a conversation's state is stored: the only kind of key that expires. */
export const conversationKey = (channelId: string, conversationId: string) => `${channelId}/conversations/${conversationId}`;
/** Where a user's remembered answers are stored. */
export const userKey = (channelId: string, userId: string) => `${channelId}/users/${userId}`;

const CONVERSATION_KEY = /^[^/]+\/conversations\//;

/** True for the keys whose items expire when not written for the TTL. */
export function isExpiringKey(key: string): boolean {
  return CONVERSATION_KEY.test(key);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The TTL in milliseconds for a number of days (config.stateTtlDays). */
export function ttlMs(days: number): number {
  return days * DAY_MS;
}

export interface ExpiryOptions {
  /** Items of expiring keys not written for this long are gone. */
  ttlMs: number;
  /** The clock; tests pass a fake one. */
  now?: () => Date;
  /** Which keys expire; conversation state by default. */
  expires?: (key: string) => boolean;
}
