package dev.mandelbrot.bench;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Which arithmetic should compute deep-zoom reference orbits: one Mandelbrot step
 * z <- z^2 + c at a given number of significant digits, in {@link BigDecimal} with a
 * {@link MathContext}, or in binary fixed point on {@link BigInteger} (three squarings and
 * shifts, as {@code dev.mandelbrot.render.deep.ReferenceOrbit} does). c lies in the main
 * cardioid, so the orbit stays bounded and every digit stays busy.
 * <pre>
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar DeepArithmeticBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class DeepArithmeticBenchmark {

    @Param({"60", "330", "1030"})
    public int digits;

    @Param({"bigdecimal", "fixed"})
    public String arithmetic;

    private MathContext mc;
    private BigDecimal cr;
    private BigDecimal ci;
    private BigDecimal zr;
    private BigDecimal zi;
    private int bits;
    private BigInteger fcr;
    private BigInteger fci;
    private BigInteger xr;
    private BigInteger xi;

    @Setup
    public void setUp() {
        mc = new MathContext(digits);
        BigDecimal noise = BigDecimal.ONE.divide(BigDecimal.valueOf(7), new MathContext(digits)).movePointLeft(3);
        cr = new BigDecimal("-0.1").add(noise, mc);
        ci = new BigDecimal("0.1").subtract(noise, mc);
        zr = BigDecimal.ZERO;
        zi = BigDecimal.ZERO;
        bits = (int) Math.ceil(digits * 3.3219280948873623);
        BigDecimal scale = new BigDecimal(BigInteger.ONE.shiftLeft(bits));
        fcr = cr.multiply(scale).toBigInteger();
        fci = ci.multiply(scale).toBigInteger();
        xr = BigInteger.ZERO;
        xi = BigInteger.ZERO;
    }

    @Benchmark
    public Object step() {
        if (arithmetic.equals("fixed")) {
            BigInteger r2 = xr.multiply(xr).shiftRight(bits);
            BigInteger i2 = xi.multiply(xi).shiftRight(bits);
            BigInteger s = xr.add(xi);
            s = s.multiply(s).shiftRight(bits);
            xi = s.subtract(r2).subtract(i2).add(fci);
            xr = r2.subtract(i2).add(fcr);
            return xr;
        }
        BigDecimal r2 = zr.multiply(zr, mc);
        BigDecimal i2 = zi.multiply(zi, mc);
        zi = zr.multiply(zi, mc).multiply(BigDecimal.TWO).add(ci, mc);
        zr = r2.subtract(i2).add(cr, mc);
        return zr;
    }
}
