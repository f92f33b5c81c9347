/**
 * Reading a data file as text with an error that names the path.
 *
 * @module
 */

/** Formats a path or file URL for error messages. */
export function displayPath(path: string | URL): string {
  return path instanceof URL ? path.pathname : path;
}

/**
 * Reads a whole UTF-8 text file synchronously.
 *
 * @param path File path (relative to the working directory) or file URL.
 * @returns The file's text.
 * @throws {Deno.errors.NotFound} naming the path and the working directory
 * if the file does not exist; other I/O errors are re-thrown with the path.
 */
export function readTextFile(path: string | URL): string {
  try {
    return Deno.readTextFileSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(
        `Cannot read CSV file ${
          displayPath(path)
        }: no such file (working directory ${Deno.cwd()})`,
      );
    }
    throw e;
  }
}
