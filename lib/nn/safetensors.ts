/**
 * Weights in the safetensors format (Hugging Face's, also written by
 * PyTorch's `safetensors.torch.save_file`): an 8-byte little-endian header
 * length, a JSON header (`{name: {dtype, shape, data_offsets}}`, optional
 * `__metadata__`), then the raw little-endian data. `F32` and `F64` tensors
 * are read and written; a tensor keeps its dtype.
 *
 * @module
 */
import { Tensor } from "../tensor/tensor.ts";

/** Tensors by name, as `Module.stateDict()` gives them. */
export type TensorDict = Record<string, Tensor>;

const DTYPES = { F32: 4, F64: 8 } as const;
/** Largest header read (100 MB), as the reference implementation. */
const MAX_HEADER = 100_000_000;

function littleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

/**
 * Reads safetensors bytes (or a file) into tensors.
 *
 * @param source A path, or the file's bytes.
 * @returns The tensors by name (fresh storage, `float32` for `F32`, `float64` for `F64`).
 * @throws {SyntaxError} If the bytes are not a valid safetensors file, naming what is wrong.
 * @throws {TypeError} If a tensor has a dtype other than F32 or F64.
 *
 * @example
 * ```ts
 * import { loadSafetensors, safetensorsBytes, tensor } from "../mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const bytes = safetensorsBytes({ w: tensor([[1, 2]]) });
 * const { w } = await loadSafetensors(bytes);
 * assertEquals([w.shape, w.dtype, w.tolist()], [[1, 2], "float64", [[1, 2]]]);
 * ```
 */
export async function loadSafetensors(
  source: string | Uint8Array,
): Promise<TensorDict> {
  const bytes = typeof source === "string"
    ? await Deno.readFile(source)
    : source;
  if (bytes.length < 8) {
    throw new SyntaxError("safetensors: shorter than its 8-byte header length");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (n > MAX_HEADER || 8 + n > bytes.length) {
    throw new SyntaxError(
      `safetensors: header length ${n} does not fit in ${bytes.length} bytes`,
    );
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(
      new TextDecoder("utf-8", { fatal: true }).decode(
        bytes.subarray(8, 8 + n),
      ),
    );
  } catch {
    throw new SyntaxError("safetensors: the header is not valid UTF-8 JSON");
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) {
    throw new SyntaxError("safetensors: the header is not a JSON object");
  }
  const data = bytes.subarray(8 + n);
  const out: TensorDict = {};
  const spans: [number, number, string][] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const e = entry as {
      dtype?: unknown;
      shape?: unknown;
      data_offsets?: unknown;
    };
    if (
      typeof e?.dtype !== "string" || !Array.isArray(e.shape) ||
      !Array.isArray(e.data_offsets)
    ) {
      throw new SyntaxError(
        `safetensors: tensor "${name}" lacks dtype, shape or data_offsets`,
      );
    }
    if (!(e.dtype in DTYPES)) {
      throw new TypeError(
        `safetensors: tensor "${name}" has dtype ${e.dtype}; only F32 and F64 are supported`,
      );
    }
    const size = DTYPES[e.dtype as keyof typeof DTYPES];
    const shape = e.shape as number[];
    if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new SyntaxError(
        `safetensors: tensor "${name}" has shape [${shape}]`,
      );
    }
    const [begin, end] = e.data_offsets as number[];
    const count = shape.reduce((a, b) => a * b, 1);
    if (
      !Number.isInteger(begin) || !Number.isInteger(end) || begin < 0 ||
      end > data.length ||
      end - begin !== count * size
    ) {
      throw new SyntaxError(
        `safetensors: tensor "${name}" (${e.dtype} [${shape}], ${
          count * size
        } bytes) has data_offsets [${begin}, ${end}] in ${data.length} bytes of data`,
      );
    }
    spans.push([begin, end, name]);
    const raw = data.slice(begin, end);
    const values = size === 4
      ? new Float32Array(count)
      : new Float64Array(count);
    if (littleEndian()) {
      values.set(
        size === 4
          ? new Float32Array(raw.buffer)
          : new Float64Array(raw.buffer),
      );
    } else {
      const dv = new DataView(raw.buffer);
      for (let i = 0; i < count; i++) {
        values[i] = size === 4
          ? dv.getFloat32(4 * i, true)
          : dv.getFloat64(8 * i, true);
      }
    }
    out[name] = new Tensor(values, shape);
  }
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i][0] < spans[i - 1][1]) {
      throw new SyntaxError(
        `safetensors: the data of "${spans[i - 1][2]}" and "${
          spans[i][2]
        }" overlap`,
      );
    }
  }
  return out;
}

/**
 * The safetensors bytes of tensors (names sorted, header padded to 8 bytes).
 *
 * @param tensors Tensors by name (float32 → `F32`, float64 → `F64`).
 * @param metadata Optional string metadata (`__metadata__`).
 * @returns The file's bytes.
 *
 * @example
 * ```ts
 * import { safetensorsBytes, tensor } from "../mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const bytes = safetensorsBytes({ b: tensor([1]).to("float32") });
 * assertEquals(bytes.length % 8, 4); // header padded to 8 bytes, then one float32
 * ```
 */
export function safetensorsBytes(
  tensors: TensorDict,
  metadata?: Record<string, string>,
): Uint8Array {
  const names = Object.keys(tensors).sort();
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const name of names) {
    const t = tensors[name];
    const bytes = t.numel() * (t.dtype === "float32" ? 4 : 8);
    header[name] = {
      dtype: t.dtype === "float32" ? "F32" : "F64",
      shape: t.shape,
      data_offsets: [offset, offset + bytes],
    };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  while ((8 + new TextEncoder().encode(json).length) % 8 !== 0) json += " ";
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const name of names) {
    const t = tensors[name];
    const size = t.dtype === "float32" ? 4 : 8;
    for (let i = 0; i < t.data.length; i++) {
      if (size === 4) view.setFloat32(at + 4 * i, t.data[i], true);
      else view.setFloat64(at + 8 * i, t.data[i], true);
    }
    at += t.numel() * size;
  }
  return out;
}

/**
 * Writes tensors (e.g. `model.stateDict()`) to a safetensors file.
 *
 * @param tensors Tensors by name.
 * @param path The file to write.
 * @param metadata Optional string metadata.
 * @returns Resolves when written.
 *
 * @example
 * ```ts ignore
 * import { nn, saveSafetensors } from "../mod.ts";
 * await saveSafetensors(new nn.Linear(2, 1).stateDict(), "linear.safetensors");
 * ```
 */
export async function saveSafetensors(
  tensors: TensorDict,
  path: string,
  metadata?: Record<string, string>,
): Promise<void> {
  await Deno.writeFile(path, safetensorsBytes(tensors, metadata));
}
