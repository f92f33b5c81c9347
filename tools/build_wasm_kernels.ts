/**
 * Builds `lib/kernels/wasm_binary.ts` (the WebAssembly SIMD kernels behind
 * `lib/kernels`: the matrix product, `sigmoid` and `tanh`) from the WAT text
 * below. Run after editing:
 *
 * ```sh
 * deno run --allow-read --allow-write=lib/kernels tools/build_wasm_kernels.ts
 * ```
 *
 * It needs the `wabt` package from npm; the generated file does not.
 *
 * @module
 */

/**
 * The kernels, in WebAssembly text:
 *
 * - `gemm(a, b, c, n, k, m, aRowStride, aColStride, accumulate)`:
 *   `C (+)= A·B` for f64 matrices in linear memory (byte addresses and
 *   strides), `A` `n×k` with element (i, p) at `a + i·aRowStride +
 *   p·aColStride` (so `Aᵀ` of a stored matrix is free), `B` `k×m` and `C`
 *   `n×m` row-major, `n` and `m` multiples of 4. Each 4×4 block of `C` lives
 *   in eight f64x2 accumulators while `p` runs over `k` (two loads of `B`,
 *   four splats of `A`, eight multiply-adds per step, `f64x2.relaxed_madd`:
 *   fused where the CPU has FMA, about 20% faster than multiply then add).
 *   Products are summed in the order p = 0, 1, … like the plain loop, so
 *   results equal it to rounding (bit for bit without FMA).
 * - `sigmoid(p, n)`, `tanh(p, n)`: in place over `n` f64 values (n even),
 *   through a vectorized `exp` (`x = t·ln2 + r`, degree-13 Taylor
 *   polynomial of `e^r`, `2^t` built in the exponent bits; max relative
 *   error a few ulp).
 */
/**
 * An in-place element-wise kernel over f64 pairs, four pairs per iteration
 * so that four independent polynomial chains overlap (one chain alone is
 * latency-bound). `n` must be even; a tail of 2 or 4 or 6 values runs
 * through the same code on fewer pairs.
 */
/**
 * 1.5·2^52: adding it rounds to an integer held in the low mantissa bits
 * (|x·log2 e| < 2^31), so `2^t` is built with integer ops only.
 */
const SHIFTER = 6755399441055744;
/** The bit pattern of {@linkcode SHIFTER} as a signed 64-bit integer. */
const SHIFTER_BITS = "0x4338000000000000";

function elementwise(
  name: "sigmoid" | "tanh",
  horner: (r: string, r2: string, r4: string) => string,
): string {
  const U = 4;
  const locals: string[] = [];
  for (let u = 0; u < U; u++) {
    locals.push(
      `(local $x${u} v128) (local $t${u} v128) (local $r${u} v128) (local $s${u} v128) (local $q${u} v128) (local $w${u} v128)`,
    );
  }
  // e^x for lane group u, x in $x{u} → result expression
  const exp = (u: number) => `
      (local.set $x${u} (f64x2.pmin (f64x2.pmax (local.get $x${u}) (f64x2.splat (f64.const -708))) (f64x2.splat (f64.const 708))))
      (local.set $t${u} (f64x2.add (f64x2.mul (local.get $x${u}) (f64x2.splat (f64.const ${Math.LOG2E}))) (f64x2.splat (f64.const ${SHIFTER}))))
      (local.set $s${u} (i64x2.shl (i64x2.add (i64x2.sub (local.get $t${u}) (i64x2.splat (i64.const ${SHIFTER_BITS})))
        (i64x2.splat (i64.const 1023))) (i32.const 52)))
      (local.set $t${u} (f64x2.sub (local.get $t${u}) (f64x2.splat (f64.const ${SHIFTER}))))
      (local.set $r${u} (f64x2.sub (f64x2.sub (local.get $x${u})
        (f64x2.mul (local.get $t${u}) (f64x2.splat (f64.const 6.93147180369123816490e-01))))
        (f64x2.mul (local.get $t${u}) (f64x2.splat (f64.const 1.90821492927058770002e-10)))))
      (local.set $q${u} (f64x2.mul (local.get $r${u}) (local.get $r${u})))
      (local.set $w${u} (f64x2.mul (local.get $q${u}) (local.get $q${u})))
      (local.set $x${u} (f64x2.mul ${
    horner(`$r${u}`, `$q${u}`, `$w${u}`)
  } (local.get $s${u})))`;
  const one = (u: number, addr: string) => {
    const load = `(v128.load ${addr})`;
    if (name === "sigmoid") {
      // σ(x) = 1 / (1 + e^{−x})
      return `(local.set $x${u} (f64x2.neg ${load}))${exp(u)}
      (v128.store ${addr} (f64x2.div (f64x2.splat (f64.const 1)) (f64x2.add (f64x2.splat (f64.const 1)) (local.get $x${u}))))`;
    }
    // tanh x = 1 − 2 / (e^{2x} + 1)
    return `(local.set $x${u} (f64x2.add ${load} ${load}))${exp(u)}
      (v128.store ${addr} (f64x2.sub (f64x2.splat (f64.const 1)) (f64x2.div (f64x2.splat (f64.const 2))
        (f64x2.add (local.get $x${u}) (f64x2.splat (f64.const 1))))))`;
  };
  const block: string[] = [];
  // Loads of all four groups first, then the four chains interleaved by the
  // compiler (they are independent).
  for (let u = 0; u < U; u++) {
    block.push(one(u, `offset=${16 * u} (local.get $p)`));
  }
  return `(func (export "${name}") (param $p i32) (param $n i32) (local $end i32) (local $end4 i32)
    ${locals.join(" ")}
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $end4 (i32.sub (local.get $end) (i32.const ${16 * U - 16})))
    (block $done4 (loop $l4
      (br_if $done4 (i32.ge_u (local.get $p) (local.get $end4)))
      ${block.join("\n      ")}
      (local.set $p (i32.add (local.get $p) (i32.const ${16 * U})))
      (br $l4)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      ${one(0, "(local.get $p)")}
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $l))))`;
}

export function kernelWat(): string {
  const acc: string[] = [];
  for (let r = 0; r < 4; r++) {
    for (let h = 0; h < 2; h++) acc.push(`$c${r}${h}`);
  }
  const zero = acc.map((v) => `(local.set ${v} (v128.const f64x2 0 0))`).join(
    "\n          ",
  );
  const body: string[] = [];
  for (let r = 0; r < 4; r++) {
    const addr = r === 0
      ? "(local.get $ap)"
      : `(i32.add (local.get $ap) (local.get $rs${r}))`;
    body.push(`(local.set $s (f64x2.splat (f64.load ${addr})))`);
    for (let h = 0; h < 2; h++) {
      body.push(
        `(local.set $c${r}${h} (f64x2.relaxed_madd (local.get $s) (local.get $b${h}) (local.get $c${r}${h})))`,
      );
    }
  }
  const store: string[] = [];
  for (let r = 0; r < 4; r++) {
    for (let h = 0; h < 2; h++) {
      const addr =
        `(i32.add (local.get $cp) (i32.add (i32.mul (local.get $ms) (i32.const ${r})) (i32.const ${
          16 * h
        })))`;
      store.push(
        `(if (local.get $acc) (then (local.set $c${r}${h} (f64x2.add (v128.load ${addr}) (local.get $c${r}${h})))))`,
        `(v128.store ${addr} (local.get $c${r}${h}))`,
      );
    }
  }
  // e^r ≈ Σ r^i / i!, i ≤ 13, by Horner.
  const coeffs: number[] = [];
  let f = 1;
  for (let i = 0; i <= 13; i++) {
    if (i > 0) f *= i;
    coeffs.push(1 / f);
  }
  // Estrin's scheme (pairs, then ·r², ·r⁴, ·r⁸): the same 13 multiply-adds
  // as Horner's rule but only 4 levels deep, so the chains overlap.
  const horner = (r: string, r2: string, r4: string) => {
    const c = (i: number) => `(f64x2.splat (f64.const ${coeffs[i]}))`;
    const madd = (a: string, b: string, d: string) =>
      `(f64x2.relaxed_madd ${a} ${b} ${d})`;
    const R = `(local.get ${r})`,
      R2 = `(local.get ${r2})`,
      R4 = `(local.get ${r4})`;
    const q = [0, 2, 4, 6, 8, 10, 12].map((i) => madd(c(i + 1), R, c(i)));
    const u0 = madd(q[1], R2, q[0]), u1 = madd(q[3], R2, q[2]);
    const u2 = madd(q[5], R2, q[4]), u3 = q[6];
    const v0 = madd(u1, R4, u0), v1 = madd(u3, R4, u2);
    const r8 = `(f64x2.mul ${R4} ${R4})`;
    return madd(v1, r8, v0);
  };

  return `(module
  (memory (export "memory") 1)
  (func (export "gemm") (param $a i32) (param $b i32) (param $c i32) (param $n i32) (param $k i32) (param $m i32)
    (param $ars i32) (param $acs i32) (param $acc i32)
    (local $i i32) (local $j i32) (local $p i32)
    (local $ap i32) (local $bp i32) (local $cp i32)
    (local $rs1 i32) (local $rs2 i32) (local $rs3 i32) (local $ms i32)
    (local $s v128) (local $b0 v128) (local $b1 v128)
    ${acc.map((v) => `(local ${v} v128)`).join(" ")}
    (local.set $rs1 (local.get $ars))
    (local.set $rs2 (i32.shl (local.get $ars) (i32.const 1)))
    (local.set $rs3 (i32.add (local.get $rs2) (local.get $ars)))
    (local.set $ms (i32.shl (local.get $m) (i32.const 3)))
    (local.set $i (i32.const 0))
    (block $iend (loop $iloop
      (br_if $iend (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $j (i32.const 0))
      (block $jend (loop $jloop
        (br_if $jend (i32.ge_u (local.get $j) (local.get $m)))
          ${zero}
          (local.set $ap (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ars))))
          (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
          (local.set $p (local.get $k))
          (block $pend (loop $ploop
            (br_if $pend (i32.eqz (local.get $p)))
            (local.set $b0 (v128.load (local.get $bp)))
            (local.set $b1 (v128.load offset=16 (local.get $bp)))
            ${body.join("\n            ")}
            (local.set $ap (i32.add (local.get $ap) (local.get $acs)))
            (local.set $bp (i32.add (local.get $bp) (local.get $ms)))
            (local.set $p (i32.sub (local.get $p) (i32.const 1)))
            (br $ploop)))
          (local.set $cp (i32.add (local.get $c)
            (i32.add (i32.mul (local.get $i) (local.get $ms)) (i32.shl (local.get $j) (i32.const 3)))))
          ${store.join("\n          ")}
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $jloop)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $iloop))))
${elementwise("sigmoid", horner)}
${elementwise("tanh", horner)})`;
}

if (import.meta.main) {
  // A computed specifier keeps `deno check lib/` from fetching the package.
  const wabtSpecifier = ["npm:", "wabt@1.0.37"].join("");
  const { default: wabtInit } = await import(wabtSpecifier);
  const wabt = await wabtInit();
  const mod = wabt.parseWat("simd_gemm.wat", kernelWat(), {
    simd: true,
    relaxed_simd: true,
  });
  mod.validate();
  const { buffer } = mod.toBinary({});
  // (validated above)
  let bin = "";
  for (const byte of buffer) bin += String.fromCharCode(byte);
  const b64 = btoa(bin);
  const out =
    `// Generated by tools/build_wasm_kernels.ts from its WAT text; do not edit.
/** The SIMD kernels (gemm, sigmoid, tanh) as a WebAssembly binary, base64. */
export const WASM_KERNELS_BASE64 =
  "${b64}";
`;
  const target = new URL("../lib/kernels/wasm_binary.ts", import.meta.url);
  Deno.writeTextFileSync(target, out);
  console.log(`wrote ${buffer.length} bytes of wasm to ${target.pathname}`);
}
