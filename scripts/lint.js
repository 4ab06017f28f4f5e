#!/usr/bin/env node
// The project's lint, on the TypeScript compiler's own program (so its rules can use types), for what the
// formatter cannot see:
//   import-cycle      no cycle among the modules of src/ (a cycle is a missing types module)
//   stage-boundary    a module imports another folder of src/ only through that folder's index.ts
//                     (static imports; a dynamic import(), a lazy load, is left to the author)
//   stage-direction   folders import each other only in the direction of the data flow (STAGES below)
//   floating-promise  a promise is awaited, returned, handled or explicitly discarded with `void`
//   unused            no unused local, import or private member (the compiler's noUnusedLocals)
// Usage: node scripts/lint.js  (exit 1 on any finding; `npm run lint` runs it after prettier --check).
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

/**
 * Which stage folder may import which, besides itself and the top-level modules of src/ (types, config,
 * errors, paths, random, vocabulary: shared by every folder, and importing none). Each entry is what the code
 * does today, so a new direction is a decision made here, with its reason. Data flows one way: inputs (corpus,
 * tokenizers, models, prices, providers) → measure → analysis → report → pipeline → cli; src/index.ts, the
 * library's facade, may use every folder. src/types.ts says the same in words.
 */
export const STAGES = {
  corpus: [],
  tokenizers: [],
  models: [],
  // A model's price is looked up by its catalog entry (API_REF).
  prices: ['models'],
  // A provider ref names a catalog model and stands in as a tokenizer entry (ResolvedTokenizer).
  providers: ['models', 'tokenizers'],
  // Providers reach the measure stage as an AsyncCounter passed in by the pipeline, not as an import.
  measure: ['tokenizers'],
  analysis: ['models'],
  report: ['analysis', 'models', 'prices'],
  pipeline: ['corpus', 'tokenizers', 'models', 'prices', 'providers', 'measure', 'analysis', 'report'],
  cli: ['corpus', 'tokenizers', 'models', 'prices', 'providers', 'measure', 'analysis', 'report', 'pipeline'],
};

/** The top-level module that may import stage folders (through their index): the library's facade. */
const FACADE = 'index.ts';

const configFile = ts.readConfigFile(join(root, 'tsconfig.build.json'), ts.sys.readFile);
const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
const program = ts.createProgram(parsed.fileNames, { ...parsed.options, noUnusedLocals: true, noEmit: true });
const checker = program.getTypeChecker();
const files = program
  .getSourceFiles()
  .filter((f) => f.fileName.startsWith(src + sep) || f.fileName.startsWith(src + '/'));

const findings = [];
const at = (file, node, rule, message) => {
  const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file));
  findings.push(`${relative(root, file.fileName)}:${line + 1}:${character + 1} ${rule}: ${message}`);
};

/** 'analysis' for src/analysis/x.ts; '' for a top-level module of src/. */
const folderOf = (path) => {
  const parts = relative(src, path).split(/[\\/]/);
  return parts.length > 1 ? parts[0] : '';
};

// ------------------------------------------------------------------ imports
const graph = new Map();
for (const file of files) {
  const edges = [];
  for (const st of file.statements) {
    const spec =
      (ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) &&
      st.moduleSpecifier &&
      ts.isStringLiteral(st.moduleSpecifier)
        ? st.moduleSpecifier.text
        : undefined;
    if (!spec || !spec.startsWith('.')) continue;
    const resolved = ts.resolveModuleName(spec, file.fileName, parsed.options, ts.sys).resolvedModule;
    if (!resolved || !resolved.resolvedFileName.startsWith(src)) continue;
    const target = resolved.resolvedFileName;
    edges.push(target);
    const from = folderOf(file.fileName);
    const to = folderOf(target);
    if (to === '' || to === from) continue;
    if (!/[\\/]index\.ts$/.test(target) || dirname(target) !== join(src, to)) {
      at(file, st, 'stage-boundary', `imports ${relative(src, target)}: go through src/${to}/index.ts`);
    }
    if (from === '' && relative(src, file.fileName) !== FACADE) {
      at(file, st, 'stage-direction', `a top-level module may not import ${to}/ (only src/${FACADE} may)`);
    } else if (from !== '' && !(STAGES[from] ?? []).includes(to)) {
      at(file, st, 'stage-direction', `${from}/ may not import ${to}/ (STAGES in scripts/lint.js)`);
    }
  }
  graph.set(file.fileName, edges);
}

// Tarjan's strongly connected components: every component of more than one module is a cycle.
{
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const comp = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) {
        findings.push(
          `import-cycle: ${comp
            .map((f) => relative(root, f))
            .sort()
            .join(' ↔ ')}`,
        );
      }
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
}

// ------------------------------------------------------------------ promises
const isPromise = (type) => {
  if (type.isUnion()) return type.types.some(isPromise);
  const then = type.getProperty('then');
  return !!then && checker.getTypeOfSymbol(then).getCallSignatures().length > 0;
};
for (const file of files) {
  const walk = (node) => {
    if (ts.isExpressionStatement(node)) {
      const e = node.expression;
      const call = ts.isCallExpression(e) || ts.isNewExpression(e);
      if (call && isPromise(checker.getTypeAtLocation(e))) {
        at(file, node, 'floating-promise', 'await it, return it, handle it, or discard it with `void`');
      }
    }
    ts.forEachChild(node, walk);
  };
  walk(file);
}

// ------------------------------------------------------------------ unused (the compiler's own check)
for (const d of ts.getPreEmitDiagnostics(program)) {
  if (!d.file) continue;
  const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
  const where = `${relative(root, d.file.fileName)}:${line + 1}:${character + 1}`;
  findings.push(d.reportsUnnecessary ? `${where} unused: ${text}` : `${where} tsc: ${text}`);
}

for (const f of findings) process.stdout.write(f + '\n');
if (findings.length) {
  process.stderr.write(`lint: ${findings.length} finding${findings.length === 1 ? '' : 's'}\n`);
  process.exit(1);
}
process.stderr.write(`lint: ${files.length} modules, no finding\n`);
