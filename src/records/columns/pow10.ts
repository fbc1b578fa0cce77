// Exact powers of ten: m / 10^k with m < 2^53 and k <= 22 is correctly rounded (Clinger's fast
// path), so the scanner's numbers equal JSON.parse's bit for bit.
export const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
