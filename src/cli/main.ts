// Command-line wiring only: options → library calls → printed tables and exit codes.
// Library modules are imported inside each action so a command loads only what it needs.
import { Command, CommanderError, Option } from 'commander';
import { ExitCode } from '../errors.js';
import * as opt from './options.js';
import { fail, setDebug } from './io.js';

const CLAIM_HELP =
  "the claimed surcharge in percent (default 30: LINAGORA's CEO at CPDP 2024 said an English-centric model costs about 30 % more in Spanish, French or German)";

const program = new Command('tokentax')
  .description(
    'Measure the token tax: how many more tokens (and money) French, German and Spanish cost than English, per tokenizer.',
  )
  .option('--debug', 'print stack traces of errors')
  .showHelpAfterError('(add --help for usage)')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) })
  .hook('preAction', (cmd) => setDebug(!!cmd.optsWithGlobals().debug));

const examples = (...lines: string[]) => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;

program
  .command('run')
  .description(
    'measure corpora × tokenizers × languages and write CSV files, reports and charts to a run folder',
  )
  .option('--corpus <name|path>', 'built-in corpus id or a path (repeatable; default: llm-mix)', opt.list)
  .option('--split <a,b>', 'FLORES splits to read (default: all present)', opt.list)
  .addOption(
    new Option('--format <format>', 'corpus format, overriding detection').choices([
      'flores',
      'csv',
      'tsv',
      'jsonl',
      'moses',
    ]),
  )
  .option('--no-lang-id', 'do not check that each text is in its labelled language')
  .option(
    '--allow-mislabelled',
    "measure even when the language check rejects more than 10 % of a language's texts (a swapped or mislabelled column); the report says so first",
  )
  .option(
    '--tokenizers <ids>',
    'tokenizer ids, comma-separated, or "all" (default: built-in ones plus cached hub ones)',
    opt.list,
  )
  .option(
    '--tokenizer-dir <dir>',
    'folder of local tokenizers (sub-folders with tokenizer.json, tokenizer.model or tekken.json)',
  )
  .option('--hub-timeout <seconds>', 'connect/read timeout for hub downloads', opt.seconds('--hub-timeout'))
  .option(
    '--offline',
    "never touch the network (as HF_HUB_OFFLINE=1): no download, not even the default run's European hub tokenizers",
  )
  .option(
    '--langs <codes>',
    'languages to measure: codes, or the sets eu (the 24 official EU languages; Basque is eus) and eu+ (eu plus Catalan, Basque, Galician)',
    opt.langs,
    ['en', 'fr', 'de', 'es'],
  )
  .option('--baseline <code>', 'baseline language', opt.lang('--baseline'), 'en')
  .option('--reference <id>', 'reference tokenizer for cross-tokenizer efficiency (default: cl100k_base)')
  .option('--claim <percent>', CLAIM_HELP, opt.num('--claim', -100), 30)
  .option('--seed <n>', 'bootstrap seed', opt.int('--seed', 0, 2 ** 32 - 1), 42)
  .option('--resamples <n>', 'bootstrap resamples (≥ 2000)', opt.int('--resamples', 2000, 1_000_000), 2000)
  .option(
    '--claim-margin <points>',
    'half-width of the band around the claimed figure for a "matches" verdict, in percentage points',
    opt.num('--claim-margin', 0, '5'),
    5,
  )
  .option('--by-domain', 'add summary rows per domain')
  .option(
    '--prices <file>',
    'prices CSV that overrides models of @pydantic/genai-prices or adds models (see the README, "Prices")',
  )
  .option(
    '--update-prices',
    'first fetch the latest @pydantic/genai-prices data into the user cache (falls back to the cached or bundled data)',
  )
  .option('--workload <name>', "the bill's workload: chat, support, rag or translation (default chat)")
  .option('--requests <n>', "requests per month (replaces the workload's)", opt.int('--requests', 1))
  .option(
    '--input-words <n>',
    "English-equivalent input words per request (replaces the workload's)",
    opt.int('--input-words', 0),
  )
  .option(
    '--output-words <n>',
    "English-equivalent output words per request (replaces the workload's)",
    opt.int('--output-words', 0),
  )
  .option(
    '--cached-share <share>',
    "share of the input read from the prompt cache, 0 to 1 (replaces the workload's)",
    opt.num('--cached-share', 0, '0.3'),
  )
  .option('--currency <code>', 'show money in this currency (needs --fx; default USD)', opt.currency)
  .option(
    '--fx <rate>',
    'units of --currency per 1 USD, e.g. 0.86 for EUR (no rate is ever guessed)',
    opt.num('--fx', 0, '0.86'),
  )
  .option(
    '--bill-models <ids>',
    "models of the bill chart (default: the cheapest and dearest of today's models of each provider, and every model counted with a European tokenizer)",
    opt.list,
  )
  .option(
    '--monthly-words <n>',
    'costs.csv: add the monthly input cost of this many English words',
    opt.int('--monthly-words', 1),
  )
  .option('--out <dir>', 'run folder (default: reports/<UTC timestamp>)')
  .option('--force', 'replace an existing non-empty --out folder')
  .option('--workers <n>', 'worker threads (default: one per core)', opt.int('--workers', 1, 256))
  .option(
    '--no-cache',
    'do not read or write the per-segment count cache (~/.cache/tokentax, or $TOKENTAX_CACHE)',
  )
  .option(
    '--sample <n>',
    'measure a seeded sample of n segments per corpus, stratified by domain (the same for every tokenizer)',
    opt.int('--sample', 1),
  )
  .option(
    '--api-rpm <n>',
    'provider APIs: requests per minute per provider (default: Anthropic 100, its tier-1 limit; Gemini and OpenAI 60)',
    opt.num('--api-rpm', 0.001, '100'),
  )
  .option(
    '--api-concurrency <n>',
    'provider APIs: requests in flight per provider',
    opt.int('--api-concurrency', 1, 256),
    4,
  )
  .option(
    '--api-timeout <seconds>',
    'provider APIs: timeout of one request',
    opt.seconds('--api-timeout'),
    30_000,
  )
  .option(
    '--api-max-wait <seconds>',
    'provider APIs: longest total wait on retries (429, 5xx, timeouts) for one text',
    opt.seconds('--api-max-wait'),
    300_000,
  )
  .option('--slides', 'also write slides.pptx')
  .option('--no-charts', 'skip the PNG/SVG charts')
  .option('--json', 'print the summary as JSON instead of a table')
  .option('-q, --quiet', 'no progress output (warnings and skip notes are still printed)')
  .addHelpText(
    'after',
    examples(
      'tokentax run',
      'tokentax run --corpus ../shared/corpora/flores200 --split devtest --tokenizers cl100k_base,o200k_base --out reports/flores',
      'tokentax run --corpus my.csv --langs en,fr --tokenizers all --by-domain --monthly-words 5000000',
      'tokentax run --workload support --requests 20000 --currency EUR --fx 0.86 --update-prices',
      'tokentax run --tokenizers default,legacy --claim-margin 3',
      'ANTHROPIC_API_KEY=... tokentax run --corpus flores200/ --split devtest --tokenizers anthropic:claude-sonnet-4-5,o200k_base --sample 200',
    ),
  )
  .action(async (o, cmd: Command) => {
    const { runCommand } = await import('./run-command.js');
    await runCommand(o, cmd.parent?.args ?? process.argv.slice(2));
  });

program
  .command('prices')
  .description(
    "list the catalog's models with their prices (USD per 1M tokens) and the date of the price data",
  )
  .option('--update', 'fetch the latest @pydantic/genai-prices data into the user cache first')
  .option('--prices <file>', 'also apply this prices CSV (overrides and added models)')
  .option('--all', 'list legacy and retired models too')
  .option('--on <YYYY-MM-DD>', "compute each model's state for that day (default: today)", opt.day('--on'))
  .option('--json', 'print JSON')
  .addHelpText(
    'after',
    examples('tokentax prices', 'tokentax prices --update', 'tokentax prices --all --json'),
  )
  .action(async (o) => {
    const { pricesCommand } = await import('./small-commands.js');
    await pricesCommand(o);
  });

program
  .command('models')
  .description(
    "list the model catalog with each model's state (current, deprecated, retired, legacy), its date and source; --check compares the catalog with the price data",
  )
  .option('--all', 'list legacy and retired models too')
  .option('--on <YYYY-MM-DD>', "compute each model's state for that day (default: today)", opt.day('--on'))
  .option(
    '--check',
    'compare the catalog with the price data in use (bundled, or fetched by prices --update); exit 7 on a conflict',
  )
  .option('--update', 'fetch the latest @pydantic/genai-prices data into the user cache first')
  .option('--catalog <file>', 'check or list this model catalog instead of the built-in data/models.json')
  .option('--json', 'print JSON')
  .addHelpText(
    'after',
    examples(
      'tokentax models',
      'tokentax models --all --json',
      'tokentax models --check',
      'tokentax models --on 2027-02-01',
    ),
  )
  .action(async (o) => {
    const { modelsCommand } = await import('./models-command.js');
    await modelsCommand(o);
  });

program
  .command('count')
  .description('count the tokens of a text with one or more tokenizers')
  .argument('[text...]', 'the text (or use --file)')
  .option('--file <path>', 'read the text from a file ("-" for stdin)')
  .option('--tokenizers <ids>', 'tokenizer ids, comma-separated, or "all"', opt.list)
  .option('--tokenizer-dir <dir>', 'folder of local tokenizers')
  .option('--hub-timeout <seconds>', 'connect/read timeout for hub downloads', opt.seconds('--hub-timeout'))
  .option('--no-cache', 'do not read or write the count cache of provider APIs')
  .option(
    '--api-rpm <n>',
    'provider APIs: requests per minute per provider',
    opt.num('--api-rpm', 0.001, '100'),
  )
  .option('--offline', 'never touch the network (as HF_HUB_OFFLINE=1)')
  .option('--json', 'print JSON')
  .addHelpText(
    'after',
    examples(
      'tokentax count "Bonjour, comment allez-vous ?" --tokenizers o200k_base,mistral-tekken',
      'tokentax count --file mail.txt --tokenizers all --json',
      'tokentax count "Bonjour" --tokenizers gemini:gemini-2.5-flash,o200k_base',
    ),
  )
  .action(async (words: string[], o) => {
    const { countCommand } = await import('./small-commands.js');
    await countCommand(words, o);
  });

program
  .command('tokenizers')
  .description('list the tokenizer catalog with category, vocabulary size, source and status')
  .option('--tokenizer-dir <dir>', 'also list the tokenizers in this folder')
  .option('--json', 'print JSON')
  .addHelpText('after', examples('tokentax tokenizers', 'tokentax tokenizers --json'))
  .action(async (o) => {
    const { tokenizersCommand } = await import('./small-commands.js');
    await tokenizersCommand(o);
  });

const corpora = program
  .command('corpora')
  .description(
    'list the corpora (built-in, and fetched ones with their status) with segments per language and per domain; `corpora fetch` fetches one',
  )
  .option('--json', 'print JSON')
  .addHelpText(
    'after',
    examples('tokentax corpora', 'tokentax corpora --json', 'tokentax corpora fetch flores200'),
  )
  .action(async (o) => {
    const { corporaCommand } = await import('./small-commands.js');
    await corporaCommand(o);
  });

corpora
  .command('fetch')
  .description(
    "download a public corpus into tokentax's cache, each file checked against its pin (flores200: FLORES-200 dev and devtest); a second run fetches only what is missing",
  )
  .argument('<id>', 'flores200')
  .option(
    '--langs <codes>',
    'languages to fetch: codes, the sets eu and eu+, or all (default eu+: the 24 official EU languages, Catalan, Basque, Galician)',
    opt.list,
  )
  .option(
    '--timeout <seconds>',
    'longest silence of the server before giving up on a file',
    opt.seconds('--timeout'),
  )
  .option('--json', 'print the result as JSON')
  .option('-q, --quiet', 'no progress output')
  .addHelpText(
    'after',
    examples(
      'tokentax corpora fetch flores200',
      'tokentax corpora fetch flores200 --langs all',
      'TOKENTAX_FLORES_MIRROR=https://mirror.example.org/flores200_dataset tokentax corpora fetch flores200',
    ),
  )
  .action(async (id: string, _o, cmd: Command) => {
    const { corporaFetchCommand } = await import('./small-commands.js');
    await corporaFetchCommand(id, cmd.optsWithGlobals()); // --json may land on `corpora`
  });

program
  .command('report')
  .description(
    "re-render report.md, report.html and the charts of an earlier run from its CSV files (e.g. after editing prices.csv or a chart's .vl.json)",
  )
  .argument('<dir>', 'a run folder')
  .option('--slides', 'also write slides.pptx (re-rendered anyway when the folder has one)')
  .option('--bill-models <ids>', "models of the bill chart (replaces the run's choice)", opt.list)
  .addHelpText(
    'after',
    examples(
      'tokentax report reports/latest',
      'tokentax report reports/latest --bill-models gpt-5,mistral-large-2512',
    ),
  )
  .action(async (dir: string, o) => {
    const { reportCommand } = await import('./small-commands.js');
    await reportCommand(dir, o);
  });

program
  .command('slides')
  .description('write slides.pptx (16:9, with speaker notes) for a run folder')
  .argument('<dir>', 'a run folder')
  .addHelpText('after', examples('tokentax slides reports/latest'))
  .action(async (dir: string) => {
    const { slidesCommand } = await import('./small-commands.js');
    await slidesCommand(dir);
  });

program
  .command('explain')
  .description("show a text's token boundaries per tokenizer, with each tokenizer's count")
  .argument('<text...>', 'the text')
  .option('--tokenizers <ids>', 'tokenizer ids, comma-separated, or "all"', opt.list)
  .option('--tokenizer-dir <dir>', 'folder of local tokenizers')
  .option('--offline', 'never touch the network (as HF_HUB_OFFLINE=1)')
  .option('--html <file>', 'also write the view as an HTML file')
  .option('--svg <file>', 'also write the view as an SVG file (for slides)')
  .option(
    '--api-rpm <n>',
    'provider APIs: requests per minute per provider',
    opt.num('--api-rpm', 0.001, '100'),
  )
  .addHelpText(
    'after',
    examples(
      'tokentax explain "Le développement durable" --tokenizers cl100k_base,mistral-tekken',
      'tokentax explain "Straßenbahnhaltestelle" --svg boundaries.svg',
    ),
  )
  .action(async (words: string[], o) => {
    const { explainCommand } = await import('./small-commands.js');
    await explainCommand(words.join(' '), o);
  });

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  setDebug(argv.includes('--debug'));
  // `tokentax prices | head`: the reader closed the pipe and wants no more; stop quietly, not with a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  try {
    if (!argv.length) {
      program.outputHelp();
      return;
    }
    await program.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      )
        process.exitCode = 0;
      else process.exitCode = ExitCode.usage; // commander already printed the message
      return;
    }
    process.exitCode = fail(e);
  }
}

await main();
