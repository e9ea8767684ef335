// A load generator in its own process: autocannon against one bot, each request a new or an
// existing conversation as the scenario says. Prints one JSON line with the figures.
import autocannon from 'autocannon';

interface Args {
  url: string;
  connections: number;
  seconds: number;
  text: string;
  /** When set, request n sends texts[n % length] instead of `text`. */
  texts?: string[];
  /** Conversations to cycle through; 0 means a new conversation per request. */
  pool: number;
  prefix: string;
  /** Stop after this many requests instead of after `seconds`. */
  amount?: number;
  /** Requests per second across all connections; unset means as fast as the bot answers. */
  rate?: number;
}

const args = JSON.parse(process.argv[2]!) as Args;
let n = 0;

function body(): string {
  n += 1;
  const conv = args.pool > 0 ? `${args.prefix}-${n % args.pool}` : `${args.prefix}-${n}`;
  return JSON.stringify({
    type: 'message',
    id: `a${n}`,
    text: args.texts ? args.texts[n % args.texts.length] : args.text,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    deliveryMode: 'expectReplies',
    from: { id: `u-${conv}`, name: 'Bench' },
    recipient: { id: 'bot', name: 'Helpdesk Triage' },
    conversation: { id: conv, conversationType: 'personal' },
    locale: 'en-US',
  });
}

const instance = autocannon(
  {
    url: args.url,
    connections: args.connections,
    duration: args.seconds,
    ...(args.amount ? { amount: args.amount } : {}),
    ...(args.rate ? { overallRate: args.rate } : {}),
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }],
  },
  (err, result) => {
    if (err) throw err;
    console.log(
      JSON.stringify({
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors: result.errors + result.timeouts + (result.non2xx ?? 0),
        total: result.requests.total,
      }),
    );
  },
);
autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
