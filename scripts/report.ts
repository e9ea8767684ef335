// npm run report -- --since 7d --format md|csv|json — the insights report from the configured store
// (STORAGE, DATA_DIR, AZURE_STORAGE_CONNECTION_STRING, as the bot reads them), on stdout.
import { loadConfig } from '../src/config';
import { reportNames } from '../src/host/report-command';
import { MAX_REPORT_DAYS, parsePeriod } from '../src/insights/build-report';
import { formatReport, REPORT_FORMATS, type ReportFormat } from '../src/insights/format-report';
import { openInsightStore } from '../src/insights/open-insight-store';
import { reportFromStore } from '../src/insights/report-from-store';
import { loadEngine } from '../src/node/load-engine';

const USAGE = `usage: npm run report -- [--since 7d|30d|today] [--format ${REPORT_FORMATS.join('|')}]  (periods up to ${MAX_REPORT_DAYS}d)`;

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  if (inline) return inline.slice(name.length + 3);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const period = parsePeriod(option(args, 'since', '7d'), Date.now());
  const format = option(args, 'format', 'md') as ReportFormat;
  if (!period || !REPORT_FORMATS.includes(format)) {
    console.error(USAGE);
    return 2;
  }
  const { config, problems } = loadConfig(process.env);
  if (problems.length) {
    console.error(`Configuration problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    return 1;
  }
  if (config.storage === 'memory') {
    console.error('STORAGE=memory keeps no events between runs: nothing to report.');
    return 1;
  }
  const store = await openInsightStore(config);
  try {
    const report = await reportFromStore(store, period);
    process.stdout.write(formatReport(report, format, reportNames(loadEngine().engine, 'en')));
    return 0;
  } finally {
    await store.close();
  }
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(`Could not build the report: ${(e as Error).message}`);
  process.exit(1);
});
