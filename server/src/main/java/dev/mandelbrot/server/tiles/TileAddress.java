package dev.mandelbrot.server.tiles;

import dev.mandelbrot.server.http.ApiException;
import dev.mandelbrot.server.http.Query;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * An XYZ map tile. Tile 0/0/0 covers re in [-2, 2] and im in [-2, 2]; each zoom level halves
 * the side; x grows to the right and y grows downward (towards smaller im), as web maps do.
 * Coordinates are arbitrary-precision integers so that deep zoom levels stay addressable; the
 * tile's centre and span are exact decimals (powers of two have finite decimal expansions).
 */
record TileAddress(int z, BigInteger x, BigInteger y) {

    /** Deepest zoom accepted at all; far beyond what any renderer resolves, it only bounds parsing. */
    static final int MAX_ZOOM = 4_000;

    private static final Pattern DIGITS = Pattern.compile("\\d{1,1300}");
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    /**
     * Parses and validates path segments.
     *
     * @throws ApiException 400 naming the coordinate and its valid range
     */
    static TileAddress parse(String z, String x, String y) {
        BigInteger zoom = integer("z", z);
        if (zoom.compareTo(BigInteger.valueOf(MAX_ZOOM)) > 0) {
            throw ApiException.badParameter("z", "must be in [0, " + MAX_ZOOM + "], got " + Query.shorten(z));
        }
        int level = zoom.intValueExact();
        BigInteger side = BigInteger.ONE.shiftLeft(level);
        BigInteger column = integer("x", x);
        BigInteger row = integer("y", y);
        if (column.compareTo(side) >= 0) {
            throw ApiException.badParameter("x", "must be in [0, 2^z - 1] = [0, " + Query.shorten(side.subtract(BigInteger.ONE).toString()) + "] at z = " + level);
        }
        if (row.compareTo(side) >= 0) {
            throw ApiException.badParameter("y", "must be in [0, 2^z - 1] = [0, " + Query.shorten(side.subtract(BigInteger.ONE).toString()) + "] at z = " + level);
        }
        return new TileAddress(level, column, row);
    }

    /** Width of the tile on the real axis: 4 / 2^z, exactly. */
    BigDecimal span() {
        // 4 / 2^z = 2^(2-z); 2^-k = 5^k / 10^k, which BigDecimal holds exactly.
        int k = z - 2;
        return k <= 0 ? TWO.pow(-k) : new BigDecimal(BigInteger.valueOf(5).pow(k), k);
    }

    /** Real part of the tile's centre: -2 + (x + 1/2) * span. */
    BigDecimal centreRe() {
        return new BigDecimal(x).add(new BigDecimal("0.5")).multiply(span()).subtract(TWO);
    }

    /** Imaginary part of the tile's centre: 2 - (y + 1/2) * span. */
    BigDecimal centreIm() {
        return TWO.subtract(new BigDecimal(y).add(new BigDecimal("0.5")).multiply(span()));
    }

    private static BigInteger integer(String name, String raw) {
        if (!DIGITS.matcher(raw).matches()) {
            throw ApiException.badParameter(name, "must be a whole number >= 0, got '" + Query.shorten(raw) + "'");
        }
        return new BigInteger(raw);
    }
}
