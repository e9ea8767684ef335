// Conversation and user state in Azure Blob Storage (STORAGE=azure), so that several instances
// behind a load balancer share it: botbuilder's BlobsStorage, one JSON blob a key, the blob's ETag
// as the item's eTag (a stale one fails with "… due to eTag conflict.", which turn-state.ts retries).
//
// Expiry in production is a lifecycle management rule on the storage account, which Azure runs
// once a day at no transaction cost. BlobsStorage names a blob encodeURIComponent(key), so
// conversation state of Teams lives under the prefix "msteams%2Fconversations%2F":
//
//   { "rules": [{ "enabled": true, "name": "expire-conversation-state", "type": "Lifecycle",
//       "definition": {
//         "filters": { "blobTypes": ["blockBlob"], "prefixMatch": ["<container>/msteams%2Fconversations%2F"] },
//         "actions": { "baseBlob": { "delete": { "daysAfterModificationGreaterThan": <STATE_TTL_DAYS> } } } } }] }
//
// (az storage account management-policy create --account-name … --resource-group … --policy @policy.json)
// sweepExpiredBlobs() does the same from the bot at start and once a day, for accounts without
// the rule and for Azurite, which has no lifecycle management.
import { ContainerClient, RestError } from '@azure/storage-blob';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { isExpiringKey, type ExpiryOptions } from './expiry';

export interface AzureBlobState {
  storage: BlobsStorage;
  container: ContainerClient;
  /** The container's address without any SAS token: safe to log. */
  url: string;
}

/** BlobsStorage on the container, and a client of the same container for the sweep. */
export function openAzureBlobState(connectionString: string, containerName: string): AzureBlobState {
  const container = new ContainerClient(connectionString, containerName);
  return {
    storage: new BlobsStorage(connectionString, containerName),
    container,
    url: container.url.split('?')[0]!,
  };
}

const gone = (e: unknown) => e instanceof RestError && (e.statusCode === 404 || e.statusCode === 412);

/**
 * Deletes the blobs of expiring keys (conversation state) last modified longer ago than the TTL;
 * returns how many. A blob written after it was listed keeps its new content: the delete is
 * conditional on the ETag seen in the listing.
 */
export async function sweepExpiredBlobs(container: ContainerClient, options: ExpiryOptions & { signal?: AbortSignal }): Promise<number> {
  const cutoff = (options.now ?? (() => new Date()))().getTime() - options.ttlMs;
  const expires = options.expires ?? isExpiringKey;
  const abortSignal = options.signal;
  // BlobsStorage creates the container on first use: before that there is nothing to sweep.
  if (!(await container.exists({ abortSignal }))) return 0;
  let deleted = 0;
  for await (const blob of container.listBlobsFlat({ abortSignal })) {
    if (abortSignal?.aborted) break;
    if (blob.properties.lastModified.getTime() >= cutoff) continue;
    let key: string;
    try {
      key = decodeURIComponent(blob.name);
    } catch {
      continue; // not a name BlobsStorage wrote
    }
    if (!expires(key)) continue;
    try {
      await container.deleteBlob(blob.name, { conditions: { ifMatch: blob.properties.etag }, abortSignal });
      deleted += 1;
    } catch (e) {
      if (!gone(e)) throw e;
    }
  }
  return deleted;
}
