import { assertEquals, assertStringIncludes } from "@std/assert";
import { compileCell } from "./compile.ts";

const canRun = Deno.permissions.querySync({ name: "env" }).state === "granted";
const BASE = "file:///repo/notebooks/";

Deno.test({
  name:
    "compileCell() turns imports into dynamic imports resolved against the notebook folder",
  ignore: !canRun,
  async fn() {
    const c = await compileCell(
      'import { a, type B, c as d } from "../lib/mod.ts";\nimport * as m from "@std/assert";\nimport P from "x.js" with { type: "text" };',
      0,
      BASE,
    );
    assertEquals(c.names, ["a", "d", "m", "P"]);
    assertStringIncludes(
      c.body!,
      '({ a, c: d } = await import("file:///repo/lib/mod.ts"));',
    );
    assertStringIncludes(c.body!, 'm = await import("@std/assert");');
    assertStringIncludes(
      c.body!,
      '({ default: P } = await import("x.js", { with: { type: "text" } }));',
    );
  },
});

Deno.test({
  name:
    "compileCell() hoists functions, assigns classes and destructured bindings, strips types",
  ignore: !canRun,
  async fn() {
    const c = await compileCell(
      "const [x, { y }]: [number, { y: number }] = f();\nclass K { z: number = 1 }\nfunction f(): any { return [1, { y: 2 }]; }\ninterface I { q: string }",
      3,
      BASE,
    );
    assertEquals(c.names, ["x", "y", "K", "f"]);
    assertEquals(
      c.body!.split("\n")[0],
      "f = function f() { return [1, { y: 2 }]; };",
    );
    assertStringIncludes(c.body!, "([x, { y }] = f());");
    assertStringIncludes(c.body!, "K = class K {");
  },
});

Deno.test({
  name:
    "compileCell() returns a syntax error with its line instead of throwing",
  ignore: !canRun,
  async fn() {
    const c = await compileCell("const a = 1;\nconst b = (2;", 5, BASE);
    assertEquals(c.body, undefined);
    assertStringIncludes(c.syntaxError!, "SyntaxError: ')' expected. (line 2");
    const v8 = await compileCell("{ let q = 1; let q = 2; }\nq;", 6, BASE);
    assertStringIncludes(v8.syntaxError!, "already been declared");
  },
});

Deno.test({
  name:
    "compileCell() displays the last expression, a trailing loop's value, and nothing after an import",
  ignore: !canRun,
  async fn() {
    assertEquals(
      (await compileCell("1 + 1;", 0, BASE)).body,
      "return { value: (1 + 1) };",
    );
    assertStringIncludes(
      (await compileCell("for (const i of [1]) i;", 0, BASE)).body!,
      "return { value: eval(",
    );
    assertEquals(
      (await compileCell('import "./a.ts";\n2', 0, BASE)).body!.endsWith(
        "\n2;",
      ),
      true,
    );
  },
});

Deno.test({
  name:
    "compileCell() returns the completion value when only declarations follow the last expression, as the kernel shows it",
  ignore: !canRun,
}, async () => {
  const c = await compileCell(
    "g.seed(0);\nconst x = await f();",
    0,
    "file:///nb/",
  );
  assertEquals(
    c.body,
    "let __cellCompletion = undefined;\n__cellCompletion = (g.seed(0));\nx = await f();\nreturn { value: __cellCompletion };",
  );
  const withImport = await compileCell(
    'import { f } from "./a.ts";\nf();\nconst y = 1;',
    0,
    "file:///nb/",
  );
  assertEquals(withImport.body?.includes("return"), false);
});
