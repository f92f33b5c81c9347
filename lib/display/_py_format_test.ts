import { assertEquals } from "@std/assert";
import { pyExp, pyFixed } from "./_py_format.ts";

Deno.test("pyFixed() matches Python's fixed-point formatting", () => {
  assertEquals(pyFixed(1.5, 4), "1.5000");
  assertEquals(pyFixed(2.5, 0), "2");
  assertEquals(pyFixed(3.5, 0), "4");
  assertEquals(pyFixed(-2.5, 0), "-2");
  assertEquals(pyFixed(0.03125, 4), "0.0312");
  assertEquals(pyFixed(0.00015, 4), "0.0001");
  assertEquals(pyFixed(-0, 4), "-0.0000");
  assertEquals(pyFixed(-0.00001, 4), "-0.0000");
  assertEquals(pyFixed(1e22, 1), "10000000000000000000000.0");
  assertEquals(pyFixed(NaN, 4), "nan");
  assertEquals(pyFixed(-Infinity, 4), "-inf");
});

Deno.test("pyExp() matches Python's scientific formatting", () => {
  assertEquals(pyExp(12345, 2), "1.23e+04");
  assertEquals(pyExp(0, 4), "0.0000e+00");
  assertEquals(pyExp(1e-100, 4), "1.0000e-100");
  assertEquals(pyExp(-0.000123456, 4), "-1.2346e-04");
  assertEquals(pyExp(1.25, 1), "1.2e+00");
  assertEquals(pyExp(1.75, 1), "1.8e+00");
  assertEquals(pyExp(9.99995, 4), "1.0000e+01");
  assertEquals(pyExp(Infinity, 4), "inf");
});
