// Exact arithmetic on decimal strings with BigInt, for coordinates far beyond double precision.
// A value is a rational {num, den} (den > 0). Every number the explorer handles is a decimal
// (from the URL or the service) or a dyadic (tile corners, Leaflet's doubles), so its
// denominator is 2^a 10^b: sums and products stay exact, and only the final rounding to a
// number of decimal places, which the caller chooses, loses anything.

const TEN = 10n;

/** |x| for BigInt. */
const abs = (x) => (x < 0n ? -x : x);

/** 10^k as BigInt. */
export const pow10 = (k) => TEN ** BigInt(k);

/** Floor of a / b for BigInt, b > 0 (BigInt division truncates towards zero). */
export function floorDiv(a, b) {
  const q = a / b;
  return q * b > a ? q - 1n : q;
}

/** a / b rounded to the nearest integer, halves away from zero, b > 0. */
export function roundDiv(a, b) {
  const q = (2n * abs(a) + b) / (2n * b);
  return a < 0n ? -q : q;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** True when `s` is a decimal number: optional sign, digits, point, exponent. */
export function isDecimal(s) {
  return typeof s === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s.trim());
}

/** The exact value of a decimal string such as "-0.743", "1.5e-300" or "12". */
export function parse(s) {
  const m = DECIMAL.exec(String(s).trim());
  if (!m || !isDecimal(String(s))) throw new RangeError(`not a decimal number: ${s}`);
  const [, sign, whole, fraction = '', exponent = '0'] = m;
  let num = BigInt((whole || '0') + fraction);
  if (sign === '-') num = -num;
  const places = fraction.length - Number(exponent);
  return places >= 0 ? { num, den: pow10(places) } : { num: num * pow10(-places), den: 1n };
}

/** The exact value of a finite double. */
export function fromNumber(x) {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  let e = 0;
  // Doubling is exact, and a finite double becomes an integer after at most 1074 doublings.
  while (!Number.isInteger(x)) { x *= 2; e++; }
  return { num: BigInt(x), den: 1n << BigInt(e) };
}

/** n * 2^e exactly, for a BigInt (or integer) n and an integer e. */
export function dyadic(n, e) {
  const num = BigInt(n);
  return e >= 0 ? { num: num << BigInt(e), den: 1n } : { num, den: 1n << BigInt(-e) };
}

export const add = (a, b) => (a.den === b.den
  ? { num: a.num + b.num, den: a.den }
  : { num: a.num * b.den + b.num * a.den, den: a.den * b.den });

export const sub = (a, b) => add(a, { num: -b.num, den: b.den });

/** a * 2^e. */
export const scale2 = (a, e) => (e >= 0 ? { num: a.num << BigInt(e), den: a.den } : { num: a.num, den: a.den << BigInt(-e) });

/** Largest integer <= a, as BigInt. */
export const floor = (a) => floorDiv(a.num, a.den);

export const compare = (a, b) => {
  const d = a.num * b.den - b.num * a.den;
  return d > 0n ? 1 : d < 0n ? -1 : 0;
};

/** The nearest double (to about 2^-60 relative), whatever the size of numerator and denominator. */
export function toNumber(a) {
  if (a.num === 0n) return 0;
  // Scale so that the quotient has about 64 significant bits, then divide in BigInt.
  const shift = 64 - (abs(a.num).toString(2).length - a.den.toString(2).length);
  const q = shift >= 0 ? (a.num << BigInt(shift)) / a.den : a.num / (a.den << BigInt(-shift));
  let x = Number(q);
  // Multiply by 2^-shift in steps that cannot overflow or underflow on the way.
  for (let s = -shift; s !== 0;) {
    const step = Math.max(-1000, Math.min(1000, s));
    x *= 2 ** step;
    s -= step;
  }
  return x;
}

/**
 * `a` rounded to `places` decimal places (halves away from zero), as a plain decimal string
 * without trailing zeros or exponent; "-0" becomes "0".
 */
export function format(a, places) {
  const p = Math.max(0, places);
  const m = roundDiv(a.num * pow10(p), a.den);
  return plain(m, p);
}

/** m / 10^p as a plain decimal string without trailing zeros. */
function plain(m, p) {
  const negative = m < 0n;
  let digits = abs(m).toString();
  if (p > 0) {
    digits = digits.padStart(p + 1, '0');
    digits = `${digits.slice(0, -p)}.${digits.slice(-p)}`.replace(/0+$/, '').replace(/\.$/, '');
  }
  return negative && digits !== '0' ? `-${digits}` : digits;
}

/** Decimal places of a decimal string once written plainly, trailing zeros dropped ("1.50" -> 1, "1e-5" -> 5). */
export function places(s) {
  const a = parse(s);
  let p = 0;
  for (let d = a.den; d > 1n; d /= TEN) p++;
  // The denominator is a power of ten; trailing zeros of the numerator cancel against it.
  let num = a.num;
  while (p > 0 && num % TEN === 0n) { num /= TEN; p--; }
  return p;
}

/** log10 of a positive decimal string, as a double (exact to about 1e-15 relative even for 1e-5000). */
export function log10(s) {
  const a = parse(s);
  if (a.num <= 0n) throw new RangeError(`not positive: ${s}`);
  const digits = (x) => x.toString().length;
  // log10(num) - log10(den), each as its leading 17 digits plus the count of the rest.
  const lg = (x) => {
    const d = digits(x);
    const lead = Number(x.toString().slice(0, 17));
    return Math.log10(lead) + Math.max(0, d - 17);
  };
  return lg(a.num) - lg(a.den);
}

/**
 * A positive number given by its log10, in scientific notation with `digits` significant digits:
 * "1.23e-150". Values from 1e-3 to 1e4 are written plainly ("0.0123").
 */
export function scientific(logTen, digits = 3) {
  if (logTen >= -3 && logTen < 4) return String(Number((10 ** logTen).toPrecision(digits)));
  let exponent = Math.floor(logTen);
  let mantissa = Number((10 ** (logTen - exponent)).toFixed(digits - 1));
  if (mantissa >= 10) { mantissa /= 10; exponent++; }
  return `${mantissa.toFixed(digits - 1).replace(/\.?0+$/, '')}e${exponent}`;
}
