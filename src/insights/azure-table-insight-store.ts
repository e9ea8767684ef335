// The InsightStore on Azure Table Storage, shared by every instance of the bot.
//
// Layout, in one table:
//   PartitionKey 'e-<yyyymmdd>' (UTC day)   RowKey '<ms, 15 digits>|<writer>|<n>'   one event each
//   PartitionKey 'sample'                   RowKey sha256(gap)                       Gap, Sample, At
//   PartitionKey 'alert'                    RowKey base64url(family)                 Doc0…: the alert's JSON
// A day a partition keeps each append one entity-group transaction (a batch of one turn's events
// lands whole) and a report a range scan of a few partitions; row keys sort by time, and the
// writer's random id keeps two instances writing in the same millisecond apart.
import { randomUUID } from 'node:crypto';
import { odata, TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import { ReportParts, reportWindow, tallyParts } from './build-report';
import { encodeKey, hashKey, joinJson, splitJson } from '../tickets/table-entity-codec';
import type { EventKind, InsightStore, ReadOptions, SpikeAlert, StoredAlert, TriageEvent } from './types';

export interface AzureTableInsightStoreOptions {
  connectionString: string;
  /** Table name: a letter, then letters and digits, 3–63 characters. */
  table?: string;
}

export const DEFAULT_INSIGHTS_TABLE = 'helpdeskinsights';
const SAMPLES = 'sample';
const ALERTS = 'alert';
const DAY_MS = 86_400_000;
/** An entity-group transaction holds at most 100 operations. */
const BATCH = 100;
/** Days read as parallel queries: a report's 90 days and its previous period, with room. */
const MAX_PARALLEL_DAYS = 200;

const dayPartition = (at: number) => `e-${new Date(Math.floor(at / DAY_MS) * DAY_MS).toISOString().slice(0, 10).replace(/-/g, '')}`;
const timeKey = (at: number) => String(Math.max(0, Math.floor(at))).padStart(15, '0');

function statusOf(e: unknown): number | undefined {
  return typeof e === 'object' && e !== null && 'statusCode' in e && typeof e.statusCode === 'number' ? e.statusCode : undefined;
}

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

function fromEntity(x: Record<string, unknown>): TriageEvent {
  const e: TriageEvent = { at: Number(x.At), kind: x.Kind as EventKind, triage: text(x.Triage) ?? '', user: text(x.User) ?? '' };
  const optional = { tenant: x.Tenant, code: x.Code, codeKind: x.CodeKind, article: x.Article, cause: x.Cause, fact: x.Fact, value: x.Value, outcome: x.Outcome, gap: x.Gap };
  for (const [k, v] of Object.entries(optional)) if (typeof v === 'string') (e as unknown as Record<string, string>)[k] = v;
  if (typeof x.Facts === 'string') e.facts = JSON.parse(x.Facts) as Record<string, string>;
  return e;
}

/** Opens the table (creating it when missing) and returns the store. */
export async function openAzureTableInsightStore(options: AzureTableInsightStoreOptions): Promise<InsightStore> {
  const table = options.table ?? DEFAULT_INSIGHTS_TABLE;
  if (!/^[A-Za-z][A-Za-z0-9]{2,62}$/.test(table)) throw new Error(`"${table}" is not a valid table name: a letter, then letters and digits, 3–63 in all`);
  const client = TableClient.fromConnectionString(options.connectionString, table, { allowInsecureConnection: true });
  await client.createTable();
  const writer = randomUUID().slice(0, 8);
  let sequence = 0;

  const toEntity = (e: TriageEvent): TableEntity<Record<string, unknown>> => {
    sequence += 1;
    const entity: TableEntity<Record<string, unknown>> = {
      partitionKey: dayPartition(e.at),
      rowKey: `${timeKey(e.at)}|${writer}|${String(sequence).padStart(10, '0')}`,
      At: e.at,
      Kind: e.kind,
      Triage: e.triage,
      User: e.user,
    };
    const optional = { Tenant: e.tenant, Code: e.code, CodeKind: e.codeKind, Article: e.article, Cause: e.cause, Fact: e.fact, Value: e.value, Outcome: e.outcome, Gap: e.gap };
    for (const [k, v] of Object.entries(optional)) if (v !== undefined) entity[k] = v;
    if (e.facts) entity.Facts = JSON.stringify(e.facts);
    return entity;
  };

  /** Submits the actions grouped by partition, at most BATCH a transaction. */
  const submit = async (actions: TransactionAction[]) => {
    const byPartition = new Map<string, TransactionAction[]>();
    for (const a of actions) {
      const p = a[1].partitionKey;
      byPartition.set(p, [...(byPartition.get(p) ?? []), a]);
    }
    for (const group of byPartition.values()) {
      for (let i = 0; i < group.length; i += BATCH) await client.submitTransaction(group.slice(i, i + BATCH));
    }
  };

  /** One query: a day's partition, or (last = true) every partition from `partition` to `last`. */
  const readDays = async (partition: string, from: number, to: number, kinds?: readonly EventKind[], lean?: boolean, last?: string): Promise<TriageEvent[]> => {
    let filter = last
      ? odata`PartitionKey ge ${partition} and PartitionKey le ${last} and At ge ${from} and At lt ${to}`
      : odata`PartitionKey eq ${partition} and RowKey ge ${timeKey(from)} and RowKey lt ${timeKey(to)}`;
    if (kinds) filter += ` and (${kinds.map((k) => odata`Kind eq ${k}`).join(' or ')})`;
    const out: TriageEvent[] = [];
    const select = lean ? ['At', 'Kind', 'Triage', 'User', 'Code', 'Article', 'Cause', 'Outcome', 'Gap'] : undefined;
    for await (const x of client.listEntities({ queryOptions: { filter, ...(select ? { select } : {}) } })) out.push(fromEntity(x));
    return out;
  };

  /** Events with from ≤ at < to, oldest first. */
  const readRange = async (from: number, to: number, options?: ReadOptions): Promise<TriageEvent[]> => {
    if (!(to > from)) return [];
    // Up to a few months, one query a day in parallel; a longer range is one scan of the range.
    if (to - from > MAX_PARALLEL_DAYS * DAY_MS) return (await readDays(dayPartition(from), from, to, options?.kinds, options?.lean, dayPartition(to))).sort((a, b) => a.at - b.at);
    const days: string[] = [];
    for (let d = Math.floor(from / DAY_MS) * DAY_MS; d < to; d += DAY_MS) days.push(dayPartition(d));
    const parts = await Promise.all(days.map((p) => readDays(p, from, to, options?.kinds, options?.lean)));
    return parts.flat().sort((a, b) => a.at - b.at);
  };

  const read = async (partitionKey: string, rowKey: string) => {
    try {
      return await client.getEntity(partitionKey, rowKey);
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  };
  const stored = (x: Record<string, unknown> & { etag: string }): StoredAlert => ({ alert: JSON.parse(joinJson(x)) as SpikeAlert, tag: x.etag });
  const alertEntity = (alert: SpikeAlert) => ({ partitionKey: ALERTS, rowKey: encodeKey(alert.family), ...splitJson(JSON.stringify(alert)) });

  return {
    append: async (events, samples = []) => {
      if (events.length > 0) await submit(events.map((e): TransactionAction => ['create', toEntity(e)]));
      for (const s of samples) {
        await client.createEntity({ partitionKey: SAMPLES, rowKey: hashKey(s.gap), Gap: s.gap, Sample: s.sample, At: s.at }).catch((e: unknown) => {
          // 409: the gap has its sample already, which is the one kept.
          if (statusOf(e) !== 409) throw e;
        });
      }
    },
    read: (from, to, options) => readRange(from, to, options),
    // Row-based: every event of both periods comes over the wire (lean columns, one query a day in
    // parallel, at most 1,000 entities a page) and is folded here, so a report costs what reading
    // its events costs: a quarter's million events are a thousand pages.
    reportTallies: async (period, options) => {
      const parts = new ReportParts(period);
      for (const e of await readRange(reportWindow(period).previousFrom, period.to, { lean: true })) parts.add(e);
      return tallyParts(parts, period, options);
    },
    samples: async (gaps) => {
      const found = new Map<string, string>();
      await Promise.all(
        gaps.map(async (g) => {
          const x = await read(SAMPLES, hashKey(g));
          if (typeof x?.Sample === 'string') found.set(g, x.Sample);
        }),
      );
      return found;
    },
    deleteBefore: async (before) => {
      const old = odata`PartitionKey ge 'e-' and PartitionKey lt ${dayPartition(before)}`;
      const edge = odata`PartitionKey eq ${dayPartition(before)} and RowKey lt ${timeKey(before)}`;
      const doomed: TransactionAction[] = [];
      for (const filter of [old, edge]) {
        for await (const x of client.listEntities({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } })) {
          doomed.push(['delete', { partitionKey: x.partitionKey!, rowKey: x.rowKey! }]);
        }
      }
      await submit(doomed);
      for await (const x of client.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${SAMPLES} and At lt ${before}`, select: ['PartitionKey', 'RowKey'] } })) {
        await client.deleteEntity(x.partitionKey!, x.rowKey!);
      }
      // An alert holds its followers' conversations and agents' names: it goes with the events it
      // counted. Alerts are a handful of rows, so they are read whole and checked here.
      for await (const x of client.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${ALERTS}` } })) {
        const s = stored(x as Record<string, unknown> & { etag: string });
        if (s.alert.lastAt < before) await client.deleteEntity(ALERTS, x.rowKey!, { etag: s.tag }).catch((e: unknown) => {
          // 412: changed since it was read (the spike came back), so it stays; 404: already gone.
          if (statusOf(e) !== 412 && statusOf(e) !== 404) throw e;
        });
      }
      return doomed.length;
    },
    getAlert: async (family) => {
      const x = await read(ALERTS, encodeKey(family));
      return x && stored(x);
    },
    createAlert: async (alert) => {
      try {
        const r = await client.createEntity(alertEntity(alert));
        return { alert, tag: r.etag! };
      } catch (e) {
        if (statusOf(e) === 409) return undefined;
        throw e;
      }
    },
    replaceAlert: async (alert, tag) => {
      try {
        const r = await client.updateEntity(alertEntity(alert), 'Replace', { etag: tag });
        return { alert, tag: r.etag! };
      } catch (e) {
        if (statusOf(e) === 412 || statusOf(e) === 404) return undefined;
        throw e;
      }
    },
    listAlerts: async () => {
      const out: StoredAlert[] = [];
      for await (const x of client.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${ALERTS}` } })) out.push(stored(x as Record<string, unknown> & { etag: string }));
      return out;
    },
    close: async () => undefined,
  };
}
