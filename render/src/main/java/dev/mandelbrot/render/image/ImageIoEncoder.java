package dev.mandelbrot.render.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.OutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * JPEG and GIF through the JDK's ImageIO writers, which are good at both. Images wrap the
 * pixel arrays without copying them. Output goes through a memory cache rather than
 * {@code ImageIO.createImageOutputStream}, which may spill to a temporary file.
 */
final class ImageIoEncoder {
    /** High enough that smooth gradients show no blocking, low enough to be several times smaller than PNG. */
    static final float JPEG_QUALITY = 0.9f;

    private ImageIoEncoder() {}

    static void writeJpeg(int width, int height, int[] rgb, OutputStream out) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(rgb, 0, pixels, 0, pixels.length);
        ImageWriter writer = writer("jpeg");
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(JPEG_QUALITY);
        write(writer, image, param, out);
    }

    /** {@code indices} index {@code colours} (at most 256 entries). */
    static void writeGif(int width, int height, byte[] indices, int[] colours, OutputStream out) throws IOException {
        int n = colours.length;
        byte[] r = new byte[n];
        byte[] g = new byte[n];
        byte[] b = new byte[n];
        for (int k = 0; k < n; k++) {
            r[k] = (byte) (colours[k] >>> 16);
            g[k] = (byte) (colours[k] >>> 8);
            b[k] = (byte) colours[k];
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, n, r, g, b));
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(indices, 0, pixels, 0, pixels.length);
        ImageWriter writer = writer("gif");
        write(writer, image, writer.getDefaultWriteParam(), out);
    }

    private static ImageWriter writer(String format) {
        var writers = ImageIO.getImageWritersByFormatName(format);
        if (!writers.hasNext()) throw new IllegalStateException("this JDK has no ImageIO writer for " + format);
        return writers.next();
    }

    private static void write(ImageWriter writer, BufferedImage image, ImageWriteParam param, OutputStream out)
            throws IOException {
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
