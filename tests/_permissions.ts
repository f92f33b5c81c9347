/**
 * Test options for tests that touch the file system or start processes.
 * `deno task test` grants the permissions; a plain `deno test` grants none,
 * so these tests are reported as ignored there instead of failing.
 *
 * @example
 * ```ts
 * import { needsRead } from "./_permissions.ts";
 * Deno.test("reads a file", needsRead, () => {});
 * ```
 *
 * @module
 */

function granted(...descriptors: Deno.PermissionDescriptor[]): boolean {
  return descriptors.every((d) =>
    Deno.permissions.querySync(d).state === "granted"
  );
}

/** Options for `Deno.test(name, options, fn)` that skip unless every permission is granted. */
export function needs(
  ...descriptors: Deno.PermissionDescriptor[]
): { ignore: boolean } {
  return { ignore: !granted(...descriptors) };
}

/** For tests that read files (data sets, fixtures, notebooks). */
export const needsRead: { ignore: boolean } = needs({ name: "read" });

/** For tests that execute notebooks in a subprocess (read, run, env, net for the permission broker's socket, temp files). */
export const needsRun: { ignore: boolean } = needs(
  { name: "read" },
  { name: "run" },
  { name: "env" },
  { name: "net" },
  { name: "write", path: "/tmp" },
);

/**
 * For the slow mutation tests (planted mistakes the checks must catch): they
 * run with `deno task test-mutations` (CI runs both tasks) and are reported
 * as ignored by `deno task test`, which sets no `RNNLAB_MUTATIONS`.
 */
export const needsMutationRun: { ignore: boolean } = {
  ignore: needsRun.ignore ||
    Deno.permissions.querySync({ name: "env", variable: "RNNLAB_MUTATIONS" })
        .state !== "granted" ||
    Deno.env.get("RNNLAB_MUTATIONS") !== "1",
};
