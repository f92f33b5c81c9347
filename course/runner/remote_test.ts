import { assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { NoAnswer } from "./notebook_process.ts";
import { StudentError, StudentNotebook } from "./remote.ts";
import { MalformedAnswer } from "./wire_decode.ts";
import { type ExerciseCheck, runCheck } from "../rubric/checks.ts";

const check: ExerciseCheck = {
  id: "ex1.n",
  exercise: "Exercise 1",
  points: 3,
  async run(nb) {
    assertEquals(await nb.needNumber("n"), 1);
  },
};

/** A notebook whose channel answers every request with `reply` (or throws it). */
function notebookAnswering(reply: unknown): StudentNotebook {
  return new StudentNotebook({
    request() {
      if (reply instanceof Error) return Promise.reject(reply);
      return Promise.resolve(reply as Record<string, unknown>);
    },
  });
}

Deno.test("a channel answering garbage fails the check with a clear note", async () => {
  for (
    const garbage of [
      null,
      42,
      "x",
      { ok: "yes" },
      { ok: true, v: { $t: 1 } },
      { ok: true, v: { score: 3 } },
    ]
  ) {
    const r = await runCheck(check, notebookAnswering(garbage));
    assertEquals(
      [r.status, r.score, r.maxPoints],
      ["fail", 0, 3],
      JSON.stringify(garbage),
    );
  }
  const r = await runCheck(
    check,
    notebookAnswering({ ok: true, v: { $t: [[2], "float64", [1]] } }),
  );
  assertStringIncludes(r.message!, "malformed data");
});

Deno.test("no answer (timeout), an ended process and an oversized line cost the check only", async () => {
  const cases: [NoAnswer, string][] = [
    [new NoAnswer("timeout", "no answer within 10 ms"), "timeout"],
    [
      new NoAnswer("gone", "the notebook process ended (signal SIGKILL)"),
      "fail",
    ],
    [
      new NoAnswer("oversized", "the notebook sent a line of 70000000 bytes"),
      "fail",
    ],
  ];
  for (const [why, status] of cases) {
    const r = await runCheck(check, notebookAnswering(why));
    assertEquals([r.status, r.score], [status, 0]);
  }
});

Deno.test("the notebook's own errors are quoted, without control characters", async () => {
  const nb = notebookAnswering({
    ok: false,
    error: "Error: \u001b[31mred\nline",
  });
  await assertRejects(
    () => nb.needNumber("n"),
    StudentError,
    "threw Error: [31mred line",
  );
});

Deno.test("a reply without ok is malformed", async () => {
  await assertRejects(
    () => notebookAnswering({ v: 1 }).needNumber("n"),
    MalformedAnswer,
  );
});
