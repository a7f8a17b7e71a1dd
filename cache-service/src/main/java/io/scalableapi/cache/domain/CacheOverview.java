package io.scalableapi.cache.domain;

import com.fasterxml.jackson.databind.JsonNode;

/** One declared cache as the admin API shows it: its declared configuration, whether the server matches, its figures. */
public record CacheOverview(String name, CacheState.Status status, String statusDetail, JsonNode declared,
        CacheStatistics statistics) {
}
