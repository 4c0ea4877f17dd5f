package dev.mandelbrot.render.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReusableTest {

    private final AtomicInteger made = new AtomicInteger();
    private final Reusable<Object> reusable = new Reusable<>(() -> {
        made.incrementAndGet();
        return new Object();
    });

    @Test
    void whatIsGivenBackIsTakenAgainInsteadOfANewOne() {
        Object first = reusable.take();
        reusable.give(first);

        assertThat(reusable.take()).isSameAs(first);
        assertThat(made).hasValue(1);
    }

    @Test
    void noTwoHoldersShareOne() {
        Object a = reusable.take();
        Object b = reusable.take();
        reusable.give(a);
        Object c = reusable.take();
        Object d = reusable.take();

        assertThat(b).isNotSameAs(a);
        assertThat(c).isSameAs(a);
        assertThat(d).isNotSameAs(a).isNotSameAs(b);
        assertThat(made).hasValue(3);
    }

    @Test
    void keepsSixteenAndDropsTheRest() {
        List<Object> held = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            held.add(reusable.take());
        }
        held.forEach(reusable::give);
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        held.forEach(o -> seen.put(o, true));

        List<Object> again = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            again.add(reusable.take());
        }

        assertThat(again.stream().filter(seen::containsKey).count()).isEqualTo(16);
        assertThat(made).hasValue(24);
    }
}
