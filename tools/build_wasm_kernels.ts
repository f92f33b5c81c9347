/**
 * Builds `lib/kernels/wasm_binary.ts` (the WebAssembly SIMD kernels behind
 * `lib/kernels`: the matrix product and `sigmoid`/`tanh`, each in float64
 * and float32) from the WAT text generated below, twice: once with
 * relaxed-SIMD fused multiply-adds and once with a plain multiply then add,
 * for engines without relaxed SIMD. Run after editing:
 *
 * ```sh
 * deno run --allow-read --allow-write=lib/kernels --allow-env --allow-net tools/build_wasm_kernels.ts
 * ```
 *
 * It needs the `wabt` package from npm; the generated file does not.
 *
 * @module
 */

/** One lane type of the kernels. */
interface Lanes {
  /** `f64` or `f32`. */
  name: "f64" | "f32";
  /** The vector type: `f64x2` or `f32x4`. */
  v: string;
  /** The integer vector type of the same lanes. */
  i: string;
  /** The scalar integer type of a lane. */
  int: string;
  /** Bytes per element. */
  es: number;
  /** Elements per vector. */
  lanes: number;
  /** Mantissa bits and exponent bias. */
  mantissa: number;
  bias: number;
  /** `round(x) + SHIFTER` puts an integer in the low mantissa bits. */
  shifter: number;
  /** Its bit pattern. */
  shifterBits: string;
  /** `exp` clamps its argument to ±this (2^n stays a normal number). */
  clampLow: number;
  clampHigh: number;
  /** ln 2 split so that `n · hi` is exact. */
  ln2Hi: number;
  ln2Lo: number;
  /** Degree of the Taylor polynomial of `e^r`, `|r| ≤ ln2/2`. */
  degree: number;
  /** Elements of a row block of the matrix product (2 vectors). */
  blockWidth: number;
  /** Depth of one pass over `k` (cache blocking: `n × KC` of A in L2). */
  kc: number;
}

const F64: Lanes = {
  name: "f64",
  v: "f64x2",
  i: "i64x2",
  int: "i64",
  es: 8,
  lanes: 2,
  mantissa: 52,
  bias: 1023,
  shifter: 6755399441055744,
  shifterBits: "0x4338000000000000",
  clampLow: -708,
  clampHigh: 708,
  ln2Hi: 6.93147180369123816490e-01,
  ln2Lo: 1.90821492927058770002e-10,
  degree: 13,
  blockWidth: 4,
  kc: 64,
};

const F32: Lanes = {
  name: "f32",
  v: "f32x4",
  i: "i32x4",
  int: "i32",
  es: 4,
  lanes: 4,
  mantissa: 23,
  bias: 127,
  shifter: 12582912,
  shifterBits: "0x4b400000",
  clampLow: -87,
  clampHigh: 88,
  ln2Hi: 0.693145751953125,
  ln2Lo: 1.428606765330187045e-06,
  degree: 7,
  blockWidth: 8,
  kc: 128,
};

/** `a·b + c`: fused (relaxed SIMD) or a multiply then an add. */
type Madd = (v: string, a: string, b: string, c: string) => string;
const fused: Madd = (v, a, b, c) => `(${v}.relaxed_madd ${a} ${b} ${c})`;
const separate: Madd = (v, a, b, c) => `(${v}.add (${v}.mul ${a} ${b}) ${c})`;

/**
 * `gemm_<t>(a, b, c, n, k, m, aRowStride, aColStride, bRowStride,
 * bStripStride, accumulate)`: `C (+)= A·B` in linear memory (byte addresses
 * and strides), `A` `n×k` with element (i, p) at `a + i·aRowStride +
 * p·aColStride` (so `Aᵀ` of a stored matrix is free), `B` `k×m` in strips
 * of the block width (4 in f64, 8 in f32): element (p, j) at `b +
 * ⌊j/width⌋·bStripStride + p·bRowStride + (j mod width)·size` (row-major
 * is `bRowStride = m·size`, `bStripStride = width·size`; packed panels,
 * each strip contiguous, are `width·size` and `k·width·size`), `C` `n×m`
 * row-major, `n` a multiple of 4 and `m` of the block width, `k ≥ 1`.
 *
 * Each 6×width block of `C` lives in twelve accumulators while `p` runs
 * over `k` (two loads of `B`, six broadcasts of `A`, twelve multiply-adds
 * per step; the last rows in blocks of 4 or 2). Loops: `k` in passes of `KC` (A's panel stays in L2), then
 * column strips of `B` (one strip, `KC` × width, stays in L1 while every
 * row block uses it), then row blocks. Products are summed in the order
 * p = 0, 1, … as the plain loop does.
 */
function gemmWat(t: Lanes, madd: Madd): string {
  const MAX_ROWS = 6;
  const acc: string[] = [];
  for (let r = 0; r < MAX_ROWS; r++) {
    for (let h = 0; h < 2; h++) acc.push(`$c${r}${h}`);
  }
  const splat = t.es === 8 ? "v128.load64_splat" : "v128.load32_splat";
  const sh = Math.log2(t.es);
  // One block of R rows × the block width at row i, column j.
  const rowBlock = (R: number) => {
    const zero: string[] = [], body: string[] = [], store: string[] = [];
    for (let r = 0; r < R; r++) {
      for (let h = 0; h < 2; h++) {
        zero.push(`(local.set $c${r}${h} (v128.const i32x4 0 0 0 0))`);
      }
      const addr = r === 0
        ? "(local.get $ap)"
        : `(i32.add (local.get $ap) (local.get $rs${r}))`;
      body.push(`(local.set $s (${splat} ${addr}))`);
      for (let h = 0; h < 2; h++) {
        body.push(
          `(local.set $c${r}${h} ${
            madd(
              t.v,
              "(local.get $s)",
              `(local.get $b${h})`,
              `(local.get $c${r}${h})`,
            )
          })`,
        );
        const at =
          `(i32.add (local.get $cp) (i32.add (i32.mul (local.get $ms) (i32.const ${r})) (i32.const ${
            16 * h
          })))`;
        store.push(
          `(if (local.get $add) (then (local.set $c${r}${h} (${t.v}.add (v128.load ${at}) (local.get $c${r}${h})))))`,
          `(v128.store ${at} (local.get $c${r}${h}))`,
        );
      }
    }
    return `(block $iend${R} (loop $iloop${R}
          (br_if $iend${R} (i32.gt_u (i32.add (local.get $i) (i32.const ${R})) (local.get $n)))
            ${zero.join("\n            ")}
            (local.set $ap (i32.add (local.get $a) (i32.add (i32.mul (local.get $i) (local.get $ars))
              (i32.mul (local.get $p0) (local.get $acs)))))
            (local.set $bp (i32.add (local.get $b) (i32.add
              (i32.mul (local.get $p0) (local.get $brs))
              (i32.mul (i32.shr_u (local.get $j) (i32.const ${
      Math.log2(t.blockWidth)
    })) (local.get $bss)))))
            (local.set $p (local.get $kk))
            (block $pend${R} (loop $ploop${R}
              (br_if $pend${R} (i32.eqz (local.get $p)))
              (local.set $b0 (v128.load (local.get $bp)))
              (local.set $b1 (v128.load offset=16 (local.get $bp)))
              ${body.join("\n              ")}
              (local.set $ap (i32.add (local.get $ap) (local.get $acs)))
              (local.set $bp (i32.add (local.get $bp) (local.get $brs)))
              (local.set $p (i32.sub (local.get $p) (i32.const 1)))
              (br $ploop${R})))
            (local.set $cp (i32.add (local.get $c)
              (i32.shl (i32.add (i32.mul (local.get $i) (local.get $m)) (local.get $j)) (i32.const ${sh}))))
            ${store.join("\n            ")}
          (local.set $i (i32.add (local.get $i) (i32.const ${R})))
          (br $iloop${R})))`;
  };
  const strides: string[] = [];
  for (let r = 1; r < MAX_ROWS; r++) {
    strides.push(
      `(local.set $rs${r} (i32.mul (local.get $ars) (i32.const ${r})))`,
    );
  }
  return `(func (export "gemm_${t.name}") (param $a i32) (param $b i32) (param $c i32) (param $n i32) (param $k i32) (param $m i32)
    (param $ars i32) (param $acs i32) (param $brs i32) (param $bss i32) (param $acc i32)
    (local $i i32) (local $j i32) (local $p i32) (local $p0 i32) (local $kk i32) (local $add i32)
    (local $ap i32) (local $bp i32) (local $cp i32) (local $ms i32)
    ${
    Array.from({ length: MAX_ROWS - 1 }, (_, r) => `(local $rs${r + 1} i32)`)
      .join(" ")
  }
    (local $s v128) (local $b0 v128) (local $b1 v128)
    ${acc.map((v) => `(local ${v} v128)`).join(" ")}
    ${strides.join("\n    ")}
    (local.set $ms (i32.shl (local.get $m) (i32.const ${sh})))
    (local.set $p0 (i32.const 0))
    (block $kend (loop $kloop
      (br_if $kend (i32.ge_u (local.get $p0) (local.get $k)))
      (local.set $kk (i32.sub (local.get $k) (local.get $p0)))
      (if (i32.gt_u (local.get $kk) (i32.const ${t.kc})) (then (local.set $kk (i32.const ${t.kc}))))
      (local.set $add (i32.or (local.get $acc) (i32.ne (local.get $p0) (i32.const 0))))
      (local.set $j (i32.const 0))
      (block $jend (loop $jloop
        (br_if $jend (i32.ge_u (local.get $j) (local.get $m)))
        (local.set $i (i32.const 0))
        ;; Six rows at a time (12 accumulators), then what is left (n is a
        ;; multiple of 4, so 4 or 2 rows).
        ${rowBlock(6)}
        ${rowBlock(4)}
        ${rowBlock(2)}
        (local.set $j (i32.add (local.get $j) (i32.const ${t.blockWidth})))
        (br $jloop)))
      (local.set $p0 (i32.add (local.get $p0) (i32.const ${t.kc})))
      (br $kloop))))`;
}

/** `1/i!` for `i = 0 … degree`: the Taylor coefficients of `e^r`. */
function taylorCoefficients(degree: number): number[] {
  const coeffs: number[] = [];
  let fact = 1;
  for (let i = 0; i <= degree; i++) {
    if (i > 0) fact *= i;
    coeffs.push(1 / fact);
  }
  return coeffs;
}

/**
 * `sigmoid_<t>(p, n)`, `tanh_<t>(p, n)`: in place over `n` values (`n` a
 * multiple of the lanes), through a vectorized `exp` (`x = n·ln2 + r`,
 * Taylor polynomial of `e^r` by Estrin's scheme, `2^n` built in the
 * exponent bits). Four vectors per iteration, so that four independent
 * polynomial chains overlap; a tail runs one vector at a time.
 */
function elementwiseWat(
  t: Lanes,
  kind: "sigmoid" | "tanh",
  madd: Madd,
): string {
  const U = 4;
  const V = t.v, I = t.i;
  const c = (x: number) => `(${V}.splat (${t.name}.const ${x}))`;
  const coeffs = taylorCoefficients(t.degree);
  // Estrin: pairs (c_i + c_{i+1} r), then · r², r⁴, r⁸.
  const poly = (r: string, r2: string, r4: string) => {
    const R = `(local.get ${r})`,
      R2 = `(local.get ${r2})`,
      R4 = `(local.get ${r4})`;
    const q: string[] = [];
    for (let i = 0; i <= t.degree; i += 2) {
      q.push(
        i + 1 <= t.degree
          ? madd(V, c(coeffs[i + 1]), R, c(coeffs[i]))
          : c(coeffs[i]),
      );
    }
    const u: string[] = [];
    for (let i = 0; i < q.length; i += 2) {
      u.push(i + 1 < q.length ? madd(V, q[i + 1], R2, q[i]) : q[i]);
    }
    const w: string[] = [];
    for (let i = 0; i < u.length; i += 2) {
      w.push(i + 1 < u.length ? madd(V, u[i + 1], R4, u[i]) : u[i]);
    }
    if (w.length === 1) return w[0];
    return madd(V, w[1], `(${V}.mul ${R4} ${R4})`, w[0]);
  };
  const locals: string[] = [];
  for (let u = 0; u < U; u++) {
    locals.push(
      `(local $x${u} v128) (local $t${u} v128) (local $r${u} v128) (local $s${u} v128) (local $q${u} v128) (local $w${u} v128)`,
    );
  }
  const exp = (u: number) => `
      (local.set $x${u} (${V}.pmin (${V}.pmax (local.get $x${u}) ${
    c(t.clampLow)
  }) ${c(t.clampHigh)}))
      (local.set $t${u} (${V}.add (${V}.mul (local.get $x${u}) ${
    c(Math.LOG2E)
  }) ${c(t.shifter)}))
      (local.set $s${u} (${I}.shl (${I}.add (${I}.sub (local.get $t${u}) (${I}.splat (${t.int}.const ${t.shifterBits})))
        (${I}.splat (${t.int}.const ${t.bias}))) (i32.const ${t.mantissa})))
      (local.set $t${u} (${V}.sub (local.get $t${u}) ${c(t.shifter)}))
      (local.set $r${u} (${V}.sub (${V}.sub (local.get $x${u})
        (${V}.mul (local.get $t${u}) ${
    c(t.ln2Hi)
  })) (${V}.mul (local.get $t${u}) ${c(t.ln2Lo)})))
      (local.set $q${u} (${V}.mul (local.get $r${u}) (local.get $r${u})))
      (local.set $w${u} (${V}.mul (local.get $q${u}) (local.get $q${u})))
      (local.set $x${u} (${V}.mul ${
    poly(`$r${u}`, `$q${u}`, `$w${u}`)
  } (local.get $s${u})))`;
  const one = (u: number, addr: string) => {
    const load = `(v128.load ${addr})`;
    if (kind === "sigmoid") {
      // σ(x) = 1 / (1 + e^{−x})
      return `(local.set $x${u} (${V}.neg ${load}))${exp(u)}
      (v128.store ${addr} (${V}.div ${c(1)} (${V}.add ${
        c(1)
      } (local.get $x${u}))))`;
    }
    // tanh x = 1 − 2 / (e^{2x} + 1)
    return `(local.set $x${u} (${V}.add ${load} ${load}))${exp(u)}
      (v128.store ${addr} (${V}.sub ${c(1)} (${V}.div ${
      c(2)
    } (${V}.add (local.get $x${u}) ${c(1)}))))`;
  };
  const block: string[] = [];
  for (let u = 0; u < U; u++) {
    block.push(one(u, `offset=${16 * u} (local.get $p)`));
  }
  return `(func $${kind}_${t.name} (export "${kind}_${t.name}") (param $p i32) (param $n i32) (local $end i32) (local $end4 i32)
    ${locals.join(" ")}
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const ${
    Math.log2(t.es)
  }))))
    (local.set $end4 (i32.sub (local.get $end) (i32.const ${16 * U - 16})))
    (block $done4 (loop $l4
      (br_if $done4 (i32.ge_s (local.get $p) (local.get $end4)))
      ${block.join("\n      ")}
      (local.set $p (i32.add (local.get $p) (i32.const ${16 * U})))
      (br $l4)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      ${one(0, "(local.get $p)")}
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $l))))`;
}

/**
 * `tanh_backward_<t>(dz, dh, y, n)`: `dz = dh · (1 − y²)` over `n` values
 * (`n` a multiple of the lanes; byte addresses), a multiply, a subtraction
 * and a multiply as the scalar `dh * tanhGrad(y)` rounds them.
 */
function tanhBackwardWat(t: Lanes): string {
  const V = t.v;
  return `(func (export "tanh_backward_${t.name}") (param $dz i32) (param $dh i32) (param $y i32) (param $n i32)
    (local $i i32) (local $end i32) (local $v v128)
    (local.set $end (i32.shl (local.get $n) (i32.const ${Math.log2(t.es)})))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $v (v128.load (i32.add (local.get $y) (local.get $i))))
      (v128.store (i32.add (local.get $dz) (local.get $i))
        (${V}.mul (v128.load (i32.add (local.get $dh) (local.get $i)))
          (${V}.sub (${V}.splat (${t.name}.const 1)) (${V}.mul (local.get $v) (local.get $v)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))`;
}

/**
 * Statements that set local `dst` to `e^src` (both v128 locals), through
 * the temporaries `$et $es $er $eq $e4 $ew`: the same method as the
 * element-wise kernels, one vector at a time.
 */
function expInto(t: Lanes, src: string, dst: string, madd: Madd): string {
  const V = t.v, I = t.i;
  const c = (x: number) => `(${V}.splat (${t.name}.const ${x}))`;
  const coeffs = taylorCoefficients(t.degree);
  // Estrin's scheme, as in the element-wise kernels: pairs, then · r², r⁴,
  // r⁸ (a short dependency chain; the gates' exps overlap).
  const R = "(local.get $er)", R2 = "(local.get $eq)", R4 = "(local.get $e4)";
  const level = (terms: string[], x: string) => {
    const out: string[] = [];
    for (let i = 0; i < terms.length; i += 2) {
      out.push(
        i + 1 < terms.length ? madd(V, terms[i + 1], x, terms[i]) : terms[i],
      );
    }
    return out;
  };
  let terms = level(coeffs.map(c), R);
  terms = level(terms, R2);
  terms = level(terms, R4);
  const poly = terms.length === 1
    ? terms[0]
    : madd(V, terms[1], `(${V}.mul ${R4} ${R4})`, terms[0]);
  return `
      (local.set $ew (${V}.pmin (${V}.pmax ${src} ${c(t.clampLow)}) ${
    c(t.clampHigh)
  }))
      (local.set $et (${V}.add (${V}.mul (local.get $ew) ${c(Math.LOG2E)}) ${
    c(t.shifter)
  }))
      (local.set $es (${I}.shl (${I}.add (${I}.sub (local.get $et) (${I}.splat (${t.int}.const ${t.shifterBits})))
        (${I}.splat (${t.int}.const ${t.bias}))) (i32.const ${t.mantissa})))
      (local.set $et (${V}.sub (local.get $et) ${c(t.shifter)}))
      (local.set $er (${V}.sub (${V}.sub (local.get $ew)
        (${V}.mul (local.get $et) ${c(t.ln2Hi)})) (${V}.mul (local.get $et) ${
    c(t.ln2Lo)
  })))
      (local.set $eq (${V}.mul (local.get $er) (local.get $er)))
      (local.set $e4 (${V}.mul (local.get $eq) (local.get $eq)))
      (local.set ${dst} (${V}.mul ${poly} (local.get $es)))`;
}

/**
 * `lstm_forward_<t>(z, cPrev, cNow, tanhC, hNow, rows, hp)` and
 * `lstm_backward_<t>(z, cPrev, tanhC, dh, dc, dz, rows, hp)`: an LSTM
 * step's gate arithmetic in one pass over the step (byte addresses, `hp`
 * a multiple of the lanes). Forward: from the pre-activations `z` (gate
 * blocks i, f, g, o of `hp` per row, the g block doubled), the gates (left
 * in `z` for the backward pass), `c_t`, `tanh c_t` and `h_t`. Backward:
 * `dz` of all four blocks and `dc_{t−1}` (in place of `dc_t`), as
 * `lstm_cell_spec.ts` writes them out. Likewise `gru_forward_<t>(z, gh,
 * hPrev, n, hNow, rows, hp)` and `gru_backward_<t>(z, gh, hPrev, n, dh,
 * dhPrev, dzi, dzh, rows, hp)` for the GRU (`gru_cell_spec.ts`).
 */
function lstmWat(t: Lanes, madd: Madd): string {
  const V = t.v, sh = Math.log2(t.es);
  const c = (x: number) => `(${V}.splat (${t.name}.const ${x}))`;
  const one = c(1);
  const sigmoid = (src: string, dst: string) =>
    `${expInto(t, `(${V}.neg ${src})`, "$ex", madd)}
      (local.set ${dst} (${V}.div ${one} (${V}.add ${one} (local.get $ex))))`;
  const at = (base: string, block: number) =>
    block === 0
      ? `(i32.add (local.get ${base}) (local.get $j))`
      : `(i32.add (i32.add (local.get ${base}) (i32.mul (local.get $hb) (i32.const ${block}))) (local.get $j))`;
  const rowAt = (p: string) => `(i32.add (local.get ${p}) (local.get $q))`;
  const loops = (
    body: string,
    params: string,
    gates: number,
    prologue = "",
  ) =>
    `${params}
    (local $r i32) (local $j i32) (local $hb i32) (local $zr i32) (local $q i32) (local $dr i32) (local $gr i32)
    (local $et v128) (local $es v128) (local $er v128) (local $ew v128) (local $ex v128) (local $eq v128) (local $e4 v128)
    (local $i v128) (local $f v128) (local $g v128) (local $o v128) (local $c v128) (local $tc v128) (local $d v128) (local $dhv v128)
    ${prologue}
    (local.set $hb (i32.shl (local.get $hp) (i32.const ${sh})))
    (local.set $r (i32.const 0))
    (block $rend (loop $rloop
      (br_if $rend (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $dr (i32.mul (local.get $r) (i32.mul (local.get $hb) (i32.const ${gates}))))
      (local.set $zr (i32.add (local.get $z) (local.get $dr)))
      ${
      gates === 3
        ? "(local.set $gr (i32.add (local.get $gh) (local.get $dr)))"
        : ""
    }
      (local.set $q (i32.mul (local.get $r) (local.get $hb)))
      (local.set $j (i32.const 0))
      (block $jend (loop $jloop
        (br_if $jend (i32.ge_u (local.get $j) (local.get $hb)))
        ${body}
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $jloop)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rloop))))`;
  // The four gates are σ of their blocks (g's block is doubled: tanh z =
  // 2σ(2z) − 1), so one pass of the element-wise sigmoid (four vectors an
  // iteration) does them all before the loop below.
  const forwardPrologue =
    `(call $sigmoid_${t.name} (local.get $z) (i32.mul (local.get $rows) (i32.shl (local.get $hp) (i32.const 2))))`;
  const forward = `
        (local.set $i (v128.load ${at("$zr", 0)}))
        (local.set $f (v128.load ${at("$zr", 1)}))
        (local.set $g (v128.load ${at("$zr", 2)}))
        (local.set $g (${V}.sub (${V}.add (local.get $g) (local.get $g)) ${one}))
        (local.set $o (v128.load ${at("$zr", 3)}))
        (local.set $c ${
    madd(
      V,
      "(local.get $f)",
      `(v128.load (i32.add ${rowAt("$cp")} (local.get $j)))`,
      `(${V}.mul (local.get $i) (local.get $g))`,
    )
  })
        (v128.store (i32.add ${rowAt("$cn")} (local.get $j)) (local.get $c))
        ${expInto(t, `(${V}.add (local.get $c) (local.get $c))`, "$ex", madd)}
        (local.set $tc (${V}.sub ${one} (${V}.div ${
    c(2)
  } (${V}.add (local.get $ex) ${one}))))
        (v128.store (i32.add ${rowAt("$sv")} (local.get $j)) (local.get $tc))
        (v128.store (i32.add ${
    rowAt("$hn")
  } (local.get $j)) (${V}.mul (local.get $o) (local.get $tc)))
        (v128.store ${at("$zr", 2)} (local.get $g))`;
  const dzAt = (block: number) =>
    block === 0
      ? `(i32.add (i32.add (local.get $dz) (local.get $dr)) (local.get $j))`
      : `(i32.add (i32.add (i32.add (local.get $dz) (local.get $dr)) (i32.mul (local.get $hb) (i32.const ${block}))) (local.get $j))`;
  const backward = `
        (local.set $i (v128.load ${at("$zr", 0)}))
        (local.set $f (v128.load ${at("$zr", 1)}))
        (local.set $g (v128.load ${at("$zr", 2)}))
        (local.set $o (v128.load ${at("$zr", 3)}))
        (local.set $tc (v128.load (i32.add ${rowAt("$sv")} (local.get $j))))
        (local.set $dhv (v128.load (i32.add ${rowAt("$dh")} (local.get $j))))
        (local.set $d (${V}.add (v128.load (i32.add ${
    rowAt("$dc")
  } (local.get $j)))
          (${V}.mul (${V}.mul (local.get $dhv) (local.get $o))
            (${V}.sub ${one} (${V}.mul (local.get $tc) (local.get $tc))))))
        (v128.store ${
    dzAt(0)
  } (${V}.mul (${V}.mul (local.get $d) (local.get $g))
          (${V}.mul (local.get $i) (${V}.sub ${one} (local.get $i)))))
        (v128.store ${
    dzAt(1)
  } (${V}.mul (${V}.mul (local.get $d) (v128.load (i32.add ${
    rowAt("$cp")
  } (local.get $j))))
          (${V}.mul (local.get $f) (${V}.sub ${one} (local.get $f)))))
        (v128.store ${
    dzAt(2)
  } (${V}.mul (${V}.mul (local.get $d) (local.get $i))
          (${V}.sub ${one} (${V}.mul (local.get $g) (local.get $g)))))
        (v128.store ${
    dzAt(3)
  } (${V}.mul (${V}.mul (local.get $dhv) (local.get $tc))
          (${V}.mul (local.get $o) (${V}.sub ${one} (local.get $o)))))
        (v128.store (i32.add ${
    rowAt("$dc")
  } (local.get $j)) (${V}.mul (local.get $d) (local.get $f)))`;
  // GRU: z holds the input side [r, z, n] (b_ih in), gh the hidden side.
  const ghAt = (block: number) => at("$gr", block);
  const gruForward = `
        ${
    sigmoid(
      `(${V}.add (v128.load ${at("$zr", 0)}) (v128.load ${ghAt(0)}))`,
      "$i",
    )
  }
        ${
    sigmoid(
      `(${V}.add (v128.load ${at("$zr", 1)}) (v128.load ${ghAt(1)}))`,
      "$f",
    )
  }
        (local.set $c ${
    madd(
      V,
      "(local.get $i)",
      `(v128.load ${ghAt(2)})`,
      `(v128.load ${at("$zr", 2)})`,
    )
  })
        ${expInto(t, `(${V}.add (local.get $c) (local.get $c))`, "$ex", madd)}
        (local.set $tc (${V}.sub ${one} (${V}.div ${
    c(2)
  } (${V}.add (local.get $ex) ${one}))))
        (v128.store (i32.add ${rowAt("$sv")} (local.get $j)) (local.get $tc))
        (v128.store (i32.add ${rowAt("$hn")} (local.get $j)) ${
    madd(
      V,
      "(local.get $f)",
      `(${V}.sub (v128.load (i32.add ${
        rowAt("$hprev")
      } (local.get $j))) (local.get $tc))`,
      "(local.get $tc)",
    )
  })
        (v128.store ${at("$zr", 0)} (local.get $i))
        (v128.store ${at("$zr", 1)} (local.get $f))`;
  const dAt = (base: string, block: number) =>
    block === 0
      ? `(i32.add (i32.add (local.get ${base}) (local.get $dr)) (local.get $j))`
      : `(i32.add (i32.add (i32.add (local.get ${base}) (local.get $dr)) (i32.mul (local.get $hb) (i32.const ${block}))) (local.get $j))`;
  // r → $i, z → $f, n → $tc; dn → $c, du → $g, dr → $o.
  const gruBackward = `
        (local.set $i (v128.load ${at("$zr", 0)}))
        (local.set $f (v128.load ${at("$zr", 1)}))
        (local.set $tc (v128.load (i32.add ${rowAt("$sv")} (local.get $j))))
        (local.set $d (v128.load (i32.add ${rowAt("$dh")} (local.get $j))))
        (local.set $c (${V}.mul (${V}.mul (local.get $d) (${V}.sub ${one} (local.get $f)))
          (${V}.sub ${one} (${V}.mul (local.get $tc) (local.get $tc)))))
        (local.set $g (${V}.mul (${V}.mul (local.get $d)
          (${V}.sub (v128.load (i32.add ${
    rowAt("$hprev")
  } (local.get $j))) (local.get $tc)))
          (${V}.mul (local.get $f) (${V}.sub ${one} (local.get $f)))))
        (local.set $o (${V}.mul (${V}.mul (local.get $c) (v128.load ${ghAt(2)}))
          (${V}.mul (local.get $i) (${V}.sub ${one} (local.get $i)))))
        (v128.store (i32.add ${rowAt("$dhp")} (local.get $j)) ${
    madd(
      V,
      "(local.get $d)",
      "(local.get $f)",
      `(v128.load (i32.add ${rowAt("$dhp")} (local.get $j)))`,
    )
  })
        (v128.store ${dAt("$dzi", 0)} (local.get $o))
        (v128.store ${dAt("$dzi", 1)} (local.get $g))
        (v128.store ${dAt("$dzi", 2)} (local.get $c))
        (v128.store ${dAt("$dzh", 0)} (local.get $o))
        (v128.store ${dAt("$dzh", 1)} (local.get $g))
        (v128.store ${
    dAt("$dzh", 2)
  } (${V}.mul (local.get $c) (local.get $i)))`;
  return `(func (export "lstm_forward_${t.name}") ${
    loops(
      forward,
      "(param $z i32) (param $cp i32) (param $cn i32) (param $sv i32) (param $hn i32) (param $rows i32) (param $hp i32)",
      4,
      forwardPrologue,
    )
  }
  (func (export "lstm_backward_${t.name}") ${
    loops(
      backward,
      "(param $z i32) (param $cp i32) (param $sv i32) (param $dh i32) (param $dc i32) (param $dz i32) (param $rows i32) (param $hp i32)",
      4,
    )
  }
  (func (export "gru_forward_${t.name}") ${
    loops(
      gruForward,
      "(param $z i32) (param $gh i32) (param $hprev i32) (param $sv i32) (param $hn i32) (param $rows i32) (param $hp i32)",
      3,
    )
  }
  (func (export "gru_backward_${t.name}") ${
    loops(
      gruBackward,
      "(param $z i32) (param $gh i32) (param $hprev i32) (param $sv i32) (param $dh i32) (param $dhp i32) (param $dzi i32) (param $dzh i32) (param $rows i32) (param $hp i32)",
      3,
    )
  }`;
}

/**
 * The module's WAT: `memory`, and for each of `f64` and `f32`: `gemm_<t>`,
 * `sigmoid_<t>`, `tanh_<t>`, `tanh_backward_<t>`, `lstm_forward_<t>`, `lstm_backward_<t>`,
 * `gru_forward_<t>`, `gru_backward_<t>`.
 *
 * @example
 * ```ts
 * import { kernelWat } from "./build_wasm_kernels.ts";
 * import { assert } from "@std/assert";
 *
 * assert(kernelWat(true).includes("relaxed_madd"));
 * assert(!kernelWat(false).includes("relaxed_madd"));
 * ```
 */
export function kernelWat(relaxed: boolean): string {
  const madd = relaxed ? fused : separate;
  const parts = [F64, F32].flatMap((t) => [
    gemmWat(t, madd),
    elementwiseWat(t, "sigmoid", madd),
    elementwiseWat(t, "tanh", madd),
    tanhBackwardWat(t),
    lstmWat(t, madd),
  ]);
  return `(module
  (memory (export "memory") 1)
  ${parts.join("\n  ")})`;
}

if (import.meta.main) {
  // A computed specifier keeps `deno check` from fetching the package.
  const wabtSpecifier = ["npm:", "wabt@1.0.37"].join("");
  const { default: wabtInit } = await import(wabtSpecifier);
  const wabt = await wabtInit();
  const binaries: string[] = [];
  for (const relaxed of [true, false]) {
    const mod = wabt.parseWat("kernels.wat", kernelWat(relaxed), {
      simd: true,
      relaxed_simd: relaxed,
    });
    mod.validate();
    const { buffer } = mod.toBinary({});
    let bin = "";
    for (const byte of buffer) bin += String.fromCharCode(byte);
    binaries.push(btoa(bin));
    console.log(`${relaxed ? "relaxed" : "plain"}: ${buffer.length} bytes`);
  }
  const out =
    `// Generated by tools/build_wasm_kernels.ts from its WAT text; do not edit.
/** The SIMD kernels with relaxed-SIMD fused multiply-adds, base64. */
export const WASM_KERNELS_BASE64 =
  "${binaries[0]}";

/** The same kernels with a multiply then an add (no relaxed SIMD), base64. */
export const WASM_KERNELS_PLAIN_BASE64 =
  "${binaries[1]}";
`;
  const target = new URL("../lib/kernels/wasm_binary.ts", import.meta.url);
  Deno.writeTextFileSync(target, out);
  console.log(`wrote ${target.pathname}`);
}
