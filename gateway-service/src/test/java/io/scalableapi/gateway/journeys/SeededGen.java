package io.scalableapi.gateway.journeys;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator of values drawn from a seeded {@link SplittableRandom}: the same random in the same state gives the same
 * value, so a corpus built from a fixed seed is the same on every run. Just what the fuzz journey's corpus needs.
 */
@FunctionalInterface
interface SeededGen<T> {

    T next(SplittableRandom random);

    default <R> SeededGen<R> map(Function<? super T, ? extends R> f) {
        return r -> f.apply(next(r));
    }

    /** Draws again until the value passes (the predicates used here reject rarely). */
    default SeededGen<T> filter(Predicate<? super T> keep) {
        return r -> {
            for (;;) {
                T value = next(r);
                if (keep.test(value)) {
                    return value;
                }
            }
        };
    }

    /** One of the values, each equally likely. */
    @SafeVarargs
    static <T> SeededGen<T> of(T... values) {
        return of(List.of(values));
    }

    static <T> SeededGen<T> of(List<T> values) {
        List<T> copy = List.copyOf(values);
        return r -> copy.get(r.nextInt(copy.size()));
    }

    /** The value of one of the generators, each generator equally likely. */
    @SafeVarargs
    static <T> SeededGen<T> oneOf(SeededGen<? extends T>... gens) {
        List<SeededGen<? extends T>> copy = List.of(gens);
        return r -> copy.get(r.nextInt(copy.size())).next(r);
    }

    /** An int from min to max, both included. */
    static SeededGen<Integer> ints(int min, int max) {
        return r -> r.nextInt(min, max + 1);
    }

    /** Any int. */
    static SeededGen<Integer> ints() {
        return SplittableRandom::nextInt;
    }

    /** Any long. */
    static SeededGen<Long> longs() {
        return SplittableRandom::nextLong;
    }

    /** Any UTF-16 code unit, control characters and lone surrogates included. */
    static SeededGen<Character> chars() {
        return r -> (char) r.nextInt(Character.MAX_VALUE + 1);
    }

    /** A character from 0 to 127, control characters included. */
    static SeededGen<Character> asciiChars() {
        return r -> (char) r.nextInt(128);
    }

    /** A string of minLength to maxLength characters drawn from chars. */
    static SeededGen<String> strings(SeededGen<Character> chars, int minLength, int maxLength) {
        return r -> {
            int length = r.nextInt(minLength, maxLength + 1);
            StringBuilder b = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                b.append(chars.next(r).charValue());
            }
            return b.toString();
        };
    }
}
