/**
 * Python's `format(x, ".Nf")` and `format(x, ".Ne")` in JavaScript.
 *
 * JavaScript's `toFixed`/`toExponential` round exact ties away from zero,
 * Python rounds them to even (`f"{0.03125:.4f}"` is `0.0312`); both write
 * `-0` as `0`; `toExponential` writes one-digit exponents. PyTorch prints
 * through Python's formatting, so we follow Python.
 *
 * @module
 */

/** Digits used to decide whether a value is an exact decimal tie. */
const EXTRA_DIGITS = 40;

function nonFinite(x: number): string | null {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  return null;
}

function isNegative(x: number): boolean {
  return x < 0 || Object.is(x, -0);
}

/** Whether `digits` (a decimal string) are all zeros. */
function allZeros(digits: string): boolean {
  for (let i = 0; i < digits.length; i++) if (digits[i] !== "0") return false;
  return true;
}

/** `format(x, ".{precision}f")` exactly as Python writes it. */
export function pyFixed(x: number, precision: number): string {
  const nf = nonFinite(x);
  if (nf !== null) return nf;
  const sign = isNegative(x) ? "-" : "";
  const a = Math.abs(x);
  if (a >= 1e21) {
    // toFixed switches to exponential here; such doubles are integers.
    const int = BigInt(a).toString();
    return sign + (precision > 0 ? `${int}.${"0".repeat(precision)}` : int);
  }
  let s = a.toFixed(precision);
  const longer = a.toFixed(precision + 1);
  if (longer.endsWith("5") && precision + 1 + EXTRA_DIGITS <= 100) {
    const exact = a.toFixed(precision + 1 + EXTRA_DIGITS);
    if (allZeros(exact.slice(exact.length - EXTRA_DIGITS))) {
      // An exact tie: keep the truncated value when its last digit is even.
      let truncated = longer.slice(0, -1);
      if (truncated.endsWith(".")) truncated = truncated.slice(0, -1);
      const last = truncated.replace(".", "").slice(-1);
      if (Number(last) % 2 === 0) s = truncated;
    }
  }
  return sign + s;
}

/** `format(x, ".{precision}e")` exactly as Python writes it. */
export function pyExp(x: number, precision: number): string {
  const nf = nonFinite(x);
  if (nf !== null) return nf;
  const sign = isNegative(x) ? "-" : "";
  const a = Math.abs(x);
  let s = a.toExponential(precision);
  const longer = a.toExponential(precision + 1);
  const [longMantissa, longExp] = longer.split("e");
  if (longMantissa.endsWith("5") && precision + 1 + EXTRA_DIGITS <= 100) {
    const exact = a.toExponential(precision + 1 + EXTRA_DIGITS).split("e")[0];
    if (allZeros(exact.slice(exact.length - EXTRA_DIGITS))) {
      let truncated = longMantissa.slice(0, -1);
      if (truncated.endsWith(".")) truncated = truncated.slice(0, -1);
      const last = truncated.replace(".", "").slice(-1);
      if (Number(last) % 2 === 0) s = `${truncated}e${longExp}`;
    }
  }
  const [mantissa, exp] = s.split("e");
  const expSign = exp.startsWith("-") ? "-" : "+";
  const expDigits = exp.replace(/^[+-]/, "").padStart(2, "0");
  return `${sign}${mantissa}e${expSign}${expDigits}`;
}
