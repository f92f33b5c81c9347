/**
 * Compiles notebook code cells into one ES module that reproduces the Deno
 * kernel's REPL semantics without Jupyter.
 *
 * Each cell is transpiled on its own (TypeScript → JavaScript, types
 * stripped), so a syntax error costs only its cell. Its top-level
 * declarations (`const`, `let`, `var`, `function`, `class`, imports) become
 * assignments to `let` bindings hoisted to module scope, so later cells and
 * closures see them live, and a cell may redeclare a name (as in the kernel).
 * Imports become `await import(…)` (relative specifiers resolved against the
 * notebook's folder). The cell body runs as an async function, so top-level
 * `await` works; if the cell has no import and ends with an expression
 * statement, that value is returned for display.
 *
 * @module
 */

import type tsType from "typescript";

type TS = typeof tsType;
let tsModule: TS | undefined;

/**
 * Loads the TypeScript compiler (once). It reads environment variables when
 * loaded, so callers need `--allow-env`; loading lazily keeps importing this
 * file free of that requirement.
 *
 * @returns The `typescript` module.
 *
 * @example
 * ```ts ignore
 * import { loadTypeScript } from "./compile.ts";
 * const ts = await loadTypeScript();
 * ```
 */
export async function loadTypeScript(): Promise<TS> {
  tsModule ??= (await import("typescript")).default as TS;
  return tsModule;
}

/** One compiled cell. */
export interface CompiledCell {
  /** Index of the cell in the notebook (0-based, all cell types). */
  index: number;
  /** JavaScript body of the cell's async function, or `undefined` on a syntax error. */
  body?: string;
  /** The syntax error, `"SyntaxError: message (line L, column C)"`. */
  syntaxError?: string;
  /** Top-level names the cell declares. */
  names: string[];
}

const AsyncFunction = (async () => {}).constructor as FunctionConstructor;

// Names that cannot be bound with `let` in a module.
const UNBINDABLE = new Set([
  "eval",
  "arguments",
  "undefined",
  "NaN",
  "Infinity",
]);

function position(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `line ${before.length}, column ${
    before[before.length - 1].length + 1
  }`;
}

function bindingNames(ts: TS, name: tsType.BindingName, out: string[]): void {
  if (ts.isIdentifier(name)) out.push(name.text);
  else {
    for (const el of name.elements) {
      if (ts.isBindingElement(el)) bindingNames(ts, el.name, out);
    }
  }
}

function hasCompletionValue(ts: TS, st: tsType.Statement): boolean {
  return ts.isIterationStatement(st, false) || ts.isIfStatement(st) ||
    ts.isBlock(st) || ts.isTryStatement(st) || ts.isSwitchStatement(st) ||
    ts.isLabeledStatement(st);
}

function resolveSpecifier(spec: string, baseUrl: string): string {
  return spec.startsWith("./") || spec.startsWith("../") || spec.startsWith("/")
    ? new URL(spec, baseUrl).href
    : spec;
}

function importCode(
  ts: TS,
  node: tsType.ImportDeclaration,
  sf: tsType.SourceFile,
  baseUrl: string,
  names: string[],
): string {
  const spec = JSON.stringify(
    resolveSpecifier(
      (node.moduleSpecifier as tsType.StringLiteral).text,
      baseUrl,
    ),
  );
  const attrs = node.attributes
    ? `, { with: { ${
      node.attributes.elements.map((e) => e.getText(sf)).join(", ")
    } } }`
    : "";
  const load = `await import(${spec}${attrs})`;
  const clause = node.importClause;
  if (!clause) return `${load};`;
  const parts: string[] = [];
  if (clause.name) {
    names.push(clause.name.text);
    parts.push(`default: ${clause.name.text}`);
  }
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) {
    names.push(bindings.name.text);
    const ns = `${bindings.name.text} = ${load};`;
    return parts.length
      ? `${ns} ({ ${parts.join(", ")} } = ${bindings.name.text});`
      : ns;
  }
  if (bindings && ts.isNamedImports(bindings)) {
    for (const el of bindings.elements) {
      if (el.isTypeOnly) continue;
      names.push(el.name.text);
      const imported = el.propertyName
        ? el.propertyName.getText(sf)
        : el.name.text;
      parts.push(
        imported === el.name.text
          ? el.name.text
          : `${imported}: ${el.name.text}`,
      );
    }
  }
  return parts.length ? `({ ${parts.join(", ")} } = ${load});` : `${load};`;
}

/** Local that keeps a cell's completion value when declarations follow it. */
const COMPLETION = "__cellCompletion";

/**
 * Compiles one code cell (see the module doc).
 *
 * @param source The cell's TypeScript source.
 * @param index The cell's index in the notebook.
 * @param baseUrl URL of the folder relative imports resolve against
 * (ending in `/`), e.g. `file:///repo/notebooks/`.
 * @returns The compiled cell (a syntax error is returned, not thrown).
 *
 * @example Declarations become assignments; the last expression is returned
 * ```ts
 * import { compileCell } from "./compile.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const c = await compileCell("const n: number = 2;\nn * 21", 0, "file:///nb/");
 * assertEquals(c.names, ["n"]);
 * assertEquals(c.body, "n = 2;\nreturn { value: (n * 21) };");
 * ```
 */
export async function compileCell(
  source: string,
  index: number,
  baseUrl: string,
): Promise<CompiledCell> {
  const ts = await loadTypeScript();
  try {
    return compileWith(ts, source, index, baseUrl);
  } catch (e) {
    // A cell nested thousands of brackets deep overflows the compiler's stack.
    return {
      index,
      names: [],
      syntaxError: e instanceof RangeError
        ? "SyntaxError: the cell is nested too deeply to compile"
        : `SyntaxError: the cell cannot be compiled (${
          e instanceof Error ? e.name : "error"
        })`,
    };
  }
}

function compileWith(
  ts: TS,
  source: string,
  index: number,
  baseUrl: string,
): CompiledCell {
  const out = ts.transpileModule(source, {
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      verbatimModuleSyntax: true,
      moduleDetection: ts.ModuleDetectionKind.Force,
      useDefineForClassFields: true,
    },
    reportDiagnostics: true,
    fileName: "cell.ts",
  });
  const diag = out.diagnostics?.find((d) =>
    d.category === ts.DiagnosticCategory.Error
  );
  if (diag) {
    return {
      index,
      names: [],
      syntaxError: `SyntaxError: ${
        ts.flattenDiagnosticMessageText(diag.messageText, "\n")
      } (${position(source, diag.start ?? 0)})`,
    };
  }
  const js = out.outputText;
  const sf = ts.createSourceFile(
    "cell.mjs",
    js,
    {
      languageVersion: ts.ScriptTarget.Latest,
      setExternalModuleIndicator: (f) => {
        (f as { externalModuleIndicator?: unknown }).externalModuleIndicator =
          true;
      },
    },
    true,
    ts.ScriptKind.JS,
  );
  const names: string[] = [];
  const hoisted: string[] = [];
  const body: string[] = [];
  let hasImport = false;
  // Transpiling a module without imports appends `export {};`: ignore it.
  const statements = sf.statements.filter((st) =>
    !ts.isExportDeclaration(st) && !ts.isEmptyStatement(st)
  );
  // The kernel evaluates a cell like a script: its value is the completion
  // value, i.e. that of the last expression statement when only declarations
  // follow it (`f(); const x = 1;` shows what `f()` returned).
  const isDeclaration = (st: (typeof statements)[number]) =>
    ts.isImportDeclaration(st) || ts.isExportAssignment(st) ||
    ts.isVariableStatement(st) || ts.isFunctionDeclaration(st) ||
    ts.isClassDeclaration(st);
  let completionAt = -1;
  for (let k = statements.length - 1; k >= 0; k--) {
    if (isDeclaration(statements[k])) continue;
    if (
      k < statements.length - 1 && ts.isExpressionStatement(statements[k])
    ) completionAt = k;
    break;
  }
  if (completionAt >= 0) body.push(`let ${COMPLETION} = undefined;`);
  statements.forEach((st, k) => {
    const text = st.getText(sf);
    if (k === completionAt && ts.isExpressionStatement(st)) {
      body.push(`${COMPLETION} = (${st.expression.getText(sf)});`);
      return;
    }
    if (ts.isImportDeclaration(st)) {
      hasImport = true;
      body.push(importCode(ts, st, sf, baseUrl, names));
    } else if (ts.isExportAssignment(st)) {
      // `export default …` has no meaning in a notebook.
    } else if (ts.isVariableStatement(st)) {
      const isVar =
        !(st.declarationList.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const));
      for (const d of st.declarationList.declarations) {
        bindingNames(ts, d.name, names);
        const init = d.initializer?.getText(sf);
        if (ts.isIdentifier(d.name)) {
          if (init !== undefined) body.push(`${d.name.text} = ${init};`);
          else if (!isVar) body.push(`${d.name.text} = undefined;`);
        } else if (init !== undefined) {
          body.push(`(${d.name.getText(sf)} = ${init});`);
        }
      }
    } else if (ts.isFunctionDeclaration(st) && st.name) {
      names.push(st.name.text);
      hoisted.push(
        `${st.name.text} = ${text.replace(/^export\s+(default\s+)?/, "")};`,
      );
    } else if (ts.isClassDeclaration(st) && st.name) {
      names.push(st.name.text);
      body.push(
        `${st.name.text} = ${text.replace(/^export\s+(default\s+)?/, "")};`,
      );
    } else if (k === statements.length - 1 && ts.isExpressionStatement(st)) {
      body.push(`return { value: (${st.expression.getText(sf)}) };`);
    } else if (
      k === statements.length - 1 && hasCompletionValue(ts, st) &&
      !/\bawait\b/.test(text)
    ) {
      // A trailing loop or `if` has a completion value the kernel displays
      // (e.g. the last `push` count); a direct eval computes it in scope.
      body.push(`return { value: eval(${JSON.stringify(text)}) };`);
    } else body.push(text);
  });
  if (completionAt >= 0) body.push(`return { value: ${COMPLETION} };`);
  const code = [...hoisted, ...body];
  // The kernel does not display a value for cells with an import.
  if (
    hasImport && code.length &&
    code[code.length - 1].startsWith("return { value: ")
  ) {
    code[code.length - 1] = code[code.length - 1].replace(
      /^return \{ value: \((.*)\) \};$|^return \{ value: (.*) \};$/s,
      (_m, expr, name) => `${expr ?? name};`,
    );
  }
  const text = code.join("\n");
  try {
    // V8's own early errors (e.g. a duplicate `let` in a block) must also cost only this cell.
    new AsyncFunction(`"use strict";\n${text}`);
  } catch (e) {
    return {
      index,
      names: [],
      syntaxError: `SyntaxError: ${(e as Error).message}`,
    };
  }
  return { index, body: text, names: [...new Set(names)] };
}

/** Options of {@linkcode buildModule}. */
export interface ModuleOptions {
  /** URL of the runtime module (`course/sandbox/runtime.ts`). */
  runtimeUrl: string;
  /** JSON-serializable configuration handed to the runtime. */
  config: Record<string, unknown>;
}

/**
 * Assembles compiled cells into one ES module: hoisted bindings, one
 * `cell(i, fn)` call per cell, then `serve(namespace)`, which answers the
 * grader's requests (the checks never enter this module).
 *
 * @param cells Compiled code cells, in notebook order.
 * @param options Runtime module URL and the runtime configuration.
 * @returns The module's JavaScript source.
 *
 * @example
 * ```ts
 * import { buildModule, compileCell } from "./compile.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const src = buildModule([await compileCell("let a = 1", 0, "file:///nb/")], {
 *   runtimeUrl: "file:///rt.ts",
 *   config: {},
 * });
 * assertStringIncludes(src, "let a;");
 * assertStringIncludes(src, "get a() { return a; }");
 * ```
 */
export function buildModule(
  cells: CompiledCell[],
  options: ModuleOptions,
): string {
  const names = [...new Set(cells.flatMap((c) => c.names))].filter((n) =>
    !UNBINDABLE.has(n) && !n.startsWith("__nb_")
  );
  // The runtime maps stack frames back to cells: it needs each cell's first line.
  const cellStarts: Record<string, number> = {};
  const cellLines: string[] = [];
  let line = 5; // after the 4 header lines below
  for (const c of cells) {
    if (c.body === undefined) {
      cellLines.push(
        `await __nb_rt.syntaxError(${c.index}, ${
          JSON.stringify(c.syntaxError)
        });`,
      );
      line += 1;
    } else {
      cellStarts[c.index] = line;
      cellLines.push(
        `await __nb_rt.cell(${c.index}, async () => {\n${c.body}\n});`,
      );
      line += c.body.split("\n").length + 2;
    }
  }
  const config = { ...options.config, cellStarts };
  const lines = [
    `import { NotebookRuntime as __nb_Runtime } from ${
      JSON.stringify(options.runtimeUrl)
    };`,
    `const __nb_rt = new __nb_Runtime(${JSON.stringify(config)});`,
    `await __nb_rt.start();`,
    names.length ? `let ${names.join(", ")};` : "",
    ...cellLines,
  ];
  const getters = names.map((n) => `get ${n}() { return ${n}; }`).join(", ");
  lines.push(`await __nb_rt.serve({ ${getters} });`);
  return lines.join("\n") + "\n";
}
