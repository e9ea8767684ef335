// The error a Storage throws when a write's eTag is stale. It has the message botbuilder's own
// MemoryStorage and BlobsStorage use ('… due to eTag conflict.') and the HTTP status they map from
// (412 Precondition Failed), so isETagConflict() below recognises all three alike.
export class ETagConflictError extends Error {
  readonly statusCode = 412;

  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

/** True for the errors Storage implementations throw when a write's eTag is stale. */
export function isETagConflict(e: unknown): boolean {
  const err = e as { statusCode?: number; code?: string; message?: string };
  return err?.statusCode === 412 || err?.code === 'ConditionNotMet' || /etag conflict|precondition|condition.*not met/i.test(err?.message ?? '');
}
