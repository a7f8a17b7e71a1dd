package io.scalableapi.catalog.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of POST and PUT {@code /api/v1/categories}. */
public record CategoryRequest(@NotBlank @Size(max = 100) String name, @Size(max = 1000) String description) {
}
