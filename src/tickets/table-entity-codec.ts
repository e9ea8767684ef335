// How a ticket fits in Azure Table entities. A string property holds at most 64 KiB (32 Ki UTF-16
// code units) and an entity at most 1 MiB, while a ticket carries a paste of up to 28 KB whose JSON
// can be several times longer (each control character becomes \u00XX). So the JSON is split over
// numbered properties, Doc0, Doc1…, rather than cut: nobody loses the log they pasted.
import { createHash } from 'node:crypto';

/** UTF-16 code units a part holds: 60,000 bytes, safely under the 64 KiB property limit. */
export const PART_LENGTH = 30_000;
/** Parts an entity may carry: 15 × 60,000 bytes leaves room under 1 MiB for the other properties. */
export const MAX_PARTS = 15;

/** Splits `json` into Doc0…DocN-1 plus DocParts, never between the halves of a surrogate pair. */
export function splitJson(json: string, prefix = 'Doc'): Record<string, string | number> {
  const props: Record<string, string | number> = {};
  let i = 0;
  let n = 0;
  while (i < json.length || n === 0) {
    let end = Math.min(i + PART_LENGTH, json.length);
    const last = json.charCodeAt(end - 1);
    if (end < json.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    props[`${prefix}${n}`] = json.slice(i, end);
    i = end;
    n += 1;
  }
  if (n > MAX_PARTS) throw new Error(`too large for one table entity: ${json.length} characters of JSON (at most ${PART_LENGTH * MAX_PARTS})`);
  props[`${prefix}Parts`] = n;
  return props;
}

/** Joins what splitJson wrote back into the JSON text. */
export function joinJson(entity: Record<string, unknown>, prefix = 'Doc'): string {
  const parts = entity[`${prefix}Parts`];
  if (typeof parts !== 'number') throw new Error(`entity ${String(entity.rowKey)} has no ${prefix}Parts`);
  let json = '';
  for (let i = 0; i < parts; i += 1) {
    const part = entity[`${prefix}${i}`];
    if (typeof part !== 'string') throw new Error(`entity ${String(entity.rowKey)} lacks ${prefix}${i}`);
    json += part;
  }
  return json;
}

/**
 * A row key fragment for any string. Keys may not contain / \ # ? or control characters and are
 * limited to 1 KiB; idempotency keys and Teams ids are outside our control, so they are hashed
 * (url-safe base64 of SHA-256, 43 characters).
 */
export function hashKey(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}

/** A reversible row key for our own setting names. */
export function encodeKey(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64url');
}

/** A ticket number as a fixed-width key, so that keys sort as numbers do. */
export function padNumber(n: number): string {
  return String(n).padStart(10, '0');
}

/** Sorts newest first under ascending row keys (the only order a table query returns). */
export function invertNumber(n: number): string {
  return padNumber(9_999_999_999 - n);
}
