// Command-line wiring only: options → library calls → printed tables and exit codes.
// Library modules are imported inside each action so a command loads only what it needs.
import { Command, CommanderError } from 'commander';
import { ExitCode } from '../errors.js';
import { DEFAULT_FETCH_LANGS } from '../corpus/index.js';
import * as opt from './options.js';
import { DEFAULTS, INSPECT_TOKENIZERS } from '../config.js';
import { addRunFlags, flagOption, RUN_FLAGS, type RunFlags } from './run-flags.js';
import { fail, setDebug } from './io.js';

const program = new Command('tokentax')
  .description(
    'Measure the token tax: how many more tokens (and money) French, German and Spanish cost than English, per tokenizer.',
  )
  .option('--debug', 'print stack traces of errors')
  .showHelpAfterError('(add --help for usage)')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) })
  .hook('preAction', (cmd) => setDebug(!!cmd.optsWithGlobals().debug));

const INSPECT_HELP = `tokenizer ids, comma-separated, or "all" (default: ${INSPECT_TOKENIZERS.join(',')})`;

const examples = (...lines: string[]) => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;

addRunFlags(
  program
    .command('run')
    .description(
      'measure corpora × tokenizers × languages and write CSV files, reports and charts to a run folder',
    ),
)
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
  .action(async (o: RunFlags, cmd: Command) => {
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
  .option('--tokenizers <ids>', INSPECT_HELP, opt.list)
  .option('--tokenizer-dir <dir>', 'folder of local tokenizers')
  .addOption(flagOption(RUN_FLAGS.hubTimeout))
  .option('--no-cache', 'do not read or write the count cache of provider APIs')
  .addOption(flagOption(RUN_FLAGS.apiRpm))
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
    `languages to fetch: codes, the sets eu and eu+ (eu plus Catalan, Basque, Galician), or all (default: ${DEFAULT_FETCH_LANGS.join(',')})`,
    opt.list,
  )
  .option(
    '--timeout <seconds>',
    `longest silence of the server before giving up on a file (default: ${DEFAULTS.tokenizers.hubTimeoutMs / 1000})`,
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
  .option('--tokenizers <ids>', INSPECT_HELP, opt.list)
  .option('--tokenizer-dir <dir>', 'folder of local tokenizers')
  .option('--offline', 'never touch the network (as HF_HUB_OFFLINE=1)')
  .option('--html <file>', 'also write the view as an HTML file')
  .option('--svg <file>', 'also write the view as an SVG file (for slides)')
  .addOption(flagOption(RUN_FLAGS.apiRpm))
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
