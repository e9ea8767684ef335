// The error a Storage throws when a write's eTag is stale. It has the message botbuilder's own
// MemoryStorage and BlobsStorage use ('… due to eTag conflict.') and the HTTP status they map from
// (412 Precondition Failed), so isETagConflict() in turn-state.ts recognises all three alike.
export class ETagConflictError extends Error {
  readonly statusCode = 412;

  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}
