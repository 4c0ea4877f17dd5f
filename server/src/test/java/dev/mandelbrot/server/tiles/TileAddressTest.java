package dev.mandelbrot.server.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandelbrot.server.http.ApiException;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TileAddressTest {

    @Test
    void tileZeroCoversTheSquareOfSideFourAroundTheOrigin() {
        var tile = TileAddress.parse("0", "0", "0");

        assertThat(tile.span()).isEqualByComparingTo("4");
        assertThat(tile.centreRe()).isEqualByComparingTo("0");
        assertThat(tile.centreIm()).isEqualByComparingTo("0");
    }

    @Test
    void yGrowsDownwardAndXToTheRight() {
        var tile = TileAddress.parse("1", "1", "0");

        assertThat(tile.centreRe()).isEqualByComparingTo("1");
        assertThat(tile.centreIm()).isEqualByComparingTo("1");
    }

    @ParameterizedTest(name = "z = {0}")
    @ValueSource(ints = {0, 1, 2, 3, 17, 52, 53, 1000, 3999})
    void deepTilesHaveExactSpansThatHalveAtEachLevel(int z) {
        var tile = new TileAddress(z, BigInteger.ZERO, BigInteger.ZERO);
        var next = new TileAddress(z + 1, BigInteger.ZERO, BigInteger.ZERO);

        assertThat(next.span().multiply(BigDecimal.TWO)).isEqualByComparingTo(tile.span());
        // The first tile's left edge is always exactly -2.
        assertThat(tile.centreRe().subtract(tile.span().divide(BigDecimal.TWO))).isEqualByComparingTo("-2");
    }

    @Test
    void malformedOrOutOfRangeCoordinatesNameTheCoordinate() {
        assertThatThrownBy(() -> TileAddress.parse("-1", "0", "0")).isInstanceOf(ApiException.class).hasMessageContaining("z");
        assertThatThrownBy(() -> TileAddress.parse("4001", "0", "0")).hasMessageContaining("z must be in [0, 4000]");
        assertThatThrownBy(() -> TileAddress.parse("2", "4", "0")).hasMessageContaining("x must be in [0, 2^z - 1] = [0, 3]");
        assertThatThrownBy(() -> TileAddress.parse("2", "0", "1e3")).hasMessageContaining("y must be a whole number");
    }
}
