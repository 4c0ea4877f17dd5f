package dev.mandelbrot.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandelbrot.server.http.AcceptQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A burst of connections waits in the kernel's accept queue, not for a SYN retry (see {@link AcceptQueue}). */
class AcceptQueueTest {

    @RegisterExtension
    static final LocalServer server = new LocalServer();

    @Test
    void theListeningSocketHasAnAcceptQueueOf1024() {
        assertThat(AcceptQueue.SIZE).isEqualTo(1024);
        assertThat(server.acceptQueueSize()).isEqualTo(AcceptQueue.SIZE);
    }
}
