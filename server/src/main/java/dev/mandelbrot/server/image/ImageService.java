package dev.mandelbrot.server.image;

import dev.mandelbrot.render.Cancellation;
import dev.mandelbrot.render.EscapeField;
import dev.mandelbrot.render.Renderer;
import dev.mandelbrot.render.image.ImageEncoder;
import dev.mandelbrot.render.image.ImageFormat;
import dev.mandelbrot.server.http.ApiException;
import dev.mandelbrot.server.limits.MemoryBudget;
import dev.mandelbrot.server.limits.RenderGate;
import dev.mandelbrot.server.metrics.Metrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns an {@link ImageJob} into encoded bytes: from the cache when it can, otherwise through
 * admission control ({@link RenderGate} for CPU, {@link MemoryBudget} for heap), the renderer and
 * the encoder. Every render is cancelled when its deadline passes or its clients go away, so no
 * CPU burns for nobody. The encoded bytes stay charged to the memory budget until they have been
 * written ({@link HeldAnswers}, {@link Result#release()}).
 *
 * <p>Identical requests that arrive while their image is being rendered share that render instead
 * of queueing one each (a link to one place opened by many people at once asks for the same tiles
 * together): the first is the render's owner, later ones wait for its bytes, up to their own
 * deadline, and the render stops early only once every one of its clients has gone.
 */
public final class ImageService {

    /** Seconds a refused client is asked to wait; renders take well under that. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final Renderer renderer;
    private final RenderGate gate;
    private final MemoryBudget memory;
    private final ImageCache cache;
    private final HeldAnswers held;
    private final Metrics metrics;
    private final Duration deadline;

    public ImageService(Renderer renderer, RenderGate gate, MemoryBudget memory, long cacheBytes, Metrics metrics,
                        Duration deadline) {
        this.renderer = renderer;
        this.gate = gate;
        this.memory = memory;
        this.held = new HeldAnswers(memory);
        this.cache = new ImageCache(cacheBytes, metrics.registry(), held::uncached);
        this.metrics = metrics;
        this.deadline = deadline;
    }

    /** Renders under way, by job key, for identical requests to share. */
    private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();

    /** Where a result's image came from. */
    public enum Source {
        /** Rendered for this request. */
        RENDERED,
        /** Rendered for an identical request that came first, while this one waited. */
        SHARED,
        /** From the cache. */
        CACHED
    }

    /**
     * The image, where it came from, and its bytes' hold on the memory budget: the caller must
     * {@link #release()} it once the answer has been written, or its writing has failed or been
     * given up (see {@link HeldAnswers}).
     */
    public record Result(EncodedImage image, Source source, HeldAnswers.Hold hold) {
        public boolean cached() {
            return source == Source.CACHED;
        }

        /** Ends the hold on the image's bytes; idempotent. */
        public void release() {
            hold.release();
        }
    }

    /**
     * Produces the job's image, held until {@link Result#release()}.
     *
     * @param clientGone true once the client has disconnected
     * @throws ApiException 503 when the queue is full, the deadline passes or the server is stopping
     * @throws CancellationException when the client went away (nobody to answer)
     */
    public Result produce(ImageJob job, Cancellation clientGone) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            EncodedImage hit = cache.get(job.key());
            if (hit != null) {
                return new Result(hit, Source.CACHED, hold(job.key(), hit));
            }
            Flight mine = new Flight(clientGone);
            Flight running = flights.putIfAbsent(job.key(), mine);
            if (running == null) {
                try {
                    Result rendered = renderAndEncode(job, mine::abandoned, end);
                    mine.result.complete(rendered.image());
                    return rendered;
                } catch (RuntimeException | Error | InterruptedException e) {
                    mine.result.completeExceptionally(e);
                    throw e;
                } finally {
                    mine.close();
                    flights.remove(job.key(), mine);
                }
            }
            if (!running.join(clientGone)) {
                flights.remove(job.key(), running); // finished or abandoned: it takes no one else
                continue;
            }
            EncodedImage shared = running.await(end, clientGone);
            if (shared != null) {
                metrics.shared();
                return new Result(shared, Source.SHARED, hold(job.key(), shared));
            }
            // its clients had all gone by the time it stopped, but this one is still here: again
        }
    }

    /**
     * One render and the requests waiting for it. Its owner's render is cancelled by
     * {@link #abandoned()}, which once true lets no one join any more.
     */
    private final class Flight {
        final CompletableFuture<EncodedImage> result = new CompletableFuture<>();
        // read without the lock by every poll of the render; written (rarely) under it
        private final List<Cancellation> clients = new CopyOnWriteArrayList<>();
        private boolean closed;
        private volatile boolean abandoned;

        Flight(Cancellation owner) {
            clients.add(owner);
        }

        /** Adds a waiting client; false if the render has finished or been abandoned. */
        synchronized boolean join(Cancellation client) {
            if (closed) {
                return false;
            }
            clients.add(client);
            return true;
        }

        /** True once every client has gone (polled by the render between its blocks); stays true. */
        boolean abandoned() {
            if (abandoned) {
                return true;
            }
            int gone = 0;
            for (Cancellation client : clients) { // the clients' own code runs outside the lock
                if (!client.isCancelled()) {
                    return false;
                }
                gone++;
            }
            synchronized (this) {
                if (clients.size() != gone) {
                    return false; // someone joined meanwhile
                }
                closed = true;
                abandoned = true;
                return true;
            }
        }

        synchronized void close() {
            closed = true;
        }

        /**
         * The shared render's image, waited for up to {@code end}; null if it stopped because its
         * clients had gone while {@code client} had not (the caller tries again).
         *
         * @throws CancellationException if {@code client} has gone
         * @throws ApiException 503 at the deadline, or the render's own refusal
         */
        EncodedImage await(long end, Cancellation client) throws InterruptedException {
            try {
                return result.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                metrics.rejected("timeout");
                throw ApiException.unavailable("the render of this image, shared with an identical request, did not "
                        + "finish within the deadline of " + deadline.toMillis() + " ms; retry shortly", RETRY_AFTER_SECONDS);
            } catch (CancellationException e) {
                // completed with a CancellationException: get() throws it unwrapped
                return stopped(client);
            } catch (ExecutionException e) {
                return switch (e.getCause()) {
                    case ApiException refused -> throw refused; // queue full, deadline, too deep: the same for us
                    case InterruptedException stopped -> stopped(client);
                    case RuntimeException failed -> throw failed;
                    case Error failed -> throw failed;
                    default -> throw new IllegalStateException(e.getCause());
                };
            }
        }

        /** After the render stopped unfinished: null (try again) unless {@code client} has gone too. */
        private static EncodedImage stopped(Cancellation client) {
            if (client.isCancelled()) {
                throw new CancellationException("client gone");
            }
            return null;
        }
    }

    /**
     * Starts a download of {@code image}: charged to the memory budget unless the cache holds it.
     * Checked after the hold is taken, so an eviction racing with it is seen by one or the other.
     */
    private HeldAnswers.Hold hold(String key, EncodedImage image) {
        HeldAnswers.Hold hold = held.hold(image.bytes());
        if (!cache.holds(key, image)) {
            held.uncached(image.bytes());
        }
        return hold;
    }

    /** Renders and encodes a job that is not cached, through admission control; caches the result. */
    private Result renderAndEncode(ImageJob job, Cancellation clientGone, long end) throws InterruptedException {
        try {
            // before admission: a view no engine renders should not wait for a slot, or be shed for
            // lack of one, to learn that (Renderer.check takes microseconds)
            renderer.check(job.request());
        } catch (IllegalArgumentException e) {
            throw unrenderable(job, e);
        }
        var viewport = job.request().viewport();
        long pixels = (long) viewport.width() * viewport.height();
        long work = pixels * job.request().maxIterations();
        RenderGate.Outcome admission = gate.enter(pixels, work, remaining(end));
        if (admission != RenderGate.Outcome.ADMITTED) {
            throw refused(admission);
        }
        long heap = heapBytes(job);
        reserve(heap, pixels, work, end);
        try {
            EscapeField field;
            long rendered;
            try {
                long renderStart = System.nanoTime();
                field = render(job, clientGone, end);
                rendered = System.nanoTime() - renderStart;
            } finally {
                gate.leave(pixels);
            }
            // Encoding runs outside the gate: it is cheaper than rendering, and holding a render slot
            // for it would halve throughput at small sizes. It stays inside the memory budget.
            long encodeStart = System.nanoTime();
            byte[] bytes = ImageEncoder.encode(job.format(), field, job.colouring());
            long encoded = System.nanoTime() - encodeStart;
            metrics.rendered(Duration.ofNanos(rendered), Duration.ofNanos(encoded));
            EncodedImage image = new EncodedImage(bytes, job.format().mediaType(), rendered, encoded, field.iterations());
            renderer.recycle(field); // the bytes are all we keep: its arrays can take the next render
            cache.put(job.key(), image);
            // held before the render's reservation goes back, so the bytes are never unaccounted for
            return new Result(image, Source.RENDERED, hold(job.key(), image));
        } finally {
            memory.release(heap);
        }
    }

    /**
     * Reserves {@code heap} for a render of {@code pixels} and {@code work} that holds a slot.
     * Returns with the slot and the heap, or throws (refused, interrupted) holding neither.
     *
     * <p>A render that finds no room at once gives its slot back while it waits for some
     * ({@link RenderGate#pause}), and queues for a slot again once it has it: waiting for memory
     * (for a slow client to read a large answer, say) takes seconds, and a slot held meanwhile
     * was a core idle and, with one slot per core on a small instance, every tile stalled behind
     * it. It keeps its place in the gate's queue meanwhile, so no more requests wait at once than
     * before. No render waits for memory while it holds a slot, so the renders that hold memory
     * while they wait for a slot cannot deadlock with those that hold the slots.
     */
    private void reserve(long heap, long pixels, long work, long end) throws InterruptedException {
        boolean reserved;
        try {
            reserved = memory.reserve(heap, Duration.ZERO);
        } catch (Throwable e) { // interrupted
            gate.leave(pixels);
            throw e;
        }
        if (reserved) {
            return;
        }
        gate.pause(pixels);
        try {
            reserved = memory.reserve(heap, remaining(end));
        } finally {
            if (!reserved) {
                gate.abandon(); // refused, or interrupted while waiting: the place goes back either way
            }
        }
        if (!reserved) {
            if (memory.closed()) {
                throw refused(RenderGate.Outcome.CLOSED); // woken by the shutdown, not by its deadline
            }
            metrics.rejected("memory");
            throw ApiException.unavailable("no room in the render memory budget within the deadline of "
                    + deadline.toMillis() + " ms; retry shortly", RETRY_AFTER_SECONDS);
        }
        RenderGate.Outcome admission = null;
        try {
            admission = gate.resume(pixels, work, remaining(end));
        } finally {
            if (admission != RenderGate.Outcome.ADMITTED) {
                memory.release(heap);
            }
        }
        if (admission != RenderGate.Outcome.ADMITTED) {
            throw refused(admission);
        }
    }

    /** The 503 for a render the gate did not admit, counted. */
    private ApiException refused(RenderGate.Outcome outcome) {
        return switch (outcome) {
            case FULL -> {
                metrics.rejected("full");
                yield ApiException.unavailable("the render queue is full (" + gate.running() + " running, "
                        + gate.queued() + " waiting); retry shortly", RETRY_AFTER_SECONDS);
            }
            case TIMED_OUT -> {
                metrics.rejected("timeout");
                yield ApiException.unavailable("no render slot freed within the deadline of "
                        + deadline.toMillis() + " ms; retry shortly", RETRY_AFTER_SECONDS);
            }
            case CLOSED -> {
                metrics.rejected("closed");
                yield ApiException.unavailable("the server is shutting down", RETRY_AFTER_SECONDS);
            }
            case ADMITTED -> throw new IllegalArgumentException("admitted is not refused");
        };
    }

    private static Duration remaining(long end) {
        return Duration.ofNanos(Math.max(0, end - System.nanoTime()));
    }

    /** The renderer's word on what it cannot render, today views finer than its arithmetic resolves. */
    private static ApiException unrenderable(ImageJob job, IllegalArgumentException e) {
        return ApiException.unprocessable(job.depthParameter(), job.depthParameter()
                + " is below the current precision limit: " + e.getMessage());
    }

    private EscapeField render(ImageJob job, Cancellation clientGone, long end) {
        Cancellation cancel = () -> clientGone.isCancelled() || System.nanoTime() - end >= 0;
        try {
            return renderer.render(job.request(), cancel);
        } catch (IllegalArgumentException e) {
            throw unrenderable(job, e); // check gives the same reasons; kept should the two ever differ
        } catch (CancellationException e) {
            if (clientGone.isCancelled()) {
                metrics.cancelled("client");
                throw e;
            }
            metrics.cancelled("deadline");
            throw ApiException.unavailable("the render did not finish within the deadline of "
                    + deadline.toMillis() + " ms; ask for fewer pixels or iterations", RETRY_AFTER_SECONDS);
        }
    }

    /**
     * Heap one job holds from the start of its render to the end of its encoding: the escape
     * field (an int and a float per pixel) and what its encoder needs on top. Measured as the
     * smallest {@code -Xmx} (serial collector) in which one 2048 x 2048 render and encode
     * completes: PNG 50 MiB, GIF 52, JPEG and .npy 76 (ImageIO's JPEG writer copies the RGB
     * raster; .npy builds its float array and then the file), i.e. about 12 and 18 bytes a
     * pixel with the young generation's slack included.
     */
    static long heapBytes(ImageJob job) {
        long pixels = (long) job.request().viewport().width() * job.request().viewport().height();
        return pixels * (job.format() == ImageFormat.JPEG || job.format() == ImageFormat.NPY ? 18 : 12);
    }

    /**
     * Refuses, in microseconds, a job no engine can render, as {@link #produce} would.
     *
     * @throws ApiException 422 naming the job's depth parameter
     */
    public void check(ImageJob job) {
        try {
            renderer.check(job.request());
        } catch (IllegalArgumentException e) {
            throw unrenderable(job, e);
        }
    }

    /** Renderer kernel name, for health and ETags (different kernels may round differently). */
    public String kernel() {
        return renderer.kernelName();
    }
}
