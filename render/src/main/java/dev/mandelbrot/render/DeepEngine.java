package dev.mandelbrot.render;

import dev.mandelbrot.render.deep.DeepField;
import dev.mandelbrot.render.deep.DeepRenderer;
import java.util.concurrent.ForkJoinPool;

/**
 * The deep-zoom tier: Mandelbrot views whose pixel spacing double cannot resolve
 * (not {@link DoubleEngine#resolves}, i.e. spacing below 2^-48 of the largest coordinate in view)
 * are rendered by perturbation around an arbitrary-precision reference orbit, with bilinear
 * approximation and extended range ({@link DeepRenderer}). Counts and smooth values follow the
 * same definitions as the double engine ({@link EscapeField}). The request's shortcut flags do not
 * apply: the deep engine's only interior shortcut (an exact repeat of a pixel's state) is exact,
 * so it is always on, and it never guesses.
 */
final class DeepEngine implements Engine {

    private final DeepRenderer deep;

    DeepEngine(ForkJoinPool pool) {
        this.deep = DeepRenderer.create(pool);
    }

    /** Whether this engine, rather than the double one, should render {@code request}. */
    static boolean handles(RenderRequest request) {
        return request.viewport() instanceof Viewport.Centred && !DoubleEngine.resolves(request.viewport());
    }

    @Override
    public String name() {
        return "perturbation-bla";
    }

    @Override
    public void check(RenderRequest r) {
        if (!(r.viewport() instanceof Viewport.Centred c)) {
            throw new IllegalArgumentException("deep zoom needs a centred viewport");
        }
        if (!(r.fractal() instanceof Fractal.Mandelbrot)) {
            throw new IllegalArgumentException("view too deep for double precision: deep zoom renders the Mandelbrot "
                    + "set only, Julia sets need a pixel spacing of at least 2^-48 times the largest coordinate in view");
        }
        DeepRenderer.checkDepth(c.span(), c.width());
    }

    @Override
    public EscapeField render(RenderRequest r, Cancellation cancel, Progress progress) {
        check(r);
        Viewport.Centred c = (Viewport.Centred) r.viewport();
        DeepField f = deep.render(c.re(), c.im(), c.span(), c.width(), c.height(), r.maxIterations(), cancel::isCancelled,
                progress::pixelsDone);
        return new EscapeField(f.width(), f.height(), f.maxIterations(), f.counts(), f.smooth(), f.iterations());
    }
}
