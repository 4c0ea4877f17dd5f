package dev.mandelbrot.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mandelbrot.server.LocalServer;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** {@code OPTIONS *} asks about the server (RFC 9110 section 9.3.7); it is answered like any other request. */
class ServerOptionsTest {

    @RegisterExtension
    static final LocalServer server = new LocalServer();

    @Test
    void optionsStarIsA200NamingTheMethodsWithTheServicesHeadersAndALogLine() throws Exception {
        Logger access = (Logger) LoggerFactory.getLogger("access");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        access.addAppender(lines);
        try {
            String response = RequestLogTest.raw(server.port(), "OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

            String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
            assertThat(response).startsWith("HTTP/1.1 200 ");
            assertThat(head).contains("allow: get, head").contains("content-length: 0").contains("cache-control: no-store");
            SecurityHeaders.HEADERS.keySet().forEach(h -> assertThat(head).contains(h.toLowerCase(Locale.ROOT) + ":"));
            assertThat(response.substring(response.indexOf("\r\n\r\n") + 4)).isEmpty();
            for (int i = 0; i < 100 && lines.list.isEmpty(); i++) {
                Thread.sleep(20);
            }
            assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(l -> assertThat(l).contains("method=OPTIONS").contains("route=* ").contains("status=200"));
            assertThat(RequestLogTest.count(server.http().text("/metrics"), "*", 200)).isEqualTo(1);
        } finally {
            access.detachAppender(lines);
        }
    }

    @Test
    void optionsOnAPathIsStillNotARoute() {
        assertThat(server.http().send("OPTIONS", "/health").statusCode()).isEqualTo(404);
    }
}
