import { assertEquals, assertRejects } from "@std/assert";
import { loadSafetensors, safetensorsBytes } from "./safetensors.ts";
import { Linear } from "./linear.ts";
import { Generator } from "../random/generator.ts";
import { Tensor } from "../tensor/tensor.ts";

/** A file built by hand from the format's definition: one F32 tensor [2] = [1.5, -2]. */
function handMade(): Uint8Array {
  const header = new TextEncoder().encode(
    '{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"__metadata__":{"format":"pt"}}',
  );
  const out = new Uint8Array(8 + header.length + 8);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(header.length), true);
  out.set(header, 8);
  view.setFloat32(8 + header.length, 1.5, true);
  view.setFloat32(8 + header.length + 4, -2, true);
  return out;
}

Deno.test("loadSafetensors reads a file made by hand from the format's definition", async () => {
  const { x } = await loadSafetensors(handMade());
  assertEquals([x.dtype, x.shape, Array.from(x.data)], ["float32", [2], [
    1.5,
    -2,
  ]]);
});

Deno.test("a state dict survives safetensors bytes, each tensor with its dtype and bits", async () => {
  const lin = new Linear(3, 2, { generator: new Generator(4) });
  const dict = {
    ...lin.stateDict(),
    half: new Tensor(new Float32Array([0.1, 1e-30]), [2, 1]),
  };
  const back = await loadSafetensors(safetensorsBytes(dict));
  assertEquals(Object.keys(back).sort(), Object.keys(dict).sort());
  for (const [k, t] of Object.entries(dict)) {
    assertEquals([back[k].dtype, back[k].shape], [t.dtype, t.shape], k);
    assertEquals(Array.from(back[k].data), Array.from(t.data), k);
  }
});

Deno.test("loadSafetensors names what is wrong with a broken file", async () => {
  const good = handMade();
  await assertRejects(
    () => loadSafetensors(good.subarray(0, 5)),
    SyntaxError,
    "shorter",
  );
  const longHeader = good.slice();
  new DataView(longHeader.buffer).setBigUint64(0, 10n ** 9n, true);
  await assertRejects(
    () => loadSafetensors(longHeader),
    SyntaxError,
    "does not fit",
  );
  const truncated = good.subarray(0, good.length - 4);
  await assertRejects(
    () => loadSafetensors(truncated),
    SyntaxError,
    'tensor "x"',
  );
  const bf16 = new TextDecoder().decode(good).replace('"F32"', '"I32"');
  await assertRejects(
    () => loadSafetensors(new TextEncoder().encode(bf16)),
    TypeError,
    "only F32 and F64",
  );
});
