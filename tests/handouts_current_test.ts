import { assertEquals } from "@std/assert";
import { needsRun } from "./_permissions.ts";

const ROOT = new URL("../", import.meta.url).pathname;

Deno.test(
  "the committed handouts are what deno task handouts makes from the solution notebooks",
  needsRun,
  async () => {
    const out = await Deno.makeTempDir({ prefix: "handouts-" });
    try {
      const run = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--allow-read",
          "--allow-write",
          "--allow-run",
          "--allow-env",
          "tools/handouts.ts",
          "--no-execute",
          "--out",
          out,
        ],
        cwd: ROOT,
        stdout: "piped",
        stderr: "piped",
      }).output();
      assertEquals(run.code, 0, new TextDecoder().decode(run.stderr));
      const names = (dir: string) =>
        [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) =>
          n.endsWith(".ipynb")
        ).sort();
      assertEquals(names(`${ROOT}handouts`), names(out));
      for (const name of names(out)) {
        assertEquals(
          Deno.readTextFileSync(`${ROOT}handouts/${name}`),
          Deno.readTextFileSync(`${out}/${name}`),
          `handouts/${name} is stale: run deno task handouts`,
        );
      }
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
);
