package io.scalableapi.cache.rest;

import jakarta.validation.constraints.NotNull;

/** Body of {@code POST /api/v1/cache/caches/{name}/warm-ups}: how many entries to load. */
public record WarmUpRequest(@NotNull Integer count) {
}
