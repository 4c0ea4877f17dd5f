package dev.mandelbrot.render.color;

/**
 * Conversions between 8-bit sRGB and Oklab (Björn Ottosson, "A perceptual color space for image
 * processing", 2020). Gradients are blended in Oklab because equal steps there look like equal
 * steps to the eye: a blue-to-gold blend in sRGB passes through a muddy grey, in Oklab it does not.
 */
final class Oklab {
    private Oklab() {}

    /** {@code rgb} as 0xRRGGBB; returns {L, a, b}. */
    static double[] fromRgb(int rgb) {
        double r = toLinear((rgb >>> 16) & 0xFF);
        double g = toLinear((rgb >>> 8) & 0xFF);
        double b = toLinear(rgb & 0xFF);
        double l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
        double m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
        double s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
        return new double[] {
            0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
            1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
            0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s,
        };
    }

    /** The nearest 8-bit sRGB colour (out-of-gamut channels are clamped) as 0xRRGGBB. */
    static int toRgb(double lightness, double a, double b) {
        double l = cube(lightness + 0.3963377774 * a + 0.2158037573 * b);
        double m = cube(lightness - 0.1055613458 * a - 0.0638541728 * b);
        double s = cube(lightness - 0.0894841775 * a - 1.2914855480 * b);
        int red = fromLinear(4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s);
        int green = fromLinear(-1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s);
        int blue = fromLinear(-0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s);
        return red << 16 | green << 8 | blue;
    }

    private static double cube(double x) { return x * x * x; }

    private static double toLinear(int channel) {
        double c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static int fromLinear(double linear) {
        double c = linear <= 0.0031308 ? 12.92 * linear : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055;
        return (int) Math.round(Math.clamp(c, 0.0, 1.0) * 255);
    }
}
