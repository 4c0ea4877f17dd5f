package dev.mandelbrot.render.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageFormatTest {
    @ParameterizedTest
    @CsvSource({"png, PNG", "PNG, PNG", "jpg, JPEG", "jpeg, JPEG", "JPEG, JPEG", "gif, GIF", "npy, NPY", "' .png ', PNG"})
    void namesParseToFormats(String name, ImageFormat format) {
        assertThat(ImageFormat.parse(name)).hasValue(format);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tiff", "pn", "png8", "image/png"})
    void otherNamesDoNotParse(String name) {
        assertThat(ImageFormat.parse(name)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"out.png, PNG", "dir.v2/a.JPG, JPEG", "a.b.npy, NPY", "x.gif, GIF"})
    void fileNamesGiveTheirExtensionsFormat(String file, ImageFormat format) {
        assertThat(ImageFormat.ofFileName(file)).hasValue(format);
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "dir.png/file", ".png", "a.tif", "noext"})
    void fileNamesWithoutAKnownExtensionGiveNothing(String file) {
        assertThat(ImageFormat.ofFileName(file)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"PNG, image/png, png", "JPEG, image/jpeg, jpg", "GIF, image/gif, gif", "NPY, application/octet-stream, npy"})
    void formatsKnowTheirMediaTypeAndExtension(ImageFormat format, String mediaType, String extension) {
        assertThat(format.mediaType()).isEqualTo(mediaType);
        assertThat(format.extension()).isEqualTo(extension);
    }
}
