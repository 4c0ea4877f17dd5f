package dev.mandelbrot.render.deep;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Bytes of heap reachable from an object, found by walking it: what the engine really holds, to
 * check its own accounting against. Arrays are counted exactly (16-byte header, elements, 8-byte
 * alignment; 4-byte references, as with compressed oops); this project's objects field by field;
 * {@link BigInteger} by its magnitude; maps and collections through their public views (40 bytes
 * a node); any other JDK object as 16 bytes, without following it (a renderer's thread pool is
 * not its memory).
 */
final class RetainedSize {

    private RetainedSize() {
    }

    static long of(Object root) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object> todo = new ArrayDeque<>();
        todo.push(root);
        long total = 0;
        while (!todo.isEmpty()) {
            Object o = todo.pop();
            if (seen.add(o)) {
                total += shallow(o, todo);
            }
        }
        return total;
    }

    private static long shallow(Object o, Deque<Object> todo) {
        Class<?> c = o.getClass();
        if (c.isArray()) {
            Class<?> element = c.getComponentType();
            int length = Array.getLength(o);
            if (!element.isPrimitive()) {
                for (int i = 0; i < length; i++) {
                    push(Array.get(o, i), todo);
                }
            }
            return align(16 + (long) length * width(element));
        }
        if (o instanceof BigInteger b) {
            return 40 + align(16 + 4L * (b.bitLength() / 32 + 1));
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                push(k, todo);
                push(v, todo);
            });
            return 64 + 40L * m.size() + align(16 + 4L * Integer.highestOneBit(Math.max(1, m.size()) * 2));
        }
        if (o instanceof Collection<?> list) {
            list.forEach(e -> push(e, todo));
            return 64 + 40L * list.size();
        }
        if (!c.getName().startsWith("dev.mandelbrot.")) {
            return 16;
        }
        long size = 12;
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                size += width(f.getType());
                if (!f.getType().isPrimitive()) {
                    f.setAccessible(true);
                    try {
                        push(f.get(o), todo);
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
        return align(size);
    }

    private static void push(Object o, Deque<Object> todo) {
        if (o != null) {
            todo.push(o);
        }
    }

    private static int width(Class<?> type) {
        if (type == long.class || type == double.class) {
            return 8;
        }
        if (type == int.class || type == float.class) {
            return 4;
        }
        if (type == short.class || type == char.class) {
            return 2;
        }
        if (type == byte.class || type == boolean.class) {
            return 1;
        }
        return 4;
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
